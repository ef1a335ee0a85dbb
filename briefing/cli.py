"""The `briefing` command: thin subcommands over briefing.core; no subcommand opens the app."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing.core.anchoring import AnchorStatus, quote_at
from briefing.core.annotation_source import StoreAnnotationSource
from briefing.core.annotations import (
    AnnotationError,
    AnnotationFileError,
    AnnotationStore,
    ArticleAnnotations,
    InvalidAnnotation,
    clean_tags,
)
from briefing.core.cleaning import RulesError
from briefing.core.config import Config, ConfigError, load_config
from briefing.core.corpus import Article
from briefing.core.highlights import PlacedHighlight, place_highlights
from briefing.core.index import CorpusIndex, IndexUnavailable, UpdateReport
from briefing.core.paths import config_file, index_dir
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

    p = sub.add_parser("show", help="show one article's clean text and its highlights")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("annotate", help="highlight a quote in an article")
    p.add_argument("id")
    p.add_argument("--quote", required=True, help="the text to highlight, as `show` prints it")
    p.add_argument(
        "--occurrence", type=int, metavar="N", help="which occurrence (1-based) when it repeats"
    )
    p.add_argument("--note", default="", help="a note on the highlight")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    p.add_argument(
        "--color", metavar="LABEL", help="colour label, or its number (default: the first label)"
    )

    p = sub.add_parser("tag", help="add tags to an article")
    p.add_argument("id")
    p.add_argument("tags", nargs="+", metavar="TAG")

    p = sub.add_parser("annotations", help="list every highlight in the corpus")
    p.add_argument("--tag", help="only highlights with this tag (on them or their article)")
    p.add_argument("--json", action="store_true")
    return parser


def annotations_dir(args: argparse.Namespace) -> Path:
    return args.annotations or args.corpus.expanduser().resolve().parent / "annotations"


def user_config(args: argparse.Namespace) -> Config:
    """The user's config, read once per command; an unusable one is a warning and defaults."""
    if getattr(args, "config", None) is None:
        try:
            args.config = load_config(config_file())
        except ConfigError as exc:
            print(f"warning: {exc}", file=sys.stderr)
            args.config = Config()
    return args.config


def open_store(args: argparse.Namespace) -> AnnotationStore:
    """The annotations of `args.corpus`; the author comes from the config, else git/login."""
    if getattr(args, "store", None) is None:
        args.store = AnnotationStore(annotations_dir(args), user_config(args).author)
    return args.store


def _open_only(args: argparse.Namespace) -> CorpusIndex:
    """Open the index for `args.corpus` without updating it; problems are one-line Failures."""
    corpus = args.corpus.expanduser()
    if not corpus.is_dir():
        raise Failure(
            f"No corpus folder at {corpus}: pass --corpus DIR (a folder of .txt/.md files)."
        )
    source = StoreAnnotationSource(open_store(args))
    try:
        return CorpusIndex.open(corpus, index_dir(corpus, args.index), annotations=source)
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


def _get_article(args: argparse.Namespace) -> Article:
    """The article `args.id`, from an up-to-date index (so with its corrections applied)."""
    index = open_index(args)
    try:
        article = index.article(args.id)
    finally:
        index.close()
    if article is None:
        raise UsageError(f"No article with id {args.id!r}: see `briefing list`.")
    return article


def _placed(store: AnnotationStore, article: Article) -> list[PlacedHighlight]:
    """The article's highlights anchored in its text; a bad file is a warning and none."""
    try:
        return place_highlights(article, store.load(article.id))
    except AnnotationFileError as exc:
        print(f"warning: {exc}", file=sys.stderr)
        return []


def _highlight_json(p: PlacedHighlight) -> dict:
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


