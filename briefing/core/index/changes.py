"""What changed in the corpus since the catalog was written: the files an update must read
and the articles whose files are gone.

Three ways to look, from dearest to cheapest:

- :func:`look_everywhere`: walk the whole corpus (``scan_corpus``). At 100k articles the
  walk and its stats take ~0.7 s here, so the CLI does it once per command and compares
  plain tuples; the app does it at start and on "Reload corpus" only.
- :func:`look_at_paths`: the files a folder watcher named (new, changed, moved, deleted,
  or a whole folder moved in or out). No walk of the rest.
- :func:`look_at_ids`: the files of known articles (after an annotation change).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.corpus import (
    CorpusFile,
    holds_many,
    is_article_name,
    real_path,
    safe_name,
    scan_corpus,
    unsupported_reason,
)
from briefing.core.index.backend import UpdateReport
from briefing.core.index.catalog import Catalog
from briefing.core.index.file_articles import file_id, skipped
from briefing.core.index.update_lock import Cancelled

Known = dict[str, tuple[str, int, int, str]]  # id -> (rel_path, size, mtime_ns, ann_sig)
# The ids of the articles a file holds: a feed's entries (read, or known from the catalog
# while the file is as it was), else the one id its name gives. Names in the report it is
# given what it could not read (see file_articles.FileArticles.ids).
Expand = Callable[[CorpusFile, UpdateReport], list[str]]


@dataclass
class Look:
    """Files found by one look at the corpus.

    *files*: article id -> its file, for each file looked at (a feed's entries all with
    the feed's file); *covers*: the known ids this look answers for (None: all of them, a
    full walk), so a covered id without a file is gone; *noted*: one warning per file
    skipped, and in its *skipped* the files that gave no article, with why.
    """

    files: dict[str, CorpusFile] = field(default_factory=dict)
    covers: set[str] | None = None
    noted: UpdateReport = field(default_factory=UpdateReport)

    @property
    def warnings(self) -> list[str]:
        return self.noted.warnings

    def add(self, file: CorpusFile, expand: Expand) -> None:
        ids = expand(file, self.noted) if holds_many(file.rel) else [file_id(file.rel)]
        for aid in ids:
            first = self.files.setdefault(aid, file)
            if first is not file:  # a.txt and a.md; the first in sorted order keeps the id
                self.warnings.append(f"{file.rel}: same id as {first.rel} ({aid}); skipped")

    def tell(self, report: UpdateReport) -> None:
        """Pass on to *report* the warnings and skipped files of this look."""
        report.warnings.extend(self.noted.warnings)
        report.skipped.extend(self.noted.skipped)

    def unsupported(self, rel: str) -> None:
        skipped(self.noted, rel, unsupported_reason(rel))

    def merge(self, other: Look) -> None:
        """Add what *other* found (both partial looks)."""
        for aid, file in other.files.items():
            self.files.setdefault(aid, file)
        if self.covers is not None and other.covers is not None:
            self.covers |= other.covers
        self.noted.warnings += other.noted.warnings
        self.noted.skipped += other.noted.skipped


@dataclass
class Changes:
    """What an update has to do: read *changed* (ids in *look*), drop *deleted*;
    *signatures*: the annotation signatures they were compared with; *known*: the
    catalog's file states compared with, when the look was a full walk."""

    look: Look
    changed: list[str]
    deleted: list[str]
    unchanged: int
    signatures: dict[str, str]
    known: Known | None = None

    @property
    def nothing(self) -> bool:
        return not self.changed and not self.deleted


def compare(look: Look, known: Known, signatures: dict[str, str]) -> Changes:
    """Tell changed files from unchanged ones by (rel_path, size, mtime_ns, annotations
    signature), as tuples: no object per file."""
    changed: list[str] = []
    unchanged = 0
    get_sig = signatures.get
    for aid, file in look.files.items():
        st = file.stat
        if known.get(aid) == (file.rel, st.st_size, st.st_mtime_ns, get_sig(aid, "")):
            unchanged += 1
        else:
            changed.append(aid)
    covered = known.keys() if look.covers is None else look.covers
    deleted = [aid for aid in covered if aid in known and aid not in look.files]
    return Changes(
        look, changed, deleted, unchanged, signatures, known if look.covers is None else None
    )


