"""Timing helpers: repeated runs with medians and p95, fresh processes with peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Wall-clock samples of one measured action, in seconds."""

    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """95th percentile by nearest rank (with 5 samples: the slowest)."""
        ordered = sorted(self.samples)
        rank = max(0, min(len(ordered) - 1, -(-95 * len(ordered) // 100) - 1))
        return ordered[rank]

    def as_dict(self) -> dict:
        return {"samples": self.samples, "median": self.median, "p95": self.p95}


def repeat(
    fn: Callable[[], object],
    runs: int = 5,
    warmup: int = 1,
    budget_s: float | None = None,
) -> tuple[Timing, object]:
    """Call fn `warmup` times unmeasured, then `runs` times; return timings and last result.

    With `budget_s`, stop early (after at least one measured run) once the measured runs
    have used the budget, and say so in the note: a 4-second fuzzy query need not run five
    times to show it misses a 50 ms target.
    """
    result = None
    for _ in range(warmup):
        result = fn()
    timing = Timing()
    spent = 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - t0
        timing.samples.append(elapsed)
        spent += elapsed
        if budget_s is not None and spent > budget_s and len(timing.samples) < runs:
            timing.note = f"{len(timing.samples)} of {runs} runs (time budget)"
            break
    return timing, result


@dataclass
class ProcessRun:
    """One finished child process."""

    returncode: int
    stdout: str
    stderr: str
    elapsed: float
    max_rss_mb: float


def run_process(
    cmd: Sequence[str],
    env: dict | None = None,
    cwd: str | None = None,
    timeout: float = 600,
    shell: bool = False,
) -> ProcessRun:
    """Run cmd in a fresh process: wall time from spawn to exit and the child's peak RSS.

    Peak RSS is the child's VmHWM, polled from /proc while it runs: `ru_maxrss` from wait4
    also counts the parent's memory at fork time (Linux carries the high-water mark across
    exec), which made every child look as big as the harness. With shell=True it is the
    shell's own figure, not the pipeline's.
    """
    status_path = None
    peak_kb = 0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd, shell=shell)
        status_path = f"/proc/{proc.pid}/status"
        deadline = t0 + timeout
        while True:
            peak_kb = max(peak_kb, _vm_hwm_kb(status_path))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.0005)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ProcessRun(
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            elapsed=elapsed,
            max_rss_mb=peak_kb / 1024,
        )


def _vm_hwm_kb(status_path: str) -> int:
    try:
        with open(status_path) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def repeat_process(
    cmd: Sequence[str], runs: int = 5, warmup: int = 1, **kwargs
) -> tuple[Timing, ProcessRun]:
    """Fresh-process timer: run cmd `warmup` + `runs` times; wall times and the last run."""
    last = None
    for _ in range(warmup):
        last = run_process(cmd, **kwargs)
    timing = Timing()
    peak = 0.0
    for _ in range(runs):
        last = run_process(cmd, **kwargs)
        timing.samples.append(last.elapsed)
        peak = max(peak, last.max_rss_mb)
    assert last is not None
    last.max_rss_mb = peak
    return timing, last


def self_peak_rss_mb() -> float:
    """Peak RSS of this process so far (VmHWM), in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fmt_ms(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.01:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds * 1000:.2f} ms"
