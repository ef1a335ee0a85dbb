"""The `briefing` command: thin subcommands over briefing.core; no subcommand opens the app."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing import cli_annotate, cli_export
from briefing.cli_annotate import get_article, highlight_json, placed_highlights, print_highlight
from briefing.cli_common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    Failure,
    UsageError,
    open_index,
    open_only,
    open_store,
    print_json,
    print_report,
    progress_printer,
)
from briefing.core.annotations.store import AnnotationError, InvalidAnnotation
from briefing.core.index.corpus_index import IndexUnavailable
from briefing.core.index.search import QueryError, Searcher


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Search, read and annotate a corpus of news articles. "
        "With no command, opens the app.",
    )
    parser.add_argument(
        "--corpus", type=Path, default=Path("corpus"), help="corpus folder (default ./corpus)"
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        help="annotations folder (default: annotations/ beside the corpus)",
    )
    parser.add_argument(
        "--index", type=Path, help="index folder (default: $BRIEFING_INDEX, else the user cache)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="bring the index up to date")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")

    p = sub.add_parser("search", help="search the corpus (Whoosh query syntax)")
    p.add_argument(
        "query", nargs="+", help='e.g. Rodriguez, "Havana syndrome", title:cuba date:2023'
    )
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("list", help="list every article")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one article's clean text and its highlights")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    cli_annotate.register(sub)
    cli_export.register(sub)
    return parser


def cmd_index(args: argparse.Namespace) -> int:
    index = open_only(args)  # same checks and one-line errors as the other commands
    report = index.update(progress=progress_printer(), rebuild=args.rebuild, procs=2)
    print_report(report, verbose=True)
    index.close()
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    text = " ".join(args.query)
    index = open_index(args)
    try:
        results = Searcher(index).search(text, limit=args.limit, sort=args.sort)
    except QueryError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        index.close()
    if args.json:
        print_json(
            [
                {
                    "id": h.id,
                    "title": h.info.title,
                    "source": h.info.source,
                    "date": h.info.date,
                    "score": round(h.score, 4),
                    "snippet": h.snippet.marked(),
                    "path": str(h.info.path),
                }
                for h in results.hits
            ]
        )
        return EXIT_OK
    if not results.hits:
        print(f"No articles match {text!r}.")
        return EXIT_OK
    print(f"{results.total} article(s) match {text!r}; showing {len(results.hits)}.")
    for h in results.hits:
        meta = " · ".join(x for x in (h.info.source, h.info.date) if x)
        print(f"\n{h.id}  {h.info.title}" + (f"  ({meta})" if meta else ""))
        print(f"    {h.snippet.marked()}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    index = open_index(args)
    infos = index.articles()
    index.close()
    if args.json:
        print_json(
            [
                {
                    "id": i.id,
                    "title": i.title,
                    "source": i.source,
                    "date": i.date,
                    "path": str(i.path),
                    "tags": list(i.tags),
                }
                for i in infos
            ]
        )
        return EXIT_OK
    if not infos:
        print(f"No articles in {args.corpus}: add .txt or .md files.")
    for i in infos:
        print(f"{i.id}\t{i.date or '—'}\t{i.source or '—'}\t{i.title}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    article = get_article(args)
    placed = placed_highlights(open_store(args), article)
    if args.json:
        print_json(
            {
                "id": article.id,
                "title": article.title,
                "source": article.source,
                "date": article.date,
                "byline": article.byline,
                "path": str(article.path),
                "tags": list(article.tags),
                "text": article.text,
                "highlights": [highlight_json(p) for p in placed],
            }
        )
        return EXIT_OK
    print(article.title)
    meta = " · ".join(x for x in (article.source, article.date, article.byline) if x)
    if meta:
        print(meta)
    if article.tags:
        print("Tags: " + ", ".join(article.tags))
    print()
    print(article.text)
    if placed:
        print(f"\nHighlights ({len(placed)}):")
        for p in placed:
            print_highlight(highlight_json(p), indent="  ")
    return EXIT_OK


COMMANDS = {
    "index": cmd_index,
    "search": cmd_search,
    "list": cmd_list,
    "show": cmd_show,
    **cli_annotate.COMMANDS,
}


def run_export_command(args: argparse.Namespace) -> int:
    """export / import: they work on an up-to-date index and the annotation store."""
    index = open_index(args)
    try:
        return cli_export.COMMANDS[args.command](args, index, open_store(args))
    finally:
        index.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from briefing.tui.app import run_app  # the TUI is only imported when used

            return run_app(args)
        if args.command in cli_export.COMMANDS:
            return run_export_command(args)
        return COMMANDS[args.command](args)
    except (UsageError, InvalidAnnotation) as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (Failure, IndexUnavailable, AnnotationError, cli_export.ExportFailure) as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `briefing list | head`: stdout closed early is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
