"""Who a new highlight is by: the config's author, else git's user.name, else the login."""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path


def default_author(cwd: Path | None = None) -> str:
    """``git config user.name`` (run in *cwd*), else the login name, else ``"unknown"``."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=cwd if cwd is not None and cwd.is_dir() else None,
            capture_output=True,
            text=True,
            timeout=2,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # KeyError or OSError without a passwd entry, depending on Python
        return "unknown"
