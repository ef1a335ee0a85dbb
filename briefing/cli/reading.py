"""`briefing search`, `list` and `show`: finding and reading articles from a script."""

from __future__ import annotations

import argparse

from briefing.cli.command import Command
from briefing.cli.output import highlight_json, print_highlight, print_json, warn
from briefing.core.corpus import RemovedLine
from briefing.core.display import one_line, plural
from briefing.core.errors import EXIT_OK, UserError
from briefing.core.workspace import Workspace


def _search_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "query", nargs="*", help='e.g. Rodriguez, "Havana syndrome", title:cuba date:2023'
    )
    p.add_argument("--saved", metavar="NAME", help="run a saved search (briefing searches)")
    p.add_argument(
        "--new", action="store_true", help="with --saved: only what is new since the last visit"
    )
    p.add_argument("--limit", type=int, default=20, help="hits shown (default 20; 0: all)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true")


def run_search(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.limit < 0:
        raise UserError("--limit must be 0 (every hit) or more.")
    new: set[str] | None = None
    if args.saved is not None:
        if args.query:
            raise UserError("Give a query or --saved NAME, not both.")
        search, results, new = workspace.run_saved(args.saved, limit=args.limit or None)
        text = search.query
    elif not args.query:
        raise UserError(
            'No query: e.g. `briefing search "Havana syndrome"`, or --saved NAME '
            "(see `briefing search --help`)."
        )
    elif args.new:
        raise UserError("--new goes with --saved NAME.")
    else:
        text = " ".join(args.query)
        results = workspace.search(text, limit=args.limit or None, sort=args.sort)
    hits = [h for h in results.hits if new is None or not args.new or h.id in new]
    for note in results.notes:  # how the query was read (a capped prefix): never silent
        warn(note)
    if results.pending:  # another process's update is still indexing (we did not wait)
        searchable = results.articles - results.pending
        warn(
            f"the index is being built: {searchable} of {results.articles} articles "
            "searchable so far; hits may be missing"
        )
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
                    # [start, end] code points of the clean text (`show --json`'s "text"),
                    # the first MAX_HIT_SPANS of them
                    "matches": [list(span) for span in h.spans],
                    "path": str(h.info.path),
                }
                | ({"new": h.id in new} if new is not None else {})
                for h in hits
            ]
        )
        return EXIT_OK
    if not hits:
        print(f"No {'new ' if args.new else ''}articles match {text!r}.")
        return EXIT_OK
    fresh = f", {len(new)} new" if new is not None else ""
    verb = "matches" if results.total == 1 else "match"
    print(f"{plural(results.total, 'article')} {verb} {text!r}{fresh}; showing {len(hits)}.")
    for h in hits:
        meta = " · ".join(x for x in (h.info.source, h.info.date) if x)
        mark = "[new] " if new is not None and h.id in new else ""
        print(f"\n{mark}{h.id}  {h.info.title}" + (f"  ({meta})" if meta else ""))
        print(f"    {h.snippet.marked()}")
    return EXIT_OK


def _list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


def run_list(args: argparse.Namespace, workspace: Workspace) -> int:
    infos = workspace.articles()
    flags = workspace.flags()
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
                    "read": flags.get(i.id, (False, False))[0],
                    "starred": flags.get(i.id, (False, False))[1],
                }
                for i in infos
            ]
        )
        return EXIT_OK
    if not infos:
        print(
            f"No articles in {args.corpus}: add .txt, .md, .html, .pdf, .eml, .rss or .docx files."
        )
    for i in infos:
        print(f"{i.id}\t{i.date or '—'}\t{i.source or '—'}\t{i.title}")
    return EXIT_OK


def _show_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    p.add_argument(
        "--removed",
        action="store_true",
        help="list the lines of the file that cleaning left out of the text, and why",
    )
    p.add_argument("--json", action="store_true")


def _removed_json(r: RemovedLine) -> dict:
    return {
        "line": r.line,
        "text": r.text,
        "reason": r.reason,
        "rules": [
            {"file": rule.file, "key": rule.key, "pattern": rule.pattern} for rule in r.rules
        ],
        "metadata": r.metadata,
        "cut_at": r.cut_at,
    }


def _why(r: RemovedLine) -> str:
    """Why one line is not in the text, for people: the rule(s), by file."""
    if r.reason == "metadata":
        return f"metadata: {r.metadata}"
    by_file: dict[str, list[str]] = {}
    for rule in r.rules:
        by_file.setdefault(f"{rule.file}, {rule.key}", []).append(f"'{rule.pattern}'")
    rules = "; ".join(f"{where}: {' + '.join(pats)}" for where, pats in by_file.items())
    if r.cut_at is not None and r.cut_at != r.line:
        return f"after the cut at line {r.cut_at} ({rules})"
    return rules


def run_removed(args: argparse.Namespace, workspace: Workspace) -> int:
    """`show ID --removed`: every line cleaning left out, with its line number and rule."""
    removed = list(workspace.removed_lines(args.id))  # UserError for an unknown id
    article = workspace.indexed_article(args.id)
    assert article is not None  # removed_lines found it
    if args.json:
        print_json(
            {
                "id": article.id,
                "path": str(article.path),
                "removed": [_removed_json(r) for r in removed],
            }
        )
        return EXIT_OK
    # A page's, a PDF's or a feed's lines are those of the text extracted from the file.
    where = article.path if article.format == "text" else f"the text read from {article.path}"
    print(f"{plural(len(removed), 'line')} of {where} not in the text of {article.id}:")
    width = len(str(removed[-1].line)) if removed else 1
    for r in removed:
        print(f"\n{r.line:>{width}}  {one_line(r.text, 120)}")
        print(f"{'':>{width}}  {_why(r)}")
    if any(r.rules for r in removed):
        print(
            "\nTo keep a line, add its pattern under keep_lines in a cleaning rules file"
            " (`briefing paths` says where)."
        )
    return EXIT_OK


def _pages(starts: tuple[int, ...], end: int) -> list[dict]:
    """A PDF's pages as offsets (code points) into the text: where each starts and ends."""
    ends = [*starts[1:], end]
    return [
        {"page": n, "start": start, "end": stop}
        for n, (start, stop) in enumerate(zip(starts, ends, strict=True), 1)
    ]


def run_show(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.removed:
        return run_removed(args, workspace)
    annotated = workspace.require_article(args.id)
    if annotated.problem:
        warn(annotated.problem)
    article = annotated.article
    placed = annotated.highlights
    if args.json:
        print_json(
            {
                "id": article.id,
                "title": article.title,
                "source": article.source,
                "date": article.date,
                "byline": article.byline,
                "path": str(article.path),
                "format": article.format,
                **({"pages": _pages(article.pages, len(article.text))} if article.pages else {}),
                **({"entry": article.entry} if article.entry else {}),
                "url": article.url,
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


SEARCH = Command("search the corpus (Whoosh query syntax)", _search_arguments, run_search)
LIST = Command("list every article", _list_arguments, run_list)
SHOW = Command(
    "show one article's clean text and its highlights, or (--removed) what cleaning left out",
    _show_arguments,
    run_show,
)
