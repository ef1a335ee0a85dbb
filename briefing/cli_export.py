"""`briefing export` and `briefing import`: briefings out, colleagues' annotations in.

Thin commands over :mod:`briefing.core.export.collect` and :mod:`briefing.core.export.w3c_import`.
``register`` adds their subparsers; ``COMMANDS`` maps each name to a function taking
``(args, index, store)``, called with an open, up-to-date index and the annotation store.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.core import atomic
from briefing.core.annotations.store import AnnotationError, AnnotationStore
from briefing.core.export.collect import ExportError, collect, parse_since, render
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.export.w3c_import import ImportFileError, import_w3c_file

FORMATS = ("markdown", "csv", "json")
_SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".jsonld": "json"}


class ExportFailure(Exception):
    """An export or import that cannot be done; one line, exit status 1, nothing changed."""


def _since(value: str):
    try:
        return parse_since(value)
    except ExportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` and ``import`` subcommands."""
    p = subparsers.add_parser(
        "export", help="write highlights as a Markdown briefing, CSV or W3C annotation JSON"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="default: from the -o file's extension (.csv, .json), else markdown",
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
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )

    p = subparsers.add_parser(
        "import", help="merge a W3C annotation JSON file, such as a colleague's export"
    )
    p.add_argument("file", type=Path, metavar="FILE.json")


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output is not None:
        return _SUFFIX_FORMATS.get(args.output.suffix.lower(), "markdown")
    return "markdown"


def cmd_export(args: argparse.Namespace, index: CorpusIndex, store: AnnotationStore) -> int:
    """Export the highlights the filters select, to -o FILE (atomically) or stdout."""
    try:
        briefing = collect(index, store, tags=args.tag, article_ids=args.article, since=args.since)
    except ExportError as exc:
        raise ExportFailure(str(exc)) from None
    for warning in briefing.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    text = render(briefing, _format(args), group_by=args.group_by, title=args.title)

    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        atomic.write_atomic(args.output, text.encode("utf-8"))
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise ExportFailure(f"cannot write {args.output}: {why}; choose another -o path") from None
    n, m = len(briefing.entries), len(briefing.articles)
    print(f"Wrote {n} highlight(s) from {m} article(s) to {args.output}.")
    return 0


def cmd_import(args: argparse.Namespace, index: CorpusIndex, store: AnnotationStore) -> int:
    """Merge a W3C annotation file; print what it did."""
    try:
        report = import_w3c_file(args.file, index, store)
    except (ImportFileError, AnnotationError) as exc:
        raise ExportFailure(str(exc)) from None
    for reason in report.skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    print(report.summary())
    return 0


COMMANDS = {"export": cmd_export, "import": cmd_import}
