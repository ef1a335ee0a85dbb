"""Printing for people and for scripts: JSON, update reports, progress, highlights."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from briefing.core.annotations import PlacedHighlight
from briefing.core.display import one_line
from briefing.core.index import UpdateReport


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def progress_printer() -> Callable[[int, int], None] | None:
    """A progress bar on stderr for a person at a terminal; None for scripts."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rIndexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
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
    if report.notice:
        print(report.notice, file=sys.stderr)
    for warning in report.warnings:
        warn(warning)
    if verbose:
        print(
            f"{report.added} added, {report.changed} changed, {report.deleted} deleted, "
            f"{report.unchanged} unchanged."
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
