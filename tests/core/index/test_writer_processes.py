"""Whoosh's two-process writer (issue 11, item 10): its workers never outlive the update
that started them, and a bulk rewrite of indexed articles does not index them twice."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from hostile import is_running, write_articles

from briefing.core.index import CorpusIndex, Searcher, updating
from briefing.core.index.writer import ChildSafeWriter

COUNT = 600  # over the 500 at which the two-process writer starts


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("bulk") / "corpus", COUNT)


def test_a_cancelled_bulk_write_kills_its_workers_and_commits_nothing(
    big_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writers: list[ChildSafeWriter] = []
    real_open_writer = updating.open_writer

    def recording(*args, **kwargs):
        writer = real_open_writer(*args, **kwargs)
        writers.append(writer)
        return writer

    monkeypatch.setattr(updating, "open_writer", recording)

    def cancelled() -> bool:  # once both workers run
        return bool(writers) and len(writers[0].worker_pids()) >= 2

    index = CorpusIndex.open(big_corpus, tmp_path / "index")
    try:
        started = time.monotonic()
        report = index.update(procs=2, cancelled=cancelled)
        assert time.monotonic() - started < 60
        assert isinstance(writers[0], ChildSafeWriter)
        pids = writers[0].worker_pids()
        assert len(pids) == 2
        assert [pid for pid in pids if is_running(pid)] == []
        assert multiprocessing.active_children() == []
        assert report.touched == 0 and index.ix.doc_count() == 0
        # What was read stays in the catalog, listed but not searchable...
        assert len(index.articles()) == COUNT and index.pending() == COUNT
        # ...and the next update writes it to Whoosh without reading a file again.
        again = index.update(procs=2)  # the lock and index are free again
        assert again.added == 0 and again.unchanged == COUNT
        assert index.pending() == 0 and index.ix.doc_count() == COUNT
    finally:
        index.close()


def test_rewriting_many_indexed_articles_keeps_one_document_each(
    big_corpus: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(big_corpus.iterdir()):
        (corpus / path.name).write_bytes(path.read_bytes())
    index = CorpusIndex.open(corpus, tmp_path / "index")
    try:
        assert index.update(procs=2).added == COUNT
        for path in corpus.iterdir():
            path.write_text(path.read_text() + "\nA correction was appended.\n")
        assert index.update(procs=2).changed == COUNT  # the bulk writer again
        index.refresh()
        assert index.ix.doc_count() == COUNT
        assert [h.id for h in Searcher(index).search("uniq7", limit=10).hits] == ["0007"]
    finally:
        index.close()


def test_a_bulk_write_reports_what_is_written_not_what_is_handed_over(
    big_corpus: Path, tmp_path: Path
) -> None:
    """The workers lag behind what they are given: a report of every document added had
    the bar at 100 % for the whole commit (issue 16). Reports count what is written, go
    on during the commit, and reach the total only when it is done."""
    calls: list[tuple[int, int, str]] = []
    index = CorpusIndex.open(big_corpus, tmp_path / "index")
    try:
        index.update(procs=2, progress=lambda *call: calls.append(call))
    finally:
        index.close()
    indexing = [done for done, total, stage in calls if stage == "indexing"]
    assert indexing == sorted(indexing)
    assert indexing[-1] == COUNT and COUNT not in indexing[:-1]
