"""The live corpus in a real terminal (issue 13): the real `briefing` app in tmux while
another process changes the corpus and the annotations under it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
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
ID_002 = "002_1f6b0f63a8b626fd"
SENTENCE = "High-ranking officials from the US Department of State"


@pytest.fixture
def terminal(seed_corpus: Path, isolated_dirs):
    env = {k: str(v) for k, v in isolated_dirs.items()} | {"PATH": os.environ.get("PATH", "")}
    command = f"{shlex.quote(str(BRIEFING))} --corpus {shlex.quote(str(seed_corpus))}"
    term = Terminal(f"briefing-live-{os.getpid()}", command, env, cwd=seed_corpus.parent)
    yield term
    term.close()


def styled_screen(term: Terminal) -> str:
    """The screen with its colours (escape sequences kept)."""
    return term.run("capture-pane", "-p", "-e", "-t", term.name)


def test_the_app_follows_files_and_annotations_changed_outside(terminal, seed_corpus, tmp_path):
    t = terminal
    t.wait_for(lambda s: "5 articles" in s, "the library")

    # A new file with a unique word is searchable within 3 s.
    (seed_corpus / "late.txt").write_text("A late story\n\nThe zanzibarium arrived.\n", "utf-8")
    written = time.monotonic()
    t.wait_for(lambda s: "6 articles" in s, "the new file listed", timeout=3)
    t.keys("/")
    t.text("zanzibarium")
    t.keys("Enter")
    t.wait_for(lambda s: "1 hit for zanzibarium" in s, "the new file found")
    assert time.monotonic() - written < 3 + 3  # listed within 3 s, then one search

    # Open 002, highlight a sentence, then another process edits the file above it.
    t.press_until("Escape", lambda s: "6 articles" in s, "the library again")
    t.keys("/")
    t.text("title:resumes")
    t.keys("Enter")
    t.wait_for(lambda s: "1 hit for title:resumes" in s, "002 found")
    t.keys("Enter")
    t.wait_for(lambda s: "Under Biden, US resumes" in s and SENTENCE in s, "002 open")
    t.keys("f")
    t.wait_for(
        lambda s: "Find in this article" in s, "the find line"
    )  # keys typed before it are lost
    t.text("High-ranking")
    t.keys("Enter")
    t.wait_for(lambda s: "Find in this article" not in s, "the find line closed on the hit")
    t.keys("h")
    t.wait_for(lambda s: "key-fact · exact" in s, "the highlight under the cursor")
    path = next(seed_corpus.glob(f"{ID_002}.*"))
    raw = path.read_text("utf-8")
    # A sentence added just above the highlighted one: the reader keeps the highlighted
    # sentence on its screen row, so the new words show in the lines above it.
    end = "Donald Trump (2017-2020)."
    added = " An editor added this sentence about the marmoset accord."
    path.write_text(raw.replace(end, end + added, 1), "utf-8")
    shown = t.wait_for(lambda s: "marmoset accord" in s, "the new text in the reader", timeout=5)
    assert SENTENCE in shown
    # The cursor stayed on the highlighted sentence, which is still marked.
    t.wait_for(lambda s: "key-fact · " in s, "the highlight still under the cursor")
    styled = styled_screen(t)
    line = next(row for row in styled.splitlines() if "High-ranking" in row)
    before = line.split("High-ranking")[0]
    assert "\x1b[" in before[-40:], "the highlighted sentence is not styled"

    # Another process writes the article's annotation file: its tag shows in the header.
    env = {**os.environ}
    done = subprocess.run(
        [str(BRIEFING), "--corpus", str(seed_corpus), "tag", ID_002, "livetag"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    t.wait_for(lambda s: "#livetag" in s, "the tag from the other process", timeout=5)
