"""A live corpus in the app (issue 13): the library at once on a new corpus, a search typed
meanwhile answered when the index is ready, files and annotation files changed on disk
followed while the app is open, "Reload corpus", a damaged index rebuilt."""

from __future__ import annotations

import importlib
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import whoosh.searching
from hostile import write_articles
from pilot_helpers import ID_002, SIZE, open_article

from briefing.core.index import CorpusIndex
from briefing.core.index.postings import SearcherData
from briefing.core.workspace import Workspace
from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList

updating = importlib.import_module("briefing.core.index.updating")


def status(app: BriefingApp) -> str:
    return str(app.query_one("#list-status").render())


def listed(app: BriefingApp) -> list[str]:
    return [row.info.id for row in app.query_one(ArticleList).rows]


async def until(pilot, what: str, holds: Callable[[], bool], timeout: float = 15) -> None:
    """Let the app run until *holds* (a watcher event, a worker); fail after *timeout*."""
    deadline = time.monotonic() + timeout
    while not holds():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


async def test_a_new_corpus_lists_at_once_and_a_search_waits_for_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus = write_articles(tmp_path / "corpus", 300)
    gate = threading.Event()
    real_write = updating.Update.write

    def held_write(self) -> None:  # Whoosh's stage waits until the test has searched
        gate.wait(60)
        real_write(self)

    monkeypatch.setattr(updating.Update, "write", held_write)
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, "the library from the catalog", lambda: len(listed(app)) == 300)
        assert app.workspace is not None and app.workspace.pending() == 300
        await pilot.press("slash", *"uniq7", "enter")
        # (not workers.wait_for_complete(): the update's worker is held at the gate)
        await until(pilot, "the search answered", lambda: "Searching" not in status(app))
        assert "runs when it is done" in status(app), status(app)
        assert "No articles match" not in status(app)
        gate.set()
        await app.workers.wait_for_complete()
        await until(pilot, "the search to answer", lambda: listed(app) == ["0007"])
        assert "1 hit for uniq7" in status(app)


async def test_a_file_added_while_the_app_is_open_is_listed_and_found(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        (seed_corpus / "late.txt").write_text("A late story\n\nThe zanzibarium arrived.\n")
        await until(pilot, "the new file", lambda: "late" in listed(app), timeout=10)
        assert "corpus: 1 added" in status(app)
        await pilot.press("slash", *"zanzibarium", "enter")
        await pilot.app.workers.wait_for_complete()
        await until(pilot, "its hit", lambda: listed(app) == ["late"])


async def test_the_open_article_follows_its_file(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        reader = pane.reader
        assert reader.article is not None
        text = reader.article.text
        quote = "High-ranking officials from the US Department of State"
        reader.go_to(text.index(quote))
        await pilot.press("h")  # the sentence under the cursor
        await pilot.pause()
        (placed,) = reader.placed
        highlighted = text[placed.start : placed.end]
        cursor_at = text.index("Havana meetings")
        reader.go_to(cursor_at)
        await pilot.pause()
        path = next(seed_corpus.glob(f"{ID_002}.*"))
        row = reader.cursor_row_on_screen()
        inserted = "An editor added this sentence about the marmoset accord. "
        raw = path.read_text("utf-8")
        path.write_text(raw.replace("Authorities from", inserted + "Authorities from", 1))
        await until(pilot, "the new text", lambda: "marmoset" in reader.text)
        new = reader.text
        assert reader.article is not None and reader.article.text == new
        (placed,) = reader.placed  # re-anchored, not orphaned
        assert placed.start is not None and new[placed.start : placed.end] == highlighted
        assert placed.start > text.index(quote)  # it moved with the text
        assert new[reader.offset :].startswith("Havana meetings")  # the cursor stayed
        await pilot.pause()
        assert reader.cursor_row_on_screen() == row  # and so did the reader's eye
        shown = [str(reader.render_line(y).text) for y in range(reader.size.height)]
        assert any("Havana meetings" in line for line in shown)


async def test_an_annotation_file_written_elsewhere_shows_up(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        # Another process (a colleague's `git pull`, the CLI) writes the article's tags.
        other = Workspace(seed_corpus)
        other.store.set_article_tags(ID_002, ["livetag"])
        other.close()

        def header() -> str:
            return str(pane.query_one(".reader-header").render())

        await until(pilot, "the tag in the header", lambda: "#livetag" in header(), timeout=10)
        await pilot.press("escape")
        await pilot.pause(0.5)
        await pilot.press("slash", *"tag:livetag", "enter")
        await pilot.app.workers.wait_for_complete()
        await until(pilot, "the tag searchable", lambda: listed(app) == [ID_002])


async def test_reload_corpus_says_what_changed(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.corpus_watch is not None
        app.corpus_watch.stop()  # as where the watch cannot run (a network folder)
        (seed_corpus / "late.txt").write_text("A late story\n\nThe zanzibarium arrived.\n")
        first = sorted(seed_corpus.glob("000_*"))[0]
        first.write_text(first.read_text("utf-8") + "\nA correction.\n", "utf-8")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "6 articles" in status(app)
        assert "corpus: 1 added, 1 changed" in status(app)
        await pilot.press("ctrl+l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "corpus: nothing changed" in status(app)


async def test_a_search_that_meets_a_damaged_index_rebuilds_it_and_answers(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch
):
    """What a damaged segment does to a search (tests/core/index/test_damage.py makes
    real damage; here Whoosh fails as it then does, until the index is rebuilt)."""
    damaged = threading.Event()
    real_search = whoosh.searching.Searcher.search
    real_postings = SearcherData.postings  # what our evaluator decodes
    real_recreate = CorpusIndex.recreate_whoosh

    def search(self, *args, **kwargs):
        if damaged.is_set():
            raise zlib.error("Error -3 while decompressing data: invalid block type")
        return real_search(self, *args, **kwargs)

    def postings(self, *args, **kwargs):
        if damaged.is_set():
            raise zlib.error("Error -3 while decompressing data: invalid block type")
        return real_postings(self, *args, **kwargs)

    def recreate(self) -> None:
        damaged.clear()
        real_recreate(self)

    monkeypatch.setattr(whoosh.searching.Searcher, "search", search)
    monkeypatch.setattr(SearcherData, "postings", postings)
    monkeypatch.setattr(CorpusIndex, "recreate_whoosh", recreate)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        damaged.set()
        await pilot.press("slash", *"Rodriguez", "enter")
        await app.workers.wait_for_complete()
        notices = [n.message for n in app._notifications]
        assert "Rebuilding the index: it was unreadable (zlib.error)." in notices
        await until(pilot, "the repaired search", lambda: len(listed(app)) == 4)
        assert "4 hits for Rodriguez" in status(app)
