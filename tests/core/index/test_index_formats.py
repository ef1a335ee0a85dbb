"""The index and files of every format (issue 12): progress per slow file, one catalog
column added in place to an older catalog, the extraction cache in the index folder."""

from __future__ import annotations

import itertools
import sqlite3

from format_files import write_mixed_corpus

from briefing.core.index import CorpusIndex


def test_progress_is_shown_after_every_slow_file(tmp_path, make_index, monkeypatch):
    corpus = write_mixed_corpus(tmp_path / "corpus")
    index = make_index(corpus, update=False)
    clock = itertools.count(step=1.0)  # every file "takes" a second
    monkeypatch.setattr("briefing.core.index.updating.time.monotonic", lambda: next(clock))
    seen: list[tuple[int, int]] = []
    index.update(
        lambda done, total, stage: seen.append((done, total)) if stage == "reading" else None
    )
    total = seen[-1][1]
    assert [done for done, _ in seen[:total]] == list(range(1, total + 1))


def test_extracted_text_is_cached_in_the_index_folder(tmp_path, index_dir, make_index):
    corpus = write_mixed_corpus(tmp_path / "corpus")
    make_index(corpus)
    cached = list((index_dir / "extracted").rglob("*.json"))
    # The page, the page saved as .txt, the e-mail, the feed, the PDF and the document.
    assert len(cached) == 6


def test_a_catalog_from_before_formats_is_read_again(tmp_path, index_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A title\n\nSome text of the story.\n", encoding="utf-8")
    index = CorpusIndex.open(corpus, index_dir)
    index.update()
    index.close()
    db = sqlite3.connect(index_dir / "catalog.sqlite")
    db.execute("ALTER TABLE articles DROP COLUMN layout")
    db.execute("PRAGMA user_version = 2")  # the layout before formats
    db.commit()
    db.close()
    index = CorpusIndex.open(corpus, index_dir)
    try:
        index.update()
        article = index.article("a")
        assert article is not None and article.format == "text"
    finally:
        index.close()
