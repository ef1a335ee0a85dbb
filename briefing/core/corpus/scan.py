"""Finding the article files of a corpus folder, safely.

The corpus is whatever the user unpacked, so the walk must survive hostile trees:

- **Symlink loops** (``ln -s . a``) once made the walk follow 2^40 paths and grow without
  bound. Every real folder is now read once, known by (device, inode); a link to a folder
  already read is skipped with one warning naming the link. Bind mounts are caught the same
  way.
- **Links out of the corpus** (``passwd.txt -> /etc/passwd``, a linked folder of private
  notes) were indexed, listed and exported. A file or folder whose real path is outside the
  corpus is skipped with a warning, unless the caller asks to follow such links.
- **Names that are not UTF-8** (``caf\\xe9.txt`` from an old zip) reached SQLite, Whoosh
  and the terminal as lone surrogates, and every command died with UnicodeEncodeError.
  Such a name gets a safe form, its undecodable bytes percent-encoded (``caf%E9.txt``);
  that form gives the article's id and is what the index stores and prints.

Links are resolved after every plain entry of the tree has been seen, so a file or folder
reachable under its real name keeps that name; a link to it is skipped with a warning. A
file linked under two names where neither is its real name is read once, under the first
link in sorted order.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")

# How many entries the walk reads between two looks at the cancel callback: a folder of
# 100k files must not hold up a quitting app for the whole folder.
_CANCEL_EVERY = 512


@dataclass(frozen=True)
class CorpusFile:
    """One article file found by :func:`scan_corpus`.

    *rel*: its '/'-separated path relative to the corpus in safe form (see
    :func:`safe_name`): it gives the article id and is what is stored and printed. *path*:
    where to read it (the real name, which may not be UTF-8). *stat*: its ``os.stat``,
    symlinks followed.
    """

    rel: str
    path: str
    stat: os.stat_result


@dataclass
class CorpusScan:
    """What :func:`scan_corpus` found: *files* sorted by folder then name, one-line
    *warnings* naming each path skipped, and *cancelled* when the walk was stopped early
    (its *files* are then incomplete and must not be taken as the corpus)."""

    files: list[CorpusFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False


def is_article_name(name: str) -> bool:
    """True for a name an article file may have (.txt, .md, .markdown; any case)."""
    return name.lower().endswith(ARTICLE_SUFFIXES)


def safe_name(name: str) -> str:
    """*name* as it may be stored and printed: unchanged when it is valid UTF-8; else its
    undecodable bytes (which Python holds as lone surrogates) and any ``%`` as ``%XX``.

    ``safe_name("caf\\udce9.txt") == "caf%E9.txt"``; the result is always valid UTF-8.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    out = []
    for char in name:
        if "\udc80" <= char <= "\udcff":  # a byte os.fsdecode could not decode
            out.append(f"%{ord(char) - 0xDC00:02X}")
        elif char == "%":
            out.append("%25")  # so that decoding is exact: see real_path
        else:
            out.append(char)
    return "".join(out)


