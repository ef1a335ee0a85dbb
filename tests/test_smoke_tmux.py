"""Smoke test: the real `briefing` command in a real terminal (tmux, 120x40), driven by keys.

This is what a newcomer does first: library, search, open, step through hits, a second
article beside, compare, help, quit.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
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
    above the corpus (exports land in its exports/, never in the repository)."""
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
    (written,) = (seed_corpus.parent / "exports").glob("briefing-*.md")  # beside annotations/
    assert not list(seed_corpus.parent.glob("briefing-*.md"))  # not in the current folder
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


def test_an_analysts_day(launch, seed_corpus: Path):
    """Save a search; two matching files arrive while the app is closed; the searches view
    says 2 new and opening it marks them; star one, find a word in it, undo a colour change,
    quit: the YAML holds the saved search and the star."""
    import yaml

    t = launch()
    t.wait_for(lambda s: "5 articles" in s, "the library")
    t.keys("/")
    t.text("migrants OR migration")
    t.keys("Enter")
    t.wait_for(lambda s: "for migrants OR migration" in s, "the results")
    t.keys("S")
    t.wait_for(lambda s: "Save this search" in s, "the save dialog")
    t.text("Migration")
    t.keys("Enter")
    t.wait_for(lambda s: "Save this search" not in s, "the search saved")
    t.keys("q")
    time.sleep(1.5)
    for n in (1, 2):
        (seed_corpus / f"arrival{n}.txt").write_text(
            f"Migrants reach the coast {n}\n\nMore migrants arrived at dawn, officials said.\n"
        )
    t = launch()
    t.wait_for(lambda s: "7 articles" in s, "the library with the new files")
    t.keys("W")
    shown = t.wait_for(lambda s: "Saved searches" in s and "Migration" in s, "saved searches")
    row = next(line for line in shown.splitlines() if "Migration" in line)
    assert " 2 " in row, row  # two new since the search was saved
    t.keys("Enter")
    shown = t.wait_for(lambda s: "2 new" in s, "the saved search opened")
    assert sum("│ ● " in line for line in shown.splitlines()) == 2, shown
    t.text("*")  # star the first new one
    t.wait_for(lambda s: "Marked starred" in s, "starred")
    time.sleep(1.5)  # the star re-indexes that article; the list follows it
    t.keys("Enter")
    t.wait_for(lambda s: "officials said" in s, "the article")
    t.keys("f")
    t.wait_for(lambda s: "Find in this article" in s, "the find line")
    t.text("dawn")
    t.keys("Enter")
    t.wait_for(lambda s: "1 match for dawn" in s, "found in the article")
    t.keys("h")
    t.wait_for(lambda s: "Highlighted" in s, "highlighted")
    t.keys("2")
    t.wait_for(lambda s: "claim" in s, "coloured")
    t.keys("u")
    t.wait_for(lambda s: "Undone: colour claim" in s, "the colour undone")
    t.keys("q")
    time.sleep(1.5)
    annotations = seed_corpus.parent / "annotations"
    searches = yaml.safe_load((annotations / ".briefing" / "searches.yaml").read_text("utf-8"))
    assert searches["searches"][0] == {"name": "Migration", "query": "migrants OR migration"}
    starred = [yaml.safe_load(p.read_text("utf-8")) for p in annotations.glob("arrival*.yaml")]
    assert any(d.get("starred") for d in starred), starred
    (highlighted,) = [d for d in starred if d.get("highlights")]
    assert highlighted["highlights"][0]["color"] == "key-fact"  # the colour change undone
