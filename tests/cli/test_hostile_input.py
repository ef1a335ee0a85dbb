"""The `briefing` command on hostile input (issue 11, C and D), run for real: symlink loops
end in seconds with flat memory, links out of the corpus stay out of every command, a name
that is not UTF-8 breaks nothing, and a killed `briefing index` leaves no process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import children_of, is_running, write_articles
from seeds import SEED_CORPUS, SEED_IDS

# Runs `briefing` in-process under a fresh interpreter, then reports its peak RSS: VmHWM,
# the high-water mark of this process's own memory. ru_maxrss is carried across exec from
# the process that started it (pytest's, 204 MB late in a run), so it measured the test
# runner, not briefing.
WITH_PEAK_RSS = (
    "import sys\n"
    "from briefing.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
    "peak = int(status.split()[0]) // 1024\n"
    "print(f'peak-rss-mb {peak}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def briefing(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, root)
    return root


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_index_with_two_symlink_loops_ends_in_seconds_with_flat_memory(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "a").symlink_to(".")
    (corpus / "b").symlink_to(".")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", WITH_PEAK_RSS, "index"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,  # the old walk ran for hours over 2^40 paths
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "5 added" in done.stdout
    assert [w.split(":")[1].strip() for w in warnings_of(done.stderr)] == ["a", "b"]
    peak = int(done.stderr.split("peak-rss-mb ")[1].split()[0])
    assert peak < 200, f"peak RSS {peak} MB"  # ~60 MB measured; the old walk grew ~50 MB/s
    assert elapsed < 30
    listed = briefing("list", cwd=tmp_path)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == list(SEED_IDS)


def test_links_out_of_the_corpus_are_not_listed_searched_shown_or_exported(
    corpus: Path, tmp_path: Path
) -> None:
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.txt").write_text("Diary\n\nThe launch code is pelican.\n")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "notes").symlink_to(private)

    listed = briefing("list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == list(SEED_IDS)
    assert sorted(w.split(":")[1].strip() for w in warnings_of(listed.stderr)) == [
        "notes",
        "passwd.txt",
    ]
    assert all("--follow-links-outside" in w for w in warnings_of(listed.stderr))
    assert briefing("search", "pelican", "--json", cwd=tmp_path).stdout.strip() == "[]"
    assert briefing("search", "root", "--json", cwd=tmp_path).stdout.strip() == "[]"
    assert briefing("show", "passwd", cwd=tmp_path).returncode == 2
    assert briefing("show", "notes/diary", cwd=tmp_path).returncode == 2
    quoted = briefing("annotate", "notes/diary", "--quote", "pelican", cwd=tmp_path)
    assert quoted.returncode == 2  # so nothing of it can reach an export either
    assert "pelican" not in briefing("export", cwd=tmp_path).stdout

    followed = briefing("--follow-links-outside", "search", "pelican", "--json", cwd=tmp_path)
    assert '"id": "notes/diary"' in followed.stdout
    # Without the option again, the next command drops what it let in.
    again = briefing("list", cwd=tmp_path)
    assert "notes/diary" not in again.stdout


def test_a_file_name_that_is_not_utf8_leaves_every_command_working(
    corpus: Path, tmp_path: Path
) -> None:
    with open(os.fsencode(corpus) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(b"Caf\xe9 au lait\n\nA story about espresso in Havana.\n")  # cp1252 text
    listed = briefing("list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [*SEED_IDS, "caf%E9"]
    assert "caf%E9" in briefing("search", "espresso", cwd=tmp_path).stdout
    shown = briefing("show", "caf%E9", "--json", cwd=tmp_path)
    assert shown.returncode == 0 and '"title": "Café au lait"' in shown.stdout
    annotated = briefing(
        "annotate", "caf%E9", "--quote", "espresso", "--note", "strong", cwd=tmp_path
    )
    assert annotated.returncode == 0, annotated.stderr
    assert (tmp_path / "annotations" / "caf%E9.yaml").is_file()
    assert "strong" in briefing("annotations", cwd=tmp_path).stdout
    exported = briefing("export", "--format", "csv", cwd=tmp_path)
    assert exported.returncode == 0 and "espresso" in exported.stdout
    assert "caf%E9" in briefing("search", "strong", cwd=tmp_path).stdout  # the note, indexed


# -- processes ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_articles(tmp_path_factory.mktemp("big") / "corpus", 600)


@pytest.mark.parametrize(
    ("signum", "status"),
    [
        (signal.SIGTERM, 128 + signal.SIGTERM),
        (signal.SIGINT, 130),
        (signal.SIGHUP, 128 + signal.SIGHUP),
        (signal.SIGKILL, -signal.SIGKILL),  # a dead parent: nothing can run in it
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"],
)
def test_an_interrupted_index_leaves_no_process_behind(
    big_corpus: Path, tmp_path: Path, signum: int, status: int
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "--corpus", str(big_corpus), "index"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            workers |= children_of(proc.pid)  # Whoosh's two workers, once the writer starts
            time.sleep(0.01)
        assert len(workers) == 2, "the two-process writer never started"
        proc.send_signal(signum)
        assert proc.wait(timeout=30) == status, proc.stderr.read() if proc.stderr else ""
        deadline = time.monotonic() + 5
        while {p for p in workers if is_running(p)} and time.monotonic() < deadline:
            time.sleep(0.05)
        assert {p for p in workers if is_running(p)} == set()
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in workers:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.stderr:
            proc.stderr.close()
    if signum == signal.SIGKILL:  # the lock and the index were left usable
        again = briefing("--corpus", str(big_corpus), "index", cwd=tmp_path, timeout=120)
        # Killed while Whoosh's workers ran: every file had been read into the catalog, so
        # the next update only indexes them.
        assert again.returncode == 0, again.stderr
        assert "600 unchanged (600 of them indexed now)" in again.stdout, again.stdout
