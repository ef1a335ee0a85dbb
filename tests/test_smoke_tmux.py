"""Smoke test: the real `briefing` command in a real terminal (tmux, 120x40), driven by keys.

This is what a newcomer does first: library, search, open, step through hits, a second
article beside, compare, help, quit.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

BRIEFING = Path(sys.executable).with_name("briefing")


class Terminal:
    def __init__(self, name: str, command: str, env: dict[str, str]):
        self.name = name
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "120",
                "-y",
                "40",
                f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {command}; sleep 30",
            ],
            check=True,
        )

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def text(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", *keys], check=True)

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout

    def wait_for(self, predicate: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if predicate(shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen was:\n{shown}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(seed_corpus: Path, isolated_dirs):
    env = {k: str(v) for k, v in isolated_dirs.items()}
    env["PATH"] = os.environ.get("PATH", "")
    command = f"{shlex.quote(str(BRIEFING))} --corpus {shlex.quote(str(seed_corpus))}"
    term = Terminal(f"briefing-smoke-{os.getpid()}", command, env)
    yield term
    term.close()


def test_newcomer_walkthrough(terminal: Terminal):
    t = terminal
    shown = t.wait_for(lambda s: "5 articles" in s, "the library")
    assert "US, Cuba to Restart Talks on Law Enforcement" in shown

    t.keys("/")
    t.text("Rodriguez")
    t.keys("Enter")
    shown = t.wait_for(lambda s: "4 hits for Rodriguez" in s, "four hits")

    t.keys("Enter")  # opens the first hit
    shown = t.wait_for(lambda s: "Next hit" in s and "no date" in s, "the reader")
    assert "Bruno Rodriguez" in shown
    t.keys("n", "N")

    # The two articles that share a quoted statement: 002 and 003.
    t.keys("Escape", "Escape")
    shown = t.wait_for(lambda s: "5 articles" in s, "the library again")
    t.keys("Down", "Down", "Enter")
    t.wait_for(lambda s: "Under Biden, US resumes cooperation" in s and "Next hit" in s, "002 open")
    t.keys("Escape", "Down", "s")
    t.wait_for(
        lambda s: "Meeting between US and Cuban" in s and "Under Biden, US" in s, "two readers"
    )

    t.keys("c")
    t.wait_for(lambda s: "shared passages marked" in s, "compare mode")

    t.keys("?")
    t.wait_for(lambda s: "Keys: Reader" in s and "Compare" in s, "the help screen")
    t.keys("Escape")
    t.wait_for(lambda s: "Keys: Reader" not in s, "help closed")

    t.keys("q")
    t.wait_for(lambda s: "5 articles" not in s, "the app to quit")
