"""Folders watched for changes while the app is open: which files were added, changed,
moved or deleted, as paths relative to the folder.

**watchfiles** does the watching: a small, well-kept binding to the Rust ``notify`` crate
(inotify on Linux, FSEvents on macOS), which groups a burst of events (an editor's
write-rename-chmod, a ``git pull``) into one batch. Polling 100k files would cost what a
full update costs (~0.7 s of stats) every time; the kernel's events cost nothing while
nothing changes and name the file at once when something does.

The module imports watchfiles only when a watch starts, so nothing else pays for it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

# How long a batch may gather events: the first event waits _STEP_MS for more (an editor's
# save is several), a stream of events is cut every _DEBOUNCE_MS.
_STEP_MS = 50
_DEBOUNCE_MS = 400
# How often a folder that does not exist yet (annotations before the first save) is
# looked for, in seconds.
_LOOK_FOR_MISSING = 2.0


@dataclass(frozen=True)
class Changes:
    """A burst of changes in a workspace (``Workspace.changes``): corpus *paths*
    (relative, '/'-separated; files or folders) and the *articles* whose annotation files
    changed."""

    paths: frozenset[str]
    articles: frozenset[str]


def _relative(path: str, folders: Sequence[str]) -> tuple[str, str] | None:
    """(folder, path relative to it, '/'-separated) for the deepest folder holding
    *path*, None when none does or a part of the path is hidden (a dot-name: temp files,
    lock folders, editors' swap files)."""
    for folder in folders:
        if path.startswith(folder + os.sep):
            rel = path[len(folder) + 1 :].replace(os.sep, "/")
            if any(part.startswith(".") for part in rel.split("/")):
                return None
            return folder, rel
    return None


def _files_below(folder: str) -> set[str]:
    """Every file below *folder*, relative and '/'-separated, hidden ones left out."""
    found: set[str] = set()
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found.update(prefix + name for name in files if not name.startswith("."))
    return found


def watch_folders(folders: Sequence[Path], stop: threading.Event) -> Iterator[dict[Path, set[str]]]:
    """Yield, for each batch of changes, folder -> the paths below it that changed
    (relative, '/'-separated, as the file system names them: not necessarily UTF-8).

    A folder that does not exist yet is watched once it does. Names starting with a dot,
    at any depth, are left out. Ends soon after *stop* is set (within ~50 ms). Raises
    OSError when the system refuses to watch (say, the inotify watch limit).
    """
    from watchfiles import watch  # only when watching: ~35 ms of imports

    wanted = [os.path.realpath(f) for f in folders]
    by_name = {os.path.realpath(f): Path(f) for f in folders}
    watched: list[str] = []
    while not stop.is_set():
        present = [f for f in wanted if os.path.isdir(f)]
        missing = [f for f in wanted if f not in present]
        # A folder that appeared since the last watch (annotations/ at the first save, or
        # a clone) may hold files written before we watched it: every one is news.
        appeared = {
            by_name[f]: everything
            for f in present
            if f not in watched and watched
            if (everything := _files_below(f))
        }
        watched = present
        if appeared:
            yield appeared
        if not present:
            watched = [""]  # so that a folder appearing later counts as appeared
            stop.wait(_LOOK_FOR_MISSING)
            continue
        deepest_first = sorted(present, key=len, reverse=True)
        for batch in watch(
            *present,
            watch_filter=None,
            debounce=_DEBOUNCE_MS,
            step=_STEP_MS,
            stop_event=stop,
            rust_timeout=int(_LOOK_FOR_MISSING * 1000),
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            found: dict[Path, set[str]] = {}
            for _change, path in batch:
                hit = _relative(path, deepest_first)
                if hit is not None:
                    found.setdefault(by_name[hit[0]], set()).add(hit[1])
            if found:
                yield found
            if any(os.path.isdir(f) for f in missing) or not all(map(os.path.isdir, present)):
                break  # a folder appeared or went: watch again with what is there


def watch_workspace(corpus: Path, notes: Path, stop: threading.Event) -> Iterator[Changes]:
    """:func:`watch_folders` on a corpus and its annotations folder *notes*, as one
    :class:`Changes` per batch (an annotation file ``<id>.yaml`` names the article *id*)."""
    for batch in watch_folders([corpus, notes], stop):
        ids = {rel[:-5] for rel in batch.get(notes, ()) if rel.endswith(".yaml")}
        yield Changes(frozenset(batch.get(corpus, ())), frozenset(ids))
