"""`briefing index` and `briefing paths`: the index, and where everything lives."""

from __future__ import annotations

import argparse

from briefing.cli.command import Command
from briefing.cli.output import print_json, print_report, progress_printer, waiting_notice
from briefing.core.errors import EXIT_OK
from briefing.core.workspace import Workspace, locations


def _index_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the counts, warnings and every file skipped (with why) as JSON",
    )


def run_index(args: argparse.Namespace, workspace: Workspace) -> int:
    # verify: `briefing index` is where a damaged index file is looked for (a hash of every
    # file of the index: ~0.2 s at 20k articles), so that it never reports "unchanged"
    # over damage that other commands would only meet mid-search.
    with progress_printer() as progress:
        report = workspace.update(
            progress, rebuild=args.rebuild, on_wait=waiting_notice(), verify=True
        )
    if args.json:
        print_json(
            {
                "added": report.added,
                "changed": report.changed,
                "deleted": report.deleted,
                "unchanged": report.unchanged,
                "notice": report.notice,
                "skipped": [{"path": path, "reason": why} for path, why in report.skipped],
                "warnings": list(report.warnings),
            }
        )
        return EXIT_OK
    print_report(report, verbose=True)
    return EXIT_OK


def _paths_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


def run_paths(args: argparse.Namespace, workspace: Workspace | None) -> int:
    """Print where the corpus, annotations, index, state, config and cleaning rules live."""
    where = locations(args.corpus, annotations=args.annotations, index=args.index)
    if args.json:
        print_json({name: str(path) for name, path in where.items()})
        return EXIT_OK
    width = max(map(len, where))
    for name, path in where.items():
        print(f"{name.ljust(width)}  {path}")
    return EXIT_OK


INDEX = Command("bring the index up to date", _index_arguments, run_index, needs="workspace")
PATHS = Command(
    "print where the index, state, config and cleaning rules live",
    _paths_arguments,
    run_paths,
    needs="nothing",
)
