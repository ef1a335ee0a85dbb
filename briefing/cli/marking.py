"""`briefing mark`: read / unread and starred / not, on an article."""

from __future__ import annotations

import argparse

from briefing.cli.command import Command
from briefing.cli.output import print_json
from briefing.core.errors import EXIT_OK, UserError
from briefing.core.workspace import Workspace


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id")
    read = p.add_mutually_exclusive_group()
    read.add_argument("--read", dest="read", action="store_const", const=True)
    read.add_argument("--unread", dest="read", action="store_const", const=False)
    star = p.add_mutually_exclusive_group()
    star.add_argument("--star", dest="starred", action="store_const", const=True)
    star.add_argument("--unstar", dest="starred", action="store_const", const=False)
    p.add_argument("--json", action="store_true")


def run_mark(args: argparse.Namespace, workspace: Workspace) -> int:
    if args.read is None and args.starred is None:
        raise UserError("Say what to mark: --read, --unread, --star or --unstar.")
    article = workspace.require_article(args.id)
    workspace.store.set_flags(article.id, read=args.read, starred=args.starred)
    read, starred = workspace.flags().get(article.id, (False, False))
    if args.json:
        print_json({"id": article.id, "read": read, "starred": starred})
    else:
        print(
            f"{article.id}: {'read' if read else 'unread'}, {'starred' if starred else 'not starred'}"
        )
    return EXIT_OK


MARK = Command("mark an article read or unread, starred or not", _arguments, run_mark)
