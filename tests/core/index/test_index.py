"""The index: incremental updates, what an update reads, rebuilding a damaged or outdated
index, where the index lives, and two processes updating it at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from seeds import REPO, S000, S001, S002, S003, S004, SEED_IDS

from briefing.core.index import CorpusIndex, Searcher
from briefing.core.index.catalog import Catalog
from briefing.core.paths import index_dir as default_index_dir


def ids(searcher: Searcher, query: str) -> set[str]:
    return {hit.id for hit in searcher.search(query, limit=1000).hits}


def _bump_mtime(path: Path, seconds: int = 10) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def _listing(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_size for p in sorted(root.rglob("*"))}


SMALL = {
    "alpha": "Alpha Report\n\nThe alpha delegation met in Havana about migration.\n",
    "bravo": "Bravo Report\n\nBravo officials discussed trafficking and security.\n",
    "charlie": "Charlie Report\n\nCharlie wrote about remittances and the economy.\n",
    "delta": "Delta Report\n\nDelta covered the embassy and visa services.\n",
    "echo": "Echo Report\n\nEcho summarised the talks with Rodríguez present.\n",
}


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Five short articles: cheap to index, for tests about the machinery, not the text."""
    root = tmp_path / "small"
    root.mkdir()
    for name, text in SMALL.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def read_counter(monkeypatch):
    """Counts Path.read_bytes calls (how an update reads corpus files), by file name."""
    calls: list[str] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        calls.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return calls


# -- first build and incremental updates --------------------------------------------------


def test_first_update_adds_every_readable_file(seed_corpus, make_index):
    index = make_index(seed_corpus, update=False)
    report = index.update()
    assert (report.added, report.changed, report.deleted, report.unchanged) == (5, 0, 0, 0)
    assert report.warnings == []
    assert report.notice is None
    assert [info.id for info in index.articles()] == list(SEED_IDS)


def test_add_change_delete_are_searchable_without_rebuild(seed_corpus, make_index):
    index = make_index(seed_corpus)
    searcher = Searcher(index)  # one searcher kept across updates, as the app keeps it
    assert ids(searcher, "zanzibar") == set()

    # add
    (seed_corpus / "world").mkdir()
    (seed_corpus / "world" / "new.md").write_text(
        "# Zanzibar Talks\n\nDelegates met in Zanzibar to discuss fisheries.\n", encoding="utf-8"
    )
    report = index.update()
    assert (report.added, report.changed, report.deleted, report.unchanged) == (1, 0, 0, 5)
    assert ids(searcher, "zanzibar") == {"world/new"}
    assert index.article("world/new").title == "Zanzibar Talks"

    # change: a new word becomes searchable, a removed phrase stops matching
    path = seed_corpus / f"{S000}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("'Havana syndrome.'", "'the quokka affair.'"), encoding="utf-8")
    _bump_mtime(path)
    report = index.update()
    assert (report.added, report.changed, report.deleted, report.unchanged) == (0, 1, 0, 5)
    assert ids(searcher, "quokka") == {S000}
    assert ids(searcher, '"Havana syndrome"') == {S001}
    assert "quokka affair" in index.article(S000).text

    # delete
    (seed_corpus / f"{S004}.txt").unlink()
    report = index.update()
    assert (report.added, report.changed, report.deleted, report.unchanged) == (0, 0, 1, 5)
    assert ids(searcher, "Cuba NOT Biden") == set()
    assert ids(searcher, "Rodriguez") == {S001, S002, S003}
    assert index.article(S004) is None
    assert S004 not in [info.id for info in index.articles()]

    # and a fresh process-like open sees the same
    index.close()
    fresh = CorpusIndex.open(seed_corpus, index.location)
    try:
        report = fresh.update()
        assert report.touched == 0
        assert ids(Searcher(fresh), "zanzibar OR quokka") == {"world/new", S000}
    finally:
        fresh.close()


def test_same_size_change_is_detected_by_hash(small_corpus, make_index):
    index = make_index(small_corpus)
    path = small_corpus / "bravo.txt"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"security", b"SECURITY"))
    assert path.stat().st_size == len(data)
    _bump_mtime(path)
    report = index.update()
    assert (report.changed, report.unchanged) == (1, 4)
    assert "SECURITY" in index.article("bravo").text


def test_renamed_file_is_a_delete_and_an_add(small_corpus, make_index):
    index = make_index(small_corpus)
    (small_corpus / "echo.txt").rename(small_corpus / "renamed.txt")
    report = index.update()
    assert (report.added, report.deleted, report.unchanged) == (1, 1, 4)
    assert ids(Searcher(index), "Rodriguez") == {"renamed"}
    assert index.article("echo") is None


