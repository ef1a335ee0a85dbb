"""Copies grouped (issue 18) in a real terminal: the real `briefing` app in tmux on the
seed corpus and the wire story in four variants."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

import pytest
import wire_story
from tmux_terminal import Terminal

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

BRIEFING = Path(sys.executable).with_name("briefing")


@pytest.fixture
def terminal(seed_corpus: Path, isolated_dirs):
    wire_story.write_corpus(seed_corpus)
    env = {k: str(v) for k, v in isolated_dirs.items()} | {"PATH": os.environ.get("PATH", "")}
    command = f"{shlex.quote(str(BRIEFING))} --corpus {shlex.quote(str(seed_corpus))}"
    term = Terminal(f"briefing-copies-{os.getpid()}", command, env, cwd=seed_corpus.parent)
    yield term
    term.close()


def row_of(screen: str, words: str) -> str:
    return next(line for line in screen.splitlines() if words in line)


def test_the_wire_story_is_one_row_that_z_opens_and_Z_ungroups(terminal, seed_corpus):
    t = terminal
    shown = t.wait_for(lambda s: "10 articles" in s and "+3 copies" in s, "the grouped library")
    assert "copies grouped (Z)" in shown
    assert wire_story.HEADLINE in row_of(shown, "+3 copies")
    assert "Selmar dockers strike" not in shown

    # Undated, the wire story's head is the last row (smallest id of the four).
    t.keys("G", "z")
    shown = t.wait_for(lambda s: "↳ Selmar dockers strike over bonus cuts" in s, "the copies")
    assert shown.count("↳") == 3
    t.keys("z")
    t.wait_for(lambda s: "↳" not in s and "+3 copies" in s, "the copies folded")

    t.keys("Z")
    shown = t.wait_for(lambda s: "copies not grouped (Z)" in s, "every copy on its own row")
    assert "Selmar dockers strike over bonus cuts" in shown and "+3 copies" not in shown
    t.keys("Z")
    t.wait_for(lambda s: "copies grouped (Z)" in s and "+3 copies" in s, "grouped again")

    # A fifth outlet's copy, written while the app runs, joins the row.
    headline, paragraphs = wire_story.VARIANTS["wire_a_original.txt"]
    body = wire_story.body(paragraphs)
    (seed_corpus / "wire_e_late.txt").write_text(f"{headline}\n\n{body}\n", "utf-8")
    t.wait_for(lambda s: "11 articles" in s and "+4 copies" in s, "the late copy grouped")

    # A search for the story lists it once.
    t.keys("/")
    t.text("Selmar")
    t.keys("Enter")
    # (The +N is at the row's right end: the Z toasts cover it for their 3 s.)
    shown = t.wait_for(lambda s: "5 hits for Selmar" in s and "+4 copies" in s, "the search")
    assert shown.count(wire_story.HEADLINE) + shown.count("Selmar dockers strike") == 1
