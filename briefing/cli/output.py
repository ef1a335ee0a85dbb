"""Printing for people and for scripts: JSON, update reports, progress, highlights.

Everything the command prints goes through :class:`TerminalSafe` (installed on stdout and
stderr by :func:`briefing.cli.main`): titles, notes, ids and file names come from other
people's files and must never reach the terminal as escape sequences. JSON output is data:
it keeps every character, escaped by :func:`print_json` so a terminal shows it inertly.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from briefing.core.annotations import PlacedHighlight
from briefing.core.display import for_terminal, json_for_terminal, one_line, plural
from briefing.core.index import UpdateReport


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


def progress_printer() -> Callable[[int, int, str], None] | None:
    """A progress bar on stderr for a person at a terminal, one per stage ("Reading" the
    files, then "Indexing" them); None for scripts."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, stage: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        bar = f"[{'#' * filled}{'.' * (width - filled)}]"
        sys.stderr.write(f"\r{stage.capitalize():8} {bar} {done}/{total}{end}")
        sys.stderr.flush()

    return show


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
    """One highlight (as `highlight_json` gives it) for people: status, place, quote, note."""
    where = f"{h['start']}-{h['end']}" if h["start"] is not None else "-"
    tags = "".join(f"  #{t}" for t in h["tags"])
    print(f"{indent}[{h['status']}] {where}  {h['color']}  “{one_line(h['quote'], 100)}”{tags}")
    for line in h["note"].splitlines():
        print(f"{indent}    {line}")
