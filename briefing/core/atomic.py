"""Crash-safe file writes and inter-process locks.

A reader must only ever see the old file or the new one, never half of either: data goes
to a temp file in the same folder, is flushed and fsynced, then ``os.replace``d over the
target, and the folder is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


class LockTimeout(OSError):
    """The lock stayed taken by another process for longer than the timeout."""


@contextmanager
def exclusive_lock(lock_path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive ``flock`` on *lock_path* (created if missing) for the block.

    The kernel drops the lock when its holder dies, even by SIGKILL, so no lock is ever
    stale. Polls rather than blocks so a stuck holder gives :class:`LockTimeout`, not a hang.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"still locked after {timeout:g} s: {lock_path}") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def temp_path_for(path: Path) -> Path:
    """The one temp file :func:`write_atomic` uses for *path* (hidden, ends in ``.tmp``)."""
    return path.with_name(f".{path.name}.tmp")


def write_atomic(path: Path, data: bytes, temp: Path | None = None) -> None:
    """Replace *path* with *data* so that a crash at any moment leaves old or new, whole.

    The caller must hold a lock for *path*: the temp file name is fixed (*temp*, by default
    :func:`temp_path_for`), so a writer killed mid-save leaves at most one stale temp file,
    which the next save simply overwrites. *temp* must be on the same filesystem as *path*
    (``os.replace`` cannot cross one: OSError ``EXDEV``). An existing file's permissions are
    kept. Raises OSError; the temp file is removed and *path* left as it was.
    """
    make_dirs(path.parent)
    tmp = temp if temp is not None else temp_path_for(path)
    make_dirs(tmp.parent)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with suppress(FileNotFoundError):
            os.fchmod(fd, os.stat(path).st_mode & 0o7777)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def make_dirs(folder: Path) -> None:
    """``mkdir -p`` that also fsyncs each new folder's parent, so new folders survive a crash."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir()
        except FileExistsError:
            if not new.is_dir():  # a file in the way: let the caller see it
                raise
        fsync_dir(new.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename or creation inside *folder* durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
