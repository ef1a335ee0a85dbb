"""A damaged index is found and rebuilt (issue 13): random bytes in the middle of a segment
passed the open-time check; queries then died with `zlib.error` / "Block tag error" or
returned wrong hits, and `briefing index` reported everything unchanged."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import write_articles

from briefing.core.index import CorpusIndex, IndexDamaged, QueryError, Searcher

COUNT = 300
DAMAGE = 64 * 1024
WORDS = ["uniq7", "uniq150", "uniq299", "report", "havana", "minister", "talks"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("damage") / "corpus", COUNT)


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the corpus, built once; tests damage copies of it."""
    location = tmp_path_factory.mktemp("clean") / "index"
    index = CorpusIndex.open(corpus, location)
    index.update()
    index.close()
    return location


def answers(index: CorpusIndex, words: list[str]) -> dict[str, set[str]]:
    searcher = Searcher(index)
    found = {}
    for word in words:
        try:
            found[word] = {h.id for h in searcher.search(word, limit=None).hits}
        except QueryError:  # a stop word
            continue
    return found


def damaged_copy(clean: Path, target: Path, fraction: float, size: int) -> Path:
    """A copy of the index with *size* random bytes written at *fraction* of its
    largest segment (what bit rot or a half-synced cache does). At 300 articles the
    segment is ~370 KB: 64 KB in its middle passes the open-time check (which reads
    every segment's header) and breaks a few queries in 400."""
    shutil.copytree(clean, target)
    segment = max((target / "whoosh").glob("*.seg"), key=lambda p: p.stat().st_size)
    length = segment.stat().st_size
    with open(segment, "r+b") as handle:
        handle.seek(int(length * fraction))
        handle.write(random.Random(13).randbytes(size))
    return target


def vocabulary(index: CorpusIndex) -> list[str]:
    return sorted(index.catalog.words())[:400]


def test_verify_finds_a_damaged_segment_and_rebuilds(corpus, clean, tmp_path):
    good = CorpusIndex.open(corpus, clean)
    expected = answers(good, WORDS)
    good.close()
    location = damaged_copy(clean, tmp_path / "index", 0.5, DAMAGE)
    index = CorpusIndex.open(corpus, location)  # the open-time check does not see it
    try:
        assert index.notice is None
        report = index.update(verify=True)
        assert report.notice and report.notice.startswith("Rebuilding the index: its file ")
        assert "damaged" in report.notice and "\n" not in report.notice
        assert report.indexed == COUNT
        assert answers(index, WORDS) == expected
        assert index.update(verify=True).notice is None  # and it stays healthy
    finally:
        index.close()


def test_a_search_that_fails_on_damage_marks_it_and_the_update_rebuilds(corpus, clean, tmp_path):
    good = CorpusIndex.open(corpus, clean)
    words = vocabulary(good)
    expected = answers(good, words)
    good.close()
    location = damaged_copy(clean, tmp_path / "index", 0.5, DAMAGE)
    index = CorpusIndex.open(corpus, location)
    searcher = Searcher(index)
    failure = None
    try:
        for word in words:
            try:
                searcher.search(word, limit=None)
            except IndexDamaged as exc:
                failure = exc
                break
            except QueryError:  # a stop word
                continue
        assert failure is not None, "no query met the damage"
        assert failure.notice.startswith("Rebuilding the index: it was unreadable (")
        report = index.update()  # no verify: the mark alone makes it rebuild
        assert report.notice == failure.notice
        assert answers(index, words) == expected
    finally:
        index.close()


def first_failing_word(corpus: Path, location: Path) -> str:
    index = CorpusIndex.open(corpus, location)
    searcher = Searcher(index)
    try:
        for word in vocabulary(index):
            try:
                searcher.search(word, limit=None)
            except IndexDamaged:
                return word
            except QueryError:
                continue
    finally:
        index.close()
    raise AssertionError("no query met the damage")


def test_the_command_line_rebuilds_and_answers(corpus, clean, tmp_path):
    """`briefing index` no longer reports "300 unchanged" over damage, and a search that
    meets damage rebuilds with the notice and prints the right hits."""
    word = first_failing_word(corpus, damaged_copy(clean, tmp_path / "probe", 0.5, DAMAGE))
    good = CorpusIndex.open(corpus, clean)
    expected = answers(good, ["uniq150", word])
    good.close()

    def briefing(location: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing", "--corpus", str(corpus), "--index", str(location)]
            + list(args),
            capture_output=True,
            text=True,
            timeout=300,
        )

    location = damaged_copy(clean, tmp_path / "index", 0.5, DAMAGE)
    done = briefing(location, "index")
    assert done.returncode == 0, done.stderr
    assert "Rebuilding the index: its file" in done.stderr
    found = briefing(location, "search", "uniq150", "--json")
    assert found.returncode == 0 and found.stderr == ""
    assert {hit["id"] for hit in json.loads(found.stdout)} == expected["uniq150"]

    location = damaged_copy(clean, tmp_path / "again", 0.5, DAMAGE)
    found = briefing(location, "search", word, "--json", "--limit", "0")
    assert found.returncode == 0, found.stderr
    assert found.stderr.startswith("Rebuilding the index: it was unreadable (")
    assert {hit["id"] for hit in json.loads(found.stdout)} == expected[word]
