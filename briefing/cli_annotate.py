"""`briefing annotate`, `tag` and `annotations`: highlighting from scripts."""

from __future__ import annotations

import argparse
import sys

from briefing.cli_common import (
    EXIT_OK,
    UsageError,
    open_index,
    open_store,
    print_json,
    user_config,
)
from briefing.core.annotations.anchoring import AnchorStatus, quote_at
from briefing.core.annotations.store import (
    AnnotationFileError,
    AnnotationStore,
    ArticleAnnotations,
    clean_tags,
)
from briefing.core.corpus.reading import Article
from briefing.core.annotations.placing import PlacedHighlight, find_quote, place_highlights
from briefing.core.corpus.textio import one_line


def register(sub: argparse._SubParsersAction) -> None:
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


def get_article(args: argparse.Namespace) -> Article:
    """The article `args.id`, from an up-to-date index (so with its corrections applied)."""
    index = open_index(args)
    try:
        article = index.article(args.id)
    finally:
        index.close()
    if article is None:
        raise UsageError(f"No article with id {args.id!r}: see `briefing list`.")
    return article


def placed_highlights(store: AnnotationStore, article: Article) -> list[PlacedHighlight]:
    """The article's highlights anchored in its text; a bad file is a warning and none."""
    try:
        return place_highlights(article, store.load(article.id))
    except AnnotationFileError as exc:
        print(f"warning: {exc}", file=sys.stderr)
        return []


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
    article = get_article(args)
    spans = find_quote(article.text, args.quote)
    if not spans:
        raise UsageError(
            f"Quote not found in {article.id}: {one_line(args.quote, 60)!r}; "
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
    article = get_article(args)
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
        | highlight_json(p)
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
        print_json(rows)
        return EXIT_OK
    if not rows:
        print("No highlights" + (f" tagged {args.tag!r}." if args.tag is not None else " yet."))
    shown = None
    for r in rows:
        if r["article_id"] != shown:
            shown = r["article_id"]
            print(f"\n{shown}  {r['title'] or '(no longer in the corpus)'}")
        print_highlight(r, indent="  ")
    return EXIT_OK


COMMANDS = {"annotate": cmd_annotate, "tag": cmd_tag, "annotations": cmd_annotations}
