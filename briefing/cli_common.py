"""What every `briefing` subcommand shares: one-line errors, opening the index and store."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from briefing.core import paths
from briefing.core.annotations.index_source import StoreAnnotationSource
from briefing.core.annotations.store import AnnotationStore
from briefing.core.corpus.cleaning import RulesError
from briefing.core.config import Config, ConfigError, load_config
from briefing.core.index.corpus_index import CorpusIndex, UpdateReport
from briefing.core.paths import config_file, index_dir

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: printed as one line, exit status 2."""


class Failure(Exception):
    """Something the user must fix outside the command line: one line, exit status 1."""


def annotations_dir(args: argparse.Namespace) -> Path:
    return paths.annotations_dir(args.corpus, args.annotations)


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


def open_only(args: argparse.Namespace) -> CorpusIndex:
    """Open the index for `args.corpus` without updating it; problems are one-line Failures."""
    corpus = args.corpus.expanduser()
    if not corpus.is_dir():
        raise Failure(
            f"No corpus folder at {corpus}: pass --corpus DIR (a folder of .txt/.md files)."
        )
    source = StoreAnnotationSource(open_store(args))
    try:
        index = CorpusIndex.open(corpus, index_dir(corpus, args.index), annotations=source)
        if sys.stderr.isatty():  # a person at a terminal; scripts get only the one-line errors
            index.on_wait = lambda: print(
                "Waiting for another briefing process that is indexing this corpus…",
                file=sys.stderr,
            )
        return index
    except RulesError as exc:
        raise Failure(str(exc)) from exc
    except OSError as exc:
        raise Failure(
            f"Cannot open the index at {index_dir(corpus, args.index)}: {exc.strerror or exc}"
        ) from exc


def open_index(args: argparse.Namespace, *, quiet: bool = False) -> CorpusIndex:
    """Open and update the index for `args.corpus`; warnings go to stderr."""
    index = open_only(args)
    report = index.update(progress=None if quiet else progress_printer(), procs=2)
    print_report(report, verbose=False)
    return index


def progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\rIndexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return show


def print_report(report: UpdateReport, verbose: bool) -> None:
    if report.notice:
        print(report.notice, file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if verbose:
        print(
            f"{report.added} added, {report.changed} changed, {report.deleted} deleted, "
            f"{report.unchanged} unchanged."
        )


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