def _one_line(text: str, width: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _print_highlight(h: dict, indent: str = "") -> None:
    """One highlight (as `_highlight_json` gives it) for people: status, place, quote, note."""
    where = f"{h['start']}-{h['end']}" if h["start"] is not None else "-"
    tags = "".join(f"  #{t}" for t in h["tags"])
    print(f"{indent}[{h['status']}] {where}  {h['color']}  “{_one_line(h['quote'])}”{tags}")
    for line in h["note"].splitlines():
        print(f"{indent}    {line}")


def cmd_show(args: argparse.Namespace) -> int:
    article = _get_article(args)
    placed = _placed(open_store(args), article)
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
                "highlights": [_highlight_json(p) for p in placed],
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
            _print_highlight(_highlight_json(p), indent="  ")
    return EXIT_OK


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) of `quote` in `text`: exact occurrences, else the same words with
    any whitespace between them (a quote copied across a line break)."""
    spans, i = [], text.find(quote)
    while quote and i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    words = quote.split()
    if spans or not words:
        return spans
    pattern = r"\s+".join(map(re.escape, words))
    return [(m.start(1), m.end(1)) for m in re.finditer(f"(?=({pattern}))", text)]


def _label(requested: str | None, labels: tuple[str, ...]) -> str:
    """The colour label to use: the given one (or its 1-based number), else the first."""
    if requested is None:
        return labels[0] if labels else "key-fact"
    if requested.strip().isdigit() and 1 <= int(requested) <= len(labels):
        return labels[int(requested) - 1]
    label = requested.strip()
    if not label:
        raise UsageError("--color needs a label, e.g. --color claim.")
    if label not in labels:
        print(
            f"warning: {label!r} is not one of the configured labels ({', '.join(labels)}); "
            "saved anyway.",
            file=sys.stderr,
        )
    return label


def cmd_annotate(args: argparse.Namespace) -> int:
    if not args.quote.strip():
        raise UsageError("--quote is empty: give the text to highlight.")
    if args.occurrence is not None and args.occurrence < 1:
        raise UsageError("--occurrence counts from 1.")
    color = _label(args.color, user_config(args).labels)
    article = _get_article(args)
    spans = find_quote(article.text, args.quote)
    if not spans:
        raise UsageError(
            f"Quote not found in {article.id}: {_one_line(args.quote, 60)!r}; "
            f"copy it from `briefing show {article.id}`."
        )
    if args.occurrence is None and len(spans) > 1:
        raise UsageError(
            f"The quote occurs {len(spans)} times in {article.id}: "
            f"pass --occurrence N (1-{len(spans)}) to pick one."
        )
    n = args.occurrence or 1
    if n > len(spans):
        raise UsageError(
            f"--occurrence {n}: the quote occurs only {len(spans)} time(s) in {article.id}."
        )
    start, end = spans[n - 1]
    target = quote_at(article.text, start, end, article.content_hash)
    highlight = open_store(args).add_highlight(
        article.id, target, color=color, note=args.note, tags=args.tag
    )
    print(highlight.id)
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    new = clean_tags(args.tags)
    if not new:
        raise UsageError("No tags given: e.g. `briefing tag ID cuba migration`.")
    article = _get_article(args)
    tags = open_store(args).add_article_tags(article.id, new)
    print(", ".join(tags))
    return EXIT_OK


def _annotation_rows(
    article_id: str, ann: ArticleAnnotations, article: Article | None
) -> list[dict]:
    """One JSON-ready row per live highlight of an article (all orphaned if it is gone)."""
    if article is None:
        placed = [
            PlacedHighlight(h, None, None, AnchorStatus.ORPHANED) for h in ann.live_highlights
        ]
    else:
        placed = place_highlights(article, ann)
    article_tags = clean_tags([*(article.tags if article else ()), *ann.tags])
    return [
        {"article_id": article_id, "title": article.title if article else None}
        | _highlight_json(p)
        | {"article_tags": article_tags}
        for p in placed
    ]


def cmd_annotations(args: argparse.Namespace) -> int:
    store = open_store(args)
    index = open_index(args)
    try:
        loaded, errors = store.load_all()
        rows = [
            row
            for article_id, ann in loaded.items()
            for row in _annotation_rows(article_id, ann, index.article(article_id))
        ]
    finally:
        index.close()
    for error in errors:
        print(f"warning: {error}", file=sys.stderr)
    if args.tag is not None:
        wanted = args.tag.strip().casefold()
        rows = [
            r for r in rows if wanted in {t.casefold() for t in (*r["tags"], *r["article_tags"])}
        ]
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        print("No highlights" + (f" tagged {args.tag!r}." if args.tag is not None else " yet."))
    shown = None
    for r in rows:
        if r["article_id"] != shown:
            shown = r["article_id"]
            print(f"\n{shown}  {r['title'] or '(no longer in the corpus)'}")
        _print_highlight(r, indent="  ")
    return EXIT_OK


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


COMMANDS = {
    "index": cmd_index,
    "search": cmd_search,
    "list": cmd_list,
    "show": cmd_show,
    "annotate": cmd_annotate,
    "tag": cmd_tag,
    "annotations": cmd_annotations,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from briefing.tui.app import run_app  # the TUI is only imported when used

            return run_app(args)
        return COMMANDS[args.command](args)
    except (UsageError, InvalidAnnotation) as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (Failure, IndexUnavailable, AnnotationError) as exc:
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
