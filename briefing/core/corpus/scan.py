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

import operator
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote_to_bytes

from briefing.core.corpus.formats import SUFFIXES, is_readable_name

ARTICLE_SUFFIXES = SUFFIXES  # every suffix a reader is registered for (core.corpus.formats)
_BY_NAME = operator.attrgetter("name")  # C-speed sort key: the walk sorts every folder

# How many entries the walk reads between two looks at the cancel callback: a folder of
# 100k files must not hold up a quitting app for the whole folder.
_CANCEL_EVERY = 512


class CorpusFile(NamedTuple):
    """One article file found by :func:`scan_corpus`.

    *rel*: its '/'-separated path relative to the corpus in safe form (see
    :func:`safe_name`): it gives the article id and is what is stored and printed. *path*:
    where to read it (the real name, which may not be UTF-8). *stat*: its ``os.stat``,
    symlinks followed.

    A NamedTuple, not a frozen dataclass: one is made per file on every update, and the
    frozen dataclass's ``__init__`` made the walk of 2k files measurably slower.
    """

    rel: str
    path: str
    stat: os.stat_result


@dataclass
class CorpusScan:
    """What :func:`scan_corpus` found: *files* sorted by folder then name, one-line
    *warnings* naming each path skipped, *unsupported*: the files no reader takes (safe
    relative paths, sorted), and *cancelled* when the walk was stopped early (its *files*
    are then incomplete and must not be taken as the corpus)."""

    files: list[CorpusFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    cancelled: bool = False


def is_article_name(name: str) -> bool:
    """True for a name an article file may have (a suffix some reader takes; any case)."""
    return is_readable_name(name)


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

    Hidden files and folders are skipped silently; a file no reader takes is listed in
    ``unsupported`` for the caller to name. Skipped with a warning (one line, naming the
    path in safe form): a link to a folder or file already read (a loop or an alias), a
    link whose real path is outside *root* (unless *follow_links_outside*), a broken link,
    a folder that cannot be read. *cancelled* is called as the walk goes; when it returns
    True the walk stops at once and the result has ``cancelled`` set. Never raises OSError.
    """
    walk = _Walk(root, follow_links_outside, cancelled)
    try:
        walk.run()
    except _Stop:
        walk.result.cancelled = True
    return walk.result


class _Stop(Exception):
    """The cancel callback said stop."""


class _Walk:
    """One walk of :func:`scan_corpus`: plain entries depth first in sorted order (as the
    files then come out sorted), links once no plain entry is left.

    os.scandir rather than pathlib: at 20k files the Path objects alone cost more than the
    stat calls, and this runs on every update.
    """

    def __init__(self, root: Path, follow_outside: bool, cancelled: Callable[[], bool]):
        self.root = os.fspath(root)
        self.root_real = os.path.realpath(root)
        self.follow_outside = follow_outside
        self.cancelled = cancelled
        self.result = CorpusScan()
        self.warn = self.result.warnings.append
        # Real folders already taken, by (device, inode) -> the rel path they are read under.
        self.folders: dict[tuple[int, int], str] = {}
        self.links: list[tuple[str, str]] = []  # (rel, path) met, resolved after the rest
        self.seen = 0

    def run(self) -> None:
        try:
            top = os.stat(self.root)
        except OSError as exc:
            self.warn(f"{safe_name(self.root)}: cannot read ({exc.strerror or exc})")
            return
        self.folders[(top.st_dev, top.st_ino)] = ""
        self.walk(self.root, "")
        if self.links:
            self.follow_links()
            self.result.files.sort(key=lambda f: f.rel.split("/"))
            self.result.unsupported.sort(key=lambda rel: rel.split("/"))

    def listing(self, folder: str, prefix: str) -> list[os.DirEntry[str]]:
        if self.cancelled():
            raise _Stop
        try:
            with os.scandir(folder) as entries:
                return sorted(entries, key=_BY_NAME)
        except OSError as exc:
            where = prefix.rstrip("/") or "the corpus folder"
            self.warn(f"{where}: cannot read ({exc.strerror or exc}); skipped")
            return []

    def walk(self, folder: str, prefix: str) -> None:
        """Depth first below *folder* (read as *prefix*), an explicit stack for depth.

        The loop is written for speed (it runs for every file on every full update: 100k
        entries take ~0.5 s here, ~0.35 s of it the stats): a `for` over each folder's
        entries rather than next() per entry, and an ASCII name taken as its safe form
        without a call."""
        files = self.result.files
        stack = [(iter(self.listing(folder, prefix)), prefix)]
        while stack:
            entries, prefix = stack[-1]
            for entry in entries:
                self.seen += 1
                if self.seen % _CANCEL_EVERY == 0 and self.cancelled():
                    raise _Stop
                name = entry.name
                if name[0] == ".":
                    continue
                rel = prefix + (name if name.isascii() else safe_name(name))
                try:
                    if entry.is_symlink():
                        self.links.append((rel, entry.path))
                    elif entry.is_dir(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        key = (st.st_dev, st.st_ino)
                        if key in self.folders:  # a bind mount of a folder already read
                            first = self.folders[key]
                            where = f"{first}/" if first else "the corpus folder"
                            self.warn(f"{rel}: the same folder as {where}, already read; skipped")
                        else:
                            self.folders[key] = rel
                            stack.append((iter(self.listing(entry.path, rel)), rel + "/"))
                            break  # into the folder; this one goes on when it is done
                    elif entry.is_file(follow_symlinks=False):
                        if is_article_name(name):
                            stat = entry.stat(follow_symlinks=False)
                            files.append(CorpusFile(rel, entry.path, stat))
                        else:
                            self.result.unsupported.append(rel)
                except OSError:
                    continue  # vanished between listing and stat
            else:
                stack.pop()

    def follow_links(self) -> None:
        """Resolve the links met, in sorted order, walking the folders they open (which
        may hold more links), until none is left."""
        # Files already taken, by (device, inode): a link to one of them is an alias.
        taken = {(f.stat.st_dev, f.stat.st_ino): f.rel for f in self.result.files}
        while self.links:
            pending, self.links = sorted(self.links, key=lambda link: link[0].split("/")), []
            for rel, path in pending:
                if self.cancelled():
                    raise _Stop
                self.follow(rel, path, taken)

    def follow(self, rel: str, path: str, taken: dict[tuple[int, int], str]) -> None:
        try:
            st = os.stat(path)
        except OSError as exc:
            self.warn(f"{rel}: broken link ({exc.strerror or exc}); skipped")
            return
        real = os.path.realpath(path)
        if not self.follow_outside and not _inside(real, self.root_real):
            self.warn(
                f"{rel}: links outside the corpus (to {safe_name(real)}); skipped "
                "(--follow-links-outside reads it)"
            )
            return
        key = (st.st_dev, st.st_ino)
        if stat.S_ISDIR(st.st_mode):
            if key in self.folders:
                first = self.folders[key]
                target = f"{first}/" if first else "the corpus folder itself"
                self.warn(
                    f"{rel}: links to {target}, already read (a loop or a second way in); skipped"
                )
            else:
                self.folders[key] = rel
                self.walk(path, rel + "/")
        elif stat.S_ISREG(st.st_mode) and not is_article_name(rel):
            self.result.unsupported.append(rel)
        elif stat.S_ISREG(st.st_mode):
            if key in taken:
                self.warn(f"{rel}: links to {taken[key]}, already read; skipped (read once)")
            else:
                taken[key] = rel
                self.result.files.append(CorpusFile(rel, path, st))


def iter_article_files(root: Path) -> Iterator[Path]:
    """The path of every article file :func:`scan_corpus` finds below *root*, sorted."""
    for found in scan_corpus(root).files:
        yield Path(found.path)
