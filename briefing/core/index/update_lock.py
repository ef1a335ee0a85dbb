"""The lock that serialises index updates between processes and threads.

Whoosh allows one writer and its multi-file commit is not crash-safe, so one update runs at
a time; a second updater waits, then finds less to do.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# How often a wait for another updater looks at the cancel callback, in seconds.
_POLL = 0.1

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


class Cancelled(Exception):
    """An update's cancel callback said stop: nothing more is written."""


def _thread_lock(path: Path) -> threading.Lock:
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(str(path.resolve()), threading.Lock())


@contextmanager
def update_lock(
    path: Path,
    cancelled: Callable[[], bool] = lambda: False,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold the update lock at *path* (a file, created if missing) for the block.

    *on_wait* is called once if another process or thread holds it; the wait then polls,
    every 0.1 s, and raises :class:`Cancelled` as soon as *cancelled* returns True (an app
    quitting while another process indexes must not wait for it). OSError if *path* cannot
    be opened.

    A POSIX record lock (lockf), not flock: Whoosh's multiprocess writer forks, and a
    forked child shares an flock. Seen here: the parent was killed, its orphaned children
    lived on holding the lock, and every later update waited forever. A record lock
    belongs to the process that took it and dies with it. Record locks do not exclude
    threads of one process, hence the thread lock as well.
    """
    thread_lock = _thread_lock(path)
    waited = False

    def wait() -> None:
        nonlocal waited
        if not waited and on_wait is not None:
            on_wait()
        waited = True
        if cancelled():
            raise Cancelled

    while not thread_lock.acquire(timeout=_POLL):
        wait()
    try:
        with open(path, "w") as handle:
            while True:
                try:
                    fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    wait()
                    time.sleep(_POLL)
            try:
                yield
            finally:
                fcntl.lockf(handle, fcntl.LOCK_UN)
    finally:
        thread_lock.release()
