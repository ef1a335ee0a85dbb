"""Annotations as the index sees them: which articles changed, and what to index for each.

:class:`StoreAnnotationSource` implements :class:`briefing.core.index.AnnotationSource` over
an :class:`~briefing.core.annotations.AnnotationStore`. The index calls ``signatures()`` on
every update, so it only stats the YAML files (no parsing); ``apply()`` is called for the
articles being re-indexed and parses just their file (the store caches by bytes).
"""

from __future__ import annotations

import os
from pathlib import Path

from briefing.core.annotations.model import AnnotationError
from briefing.core.annotations.placing import apply_overrides
from briefing.core.annotations.store import AnnotationStore
from briefing.core.corpus import Article, clean_tags

_SUFFIX = ".yaml"


def file_signature(st: os.stat_result) -> str:
    """A string that changes whenever a file is rewritten.

    The store replaces files atomically, so each save is a new inode: the inode number
    catches two saves of the same size within one tick of the filesystem's clock.
    """
    return f"{st.st_mtime_ns}:{st.st_size}:{st.st_ino}"


def scan_signatures(root: Path) -> dict[str, str]:
    """Article id -> :func:`file_signature` for every annotations file under *root*.

    Hidden files and folders are skipped: the lock folder (``.locks``) and the store's temp
    files (``.<name>.yaml.tmp``). ``os.scandir`` keeps this to one stat per file.
    """
    found: dict[str, str] = {}
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:  # missing, vanished or unreadable: nothing to index from it
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, f"{prefix}{name}/"))
                elif name.endswith(_SUFFIX) and len(name) > len(_SUFFIX) and entry.is_file():
                    found[prefix + name[: -len(_SUFFIX)]] = file_signature(entry.stat())
            except OSError:
                continue  # removed between listing and stat
    return found


class StoreAnnotationSource:
    """Feeds notes, tags and metadata corrections from an annotation store to the index."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        # Ids that had a file at the last signatures() call: apply() skips the others
        # without touching the disk, which matters when (re)building a large corpus. A file
        # created since then has a new signature, so the next update indexes it anyway.
        self._with_files: set[str] | None = None

    def signatures(self) -> dict[str, str]:
        """Article id -> a stat-based signature of its annotations file."""
        signatures = scan_signatures(self.store.root)
        self._with_files = set(signatures)
        return signatures

    def apply(self, article: Article) -> tuple[Article, str, tuple[str, ...]]:
        """(article with corrections, note text, tags) to index for *article*.

        The note text is the article's note and every live highlight's note, one per line;
        the tags are the article's (front matter and annotations) and its live highlights',
        without duplicates. A file that cannot be read leaves the article as it is: the
        index must still build, and the file is reported where annotations are shown.
        """
        if self._with_files is not None and article.id not in self._with_files:
            return article, "", article.tags
        try:
            ann = self.store.load(article.id)
        except AnnotationError:
            return article, "", article.tags
        corrected = apply_overrides(article, ann)
        live = ann.live_highlights
        notes = [ann.note, *(h.note for h in live)]
        note = "\n".join(n for n in notes if n.strip())
        tags = clean_tags([*corrected.tags, *(t for h in live for t in h.tags)])
        return corrected, note, tuple(tags)
