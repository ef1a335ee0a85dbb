"""The app's search runs in a thread worker (issue 14): typing never waits for a search,
a search overtaken by a newer one is never shown, and only the rows on screen get their
snippets made."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from pilot_helpers import SIZE

from briefing.core.workspace import Workspace
from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.search_runs import FIRST_SCREEN

RODRIGUEZ = {
    "001_8031e908e71e3b1e",
    "002_1f6b0f63a8b626fd",
    "003_6feb70dea2efb894",
    "004_3568823fae90f6fc",
}


def status(app: BriefingApp) -> str:
    return str(app.query_one("#list-status").render())


def listed(app: BriefingApp) -> set[str]:
    return {row.info.id for row in app.query_one(ArticleList).rows}


def slow_searches(monkeypatch, seconds: dict[str, float]) -> tuple[threading.Event, ...]:
    """Searches for the queries in *seconds* take that long (in the worker); the events
    are set when the first of them has started, and when it has returned."""
    started, finished = threading.Event(), threading.Event()
    real = Workspace.search

    def search(self, text, *args, **kwargs):
        if text not in seconds:
            return real(self, text, *args, **kwargs)
        started.set()
        time.sleep(seconds[text])
        try:
            return real(self, text, *args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(Workspace, "search", search)
    return started, finished


async def search_until_it_starts(pilot, started: threading.Event) -> None:  # noqa: ANN001
    """Search "Rodriguez" from the library and wait until the (slowed) search is running."""
    await pilot.press("slash", *"Rodriguez", "enter")
    assert await asyncio.to_thread(started.wait, 5)


async def test_typing_goes_on_while_a_search_runs(seed_corpus: Path, monkeypatch):
    started, finished = slow_searches(monkeypatch, {"Rodriguez": 3.0})
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await search_until_it_starts(pilot, started)
        assert "Searching for Rodriguez…" in status(app)
        await pilot.press("slash", *"Hav")  # the box answers while the search sleeps
        await pilot.pause()
        assert app.query_one("#search").value == "Hav"
        assert not finished.is_set(), "the keys waited for the search"
        await pilot.press("escape")  # closes the box; the search goes on
        assert await asyncio.to_thread(finished.wait, 10)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert listed(app) == RODRIGUEZ
        assert "4 hits for Rodriguez" in status(app)


async def test_a_search_overtaken_by_a_newer_one_is_not_shown(seed_corpus: Path, monkeypatch):
    started, finished = slow_searches(monkeypatch, {"Rodriguez": 3.0})
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await search_until_it_starts(pilot, started)
        await pilot.press("slash")
        # Set, not typed: a letter that missed the box would be a command (e: export).
        app.query_one("#search").value = '"Havana syndrome"'
        await pilot.press("enter")
        assert not finished.is_set()  # the first search is still sleeping
        await app.workers.wait_for_complete()
        assert await asyncio.to_thread(finished.wait, 10)  # then it answers, too late
        await pilot.pause(0.3)
        assert listed(app) == {"000_2e4ab08a31a0e250", "001_8031e908e71e3b1e"}
        assert 'for "Havana syndrome"' in status(app)
        assert "Rodriguez" not in status(app)


async def test_leaving_the_results_drops_a_search_still_running(seed_corpus: Path, monkeypatch):
    started, finished = slow_searches(monkeypatch, {"Rodriguez": 1.0})
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = listed(app)
        await search_until_it_starts(pilot, started)
        await pilot.press("escape")  # back to the library before the results came
        assert await asyncio.to_thread(finished.wait, 10)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        assert listed(app) == library
        assert "Rodriguez" not in status(app)


async def test_only_the_rows_on_screen_get_snippets(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(300):
        (corpus / f"a{n:03}.txt").write_text(f"Report {n}\n\nThe harbour reopened, day {n}.\n")
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"harbour", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = app.query_one(ArticleList).rows
        assert len(rows) == 200
        made = [row for row in rows if row.hit is not None and "snippet" in vars(row.hit)]
        on_screen = app.query_one(ArticleList).size.height // 2 + 1
        assert len(made) <= max(FIRST_SCREEN, on_screen)
        assert all(row.snippet is not None and "harbour" in row.snippet.text for row in rows)
