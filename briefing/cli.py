"""The `briefing` command: thin subcommands over briefing.core; no subcommand opens the app."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing.core.cleaning import RulesError
from briefing.core.index import CorpusIndex, IndexUnavailable, UpdateReport
from briefing.core.paths import index_dir
from briefing.core.search import QueryError, Searcher

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: printed as one line, exit status 2."""


class Failure(Exception):
    """Something the user must fix outside the command line: one line, exit status 1."""


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

    p = sub.add_parser("show", help="show one article's clean text")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    return parser


def annotations_dir(args: argparse.Namespace) -> Path:
    return args.annotations or args.corpus.expanduser().resolve().parent / "annotations"


def _open_only(args: argparse.Namespace) -> CorpusIndex:
    """Open the index for `args.corpus` without updating it; problems are one-line Failures."""
    corpus = args.corpus.expanduser()
    if not corpus.is_dir():
        raise Failure(
            f"No corpus folder at {corpus}: pass --corpus DIR (a folder of .txt/.md files)."
        )
    try:
        return CorpusIndex.open(corpus, index_dir(corpus, args.index))
    except RulesError as exc:
        raise Failure(str(exc)) from exc
    except OSError as exc:
        raise Failure(
            f"Cannot open the index at {index_dir(corpus, args.index)}: {exc.strerror or exc}"
        ) from exc


def open_index(args: argparse.Namespace, *, quiet: bool = False) -> CorpusIndex:
    """Open and update the index for `args.corpus`; warnings go to stderr."""
    index = _open_only(args)
    report = index.update(progress=None if quiet else _progress_printer(), procs=2)
    _print_report(report, verbose=False)
    return index


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rIndexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return show


def _print_report(report: UpdateReport, verbose: bool) -> None:
    if report.notice:
        print(report.notice, file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if verbose:
        print(
            f"{report.added} added, {report.changed} changed, {report.deleted} deleted, "
            f"{report.unchanged} unchanged."
        )


def cmd_index(args: argparse.Namespace) -> int:
    index = _open_only(args)  # same checks and one-line errors as the other commands
    report = index.update(progress=_progress_printer(), rebuild=args.rebuild, procs=2)
    _print_report(report, verbose=True)
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
        _print_json(
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
        _print_json(
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
    index = open_index(args)
    article = index.article(args.id)
    index.close()
    if article is None:
        raise UsageError(f"No article with id {args.id!r}: see `briefing list`.")
    if args.json:
        _print_json(
            {
                "id": article.id,
                "title": article.title,
                "source": article.source,
                "date": article.date,
                "byline": article.byline,
                "path": str(article.path),
                "tags": list(article.tags),
                "text": article.text,
            }
        )
        return EXIT_OK
    print(article.title)
    meta = " · ".join(x for x in (article.source, article.date, article.byline) if x)
    if meta:
        print(meta)
    print()
    print(article.text)
    return EXIT_OK


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


COMMANDS = {"index": cmd_index, "search": cmd_search, "list": cmd_list, "show": cmd_show}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from briefing.tui.app import run_app  # the TUI is only imported when used

            return run_app(args)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (Failure, IndexUnavailable) as exc:
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