def real_path(root: Path, rel: str) -> Path:
    """The file a safe relative path (as :func:`safe_name` makes) names under *root*.

    Segment by segment: a name that exists as written is taken as written, else it is
    percent-decoded back to its original bytes. (A UTF-8 name is never encoded, so a
    literal ``50%.txt`` is found as written.)
    """
    path = root
    for part in rel.split("/"):
        literal = path / part
        if "%" in part and not os.path.lexists(literal):
            literal = path / os.fsdecode(unquote_to_bytes(part))
        path = literal
    return path


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def scan_corpus(
    root: Path,
    *,
    follow_links_outside: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> CorpusScan:
    """Every article file below *root*, each real file and folder once.

    Hidden files and folders are skipped silently. Skipped with a warning (one line, naming
    the path in safe form): a link to a folder or file already read (a loop or an alias), a
    link whose real path is outside *root* (unless *follow_links_outside*), a broken link,
    a folder that cannot be read. *cancelled* is called as the walk goes; when it returns
    True the walk stops at once and the result has ``cancelled`` set. Never raises OSError.

    os.scandir rather than pathlib: at 20k files the Path objects alone cost more than the
    stat calls, and this runs on every update.
    """
    result = CorpusScan()
    root_real = os.path.realpath(root)
    try:
        top = os.stat(root)
    except OSError as exc:
        result.warnings.append(f"{safe_name(str(root))}: cannot read ({exc.strerror or exc})")
        return result
    # Real folders and files already taken, by (device, inode) -> the rel path they have.
    folders: dict[tuple[int, int], str] = {(top.st_dev, top.st_ino): ""}
    files: dict[tuple[int, int], str] = {}
    queue: list[tuple[str, str]] = [(os.fspath(root), "")]  # (folder to read, its rel + "/")
    links: list[tuple[str, str]] = []  # (rel, path) of links met, resolved once queue is empty
    seen = 0

    def take_file(rel: str, path: str, st: os.stat_result) -> None:
        files.setdefault((st.st_dev, st.st_ino), rel)
        result.files.append(CorpusFile(rel, path, st))

    while queue or links:
        while queue:
            folder, prefix = queue.pop()
            if cancelled():
                result.cancelled = True
                return result
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError as exc:
                where = prefix.rstrip("/") or "the corpus folder"
                result.warnings.append(f"{where}: cannot read ({exc.strerror or exc}); skipped")
                continue
            for entry in entries:
                seen += 1
                if seen % _CANCEL_EVERY == 0 and cancelled():
                    result.cancelled = True
                    return result
                if entry.name.startswith("."):
                    continue
                rel = prefix + safe_name(entry.name)
                try:
                    if entry.is_symlink():
                        links.append((rel, entry.path))
                    elif entry.is_dir(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        key = (st.st_dev, st.st_ino)
                        if key in folders:  # a bind mount of a folder already read
                            where = f"{folders[key]}/" if folders[key] else "the corpus folder"
                            result.warnings.append(
                                f"{rel}: the same folder as {where}, already read; skipped"
                            )
                        else:
                            folders[key] = rel
                            queue.append((entry.path, rel + "/"))
                    elif is_article_name(entry.name) and entry.is_file(follow_symlinks=False):
                        take_file(rel, entry.path, entry.stat(follow_symlinks=False))
                except OSError:
                    continue  # vanished between listing and stat
        # Links last, in sorted order, so that real names win over links to the same thing.
        pending, links = sorted(links, key=lambda link: link[0].split("/")), []
        for rel, path in pending:
            if cancelled():
                result.cancelled = True
                return result
            try:
                st = os.stat(path)
            except OSError as exc:
                result.warnings.append(f"{rel}: broken link ({exc.strerror or exc}); skipped")
                continue
            real = os.path.realpath(path)
            if not follow_links_outside and not _inside(real, root_real):
                result.warnings.append(
                    f"{rel}: links outside the corpus (to {safe_name(real)}); skipped "
                    "(--follow-links-outside reads it)"
                )
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if key in folders:
                    result.warnings.append(_again(rel, folders[key]))
                else:
                    folders[key] = rel
                    queue.append((path, rel + "/"))
            elif stat.S_ISREG(st.st_mode) and is_article_name(rel):
                if key in files:
                    result.warnings.append(
                        f"{rel}: links to {files[key]}, already read; skipped (read once)"
                    )
                else:
                    take_file(rel, path, st)
    result.files.sort(key=lambda f: f.rel.split("/"))
    return result


def _again(rel: str, first: str) -> str:
    target = f"{first}/" if first else "the corpus folder itself"
    return f"{rel}: links to {target}, already read (a loop or a second way in); skipped"


def iter_article_files(root: Path) -> Iterator[Path]:
    """The path of every article file :func:`scan_corpus` finds below *root*, sorted."""
    for found in scan_corpus(root).files:
        yield Path(found.path)
