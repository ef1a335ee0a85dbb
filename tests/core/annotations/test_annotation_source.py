"""Annotations as the index sees them: stat signatures, what apply() indexes, and the index
following annotation changes (note:, tag:, corrections) without a rebuild."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from briefing.core.annotations import (
    AnnotationStore,
    StoreAnnotationSource,
    quote_at,
)
from briefing.core.annotations.index_source import scan_signatures
from briefing.core.index import CorpusIndex, Searcher

S002 = "002_1f6b0f63a8b626fd"
S004 = "004_3568823fae90f6fc"


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations", author="Tester")


@pytest.fixture
def annotated_index(seed_corpus: Path, index_dir: Path, store: AnnotationStore):
    index = CorpusIndex.open(seed_corpus, index_dir, annotations=StoreAnnotationSource(store))
    index.update()
    yield index
    index.close()


def ids(index: CorpusIndex, query: str) -> set[str]:
    return {hit.id for hit in Searcher(index).search(query, limit=50).hits}


def highlight(store: AnnotationStore, index: CorpusIndex, article_id: str, words: str, **kw):
    article = index.article(article_id)
    start = article.text.index(words)
    target = quote_at(article.text, start, start + len(words), article.content_hash)
    return store.add_highlight(article_id, target, **kw)


# --- signatures -------------------------------------------------------------------------


def test_signatures_cover_yaml_files_only_mirroring_subfolders(store: AnnotationStore):
    store.add_article_tags("world/001", ["a"])
    store.add_article_tags(S002, ["b"])
    root = store.root
    (root / ".locks" / "x.yaml").write_text("not an article")  # hidden folder
    (root / f".{S002}.yaml.tmp").write_text("half a save")  # the store's temp file
    (root / ".hidden.yaml").write_text("hidden")
    (root / "notes.txt").write_text("not yaml")
    (root / "dir.yaml").mkdir()  # a folder named like a file
    assert set(scan_signatures(root)) == {"world/001", S002}
    assert set(scan_signatures(root)) == set(store.article_ids())


def test_missing_annotations_folder_has_no_signatures(tmp_path: Path):
    assert scan_signatures(tmp_path / "nowhere") == {}


def test_signature_changes_on_every_save_even_same_size_same_tick(store: AnnotationStore):
    source = StoreAnnotationSource(store)
    store.set_article_note(S002, "a")
    first = source.signatures()[S002]
    store.set_article_note(S002, "b")  # same size, likely the same mtime tick
    second = source.signatures()[S002]
    assert first != second
    assert source.signatures()[S002] == second  # stable while the file is


def test_signatures_of_thousands_of_files_are_fast(tmp_path: Path):
    root = tmp_path / "annotations"
    for folder in range(10):
        (root / f"f{folder}").mkdir(parents=True)
        for n in range(300):
            (root / f"f{folder}" / f"{n:04}.yaml").write_text("schema: 1\n")
    started = time.perf_counter()
    signatures = scan_signatures(root)
    elapsed = time.perf_counter() - started
    assert len(signatures) == 3000
    assert elapsed < 1.0, f"{elapsed:.3f} s for 3000 files"


# --- apply --------------------------------------------------------------------------------


def test_apply_gives_corrections_notes_and_all_tags(annotated_index, store):
    article = annotated_index.article(S002)
    store.set_overrides(S002, title="Corrected title", date="2023-01-31", source="EFE")
    store.set_article_note(S002, "article note")
    store.add_article_tags(S002, ["cuba", "security"])
    highlight(store, annotated_index, S002, "High-ranking officials", note="first", tags=["cuba"])
    gone = highlight(store, annotated_index, S002, "Havana meetings", note="gone", tags=["old"])
    highlight(store, annotated_index, S002, "Barack Obama", note="line one\nline two", tags="us")
    store.delete_highlight(S002, gone.id)

    source = StoreAnnotationSource(store)
    source.signatures()
    corrected, note, tags = source.apply(article)
    assert (corrected.title, corrected.date, corrected.source) == (
        "Corrected title",
        "2023-01-31",
        "EFE",
    )
    assert corrected.text == article.text and corrected.content_hash == article.content_hash
    assert corrected.tags == ("cuba", "security")  # the article's own tags
    assert note.splitlines() == ["article note", "first", "line one", "line two"]
    assert tags == ("cuba", "security", "us")  # plus highlight tags, once each; no tombstones


def test_apply_without_a_file_or_with_a_corrupt_one_leaves_the_article(annotated_index, store):
    article = annotated_index.article(S004)
    source = StoreAnnotationSource(store)
    assert source.apply(article) == (article, "", article.tags)  # no signatures() yet
    source.signatures()
    assert source.apply(article) == (article, "", article.tags)
    path = store.path_for(S004)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("tags: [unclosed\n")
    source.signatures()
    assert source.apply(article) == (article, "", article.tags)


# --- the index follows annotations ------------------------------------------------------


def test_note_and_tag_searches_follow_annotations_without_rebuild(annotated_index, store):
    assert ids(annotated_index, "note:remittances") == set()
    highlight(store, annotated_index, S002, "Havana meetings", note="remittances?", tags="Cuba")
    store.add_article_tags(S004, ["migration-talks"])

    report = annotated_index.update()
    assert (report.changed, report.added, report.deleted) == (2, 0, 0)
    assert ids(annotated_index, "note:remittances") == {S002}
    assert ids(annotated_index, "tag:cuba") == {S002}
    assert ids(annotated_index, "tag:migration-talks") == {S004}
    assert annotated_index.article(S004).tags == ("migration-talks",)
    assert annotated_index.update().touched == 0  # nothing changed: nothing redone


def test_corrections_show_in_the_library_and_search(annotated_index, store):
    store.set_overrides(S004, date="2010-02-18", title="Talks on migration in Havana")
    annotated_index.update()
    info = {i.id: i for i in annotated_index.articles()}[S004]
    assert (info.date, info.title) == ("2010-02-18", "Talks on migration in Havana")
    assert ids(annotated_index, "date:2010-02-18") == {S004}
    assert S004 in ids(annotated_index, "title:migration")
    store.set_overrides(S004, date="")  # cleared: back to what the text says
    annotated_index.update()
    assert annotated_index.article(S004).date != "2010-02-18"


def test_deleted_annotations_file_is_unindexed(annotated_index, store):
    store.set_article_note(S002, "a private remark")
    annotated_index.update()
    assert ids(annotated_index, "note:remark") == {S002}
    store.path_for(S002).unlink()
    assert annotated_index.update().changed == 1
    assert ids(annotated_index, "note:remark") == set()


def test_corrupt_annotations_file_does_not_break_indexing(annotated_index, store):
    store.set_article_note(S002, "first words")
    annotated_index.update()
    store.path_for(S002).write_text("note: [broken\n")
    report = annotated_index.update()
    assert report.changed == 1 and not report.warnings
    assert ids(annotated_index, "note:first") == set()
    assert annotated_index.article(S002).title  # still indexed, uncorrected
    assert len(annotated_index.articles()) == 5


def test_hand_edit_with_same_size_is_picked_up(annotated_index, store):
    store.set_article_note(S002, "alpha")
    annotated_index.update()
    path = store.path_for(S002)
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"alpha", b"omega"))  # in place, same inode
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    annotated_index.update()
    assert ids(annotated_index, "note:omega") == {S002}