def test_unchanged_corpus_update_reads_no_file(seed_corpus, make_index, read_counter):
    index = make_index(seed_corpus)
    assert len(read_counter) == 5  # the first build reads each file once
    read_counter.clear()
    report = index.update()
    assert read_counter == []
    assert (report.added, report.changed, report.deleted, report.unchanged) == (0, 0, 0, 5)

    index.close()
    reopened = CorpusIndex.open(seed_corpus, index.location)
    try:
        report = reopened.update()
        assert read_counter == []
        assert report.unchanged == 5 and report.touched == 0
        assert len(reopened.articles()) == 5
    finally:
        reopened.close()


def test_touched_file_is_not_reindexed(small_corpus, make_index, read_counter):
    index = make_index(small_corpus)
    _bump_mtime(small_corpus / "alpha.txt")
    read_counter.clear()
    report = index.update()
    # The mtime changed, so the file is read and hashed once, but not re-indexed.
    assert read_counter == ["alpha.txt"]
    assert (report.added, report.changed, report.deleted, report.unchanged) == (0, 0, 0, 5)
    # The new mtime is remembered: the next update reads nothing.
    read_counter.clear()
    report = index.update()
    assert read_counter == []
    assert report.unchanged == 5


def test_only_changed_files_are_read(small_corpus, make_index, read_counter):
    index = make_index(small_corpus)
    path = small_corpus / "charlie.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    _bump_mtime(path)
    read_counter.clear()
    index.update()
    assert read_counter == ["charlie.txt"]


def test_rebuild_reads_everything_again(small_corpus, make_index, read_counter):
    index = make_index(small_corpus)
    read_counter.clear()
    report = index.update(rebuild=True)
    assert (report.added, report.unchanged) == (5, 0)
    assert sorted(read_counter) == sorted(f"{name}.txt" for name in SMALL)
    assert ids(Searcher(index), "Rodriguez") == {"echo"}


def test_messy_corpus_indexes_with_warnings(messy_corpus, make_index):
    index = make_index(messy_corpus, update=False)
    report = index.update()
    assert report.added == 5  # crlf, frontmatter, latin1, markup, sub/nested
    joined = "\n".join(report.warnings)
    assert "binary.txt" in joined
    assert "empty.txt" in joined
    assert "latin1.txt" in joined
    assert all("\n" not in w for w in report.warnings)
    assert {i.id for i in index.articles()} == {
        "crlf",
        "frontmatter",
        "latin1",
        "markup",
        "sub/nested",
    }
    # Skipped files stay skipped without a new warning until they change.
    again = index.update()
    assert again.touched == 0


def test_progress_is_reported(small_corpus, make_index):
    index = make_index(small_corpus, update=False)
    calls: list[tuple[int, int, str]] = []
    index.update(progress=lambda done, total, stage: calls.append((done, total, stage)))
    # The files are read into the catalog first, then written to Whoosh.
    assert calls[0] == (5, 5, "reading")
    assert calls[-1] == (5, 5, "indexing")


def test_cancelled_update_touches_nothing(small_corpus, make_index):
    index = make_index(small_corpus, update=False)
    index.update(cancelled=lambda: True)
    assert index.articles() == []
    assert index.update().added == 5


# -- damaged and outdated indexes ---------------------------------------------------------


def _build(corpus: Path, location: Path) -> None:
    index = CorpusIndex.open(corpus, location)
    index.update()
    index.close()


def _reopen_and_search(corpus: Path, location: Path) -> tuple[str | None, set[str]]:
    index = CorpusIndex.open(corpus, location)
    try:
        report = index.update()
        return report.notice, ids(Searcher(index), "Rodriguez")
    finally:
        index.close()


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage\xff" * 64)


def test_garbage_over_whoosh_files_is_rebuilt_with_notice(small_corpus, index_dir):
    _build(small_corpus, index_dir)
    files = [p for p in (index_dir / "whoosh").iterdir() if p.is_file()]
    assert files
    for path in files:
        _garbage(path)
    notice, found = _reopen_and_search(small_corpus, index_dir)
    assert notice and notice.startswith("Rebuilding the index") and "\n" not in notice
    assert found == {"echo"}


