"""Finding the article files of a corpus folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")


def iter_article_files(root: Path) -> Iterator[Path]:
    """Every .txt/.md file below `root`, sorted, skipping hidden files and folders."""
    for rel, _ in scan_article_files(root):
        yield root / rel


def scan_article_files(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(relative '/'-separated path, stat) of every article file below `root`, in sorted
    order, hidden files and folders skipped.

    os.scandir rather than pathlib: at 20k files the Path objects alone cost more than the
    stat calls, and this runs on every update.
    """

    def walk(folder: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    yield from walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.name.lower().endswith(ARTICLE_SUFFIXES) and entry.is_file():
                    yield f"{prefix}{entry.name}", entry.stat()
            except OSError:
                continue  # vanished between listing and stat

    yield from walk(str(root), "")
