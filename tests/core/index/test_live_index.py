"""A live index (issue 13): updates by path without a walk, nothing written when nothing
changed, the catalog before Whoosh, readers that follow other processes' commits."""

from __future__ import annotations

import importlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from index_helpers import ids
from seeds import SEED_CORPUS

from briefing.core.index import CorpusIndex, Searcher, WhooshBackend
from briefing.core.index.update_lock import update_lock

changes_module = importlib.import_module("briefing.core.index.changes")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, root)
    (root / "world").mkdir()
    (root / "world" / "one.txt").write_text("World one\n\nThe marmoset spoke first.\n")
    return root


@pytest.fixture
def no_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full walk of the corpus fails the test: only named paths may be looked at."""

    def walk(*args, **kwargs):
        raise AssertionError("the whole corpus was walked")

    monkeypatch.setattr(changes_module, "look_everywhere", walk)


def test_a_new_file_is_indexed_by_its_path_alone(corpus, make_index, no_walk):
    index = make_index(corpus)
    (corpus / "world" / "two.txt").write_text("World two\n\nA quokka appeared.\n")
    report = index.update(paths=["world/two.txt"])
    assert (report.added, report.changed, report.deleted) == (1, 0, 0)
    assert report.ids == {"world/two"}
    assert ids(Searcher(index), "quokka") == {"world/two"}


def test_changed_moved_and_deleted_files_by_path(corpus, make_index, no_walk):
    index = make_index(corpus)
    one = corpus / "world" / "one.txt"
    one.write_text("World one\n\nThe marmoset spoke last, about a capybara.\n")
    assert index.update(paths=["world/one.txt"]).changed == 1
    assert ids(Searcher(index), "capybara") == {"world/one"}
    # A move is a deletion and an addition, as a watcher reports it.
    one.rename(corpus / "world" / "uno.txt")
    report = index.update(paths=["world/one.txt", "world/uno.txt"])
    assert (report.added, report.deleted) == (1, 1)
    assert ids(Searcher(index), "capybara") == {"world/uno"}
    (corpus / "world" / "uno.txt").unlink()
    assert index.update(paths=["world/uno.txt"]).deleted == 1
    assert ids(Searcher(index), "capybara") == set()
    assert "world/uno" not in {i.id for i in index.articles()}


def test_a_folder_moved_in_and_out_by_its_path(corpus, make_index, tmp_path, no_walk):
    index = make_index(corpus)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.txt").write_text("A\n\nThe pangolin.\n")
    (outside / "b.md").write_text("# B\n\nThe pangolin again.\n")
    (outside / ".hidden.txt").write_text("Hidden\n\nThe pangolin hides.\n")
    outside.rename(corpus / "moved")
    assert index.update(paths=["moved"]).added == 2
    assert ids(Searcher(index), "pangolin") == {"moved/a", "moved/b"}
    (corpus / "moved").rename(outside)
    assert index.update(paths=["moved"]).deleted == 2
    assert ids(Searcher(index), "pangolin") == set()


def test_hidden_paths_and_other_suffixes_are_left_alone(corpus, make_index, no_walk):
    index = make_index(corpus)
    (corpus / ".swap.txt").write_text("Swap\n\nThe okapi.\n")
    (corpus / "notes.pdf").write_text("The okapi.\n")
    report = index.update(paths=[".swap.txt", "notes.pdf"])
    assert report.touched == 0


def test_two_files_of_one_id_as_the_full_walk_sees_them(corpus, make_index, no_walk):
    """a.md and a.txt have one id: the first in sorted order keeps it, as in a walk."""
    (corpus / "world" / "two.md").write_text("# Two\n\nThe axolotl.\n")
    index = make_index(corpus, update=False)
    index.update(paths=["world/two.md", "world/one.txt"])
    (corpus / "world" / "two.txt").write_text("Two\n\nThe narwhal.\n")
    report = index.update(paths=["world/two.txt"])
    assert report.touched == 0
    assert any("world/two.txt: same id as world/two.md" in w for w in report.warnings)
    (corpus / "world" / "one.md").write_text("# One\n\nThe tapir.\n")
    assert index.update(paths=["world/one.md"]).changed == 1  # one.md sorts first
    assert ids(Searcher(index), "tapir") == {"world/one"}


def test_a_path_through_a_link_takes_the_full_walk(corpus, make_index):
    index = make_index(corpus)
    (corpus / "alias").symlink_to(corpus / "world")
    report = index.update(paths=["alias/one.txt"])
    assert report.touched == 0  # the walk skips the alias, as it always did
    assert any("alias" in w for w in report.warnings)


def test_nothing_changed_writes_nothing_and_takes_no_lock(corpus, index_dir):
    backend = WhooshBackend(corpus, index_dir)
    try:
        assert backend.update().added == 6
        catalog = index_dir / "catalog.sqlite"
        before = (catalog.stat().st_mtime_ns, backend.generation())
        held = threading.Event()
        release = threading.Event()

        def hold() -> None:
            with update_lock(index_dir / "update.lock"):
                held.set()
                release.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait(5)
        try:
            started = time.monotonic()
            report = backend.update()
            assert time.monotonic() - started < 5  # did not wait for the lock
        finally:
            release.set()
            holder.join()
        assert report.unchanged == 6 and report.touched == 0
        assert (catalog.stat().st_mtime_ns, backend.generation()) == before
    finally:
        backend.close()


def test_the_library_lists_articles_before_whoosh_has_them(corpus, index_dir):
    index = CorpusIndex.open(corpus, index_dir)
    listed: list[tuple[int, int]] = []
    reader = CorpusIndex.open(corpus, index_dir)

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "indexing" and not listed:  # inside the writer, before its commit
            listed.append((len(reader.articles()), reader.pending()))

    try:
        index.update(progress=progress)
        assert listed == [(6, 6)]  # every article listed, none searchable yet
        assert reader.pending() == 0
        assert ids(Searcher(reader), "marmoset") == {"world/one"}
    finally:
        reader.close()
        index.close()


def test_a_reader_follows_another_writers_rebuild(corpus, index_dir):
    """The app's first search ran during another process's `index --rebuild`: it kept a
    searcher on the emptied index and found nothing until restart."""
    writer = CorpusIndex.open(corpus, index_dir)
    writer.update()
    reader = CorpusIndex.open(corpus, index_dir)
    searcher = Searcher(reader)
    seen: list[int] = []

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "indexing" and not seen:  # Whoosh emptied, the rebuild not committed
            results = searcher.search("marmoset")
            seen.append(results.pending)
            assert results.hits == []

    try:
        writer.update(rebuild=True, progress=progress)
        assert seen == [6]  # the search said the index was being built
        assert ids(searcher, "marmoset") == {"world/one"}  # and then saw the new commit
        (corpus / "world" / "two.txt").write_text("World two\n\nA quokka appeared.\n")
        writer.update()
        assert ids(searcher, "quokka") == {"world/two"}  # another commit, followed too
    finally:
        reader.close()
        writer.close()


def test_a_rename_that_keeps_the_bytes_records_the_new_path(corpus, make_index):
    index = make_index(corpus)
    os.rename(corpus / "world" / "one.txt", corpus / "world" / "one.md")
    index.update()
    (info,) = [i for i in index.articles() if i.id == "world/one"]
    assert info.path == corpus / "world" / "one.md"


def test_the_cached_file_states_follow_every_update(corpus, index_dir):
    """file_tuples() answers from a marshal file while no row changed: after adds,
    changes, deletions and moves it still says what the catalog says."""
    backend = WhooshBackend(corpus, index_dir)
    catalog = backend.index.catalog

    def from_sql() -> dict:
        rows = catalog.db.execute(
            "SELECT id, rel_path, size, mtime_ns, ann_sig FROM articles WHERE state != 2"
        )
        return {row[0]: row[1:] for row in rows}

    try:
        backend.update()
        assert catalog.file_tuples() == from_sql()
        (corpus / "world" / "two.txt").write_text("World two\n\nA quokka appeared.\n")
        one = corpus / "world" / "one.txt"
        one.write_text(one.read_text() + "\nAnd then the marmoset left.\n")
        backend.update()  # a full look: the cache is patched, not read again
        assert (index_dir / "file-states.marshal").is_file()
        assert catalog.file_tuples() == from_sql()
        one.unlink()
        backend.update(paths=["world/one.txt"])  # a watcher's update: the cache is stale
        assert catalog.file_tuples() == from_sql()
        os.rename(corpus / "world" / "two.txt", corpus / "world" / "deux.txt")
        backend.update()
        assert catalog.file_tuples() == from_sql()
        assert "world/deux" in catalog.file_tuples()
    finally:
        backend.close()
