"""Nothing from outside reaches the terminal: the real app and command in tmux with
set-clipboard on, on a corpus and annotation files full of OSC 52 (clipboard) and OSC 2
(title) sequences. Afterwards tmux's paste buffers and the pane title are as they were."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tmux_terminal import Terminal

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

BRIEFING = Path(sys.executable).with_name("briefing")
ESC, BEL = "\x1b", "\x07"
CLIP = f"{ESC}]52;c;c2V0IGJ5IHRpdGxl{BEL}"  # base64 of "set by title"


def osc2(name: str) -> str:
    return f"{ESC}]2;{name}{BEL}"


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar holding *text* (escapes as YAML writes them)."""
    return '"' + text.replace("\\", "\\\\").replace(ESC, "\\e").replace(BEL, "\\a") + '"'


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"evil{osc2('FILENAME')}.md").write_text(
        "---\n"
        f"title: {yaml_str('Innocent ' + CLIP + osc2('HIJACKED'))}\n"
        f"source: {yaml_str('Wire ' + osc2('SOURCE'))}\n"
        f"author: {yaml_str('Ana ' + CLIP)}\n"
        f"tags: [{yaml_str('fm' + osc2('FMTAG'))}]\n"
        "---\n"
        f"The body of the article about Havana talks.{CLIP}\n\nSecond paragraph.\n",
        "utf-8",
    )
    article_id = f"evil{osc2('FILENAME')}"
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    (annotations / f"{article_id}.yaml").write_text(
        f"schema: 1\narticle: {yaml_str(article_id)}\n"
        f"tags: [{yaml_str('t' + osc2('TAG'))}]\n"
        f"note: {yaml_str('article note ' + CLIP)}\n"
        f"overrides: {{source: {yaml_str('Fixed ' + osc2('OVERRIDE'))}}}\n"
        "highlights:\n"
        "- id: 11111111-1111-4111-8111-111111111111\n"
        "  created: 2025-01-01T00:00:00Z\n"
        "  modified: 2025-01-01T00:00:00Z\n"
        f"  author: {yaml_str('a' + osc2('AUTHOR'))}\n"
        f"  color: {yaml_str('key-fact' + osc2('COLOR'))}\n"
        f"  note: {yaml_str('highlight note ' + CLIP)}\n"
        f"  tags: [{yaml_str('x' + osc2('HLTAG'))}]\n"
        "  target:\n"
        "    exact: The body of the article\n"
        "    prefix: ''\n"
        "    suffix: ' about Havana talks.'\n"
        "    start: 0\n"
        "    end: 23\n"
        "    content_hash: ''\n",
        "utf-8",
    )
    return tmp_path


def test_the_app_never_sends_outside_text_to_the_terminal(hostile: Path, isolated_dirs):
    env = {k: str(v) for k, v in isolated_dirs.items()} | {"PATH": os.environ.get("PATH", "")}
    socket = f"briefing-hostile-{os.getpid()}"
    # The pause lets set-clipboard be switched on before the app draws its first screen.
    command = f"sleep 1; {shlex.quote(str(BRIEFING))} --corpus corpus"
    t = Terminal("hostile", command, env, cwd=hostile, socket=socket)
    try:
        t.run("set-option", "-g", "set-clipboard", "on")
        title = t.run("display-message", "-p", "-t", "hostile", "#{pane_title}")
        shown = t.wait_for(lambda s: "1 article" in s, "the library")
        assert "Innocent ␛]52;c;" in shown  # shown, inertly
        t.keys("Enter")  # the reader: header, border title, note line
        t.wait_for(lambda s: "Second paragraph" in s, "the reader")
        t.keys("A")  # the annotations view: quotes, notes, tags, colours
        t.wait_for(lambda s: "highlight note ␛]52" in s, "the annotations view")
        # An escape followed at once by a letter reads as alt+letter: wait between them.
        t.press_until("Escape", lambda s: "enter jump" not in s, "the annotations view to close")
        t.keys("Enter")
        t.wait_for(lambda s: "Second paragraph" in s, "the reader again")
        # The article's tag editor (pressed again if a loaded machine lost the key while
        # the reader was still opening).
        t.press_until("T", lambda s: "Tags of the article" in s, "the tag editor")
        t.press_until("Escape", lambda s: "Tags of the article" not in s, "the tag editor to close")
        t.keys("a")  # the note on the highlight under the cursor
        t.wait_for(lambda s: "Note on" in s, "the note editor")
        t.press_until("Escape", lambda s: "Note on" not in s, "the note editor to close")
        t.keys("m")  # the metadata editor
        t.wait_for(lambda s: "Correct the article" in s, "the metadata editor")
        t.press_until(
            "Escape", lambda s: "Correct the article" not in s, "the metadata editor to close"
        )
        t.keys("q")
        buffers = t.run("list-buffers")
        assert buffers == "", f"the clipboard was set: {buffers!r}"
        assert t.run("display-message", "-p", "-t", "hostile", "#{pane_title}") == title
    finally:
        t.close()
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["search", "Havana"],
        ["show", f"evil{osc2('FILENAME')}"],
        ["annotations"],
        ["export"],
        ["export", "--format", "csv"],
    ],
    ids=["list", "search", "show", "annotations", "export", "export-csv"],
)
def test_the_command_never_prints_a_control_character(hostile: Path, args: list[str]):
    done = subprocess.run(
        [str(BRIEFING), "--corpus", "corpus", *args],
        cwd=hostile,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert not [c for c in stream if ord(c) < 32 and c not in "\t\n\r"], stream
        assert not [c for c in stream if 0x7F <= ord(c) < 0xA0], stream
    assert "␛" in done.stdout  # what was there is shown, inertly


def test_json_keeps_the_data_exact_and_escaped(hostile: Path):
    import json

    done = subprocess.run(
        [str(BRIEFING), "--corpus", "corpus", "list", "--json"],
        cwd=hostile,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ESC not in done.stdout and BEL not in done.stdout
    (item,) = json.loads(done.stdout)
    assert item["title"] == "Innocent " + CLIP + osc2("HIJACKED")
