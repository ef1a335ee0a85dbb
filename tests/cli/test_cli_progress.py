"""Progress of long jobs on the command line (issue 16): one bar across an index's stages,
"n of N articles" and a rate; plain lines for logs, one line rewritten in place at a
terminal, never an escape sequence; export and import report too."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import write_articles
from tmux_terminal import Terminal

import briefing.core.progress
from briefing.cli import main
from briefing.cli.output import ProgressLine
from briefing.core.progress import IMPORT_STAGES
from briefing.core.workspace import Workspace

PLAIN = re.compile(r"^ *(\d+)% ([A-Z][a-z ]+) ([\d,]+) of ([\d,]+) articles( · [\d,]+/s)?$")


def percents(stderr: str) -> list[int]:
    """The percent of each progress line, every line checked against the plain form."""
    assert "\r" not in stderr and "\x1b" not in stderr
    found = []
    for line in stderr.splitlines():
        match = PLAIN.match(line)
        assert match, f"not a progress line: {line!r}"
        found.append(int(match[1]))
    return found


def test_index_for_a_log_prints_plain_lines_that_only_go_forward(tmp_path: Path):
    corpus = write_articles(tmp_path / "corpus", 300)
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "--corpus", str(corpus), "index"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "300 added, 0 changed, 0 deleted, 0 unchanged.\n"
    lines = done.stderr.splitlines()
    shown = percents(done.stderr)
    assert shown == sorted(shown) and shown[-1] == 100
    assert 3 <= len(lines) <= 12  # the first report, each tenth, the end
    assert lines[0].lstrip().startswith(("0% Reading files", "1% Reading files"))
    assert any(" 20% Reading files 300 of 300 articles" in line for line in lines)
    assert lines[-1].startswith("100% Indexing 300 of 300 articles")
    # Nothing to do the second time: nothing printed.
    again = subprocess.run(
        [sys.executable, "-m", "briefing", "--corpus", str(corpus), "index"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.stderr == ""
    # The update before another command prints progress at a terminal only: scripts
    # read a search's stderr for warnings.
    searched = subprocess.run(
        [sys.executable, "-m", "briefing", "--corpus", str(corpus), "--index", "fresh"]
        + ["search", "uniq7", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert searched.returncode == 0 and searched.stderr == ""


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise io.UnsupportedOperation  # no size to ask: 80 columns


def test_at_a_terminal_one_line_is_rewritten_in_place():
    out = FakeTerminal()
    with ProgressLine(stream=out) as progress:
        progress(3, 5, "reading")  # a small job, under a second: not shown
        assert out.getvalue() == ""
        progress(100, 400, "reading")
        progress(400, 400, "reading")
        progress(0, 400, "indexing")
        progress(200, 400, "indexing")
    text = out.getvalue()
    assert "\x1b" not in text and text.endswith("\n") and text.count("\n") == 1
    drawn = text.rstrip("\n").split("\r")[1:]
    assert [d.rstrip()[:4] for d in drawn] == ["  5%", " 20%", " 20%", " 60%", "100%"]
    assert drawn[1].startswith(" 20% [####....................] Reading files 400 of 400")
    assert all(len(d) < 80 for d in drawn)
    # Each line covers what it overwrites.
    assert all(len(b) >= len(a.rstrip()) for a, b in zip(drawn, drawn[1:], strict=False))

    failed = FakeTerminal()
    with pytest.raises(KeyboardInterrupt), ProgressLine(stream=failed) as progress:
        progress(100, 400, "reading")
        raise KeyboardInterrupt
    assert (
        failed.getvalue() == "\r  5% [#.......................] Reading files 100 of 400 articles\n"
    )


def test_a_small_job_prints_nothing_for_a_log():
    out = io.StringIO()
    with ProgressLine(IMPORT_STAGES, stream=out) as progress:
        for n in range(6):
            progress(n, 5, "merging")
    assert out.getvalue() == ""


def test_export_and_import_show_their_progress(
    seed_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
):
    ws = Workspace(seed_corpus, annotations=tmp_path / "ours")
    ws.update()
    for info in ws.articles():
        article = ws.indexed_article(info.id)
        assert article is not None
        ws.highlight_span(article, 0, 20)
    ws.update()  # the notes indexed: the command's own update has nothing to do
    ws.close()
    monkeypatch.setattr(briefing.core.progress, "SHOWN_FROM", 5)  # five articles are long
    exported = tmp_path / "ours.json"
    base = ["--corpus", str(seed_corpus)]
    assert (
        main([*base, "--annotations", str(tmp_path / "ours"), "export", "-o", str(exported)]) == 0
    )
    out, err = capsys.readouterr()
    assert out.startswith("Wrote 5 highlights from 5 articles")
    lines = err.splitlines()
    assert percents(err) == sorted(percents(err))
    assert lines[0].lstrip().startswith("0% Reading annotations 0 of 5 articles")
    assert lines[-1] == "100% Collecting highlights 5 of 5 articles"

    assert main([*base, "--annotations", str(tmp_path / "theirs"), "import", str(exported)]) == 0
    out, err = capsys.readouterr()
    assert "5 added" in out
    merging = err[err.index("  0% Merging") :]
    assert merging.splitlines()[-1] == "100% Merging annotations 5 of 5 articles"
    assert percents(merging) == sorted(percents(merging))


@pytest.mark.smoke
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_briefing_index_in_a_real_terminal(tmp_path: Path, isolated_dirs):
    corpus = write_articles(tmp_path / "corpus", 600)
    env = {k: str(v) for k, v in isolated_dirs.items()}
    env["PATH"] = os.environ.get("PATH", "")
    command = shlex.join([str(Path(sys.executable).with_name("briefing")), "--corpus", str(corpus)])
    term = Terminal(
        f"briefing-progress-{os.getpid()}", f"{command} index", env, tmp_path, size=(90, 20)
    )
    try:
        shown = term.wait_for(lambda s: "600 added" in s, "the index's report", timeout=120)
    finally:
        term.close()
    lines = [line for line in shown.splitlines() if line.strip()]
    # One progress line, rewritten to its end: no stage's line left behind, no ␍ shown.
    assert lines[0].startswith("100% [########################] Indexing 600 of 600 articles")
    assert lines[1] == "600 added, 0 changed, 0 deleted, 0 unchanged."
    assert "␍" not in shown and "Reading" not in shown