def test_garbage_over_segment_files_is_rebuilt_with_notice(small_corpus, index_dir):
    # The table of contents is intact; only the segment data is damaged.
    _build(small_corpus, index_dir)
    segments = [p for p in (index_dir / "whoosh").iterdir() if p.suffix == ".seg"]
    assert segments
    for path in segments:
        _garbage(path)
    notice, found = _reopen_and_search(small_corpus, index_dir)
    assert notice and notice.startswith("Rebuilding the index")
    assert found == {"echo"}


def test_truncated_segment_is_rebuilt_with_notice(small_corpus, index_dir):
    _build(small_corpus, index_dir)
    for path in (index_dir / "whoosh").iterdir():
        if path.suffix == ".seg":
            path.write_bytes(path.read_bytes()[:100])
    notice, found = _reopen_and_search(small_corpus, index_dir)
    assert notice and notice.startswith("Rebuilding the index")
    assert found == {"echo"}


def test_garbage_catalog_is_rebuilt_with_notice(small_corpus, index_dir):
    _build(small_corpus, index_dir)
    _garbage(index_dir / "catalog.sqlite")
    notice, found = _reopen_and_search(small_corpus, index_dir)
    assert notice and "catalog" in notice and "\n" not in notice
    assert found == {"echo"}


def test_missing_whoosh_folder_is_rebuilt(small_corpus, index_dir):
    _build(small_corpus, index_dir)
    for path in (index_dir / "whoosh").iterdir():
        path.unlink()
    (index_dir / "whoosh").rmdir()
    notice, found = _reopen_and_search(small_corpus, index_dir)
    assert notice and notice.startswith("Rebuilding the index") and "\n" not in notice
    assert found == {"echo"}


def test_index_of_another_version_is_rebuilt_with_notice(small_corpus, index_dir):
    _build(small_corpus, index_dir)
    catalog = Catalog(index_dir / "catalog.sqlite", small_corpus)
    catalog.set_meta({"version": "0-old"})
    catalog.close()
    index = CorpusIndex.open(small_corpus, index_dir)
    try:
        notice = index.notice
        assert notice and "version" in notice and "\n" not in notice
        report = index.update()
        assert report.notice == notice
        assert report.added == 5
        assert ids(Searcher(index), "Rodriguez") == {"echo"}
    finally:
        index.close()


def test_moved_corpus_is_rebuilt_not_mixed(small_corpus, tmp_path, index_dir):
    _build(small_corpus, index_dir)
    moved = tmp_path / "moved"
    small_corpus.rename(moved)
    index = CorpusIndex.open(moved, index_dir)
    try:
        report = index.update()
        assert report.added == 5
        assert all(str(info.path).startswith(str(moved)) for info in index.articles())
    finally:
        index.close()


# -- where the index lives ----------------------------------------------------------------


def test_default_index_lives_in_the_user_cache_not_the_corpus(
    seed_corpus, monkeypatch, isolated_dirs, tmp_path
):
    monkeypatch.delenv("BRIEFING_INDEX")
    location = default_index_dir(seed_corpus)
    cache = isolated_dirs["BRIEFING_CACHE"]
    assert location.is_relative_to(cache)
    assert not location.is_relative_to(seed_corpus)
    assert not location.is_relative_to(REPO)
    # Two corpora never share one index folder.
    other = tmp_path / "other"
    other.mkdir()
    assert default_index_dir(other) != location
    # --index wins over everything.
    assert default_index_dir(seed_corpus, tmp_path / "x") == tmp_path / "x"


def test_index_writes_nothing_into_corpus_or_annotations(small_corpus, make_index, tmp_path):
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    before = _listing(small_corpus)
    index = make_index(small_corpus)
    Searcher(index).search("Rodriguez")
    index.update(rebuild=True)
    assert _listing(small_corpus) == before
    assert list(annotations.iterdir()) == []
    assert not index.location.is_relative_to(small_corpus)
    assert (index.location / "catalog.sqlite").is_file()


# -- two processes at once ----------------------------------------------------------------

UPDATER = """
import json, sys, time
from pathlib import Path
from briefing.core.index import CorpusIndex

corpus, location, gate = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
index = CorpusIndex.open(corpus, location)
calls = []

def progress(done, total, stage):
    # The first "indexing" call for a 200-file corpus comes from inside the open writer,
    # before the commit: if asked to, park there until the test says go.
    calls.append(stage)
    if gate != "-" and calls.count("indexing") == 1 and stage == "indexing":
        Path(gate + ".ready").touch()
        deadline = time.time() + 20
        while not Path(gate + ".go").exists() and time.time() < deadline:
            time.sleep(0.02)

report = index.update(progress=progress)
index.close()
print(json.dumps([report.added, report.changed, report.deleted, report.unchanged]))
"""

