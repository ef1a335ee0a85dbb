"""`briefing annotate`, `tag` and `annotations`: highlighting from scripts."""

from __future__ import annotations

import argparse

from briefing.cli.command import Command
from briefing.cli.output import highlight_json, print_highlight, print_json, warn
from briefing.core.annotations import Candidate, clean_tags
from briefing.core.display import one_line
from briefing.core.errors import EXIT_OK, UserError
from briefing.core.export import ExportEntry
from briefing.core.workspace import Workspace


def _annotate_arguments(p: argparse.ArgumentParser) -> None:
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
    p.add_argument("--json", action="store_true", help="the new highlight as JSON")


def _label(requested: str | None, labels: tuple[str, ...]) -> str:
    """The colour label to use: the given one (or its 1-based number), else the first."""
    if requested is None:
        return labels[0] if labels else "key-fact"
    if requested.strip().isdigit() and 1 <= int(requested) <= len(labels):
        return labels[int(requested) - 1]
    label = requested.strip()
    if not label:
        raise UserError("--color needs a label, e.g. --color claim.")
    return label


def run_annotate(args: argparse.Namespace, workspace: Workspace) -> int:
    if not args.quote.strip():
        raise UserError("--quote is empty: give the text to highlight.")
    if args.occurrence is not None and args.occurrence < 1:
        raise UserError("--occurrence counts from 1.")
    color = _label(args.color, workspace.labels)
    highlight = workspace.highlight_quote(
        args.id, args.quote, args.occurrence, color=color, note=args.note, tags=args.tag
    )
    if color not in workspace.labels:  # said once it is saved, not before a refusal
        labels = ", ".join(workspace.labels)
        warn(f"{color!r} is not one of the configured labels ({labels}); saved anyway.")
    if args.json:
        annotated = workspace.require_article(args.id)
        placed = next(p for p in annotated.highlights if p.id == highlight.id)
        print_json({"article_id": annotated.id, **highlight_json(placed)})
        return EXIT_OK
    print(highlight.id)
    return EXIT_OK


def _tag_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--json", action="store_true", help="the article's tags as JSON")


def run_tag(args: argparse.Namespace, workspace: Workspace) -> int:
    new = clean_tags(args.tags)
    if not new:
        raise UserError("No tags given: e.g. `briefing tag ID cuba migration`.")
    article = workspace.require_article(args.id)
    tags = workspace.store.add_article_tags(article.id, new)
    if args.json:
        print_json({"article_id": article.id, "tags": tags})
        return EXIT_OK
    print(", ".join(tags))
    return EXIT_OK


def _annotations_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tag", help="only highlights with this tag (on them or their article)")
    p.add_argument(
        "--orphans",
        action="store_true",
        help="only orphaned highlights, each with the passages it might belong to now",
    )
    p.add_argument("--json", action="store_true")


def _row(e: ExportEntry) -> dict:
    h = e.highlight
    return {
        "article_id": e.article.id,
        "title": e.article.title if e.article.present else None,
        "id": h.id,
        "quote": h.target.exact,
        "start": e.start,
        "end": e.end,
        "note": h.note,
        "tags": list(h.tags),
        "color": h.color,
        "status": str(e.status),
        "article_tags": list(e.article.tags),
    }


def _candidate(c: Candidate) -> dict[str, object]:
    return {
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "score": c.score,
        "quote_similarity": round(c.quote_similarity, 4),
        "context_similarity": round(c.context_similarity, 4),
        "nearness": round(c.nearness, 4),
    }


def run_annotations(args: argparse.Namespace, workspace: Workspace) -> int:
    tag = args.tag.strip() if args.tag is not None else None
    listing = workspace.highlights(tag=tag)
    for warning in listing.warnings:
        warn(warning)
    entries = [e for e in listing.entries if e.orphaned or not args.orphans]
    rows = [_row(e) for e in entries]
    if args.orphans:
        for row in rows:
            found = workspace.triage(row["id"], copies=True)
            own = [c for c in found if c.source is None]
            row["candidates"] = [{"candidate": n, **_candidate(c)} for n, c in enumerate(own, 1)]
            # Where the passage may survive in a copy of the article: to read, not re-attach.
            row["in_copies"] = [
                {"article_id": c.source, "title": c.source_title, **_candidate(c)}
                for c in found
                if c.source is not None
            ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        what = "orphaned highlights" if args.orphans else "highlights"
        print(f"No {what}" + (f" tagged {args.tag!r}." if args.tag is not None else "."))
    shown = None
    for r in rows:
        if r["article_id"] != shown:
            shown = r["article_id"]
            print(f"\n{shown}  {r['title'] or '(no longer in the corpus)'}")
        print_highlight(r, indent="  ")
        for c in r.get("candidates", ()):
            print(
                f"      candidate {c['candidate']} ({c['score']:.2f}): “{one_line(c['text'], 80)}”"
            )
        for c in r.get("in_copies", ()):
            print(
                f"      in copy {c['article_id']} ({c['score']:.2f}): “{one_line(c['text'], 80)}”"
            )
    if any(r.get("candidates") for r in rows):
        print("\nRe-attach one with: briefing reattach ID --candidate N")
    return EXIT_OK


def _reattach_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("highlight_id", metavar="HIGHLIGHT_ID")
    p.add_argument(
        "--candidate",
        type=int,
        required=True,
        metavar="N",
        help="which candidate (1-3), as `annotations --orphans` lists them",
    )


def run_reattach(args: argparse.Namespace, workspace: Workspace) -> int:
    highlight = workspace.reattach(args.highlight_id, args.candidate)
    print(f"Re-attached {highlight.id} to “{one_line(highlight.target.exact, 80)}”.")
    return EXIT_OK


ANNOTATE = Command("highlight a quote in an article", _annotate_arguments, run_annotate)
TAG = Command("add tags to an article", _tag_arguments, run_tag)
REATTACH = Command(
    "re-attach an orphaned highlight to one of its candidate passages",
    _reattach_arguments,
    run_reattach,
)
ANNOTATIONS = Command("list every highlight in the corpus", _annotations_arguments, run_annotations)