def look_everywhere(
    corpus: Path, follow_outside: bool, cancelled: Callable[[], bool], expand: Expand
) -> Look:
    """Every article file of the corpus. Raises `Cancelled`."""
    scan = scan_corpus(corpus, follow_links_outside=follow_outside, cancelled=cancelled)
    if scan.cancelled:
        raise Cancelled
    look = Look()
    look.warnings.extend(scan.warnings)
    for rel in scan.unsupported:
        look.unsupported(rel)
    files = look.files
    for file in scan.files:  # Look.add inlined for one-article files: it runs for every file
        rel = file.rel
        if holds_many(rel):
            look.add(file, expand)
            continue
        stem, dot, _ = rel.rpartition(".")
        aid = stem if dot and "/" not in rel[len(stem) :] else rel  # file_articles.file_id
        if aid in files:
            look.warnings.append(f"{rel}: same id as {files[aid].rel} ({aid}); skipped")
        else:
            files[aid] = file
    return look


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def look_at_paths(
    corpus: Path, catalog: Catalog, paths: Iterable[str], follow_outside: bool, expand: Expand
) -> Look | None:
    """The files at *paths* (relative to the corpus, as the file system names them; a
    folder stands for every file below it), or None when only a full walk can tell: a
    path through a symlink, whose rules (aliases, links out of the corpus) need the rest
    of the tree."""
    look = Look(covers=set())
    assert look.covers is not None
    root = os.path.realpath(corpus)
    for raw in sorted(set(paths)):
        rel = "/".join(safe_name(part) for part in raw.split("/"))
        if not rel or _hidden(rel):
            continue
        path = os.path.join(os.fspath(corpus), raw)
        linked = os.path.realpath(path) != os.path.join(root, os.path.normpath(raw))
        if linked and os.path.lexists(path):
            return None  # reached through a link
        look.covers.update(catalog.ids_under(rel))
        try:
            st = os.stat(path)
        except OSError:
            continue  # gone: its ids are covered and not found, so deleted
        if stat.S_ISDIR(st.st_mode):
            scan = scan_corpus(Path(path), follow_links_outside=follow_outside)
            look.warnings.extend(f"{rel}/{w}" for w in scan.warnings)
            for name in scan.unsupported:
                look.unsupported(f"{rel}/{name}")
            for file in scan.files:
                look.add(CorpusFile(f"{rel}/{file.rel}", file.path, file.stat), expand)
        elif stat.S_ISREG(st.st_mode):
            if is_article_name(rel):
                look.add(CorpusFile(rel, path, st), expand)
            else:
                look.unsupported(rel)
    _keep_first_of_same_id(corpus, catalog, look)
    return look


def _keep_first_of_same_id(corpus: Path, catalog: Catalog, look: Look) -> None:
    """A new a.md beside a known a.txt: as a full walk would, the first in sorted order
    keeps the id; the other is skipped with a warning."""
    for aid, file in list(look.files.items()):
        known = catalog.file_states([aid]).get(aid)
        if known is None or known.rel_path == file.rel:
            continue
        if not os.path.exists(real_path(corpus, known.rel_path)):
            continue  # renamed from a.txt to a.md: the new name takes the id
        if known.rel_path.split("/") < file.rel.split("/"):
            del look.files[aid]
            look.warnings.append(f"{file.rel}: same id as {known.rel_path} ({aid}); skipped")


def look_at_ids(corpus: Path, known: Known, ids: Iterable[str], follow_outside: bool) -> Look:
    """The files of the known articles *ids*; one vanished, or become a link out of the
    corpus (unless those are followed), is left out (deleted)."""
    look = Look(covers=set())
    assert look.covers is not None
    root = os.path.realpath(corpus)
    for aid in ids:
        if aid not in known:
            continue
        look.covers.add(aid)
        rel = known[aid][0]
        path = real_path(corpus, rel)
        if not follow_outside and not Path(os.path.realpath(path)).is_relative_to(root):
            continue
        try:
            look.files[aid] = CorpusFile(rel, os.fspath(path), os.stat(path))
        except OSError:
            continue
    return look
