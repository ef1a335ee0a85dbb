"""Whoosh writers whose worker processes never outlive the update that started them.

Whoosh's two-process writer (``procs=2``) forks workers that wait on a job queue. Seen
here: ``kill PID`` of a running ``briefing index`` left both workers running for good
(~45 MB each), blocked on a queue whose write end they hold themselves; and
``MpWriter.cancel()`` only sets a flag in the parent's copy of each task object, which the
children never see, so even a clean cancel left them behind (and a normal interpreter exit
then waited on them). :class:`ChildSafeWriter` fixes both:

- each worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on
  Linux), and a thread in it polls ``getppid()`` twice a second where that is missing or
  fails: this covers SIGKILL of the parent;
- ``cancel()`` kills and reaps the workers, so SIGINT (KeyboardInterrupt), the CLI's
  SIGTERM/SIGHUP handling and a cancelled app update all end them;
- workers are daemonic, so a parent that exits normally terminates any left over.

Why keep two processes at all: first builds of 2,000 generated articles, alternating, on
this 2-core machine shared with other work: at load ~1.7, 236 / 133 / 109 docs/s with
``procs=2`` against 133 / 114 / 121 with one process; at load 5-6, 96 / 156 / 76 against
107 / 100 / 108. The second process nearly doubles a build when a core is free (minutes at
20k articles) and costs little when none is; with the workers made safe, it stays.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from typing import Any

from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_REAP_TIMEOUT = 5.0  # seconds to wait for a killed worker to be reaped


def _die_with(parent: int) -> None:
    """In a worker: end this process as soon as *parent* is gone."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the polling thread below still runs
            pass
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _WorkerTask(SubWriterTask):
    """Whoosh's worker, tied to its parent's life and deaf to the terminal's Ctrl-C (the
    parent handles that and kills it; otherwise each worker prints its own traceback)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent_pid = os.getpid()
        self.daemon = True

    def run(self) -> None:
        _die_with(self.parent_pid)
        # SIGINT ignored; SIGTERM/SIGHUP back to the default, not the CLI's handler that
        # raises (inherited through fork). ValueError if Python does not see this as the
        # main thread: the inherited handlers then stay, and the parent still kills us.
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
        super().run()


class ChildSafeWriter(MpWriter):
    """``MpWriter(multisegment=True)`` whose workers die with the parent or on cancel()."""

    def __init__(self, ix: Index, procs: int, **kwargs: Any) -> None:
        super().__init__(ix, procs=procs, multisegment=True, **kwargs)

    def _new_task(self) -> SubWriterTask:
        task = _WorkerTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task

    def worker_pids(self) -> list[int]:
        """Process ids of the workers started so far (for tests and diagnostics)."""
        return [t.pid for t in self.tasks if t.pid is not None]

    def cancel(self) -> None:
        """Kill and reap every worker, then discard what this writer wrote."""
        for task in self.tasks:
            if task.is_alive():
                task.kill()
        for task in self.tasks:
            task.join(_REAP_TIMEOUT)
        # The queues' feeder threads would otherwise block the interpreter's exit, waiting
        # to hand job files to workers that are gone.
        self.jobqueue.cancel_join_thread()
        self.resultqueue.cancel_join_thread()
        SegmentWriter.cancel(self)


def open_writer(ix: Index, *, bulk: bool, procs: int) -> SegmentWriter:
    """A writer for *ix*: :class:`ChildSafeWriter` with *procs* workers when *bulk*, else a
    plain one. Both wait up to 60 s for Whoosh's own lock (ours is already held)."""
    if bulk and procs > 1:
        return ChildSafeWriter(ix, procs, limitmb=256, timeout=60)
    return SegmentWriter(ix, limitmb=128, timeout=60)


def unwritten(writer: SegmentWriter) -> int:
    """How many documents added to *writer* may not be written yet: for the two-process
    writer, those queued for its workers, a batch in each worker's hands and the batch
    being filled (at most); 0 for a plain writer, which writes each as it is added."""
    if not isinstance(writer, MpWriter):
        return 0
    try:
        queued = writer.jobqueue.qsize()
    except NotImplementedError:  # macOS: the queue's bound
        queued = writer.procs * 4
    return (queued + len(writer.tasks)) * writer.batchsize + len(writer.docbuffer)
