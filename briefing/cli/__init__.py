"""The `briefing` command: thin subcommands over the core's Workspace.

One table of commands; each is `run(args, workspace) -> int`. Every error the core raises
is a :class:`BriefingError`: one line on stderr, exit 2 for the user to fix the command
(a bad query, an unknown id), exit 1 for a problem outside it. With no subcommand, the app
opens (and only then is the TUI imported).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import briefing
from briefing.cli import (
    annotating,
    copies,
    exporting,
    maintenance,
    marking,
    reading,
    searching,
)
from briefing.cli.command import Command
from briefing.cli.output import (
    TerminalSafe,
    print_report,
    progress_printer,
    waiting_notice,
    warn,
)
from briefing.core.errors import EXIT_OK, EXIT_USAGE, BriefingError
from briefing.core.index import IndexDamaged
from briefing.core.workspace import Workspace

COMMANDS: dict[str, Command] = {
    "index": maintenance.INDEX,
    "search": reading.SEARCH,
    "searches": searching.SEARCHES,
    "list": reading.LIST,
    "show": reading.SHOW,
    "copies": copies.COPIES,
    "annotate": annotating.ANNOTATE,
    "tag": annotating.TAG,
    "mark": marking.MARK,
    "annotations": annotating.ANNOTATIONS,
    "reattach": annotating.REATTACH,
    "export": exporting.EXPORT,
    "import": exporting.IMPORT,
    "paths": maintenance.PATHS,
}


class _Version(argparse.Action):
    """`--version`, looked up only when asked for (see briefing/__init__.py)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # noqa: ANN001
        print(f"briefing {briefing.__version__}")
        parser.exit()


class OneLineParser(argparse.ArgumentParser):
    """argparse, with its usage errors on one line like every other error (it printed the
    usage block first: two to four lines), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"briefing: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="briefing",
        description="Search, read and annotate a corpus of news articles. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
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
    parser.add_argument(
        "--follow-links-outside",
        action="store_const",
        const=True,
        default=None,
        help="read files and folders that symlinks in the corpus lead to outside it "
        "(default: skipped with a warning; config: follow_links_outside)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        command.arguments(sub.add_parser(name, help=command.help))
    return parser


def open_workspace(args: argparse.Namespace) -> Workspace:
    """The workspace the global options name; its config warning goes to stderr."""
    workspace = Workspace(
        args.corpus,
        annotations=args.annotations,
        index=args.index,
        follow_links_outside=args.follow_links_outside,
    )
    if workspace.config_warning:
        warn(workspace.config_warning)
    workspace.store.on_warning = warn  # a very large annotations file, as it is read
    return workspace


def run_command(args: argparse.Namespace) -> int:
    command = COMMANDS[args.command]
    if command.needs == "nothing":
        return command.run(args, None)
    workspace = open_workspace(args)
    try:
        if command.needs == "index":
            with progress_printer(log=False) as progress:
                report = workspace.update(progress, on_wait=waiting_notice())
            print_report(report, verbose=False)
        try:
            return command.run(args, workspace)
        except IndexDamaged:
            # The search engine could not read its own files: the update rebuilds them
            # (with the notice, as when damage is found at open) and the command runs
            # again, once; a second failure is not taken for damage.
            with progress_printer(log=False) as progress:
                report = workspace.update(progress, on_wait=waiting_notice())
            print_report(report, verbose=False)
            return command.run(args, workspace)
    finally:
        workspace.close()


class _Signalled(BaseException):
    """SIGTERM or SIGHUP, raised where the command was, so that what it started is undone on
    the way out (the index writer kills its worker processes, a save drops its temp file)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_signalled(signum: int, frame: object) -> None:
    raise _Signalled(signum)


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `_Signalled` inside the block (main thread only; the
    handlers before are put back after, for callers such as tests that run `main`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {s: signal.signal(s, _raise_signalled) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def main(argv: Sequence[str] | None = None) -> int:
    # Everything printed, argparse's messages included, is shown inertly (TerminalSafe);
    # the app draws through Textual, which takes the real streams back below.
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(sys.stdout), TerminalSafe(sys.stderr)  # type: ignore[assignment]
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = real


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from briefing.tui.app import run_app  # the TUI is only imported when used

            # Textual draws on the real streams, and makes its own output safe.
            sys.stdout = getattr(sys.stdout, "unfiltered", sys.stdout)
            sys.stderr = getattr(sys.stderr, "unfiltered", sys.stderr)
            return run_app(args)
        # Only for commands: the app leaves its terminal to Textual, and its index workers
        # die with it anyway (core/index/writer.py).
        with _signals_raise():
            return run_command(args)
    except BriefingError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except _Signalled as exc:
        return 128 + exc.signum
    except BrokenPipeError:
        # `briefing list | head`: stdout closed early is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
