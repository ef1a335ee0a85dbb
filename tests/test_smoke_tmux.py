"""Smoke test: the real `briefing` command in a real terminal (tmux, 120x40), driven by keys.

This is what a newcomer does first: library, search, open, step through hits, a second
article beside, compare, help, quit.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from tmux_terminal import Terminal

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

BRIEFING = Path(sys.executable).with_name("briefing")


@pytest.fixture
def launch(seed_corpus: Path, isolated_dirs):
    """Start the real `briefing` on the seed corpus in a fresh tmux session, from the folder
    above the corpus (so exports land there, never in the repository)."""
    env = {k: str(v) for k, v in isolated_dirs.items()}
    env["PATH"] = os.environ.get("PATH", "")
    started: list[Terminal] = []

    def start(size: tuple[int, int] = (120, 40)) -> Terminal:
        command = f"{shlex.quote(str(BRIEFING))} --corpus {shlex.quote(str(seed_corpus))}"
        name = f"briefing-smoke-{os.getpid()}-{len(started)}"
        term = Terminal(name, command, env, cwd=seed_corpus.parent, size=size)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


@pytest.fixture
def terminal(launch) -> Terminal:
    return launch()


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


def test_highlight_note_tag_survive_a_relaunch(launch, seed_corpus: Path):
    t = launch()
    t.wait_for(lambda s: "5 articles" in s, "the library")
    t.keys("Down", "Down", "Enter")  # 002: newest first puts the two dated ones above it
    t.wait_for(lambda s: "Under Biden, US resumes cooperation" in s and "Highlight" in s, "002")
    t.keys("h")
    t.wait_for(lambda s: "Highlighted (key-fact)" in s, "the highlight")
    t.keys("a")
    t.wait_for(lambda s: "Note on" in s, "the note editor")
    t.text("Who signed it?")
    t.keys("C-s")
    t.wait_for(lambda s: "Who signed it?" in s, "the note under the cursor")
    t.keys("t")
    t.wait_for(lambda s: "Tags of" in s, "the tag editor")
    t.text("security")
    t.keys("Enter")
    t.wait_for(lambda s: "#security" in s, "the tag under the cursor")
    t.keys("q")
    t.wait_for(lambda s: "Under Biden" not in s, "the app to quit")

    saved = (seed_corpus.parent / "annotations" / "002_1f6b0f63a8b626fd.yaml").read_text("utf-8")
    assert "Authorities from the United States and Cuba" in saved
    assert "Who signed it?" in saved and "- security" in saved

    again = launch()
    again.wait_for(lambda s: "5 articles" in s, "the library after relaunch")
    again.keys("Down", "Down", "Enter")
    again.wait_for(
        lambda s: "key-fact · exact · #security" in s and "Who signed it?" in s,
        "the highlight, note and tag after relaunch",
    )
    again.keys("q")


def test_e_writes_a_markdown_briefing(launch, seed_corpus: Path):
    t = launch()
    t.wait_for(lambda s: "5 articles" in s, "the library")
    t.keys("Down", "Down", "Enter", "h")
    t.wait_for(lambda s: "Highlighted" in s, "a highlight to export")
    t.keys("e")
    t.wait_for(lambda s: "Export the briefing" in s, "the export dialog")
    t.keys("Enter")
    t.wait_for(lambda s: "Wrote 1 highlight " in s, "the export notice")
    (written,) = seed_corpus.parent.glob("briefing-*.md")
    text = written.read_text("utf-8")
    assert "Authorities from the United States and Cuba" in text
    assert "002_1f6b0f63a8b626fd" in text
    t.keys("q")


def test_at_80x24_help_scrolls_to_its_end_and_quit_stays_in_sight(launch):
    t = launch((80, 24))
    t.wait_for(lambda s: "5 articles" in s, "the library")
    t.keys("Enter")
    shown = t.wait_for(lambda s: "Next hit" in s or "Highli" in s, "the reader")
    footer = shown.rstrip("\n").splitlines()[-1]
    assert "? Help" in footer and "q Quit" in footer, footer
    t.keys("?")
    t.wait_for(lambda s: "Keys: Reader" in s, "the help")
    t.keys("j")
    t.keys("PageDown", "PageDown", "PageDown")
    # The last line of help (it wraps at this width): reached by j and PgDn alone.
    t.wait_for(lambda s: "Remap any key" in s and "every action" in s, "the end of help")
    t.keys("q")
    t.wait_for(lambda s: "Keys: Reader" not in s, "help closed")
    t.keys("q")
