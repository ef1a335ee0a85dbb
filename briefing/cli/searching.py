"""`briefing searches`: the team's saved searches, and what is new in each since you looked."""

from __future__ import annotations

import argparse

from briefing.cli.command import Command
from briefing.cli.output import print_json
from briefing.core.display import plural
from briefing.core.errors import EXIT_OK
from briefing.core.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="save a query under a name (shared with the team)")
    add.add_argument("name")
    add.add_argument("query", nargs="+")
    remove = actions.add_parser("rm", help="forget a saved search")
    remove.add_argument("name")


def run_searches(args: argparse.Namespace, workspace: Workspace) -> int:
    saved = workspace.saved_searches
    if args.action == "add":
        query = " ".join(args.query)
        workspace.search(query, limit=1)  # a query that cannot run is refused, not saved
        search = saved.add(args.name, query)
        workspace.run_saved(search.name)  # saved while looking at it: these are seen
        print(f"Saved {search.name!r}: {search.query}")
        return EXIT_OK
    if args.action == "rm":
        saved.remove(args.name)
        print(f"Removed {args.name!r}.")
        return EXIT_OK
    rows = []
    for search in saved.load():
        _, results, new = workspace.run_saved(search.name, limit=None, visit=False)
        rows.append(
            {"name": search.name, "query": search.query, "total": results.total, "new": len(new)}
        )
    if args.json:
        print_json(rows)
        return EXIT_OK
    if not rows:
        print('No saved searches: `briefing searches add NAME "QUERY"` saves one.')
    for row in rows:
        print(f"{row['name']}\t{plural(row['total'], 'hit')}, {row['new']} new\t{row['query']}")
    return EXIT_OK


SEARCHES = Command(
    "saved searches: list them with what is new, add or remove one", _arguments, run_searches
)
