"""The reading process (issue 12): a reader that hangs, crashes, eats memory or raises
costs only the file it was reading, named in one line, and the next file is read."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
import reader_doubles
from format_files import pdf_bytes

from briefing.core.corpus import ExtractionCache, UnreadableFile
from briefing.core.corpus.formats import extract
from briefing.core.corpus.formats.sandbox import Failed, reader_pid, run_reader, stop_reader


def _pid() -> int:
    return int(run_reader(reader_doubles.pid, b"", "x", 60)[0].text)


def test_a_reader_that_hangs_is_stopped_and_the_next_file_is_read():
    first = _pid()
    started = time.monotonic()
    with pytest.raises(Failed, match=r"^slow.pdf: took more than 1 s to read, skipped$"):
        run_reader(reader_doubles.hang, b"data", "slow.pdf", 1)
    assert time.monotonic() - started < 10
    assert _pid() != first  # a new reading process


def test_a_reader_that_crashes_costs_only_its_file():
    with pytest.raises(Failed, match=r"^bad.pdf: its reader crashed \(signal 11\), skipped$"):
        run_reader(reader_doubles.crash, b"data", "bad.pdf", 30)
    assert _pid() > 0


def test_a_reader_that_wants_too_much_memory_is_refused_in_the_child():
    with pytest.raises(UnreadableFile, match="needs more than 2 GB of memory"):
        run_reader(reader_doubles.bloat, b"data", "bomb.pdf", 30)


def test_a_library_exception_is_one_line_naming_the_file():
    with pytest.raises(UnreadableFile) as info:
        run_reader(reader_doubles.fail, b"data", "odd.html", 30)
    assert str(info.value) == (
        "odd.html: could not be read (ValueError: a library bug over two lines), skipped"
    )


def test_a_time_out_is_not_cached(tmp_path, monkeypatch):
    def out_of_time(*args):
        raise Failed("a.pdf", "took more than 1 s to read")

    monkeypatch.setattr("briefing.core.corpus.formats.run_reader", out_of_time)
    cache = ExtractionCache(tmp_path / "cache")
    with pytest.raises(Failed):
        extract(pdf_bytes(), "a.pdf", cache)
    assert not list((tmp_path / "cache").rglob("*.json"))


def test_the_reading_process_dies_with_its_parent(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path[:0] = {sys.path!r}
        import reader_doubles
        from briefing.core.corpus.formats.sandbox import run_reader, reader_pid
        run_reader(reader_doubles.pid, b"", "x", 60)
        print(reader_pid(), flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
    finally:
        parent.kill()
        parent.stdout.close()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_stop_reader_ends_it():
    _pid()
    pid = reader_pid()
    assert pid is not None
    stop_reader()
    assert reader_pid() is None
    assert not _alive(pid)


def test_the_reading_process_outlives_the_thread_that_started_it():
    # The app reads from a worker thread per update; the child must serve the next one.
    import threading

    stop_reader()
    pids: list[int] = []
    for _ in range(2):
        worker = threading.Thread(target=lambda: pids.append(_pid()))
        worker.start()
        worker.join()
        time.sleep(0.3)  # a parent-death signal tied to the thread would have fired by now
    assert pids[0] == pids[1]
    assert _alive(pids[0])
