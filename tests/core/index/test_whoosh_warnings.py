"""Whoosh 2.7.4 compiled from source (no cached bytecode) warns about its own invalid
escapes; those, and only those, are silenced where our index package imports it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_fresh(code: str, tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """*code* in a new interpreter that finds no cached bytecode and writes none."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-X", f"pycache_prefix={tmp_path}", *flags, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_importing_the_index_from_source_is_silent_even_under_w_error(tmp_path: Path):
    done = run_fresh("import briefing.core.index, briefing.cli", tmp_path, "-W", "error")
    assert done.returncode == 0, done.stderr
    done = run_fresh("import briefing.core.index, briefing.cli", tmp_path, "-W", "always")
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_other_compile_warnings_still_show(tmp_path: Path):
    code = "import briefing.core.index\ncompile('x = \"\\\\d\"', 'ours.py', 'exec')\n"
    done = run_fresh(code, tmp_path, "-W", "always")
    assert done.returncode == 0, done.stderr
    assert "invalid escape sequence" in done.stderr and "ours.py" in done.stderr
