"""How the app ends (issue 11, items 6 and 13): `q` quits at once while the corpus walk runs,
a crash exits non-zero, and a name that is not UTF-8 leaves the app usable."""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pilot_helpers import SIZE, open_article

from briefing.core.errors import BriefingError
from briefing.core.index.backend import UpdateReport
from briefing.core.workspace import Workspace
from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList
from briefing.tui.messages import (
    AnnotationsChanged,
    CorpusChanged,
    IndexFailed,
    IndexProgress,
    IndexUpdated,
    WatchFailed,
)

scan_module = importlib.import_module("briefing.core.corpus.scan")

# Runs `briefing --corpus DIR` headless; an auto pilot presses KEY. With "crash", the help
# action raises first: an unhandled exception inside a key handler of the real app.
HEADLESS = """
import sys
from briefing.tui.app import BriefingApp
from briefing.cli import main

corpus, key, mode = sys.argv[1:]
if mode == "crash":
    def action_help(self):
        raise RuntimeError("boom in a key handler")
    BriefingApp.action_help = action_help

async def press(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.press(key)  # Textual waits for this before it ends the run

run = BriefingApp.run
BriefingApp.run = lambda self: run(self, headless=True, size=(100, 30), auto_pilot=press)
sys.exit(main(["--corpus", corpus]))
"""


def headless(corpus: Path, key: str, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HEADLESS, str(corpus), key, mode],
        cwd=corpus.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_crash_inside_the_app_exits_non_zero(seed_corpus: Path) -> None:
    crashed = headless(seed_corpus, "question_mark", "crash")
    assert crashed.returncode == 1, crashed.stderr
    assert "boom in a key handler" in crashed.stdout + crashed.stderr


def test_quitting_the_app_exits_zero(seed_corpus: Path) -> None:
    quit_ = headless(seed_corpus, "q", "normal")
    assert quit_.returncode == 0, quit_.stderr


class _SlowOs:
    """`os` for the scan module with a slow `scandir`: a walk of 400 folders takes ~20 s."""

    def __init__(self) -> None:
        self.folders_read = 0

    def __getattr__(self, name: str):
        return getattr(os, name)

    def scandir(self, path):
        self.folders_read += 1
        time.sleep(0.05)
        return os.scandir(path)


async def test_q_quits_at_once_while_the_walk_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    for i in range(400):
        (corpus / f"f{i:03d}").mkdir(parents=True)
        (corpus / f"f{i:03d}" / "a.txt").write_text(f"Title {i}\n\nSome text {i}.\n")
    slow = _SlowOs()
    monkeypatch.setattr(scan_module, "os", slow)
    update_done = threading.Event()
    real_update = Workspace.update

    def update(self, *args, **kwargs):
        try:
            return real_update(self, *args, **kwargs)
        finally:
            update_done.set()

    monkeypatch.setattr(Workspace, "update", update)
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 20
        while slow.folders_read < 3 and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert slow.folders_read >= 3, "the walk never started"
        pressed = time.monotonic()
        await pilot.press("q")
        assert update_done.wait(2), "the walk went on after q"
        assert time.monotonic() - pressed < 2
    assert app.return_code == 0
    assert slow.folders_read < 100  # it stopped; it did not finish the 400 folders


async def test_a_name_that_is_not_utf8_is_listed_and_opens(seed_corpus: Path) -> None:
    with open(os.fsencode(seed_corpus) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(b"Caf\xe9 au lait\n\nA story about espresso in Havana.\n")
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "caf%E9" in [row.info.id for row in app.query_one(ArticleList).rows]
        pane = await open_article(app, pilot, "caf%E9")
        assert pane.reader.article is not None
        assert "espresso" in pane.reader.article.text


# Replies from background work, as they reach the app: each is a function of the app (and
# of its library, taken before the panes are removed) that hands the reply over.
REPLIES = {
    "index progress": lambda app, library: app.post_message(IndexProgress(3, 10, "reading")),
    "index updated": lambda app, library: app.post_message(
        IndexUpdated(UpdateReport(added=1, ids={"gone"}), announce=True)
    ),
    "index failed": lambda app, library: app.post_message(IndexFailed("disk full")),
    "corpus changed": lambda app, library: app.post_message(
        CorpusChanged(frozenset({"new.txt"}), frozenset())
    ),
    "annotations changed": lambda app, library: app.post_message(AnnotationsChanged("gone")),
    "watch failed": lambda app, library: app.post_message(WatchFailed("inotify limit")),
    "search failed": lambda app, library: app.call_later(
        library._search_failed, library.search_serial, "x", 0, BriefingError("bad query")
    ),
}


@pytest.mark.parametrize("reply", sorted(REPLIES))
async def test_a_reply_from_background_work_while_the_app_closes_is_dropped(
    seed_corpus: Path, monkeypatch: pytest.MonkeyPatch, reply: str
):
    """A worker's reply handled after Textual removed the panes (it does so before the
    app's last messages are handled) once ended the app with NoMatches: it is dropped."""
    close_all = BriefingApp._close_all

    async def close_then_reply(self: BriefingApp) -> None:
        library = self.library
        await close_all(self)
        REPLIES[reply](self, library)
        await asyncio.sleep(0.2)  # the app's message loop handles the reply meanwhile

    monkeypatch.setattr(BriefingApp, "_close_all", close_then_reply)
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE):
        await app.workers.wait_for_complete()
    assert app._exception is None
