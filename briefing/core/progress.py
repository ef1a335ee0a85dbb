"""One bar for a long job: its ``(done, total, stage)`` reports as one fraction that only
goes forward, "n of N articles" and a rate.

A long job reports its stages one after another, each counting from 0 to its own total: an
index update reads files into the catalog (``"reading"``), then writes them to Whoosh
(``"indexing"``). Shown as they came, a first index's bar ran 0→100 % while reading, then
0→100 % again while indexing, with no word of which (issue 16). :class:`JobProgress` gives
each stage its share of the job by how long an article takes in it (the speeds measured in
docs/benchmarks.md), so the bar crosses once, never goes back, and says what it counts.

Both front ends use it: the app's job bars (``tui/progress.py``) and the CLI's progress
line (``cli/output.py``). :func:`reporting` is how a core loop reports, a hundred times per
stage at most.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

# (done, total, stage), as a long job reports it.
Progress = Callable[[int, int, str], None]

# A job is shown from this many articles (or, where time may decide, after LONG_AFTER
# seconds): a bar that flashes by for a five-file update says nothing.
SHOWN_FROM = 200
LONG_AFTER = 1.0
# Seconds of reports the rate is measured over: long enough to smooth the indexer's
# reports (one per 200 documents), short enough to follow a slowing job.
RATE_WINDOW = 5.0
_MIN_SPAN = 0.5  # a rate from reports closer together than this is noise

T = TypeVar("T")


@dataclass(frozen=True)
class Stage:
    """A stage of a job: *name* as the job reports it, *says* as the label shows it,
    *speed* in articles a second as measured here (only the ratios matter: they weigh the
    stages)."""

    name: str
    says: str
    speed: float


# docs/benchmarks.md: reading and cleaning ~640 docs/s, a whole first build ~160 docs/s
# (2k and 20k articles): the Whoosh stage takes about four fifths of a first index.
INDEX_STAGES = (Stage("reading", "Reading files", 640.0), Stage("indexing", "Indexing", 160.0))
# 2,000 annotated articles (4,000 highlights) here: their YAML files loaded in ~2.3 s,
# placed and cited in ~0.3 s (then rendered: 0.1-0.7 s, not counted).
EXPORT_STAGES = (
    Stage("loading", "Reading annotations", 850.0),
    Stage("collecting", "Collecting highlights", 6500.0),
)
# The same 4,000 highlights imported: read and matched in ~1.5 s, merged in ~20 s (one
# locked, synced write per article): only the merge is worth a bar.
IMPORT_STAGES = (Stage("merging", "Merging annotations", 100.0),)
JOB_STAGES = {"index": INDEX_STAGES, "export": EXPORT_STAGES, "import": IMPORT_STAGES}


class JobProgress:
    """One job's reports as one forward-only fraction, a label and a rate.

    Feed it the job's reports (it is a :data:`Progress`); read :attr:`fraction` (0 to 1),
    :attr:`label` ("Indexing 1,200 of 3,200 articles · 158/s") and :attr:`rate`. When a
    stage starts, it takes its share of what is left of the job, by its speed against the
    speeds of the stages after it (which are expected to count as many articles), so the
    first index's reading is a fifth of the bar, and a job that starts at indexing (a
    rebuild from the catalog) has all of it. A report of a stage that comes earlier than
    the current one, or of the same stage counting back or to another total, starts a new
    job; so does :meth:`reset`.
    """

    def __init__(
        self,
        stages: Sequence[Stage] = INDEX_STAGES,
        *,
        noun: str = "articles",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stages = tuple(stages)
        self.noun = noun
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """Forget the job: the next report starts a new one."""
        self.fraction = 0.0
        self.stage: str | None = None
        self.done = 0
        self.total = 0
        self.largest = 0  # the largest total of any stage: how big the job is
        self.started: float | None = None
        self._order = -1
        self._start = 0.0  # the fraction when the stage began
        self._share = 1.0  # of what was left then, this stage's part
        self._samples: deque[tuple[float, int]] = deque()

    def __call__(self, done: int, total: int, stage: str) -> None:
        self.report(done, total, stage)

    def report(self, done: int, total: int, stage: str) -> None:
        """Take the job's report: *done* of *total* articles in *stage*."""
        now = self.clock()
        order = self._index(stage)
        if stage == self.stage and (done < self.done or total != self.total):
            self.reset()  # the same stage counting again: another job
        elif self.stage is not None and stage != self.stage and order <= self._order:
            self.reset()  # an earlier stage again: another job
        if self.started is None:
            self.started = now
        if stage != self.stage:
            self._enter(stage, order)
        self.done, self.total = done, total
        self.largest = max(self.largest, total)
        part = min(done / total, 1.0) if total > 0 else 1.0
        here = self._start + (1 - self._start) * self._share * part
        self.fraction = max(self.fraction, min(1.0, here))
        samples = self._samples
        samples.append((now, done))
        # Reports older than the window go, but the newest of them: the window is spanned.
        while len(samples) > 2 and now - samples[1][0] >= RATE_WINDOW:
            samples.popleft()

    def _index(self, stage: str) -> int:
        for i, known in enumerate(self.stages):
            if known.name == stage:
                return i
        return len(self.stages)  # a stage not listed: after the others, the rest of the job

    def _enter(self, stage: str, order: int) -> None:
        self.stage, self._order = stage, order
        self._start = self.fraction
        weights = [1 / s.speed for s in self.stages[order:]]
        self._share = weights[0] / sum(weights) if weights else 1.0
        self._samples.clear()

    def finish(self) -> None:
        """The job ended well: the bar is full (a job may end before its last stage,
        as an update whose files gave nothing to index)."""
        self.fraction = 1.0

    @property
    def rate(self) -> float | None:
        """Articles a second in the current stage, over the last :data:`RATE_WINDOW`
        seconds of reports; None until reports span half a second."""
        if len(self._samples) < 2:
            return None
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        if t1 - t0 < _MIN_SPAN:
            return None
        return max(0.0, (d1 - d0) / (t1 - t0))

    @property
    def says(self) -> str:
        """What the current stage does, as the label says it ("Indexing")."""
        for known in self.stages:
            if known.name == self.stage:
                return known.says
        return (self.stage or "working").capitalize()

    @property
    def label(self) -> str:
        """ "Indexing 1,200 of 3,200 articles · 158/s" (the rate once there is one)."""
        if self.stage is None:
            return ""
        shown = f"{self.says} {self.done:,} of {self.total:,} {self.noun}"
        rate = self.rate
        if rate is not None:
            shown += f" · {rate:,.0f}/s"
        return shown

    def long(self, *, by_time: bool = True) -> bool:
        """Worth a bar: :data:`SHOWN_FROM` articles or more, or (*by_time*) running for
        :data:`LONG_AFTER` seconds. Output for scripts decides by size alone, so that it
        does not change with the machine's load."""
        if self.largest >= SHOWN_FROM:
            return True
        started = self.started
        return by_time and started is not None and self.clock() - started >= LONG_AFTER


def reporting(items: Sequence[T], progress: Progress | None, stage: str) -> Iterator[T]:
    """*items*, reporting ``(n, len(items), stage)`` to *progress* as they are done: at
    the start, about a hundred times on the way, and once after the last (not when the
    loop stops early)."""
    if progress is None:
        yield from items
        return
    total = len(items)
    step = max(1, total // 100)
    progress(0, total, stage)
    for n, item in enumerate(items):
        if n and n % step == 0:
            progress(n, total, stage)
        yield item
    progress(total, total, stage)