N_DOCS = 200


@pytest.fixture
def big_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "big"
    root.mkdir()
    filler = "Officials in Havana and Washington discussed migration and security. " * 3
    for i in range(N_DOCS):
        (root / f"doc{i:03d}.txt").write_text(
            f"Report number {i}\n\nShared word zebra and token tok{i} here. {filler}\n",
            encoding="utf-8",
        )
    return root


def _updater(corpus: Path, location: Path, gate: str = "-") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", UPDATER, str(corpus), str(location), gate],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def _finish(process: subprocess.Popen) -> list[int]:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return json.loads(out)


def _assert_complete(corpus: Path, location: Path) -> None:
    index = CorpusIndex.open(corpus, location)
    try:
        assert index.notice is None
        report = index.update()
        assert report.touched == 0 and report.unchanged == N_DOCS
        assert index.catalog.count() == N_DOCS
        searcher = Searcher(index)
        assert searcher.search("zebra", limit=N_DOCS + 10).total == N_DOCS
        assert index.searcher().doc_count() == N_DOCS
        for i in (0, 57, 123, N_DOCS - 1):
            assert ids(searcher, f"tok{i}") == {f"doc{i:03d}"}
    finally:
        index.close()


def test_two_processes_updating_at_once(big_corpus, index_dir):
    first, second = _updater(big_corpus, index_dir), _updater(big_corpus, index_dir)
    reports = [_finish(first), _finish(second)]
    # One of them did the work, the other waited and found nothing left to do.
    assert sorted(r[0] for r in reports) == [0, N_DOCS]
    assert all(r[1] == r[2] == 0 for r in reports)
    _assert_complete(big_corpus, index_dir)


def test_process_opening_while_another_writes(big_corpus, index_dir, tmp_path):
    """A second process opens the (still empty) index while the first is mid-write."""
    gate = str(tmp_path / "gate")
    first = _updater(big_corpus, index_dir, gate)
    deadline = time.time() + 30
    while not Path(gate + ".ready").exists():
        assert first.poll() is None, first.communicate()[1]
        assert time.time() < deadline
        time.sleep(0.02)
    second = _updater(big_corpus, index_dir)
    time.sleep(0.5)  # let the second process open the index and reach the update lock
    Path(gate + ".go").touch()
    reports = [_finish(first), _finish(second)]
    assert sorted(r[0] for r in reports) == [0, N_DOCS]
    _assert_complete(big_corpus, index_dir)


def test_a_forked_child_does_not_keep_the_update_lock(seed_corpus, index_dir):
    """Whoosh's multiprocess writer forks while we hold the update lock; if the parent is
    killed, its orphaned children must not keep every later update waiting."""
    import multiprocessing
    import signal
    import time

    index = CorpusIndex.open(seed_corpus, index_dir)
    ready = multiprocessing.get_context("fork").Event()

    def hold_then_fork() -> None:
        with index._update_lock():
            child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
            child.start()
            ready.set()
            time.sleep(30)

    holder = multiprocessing.get_context("fork").Process(target=hold_then_fork)
    holder.start()
    assert ready.wait(10)
    os.kill(holder.pid, signal.SIGKILL)  # the orphaned grandchild sleeps on
    holder.join()
    started = time.monotonic()
    report = CorpusIndex.open(seed_corpus, index_dir).update()
    assert time.monotonic() - started < 10
    assert report.added == 5


def test_update_of_named_articles_looks_at_those_alone(seed_corpus, index_dir):
    index = CorpusIndex.open(seed_corpus, index_dir)
    index.update()
    searcher = Searcher(index)
    for aid, word in ((S000, "quokka"), (S001, "wombat")):
        path = seed_corpus / f"{aid}.txt"
        path.write_text(path.read_text("utf-8") + f"\n\nA {word} appeared.\n", "utf-8")
    report = index.update(only={S000})
    assert (report.changed, report.unchanged, report.deleted) == (1, 0, 0)
    assert ids(searcher, "quokka") == {S000}
    assert ids(searcher, "wombat") == set()  # not looked at yet
    (seed_corpus / f"{S002}.txt").unlink()
    assert index.update(only={S002}).deleted == 1
    report = index.update()
    assert (report.changed, report.deleted) == (1, 0)
    assert ids(searcher, "wombat") == {S001}
    index.close()
