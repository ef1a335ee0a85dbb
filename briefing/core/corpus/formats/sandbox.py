"""Running a reader where it cannot hang or crash an index run: a child process.

Every PDF, page, message, feed and document in a corpus is someone else's file, and the
libraries that parse them are large: a crafted PDF can loop pypdf for ever, a deep page can
take lxml minutes, a C extension can crash. Python cannot stop a thread, and no reader
here has a timeout of its own, so readers run in one long-lived child process:

- the answer is awaited for at most a timeout (per format); past it the child is killed,
  the file named with a one-line reason, and a new child started for the next file;
- a child that dies (a crash, the kernel's OOM killer) costs only the file it was reading;
- its address space is capped (``RLIMIT_AS``), so a decompression bomb is a MemoryError
  there, not a machine swapping here;
- it is killed with its parent (``PR_SET_PDEATHSIG`` on Linux, from a thread that lives as
  long as the child; else it ends at the closed pipe) and ignores the terminal's Ctrl-C,
  which its parent handles.

A fresh interpreter (``python -m`` this module), not a fork: the app reads from a worker
thread, and a forked child of a threaded process can inherit a lock another thread held;
nor multiprocessing's "spawn", which re-runs the parent's main script in the child and
fails when there is none (``python -`` , an embedding program). One child per process,
shared by every update and thread in turn (a lock), started at the first file that needs
it. Requests and answers are JSON lines (the file's bytes follow their request raw), so
nothing the child sends is ever unpickled here.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import IO, Any

from briefing.core.corpus.formats.base import Extracted, Skip
from briefing.core.corpus.textio import UnreadableFile

Reader = Callable[[bytes, str], list[Extracted]]

MEMORY_LIMIT = 2 << 30  # bytes of address space for the reading process
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_PARENT = "BRIEFING_READER_PARENT"


class Failed(UnreadableFile):
    """The reader did not answer: it ran past its time or its process died. Unlike a
    reader's own verdict (Skip), this may not happen again, so it is never cached."""


# -- the child --------------------------------------------------------------------------------
def _answer(request: dict[str, Any], data: bytes) -> dict[str, Any]:
    try:
        module, _, function = request["reader"].partition(":")
        reader = getattr(importlib.import_module(module), function)
        return {"ok": [asdict(a) for a in reader(data, request["name"])]}
    except (Skip, UnreadableFile) as exc:
        return {"skip": exc.reason}
    except MemoryError:
        return {"skip": f"needs more than {MEMORY_LIMIT >> 30} GB of memory to read"}
    except RecursionError:
        return {"skip": "nested too deeply to read"}
    except Exception as exc:  # a library's bug on this file: name it, keep serving
        return {"skip": f"could not be read ({type(exc).__name__}: {_short(exc)})"}


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120]


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The child's loop: a request line and the file's bytes in, an answer line out,
    until the parent closes the pipe."""
    while True:
        line = inp.readline()
        if not line:
            return  # the parent has gone
        request = json.loads(line)
        data = inp.read(request["size"])
        out.write(json.dumps(_answer(request, data)).encode("utf-8") + b"\n")
        out.flush()


def _child_setup() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if str(os.getppid()) != os.environ.get(_PARENT, str(os.getppid())):
        os._exit(1)  # the parent died before the request above took effect
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, resource.RLIM_INFINITY))


# -- the parent -------------------------------------------------------------------------------
class _Child:
    def __init__(self) -> None:
        # PR_SET_PDEATHSIG fires when the *thread* that started the child ends, and the app
        # reads from worker threads that end with each update: the child is started from a
        # thread of its own, which lives until the child is stopped (or this process ends).
        self.released = threading.Event()
        started: list[subprocess.Popen[bytes] | BaseException] = []
        ready = threading.Event()

        def own() -> None:
            try:
                started.append(self._start())
            except BaseException as exc:  # handed to the thread that asked
                started.append(exc)
            ready.set()
            self.released.wait()

        threading.Thread(target=own, name="briefing-reader", daemon=True).start()
        ready.wait()
        if isinstance(started[0], BaseException):
            raise started[0]
        self.process = started[0]
        assert self.process.stdin is not None and self.process.stdout is not None
        self.inp, self.out = self.process.stdin, self.process.stdout
        self.pending = b""

    @staticmethod
    def _start() -> subprocess.Popen[bytes]:
        # The child imports what this process can: its sys.path (tests add their folder).
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        env[_PARENT] = str(os.getpid())
        return subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # libraries log about every odd file; we say why once
            env=env,
        )

    def ask(self, request: dict[str, Any], data: bytes, timeout: float) -> dict[str, Any] | None:
        """The answer to *request*, or None when none came within *timeout* seconds.
        Raises OSError when the child has died."""
        self.inp.write(json.dumps({**request, "size": len(data)}).encode("utf-8") + b"\n")
        self.inp.write(data)
        self.inp.flush()
        deadline = time.monotonic() + timeout
        fd = self.out.fileno()
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise OSError("the reading process ended")
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return json.loads(line)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.inp.close()
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        with contextlib.suppress(OSError):
            self.out.close()
        self.released.set()


_lock = threading.Lock()
_child: _Child | None = None


def run_reader(reader: Reader, data: bytes, name: str, timeout: float) -> list[Extracted]:
    """``reader(data, name)`` in the reading process, waiting at most *timeout* seconds.

    *reader* must be a module-level function (it is named to the child, not sent). Raises
    UnreadableFile with the reader's reason (its Skip, or the exception it raised);
    :class:`Failed` when it ran out of time or its process died.
    """
    global _child
    request = {"reader": f"{reader.__module__}:{reader.__qualname__}", "name": name}
    with _lock:
        if _child is None or _child.process.poll() is not None:
            _child = _Child()
        child = _child
        try:
            answer = child.ask(request, data, timeout)
            if answer is not None and "ok" in answer:
                return [_extracted(item) for item in answer["ok"]]
            if answer is not None:
                raise UnreadableFile(name, str(answer["skip"]))
            why = f"took more than {timeout:.0f} s to read"
        except (OSError, ValueError):  # died mid-answer, or answered garbage
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(1)
            why = "its reader crashed" + _how(child.process.returncode)
        child.stop()
        _child = None
        raise Failed(name, why)


def _extracted(item: dict[str, Any]) -> Extracted:
    item["page_lines"] = tuple(item.get("page_lines", ()))
    item["warnings"] = tuple(item.get("warnings", ()))
    return Extracted(**item)


def _how(code: int | None) -> str:
    if code is None:
        return ""
    return f" (signal {-code})" if code < 0 else f" (exit status {code})"


def stop_reader() -> None:
    """End the reading process, if one runs (tests; it also ends with this process)."""
    global _child
    with _lock:
        if _child is not None:
            _child.stop()
            _child = None


def reader_pid() -> int | None:
    """The reading process's id while one runs (for tests)."""
    child = _child
    return child.process.pid if child is not None and child.process.poll() is None else None


if __name__ == "__main__":
    _child_setup()
    serve(sys.stdin.buffer, sys.stdout.buffer)
