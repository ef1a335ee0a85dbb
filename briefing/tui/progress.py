"""Long jobs in the app: one row per job above the footer, what it is doing beside a bar
that only goes forward (``Indexing 1,200 of 3,200 articles · 158/s  ━━━━━━━━╺━━━━  45%``).

The index's updates (`live.py`) and the export's worker report ``(done, total, stage)``
as the core gives it; :class:`~briefing.core.progress.JobProgress` makes one bar of a
job's stages, so a first index no longer runs 0→100 % for reading, then again for
indexing. A row shows once its job is long (200 articles, or a second of work) and hides
when the job ends; the next job starts from nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static

from briefing.core.progress import JOB_STAGES, JobProgress
from briefing.tui.closing import while_open

JOBS = ("index", "export")


class JobReported(Message):
    """A job's report, from its worker thread: *done* of *total* articles in *stage*."""

    def __init__(self, job: str, done: int, total: int, stage: str) -> None:
        super().__init__()
        self.job = job
        self.done = done
        self.total = total
        self.stage = stage


class JobEnded(Message):
    """The job ended (or failed): its row hides, and its next run starts from nothing."""

    def __init__(self, job: str) -> None:
        super().__init__()
        self.job = job


class JobRow(Horizontal):
    """One job: its label beside its bar; hidden until the job is long."""

    def __init__(self, job: str, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(id=f"job-{job}", classes="job")
        self.progress = JobProgress(JOB_STAGES[job], clock=clock)

    def compose(self) -> ComposeResult:
        yield Static("", classes="job-label", markup=False)
        yield ProgressBar(total=100, show_eta=False)

    def on_mount(self) -> None:
        self.display = False

    @property
    def bar(self) -> ProgressBar:
        return self.query_one(ProgressBar)

    def report(self, done: int, total: int, stage: str) -> None:
        job = self.progress
        job.report(done, total, stage)
        if not job.long():
            return
        self.display = True
        self.query_one(".job-label", Static).update(job.label)
        self.bar.update(progress=100 * job.fraction)

    def end(self) -> None:
        self.display = False
        self.progress.reset()
        self.bar.update(progress=0)


class JobBars(Vertical):
    """The rows of the app's long jobs (:data:`JOBS`), each hidden while it is idle. A
    worker posts :class:`JobReported` and :class:`JobEnded` here (thread-safe)."""

    def compose(self) -> ComposeResult:
        for job in JOBS:
            yield JobRow(job)

    def row(self, job: str) -> JobRow:
        return self.query_one(f"#job-{job}", JobRow)

    def report(self, job: str, done: int, total: int, stage: str) -> None:
        self.row(job).report(done, total, stage)

    def end(self, job: str) -> None:
        self.row(job).end()

    @while_open
    def on_job_reported(self, event: JobReported) -> None:
        event.stop()
        self.report(event.job, event.done, event.total, event.stage)

    @while_open
    def on_job_ended(self, event: JobEnded) -> None:
        event.stop()
        self.end(event.job)
