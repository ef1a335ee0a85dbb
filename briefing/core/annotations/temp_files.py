"""The annotation store's temp files: where a save writes before it replaces the YAML.

A save killed mid-write once left ``.<id>.yaml.tmp`` beside the YAML, where ``git status``
showed it and ``git add -A`` committed half a file. Temp files now live in ``.locks/``
beside their article's lock (that folder's ``.gitignore`` says ``*``), inside the
annotations folder so ``os.replace`` never crosses filesystems; stale ones are removed
when a store opens.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from briefing.core import atomic
from briefing.core.annotations.model import InvalidAnnotation

LOCK_SUFFIX = ".lock"
TEMP_SUFFIX = ".yaml.tmp"
LOCKS = ".locks"


def temp_path_beside(lock: Path) -> Path:
    """The temp file of the save that holds *lock* (``x.lock`` -> ``x.yaml.tmp``)."""
    return lock.with_name(lock.name[: -len(LOCK_SUFFIX)] + TEMP_SUFFIX)


def remove_stale_temp_files(root: Path, lock_for: Callable[[str], Path]) -> int:
    """Remove the temp files killed saves left under *root*; return how many went.

    Looks in ``.locks/`` and, for files written before temp files moved there, for
    ``.<name>.yaml.tmp`` beside the YAML. *lock_for* maps an article id to its lock file;
    a temp file whose lock another process holds belongs to a save under way and stays.
    Best effort: never raises OSError (a read-only folder keeps its files).
    """
    if not root.is_dir():
        return 0
    removed = 0
    for folder, subfolders, names in os.walk(root):
        parts = Path(folder).relative_to(root).parts
        in_locks = parts[:1] == (LOCKS,)
        if in_locks:
            parts = parts[1:]
        else:  # the YAML tree: hidden folders are not the store's, except .locks itself
            subfolders[:] = [d for d in subfolders if d == LOCKS or not d.startswith(".")]
        for name in names:
            if not name.endswith(TEMP_SUFFIX):
                continue
            if in_locks:
                stem = name[: -len(TEMP_SUFFIX)]
            elif name.startswith("."):
                stem = name[1 : -len(TEMP_SUFFIX)]
            else:
                continue  # a visible "x.yaml.tmp" is the user's, not ours
            removed += _remove_if_stale(Path(folder, name), "/".join((*parts, stem)), lock_for)
    return removed


def _remove_if_stale(temp: Path, article_id: str, lock_for: Callable[[str], Path]) -> int:
    try:
        lock = lock_for(article_id)
        with atomic.exclusive_lock(lock, timeout=0):
            temp.unlink()
        return 1
    except (InvalidAnnotation, OSError):  # LockTimeout (an OSError): a save under way
        return 0
