"""`briefing export` and `briefing import`: briefings out, colleagues' annotations in."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from briefing.cli.command import Command
from briefing.cli.output import print_json, progress_printer, warn
from briefing.core.annotations import text_problem
from briefing.core.display import for_terminal, json_for_terminal, plural
from briefing.core.errors import EXIT_OK, UserError
from briefing.core.export import FOLDER_FORMATS, FORMATS, ExportError, parse_since
from briefing.core.progress import EXPORT_STAGES, IMPORT_STAGES
from briefing.core.workspace import Workspace

_SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".jsonld": "json"}


def _since(value: str) -> date | None:
    try:
        return parse_since(value)
    except ExportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="default: from the -o file's extension (.csv, .json), else markdown; "
        "readwise: Readwise's CSV import; csl-json: citations for Zotero; "
        "obsidian: a folder of notes (-o DIR)",
    )
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only highlights with this tag, on them or their article (repeat: any of them)",
    )
    p.add_argument(
        "--article",
        action="append",
        default=[],
        metavar="ID",
        help="only this article (repeat: any of them)",
    )
    p.add_argument(
        "--since",
        type=_since,
        metavar="YYYY-MM-DD",
        help="only highlights made on or after this day (UTC)",
    )
    p.add_argument(
        "--group-by",
        choices=("tag", "article"),
        default="tag",
        help="Markdown sections: one per tag (default) or per article",
    )
    p.add_argument("--title", default="Briefing", help="the Markdown title, the JSON label")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (default: stdout); for obsidian, the folder to write notes in",
    )
    p.add_argument(
        "--force", action="store_true", help="replace FILE if it exists (default: refuse)"
    )
    p.add_argument(
        "--no-bom",
        dest="bom",
        action="store_false",
        help="CSV without the byte order mark spreadsheets need to read it as UTF-8",
    )


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None:
        return _SUFFIX_FORMATS.get(args.output.suffix.lower(), "markdown")
    return "markdown"


def _check_text(args: argparse.Namespace) -> None:
    """Refuse options whose text cannot be written as UTF-8 (a latin-1 terminal's bytes
    reach Python as lone surrogates), naming the option, before any work."""
    given = [("--title", args.title)]
    given += [("--tag", t) for t in args.tag] + [("--article", a) for a in args.article]
    for option, value in given:
        if (problem := text_problem(value)) is not None:
            raise UserError(f"{option}: {problem}; give it as UTF-8 text")


def run_export(args: argparse.Namespace, workspace: Workspace) -> int:
    """Export the highlights the filters select, to -o FILE (atomically) or stdout."""
    _check_text(args)
    to_stdout = args.output is None or str(args.output) == "-"
    fmt = _format(args)
    folder = fmt in FOLDER_FORMATS
    if folder and to_stdout:
        raise UserError(f"--format {fmt} writes a folder of notes: give it with -o DIR")
    if not to_stdout:
        # before any work: a refused path writes nothing
        workspace.check_output(args.output, replace=args.force, folder=folder)
    with progress_printer(EXPORT_STAGES) as progress:
        briefing, text = workspace.export(
            fmt,
            tags=args.tag,
            article_ids=args.article,
            since=args.since,
            group_by=args.group_by,
            title=args.title,
            bom=args.bom,
            progress=progress,
        )
    for warning in briefing.warnings:
        warn(warning)
    if to_stdout and isinstance(text, str):
        # What reaches a terminal is inert: JSON keeps every character, escaped; Markdown
        # and CSV show control characters as symbols (the file written with -o keeps them).
        # CSV's CRLF row ends are kept: `> file` must give the bytes `-o file` would.
        json_like = fmt in ("json", "csl-json")
        safe = json_for_terminal(text) if json_like else for_terminal(text)
        _write_utf8(safe.replace("\u240d\n", "\r\n"))
        return EXIT_OK
    workspace.write_output(args.output, text, replace=args.force)
    n, m = len(briefing.entries), len(briefing.articles)
    notes = f" ({plural(len(text), 'note')})" if isinstance(text, dict) else ""
    print(
        f"Wrote {plural(n, 'highlight')} from {plural(m, 'article')} to {_shown(args.output)}{notes}."
    )
    return EXIT_OK


def _shown(path: Path) -> str:
    """A file name in another encoding than the terminal's is a fine name, but unprintable."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def _write_utf8(text: str) -> None:
    """Every export format is UTF-8, whatever the terminal's encoding: `> file` must give
    the bytes `-o file` would (a latin-1 locale cannot even encode the CSV's BOM)."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "unfiltered", sys.stdout)  # the text is made safe above
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a replaced stdout without bytes underneath: text is all it takes
        stream.write(text)
    else:
        binary.write(text.encode("utf-8"))
        binary.flush()


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="W3C annotation JSON (briefing's own, Hypothesis JSON-LD), Hypothesis API or "
        "client export JSON, or a Readwise CSV; recognised by its content",
    )
    p.add_argument(
        "--unmatched",
        type=Path,
        metavar="OUT",
        help="keep what is not imported here (default: FILE's name + .unmatched, beside it)",
    )
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--json", action="store_true", help="what was done, as JSON")


def run_import(args: argparse.Namespace, workspace: Workspace) -> int:
    """Merge an annotation file; print what it did, and where what it left out is kept."""
    with progress_printer(IMPORT_STAGES) as progress:
        report, kept = workspace.import_file(
            args.file, leftovers=args.unmatched, replace=args.force, progress=progress
        )
    if args.json:
        print_json(
            {
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "orphaned": report.orphaned,
                "skipped": list(report.skipped),
                "conflicts": list(report.conflicts),
                "unmatched_file": None if kept is None else str(kept),
            }
        )
        return EXIT_OK
    for reason in report.skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"kept yours: {conflict}", file=sys.stderr)
    if kept is not None:
        print(f"not imported, kept in {_shown(kept)}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK


EXPORT = Command(
    "write highlights as a Markdown briefing, CSV, W3C annotation JSON, Readwise CSV, "
    f"CSL-JSON citations or Obsidian notes ({', '.join(FORMATS)})",
    _export_arguments,
    run_export,
)
IMPORT = Command(
    "merge annotations: a colleague's W3C JSON export, Hypothesis JSON or a Readwise CSV",
    _import_arguments,
    run_import,
)
