"""Printing for people and for scripts: JSON, update reports, progress, highlights.

Everything the command prints goes through :class:`TerminalSafe` (installed on stdout and
stderr by :func:`briefing.cli.main`): titles, notes, ids and file names come from other
people's files and must never reach the terminal as escape sequences. JSON output is data:
it keeps every character, escaped by :func:`print_json` so a terminal shows it inertly.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from briefing.core.annotations import PlacedHighlight
from briefing.core.display import for_terminal, json_for_terminal, one_line, plural
from briefing.core.index import UpdateReport
from briefing.core.progress import INDEX_STAGES, JobProgress, Stage


class TerminalSafe:
    """A text stream that shows outside text inertly (:func:`for_terminal`) on its way to
    *stream*; ``unfiltered`` is the stream itself, for data that escapes its own text."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        return self.unfiltered.write(for_terminal(text))

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...
        return getattr(self.unfiltered, name)


def write_data(text: str) -> None:
    """Data for scripts (JSON) on stdout exactly, control characters escaped, not shown."""
    stream = getattr(sys.stdout, "unfiltered", sys.stdout)
    stream.write(json_for_terminal(text))
    stream.flush()


def print_json(value: object) -> None:
    write_data(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


class ProgressLine:
    """A long job's progress on stderr, one bar for all its stages (:class:`JobProgress`):
    `` 45% [##########............] Indexing 1,200 of 3,200 articles · 158/s``.

    At a terminal, one line rewritten in place with a carriage return (no escape
    sequences), from :data:`SHOWN_FROM` articles or a second of work, and ended with the
    job. Elsewhere (a log, a pipe), if *log*: plain lines, the job's first report and one
    each tenth of the way, for jobs of :data:`SHOWN_FROM` articles or more (by size alone,
    so what a script reads does not hang on the machine's load). Use it as a context
    manager: the job is done, or failed, when the block ends.
    """

    BAR = 24

    def __init__(
        self,
        stages: Sequence[Stage] = INDEX_STAGES,
        stream: TextIO | None = None,
        *,
        log: bool = True,
    ):
        # Our own text, drawn raw: through TerminalSafe the carriage return showed as ␍.
        self.stream = stream or getattr(sys.stderr, "unfiltered", sys.stderr)
        self.tty = self.stream.isatty()
        self.log = log
        self.job = JobProgress(stages)
        self.drawn = 0  # characters of the line on the terminal (0: none shown)
        self.tenth = -1  # the last tenth printed as a plain line

    def __call__(self, done: int, total: int, stage: str) -> None:
        self.job.report(done, total, stage)
        if self.tty:
            if self.job.long():
                self._draw()
        elif self.log and self.job.long(by_time=False) and int(self.job.fraction * 10) > self.tenth:
            self.tenth = int(self.job.fraction * 10)
            self._write(for_terminal(self.text()) + "\n")

    def text(self) -> str:
        """The line as it stands: percent, bar, label."""
        fraction = self.job.fraction
        if not self.tty:
            return f"{int(fraction * 100):3d}% {self.job.label}"
        filled = int(self.BAR * fraction)
        bar = "#" * filled + "." * (self.BAR - filled)
        return f"{int(fraction * 100):3d}% [{bar}] {self.job.label}"

    def _draw(self) -> None:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            columns = 80
        line = for_terminal(self.text())[: max(columns - 1, 1)]  # a wrapped line stays
        self._write("\r" + line.ljust(self.drawn))
        self.drawn = len(line)

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        self.close(finished=kind is None)

    def close(self, *, finished: bool = True) -> None:
        """End the job: a full bar if it *finished* (and was shown), the line ended."""
        if finished:
            self.job.finish()
        if self.tty and self.drawn:
            if finished:
                self._draw()
            self._write("\n")
            self.drawn = 0
        elif not self.tty and finished and 0 <= self.tenth < 10:
            self.tenth = 10
            self._write(for_terminal(self.text()) + "\n")


def progress_printer(stages: Sequence[Stage] = INDEX_STAGES, *, log: bool = True) -> ProgressLine:
    """The progress of a long job of these *stages* on stderr (see :class:`ProgressLine`);
    without *log*, at a terminal only (the update before `search` or `list`, whose
    scripts read stderr for warnings)."""
    return ProgressLine(stages, log=log)


def waiting_notice() -> Callable[[], None] | None:
    """Said once when another process holds the index; only to a person at a terminal."""
    if not sys.stderr.isatty():
        return None
    return lambda: print(
        "Waiting for another briefing process that is indexing this corpus…", file=sys.stderr
    )


def print_report(report: UpdateReport, verbose: bool) -> None:
    """The update's notice and warnings on stderr; *verbose* (``briefing index``): every
    file skipped by name and the counts. Other commands name the files skipped in one
    line, so that a folder with a spreadsheet in it does not say so before every search."""
    if report.notice:
        print(report.notice, file=sys.stderr)
    named = {f"{path}: {why}, skipped" for path, why in report.skipped}
    for warning in report.warnings:
        if verbose or warning not in named:
            warn(warning)
    if report.skipped and not verbose:
        warn(
            f"{plural(len(report.skipped), 'file')} in the corpus gave no article; "
            "`briefing index` names them and says why"
        )
    if verbose:
        # Indexed beyond what was added or changed: read by an update that was stopped
        # before it could index them, or indexed again after a rebuild.
        more = report.indexed - report.added - report.changed
        print(
            f"{report.added} added, {report.changed} changed, {report.deleted} deleted, "
            f"{report.unchanged} unchanged"
            + (f" ({more} of them indexed now)." if more > 0 else ".")
        )


def highlight_json(p: PlacedHighlight) -> dict:
    h = p.highlight
    return {
        "id": h.id,
        "quote": h.target.exact,
        "start": p.start,
        "end": p.end,
        "note": h.note,
        "tags": list(h.tags),
        "color": h.color,
        "status": str(p.status),
    }


def print_highlight(h: dict, indent: str = "") -> None:
    """One highlight (as `highlight_json` gives it) for people: status, place, quote, tags;
    then its id, which `reattach` takes (a person must be able to act on what is shown
    without --json), and its note."""
    where = f"{h['start']}-{h['end']}" if h["start"] is not None else "-"
    tags = "".join(f"  #{t}" for t in h["tags"])
    print(f"{indent}[{h['status']}] {where}  {h['color']}  “{one_line(h['quote'], 100)}”{tags}")
    print(f"{indent}    id {h['id']}")
    for line in h["note"].splitlines():
        print(f"{indent}    {line}")
