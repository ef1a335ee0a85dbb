"""`briefing copies`: articles that are copies of one story, by cluster or for one article."""

from __future__ import annotations

import argparse

from briefing.cli.command import Command
from briefing.cli.output import print_json
from briefing.core.display import one_line, plural
from briefing.core.errors import EXIT_OK
from briefing.core.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", nargs="?", help="an article: list its copies (default: every cluster)")
    p.add_argument("--json", action="store_true")


def _percent(share: float) -> str:
    # Floor, not round: 99.6 % shared is not a "100 %" copy, which means the whole text.
    return f"{int(share * 100)}%"


def run_copies(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.id is not None:
        return _one_article(args.id, args.json, workspace)
    clusters = workspace.clusters()
    if args.json:
        print_json(
            [
                {"cluster": cluster, "articles": [{"id": i.id, "title": i.title} for i in infos]}
                for cluster, infos in clusters.items()
            ]
        )
        return EXIT_OK
    if not clusters:
        print("No copies: no two articles tell one story in the same words.")
        return EXIT_OK
    articles = sum(len(infos) for infos in clusters.values())
    print(f"{plural(len(clusters), 'cluster')} of copies, {plural(articles, 'article')}.")
    for cluster, infos in clusters.items():
        print(f"\n{cluster}  ({plural(len(infos), 'article')})")
        for info in infos:
            print(f"  {info.id}  {one_line(info.title, 100)}")
    return EXIT_OK


def _one_article(article_id: str, as_json: bool, workspace: Workspace) -> int:
    copies = workspace.copies(article_id)  # UserError for an unknown id
    # A cluster is named by its smallest article id (see core.index.copies).
    cluster = min([article_id, *(info.id for info, _ in copies)]) if copies else None
    if as_json:
        print_json(
            {
                "id": article_id,
                "cluster": cluster,
                "copies": [
                    {
                        "id": info.id,
                        "title": info.title,
                        "similarity": round(sibling.similarity, 3),
                        "jaccard": round(sibling.jaccard, 3),
                    }
                    for info, sibling in copies
                ],
            }
        )
        return EXIT_OK
    if not copies:
        print(f"No copies of {article_id}.")
        return EXIT_OK
    print(f"{article_id}: {plural(len(copies), 'copy', 'copies')} (cluster {cluster})")
    print("Shared: how much of the shorter article's text the other one holds.")
    for info, sibling in copies:
        print(f"  {_percent(sibling.similarity):>4}  {info.id}  {one_line(info.title, 100)}")
    return EXIT_OK


COPIES = Command(
    "articles that are copies of one story (a new headline, a cut, a paragraph added)",
    _arguments,
    run_copies,
)
