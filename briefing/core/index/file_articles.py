"""Where corpus files become articles for an update: one file, one article or several.

Everything in :mod:`.corpus_index` below the walk works per article id; a feed is one file
with many entries, each its own article. :class:`FileArticles` expands a feed into its
entries' ids: from the catalog while the file's size and mtime are what the catalog has,
else by reading it. A feed read during the walk is kept for the one update, so it is parsed
once however many of its entries changed; extraction of every format but text is cached
by content hash in the index folder (:class:`~briefing.core.corpus.ExtractionCache`), so
an unchanged PDF or page is never parsed twice, even by a rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.core.corpus import (
    Article,
    CleaningRules,
    CorpusFile,
    ExtractionCache,
    UnreadableFile,
    articles_from_bytes,
    holds_many,
)
from briefing.core.index.backend import UpdateReport
from briefing.core.index.catalog import Catalog


def skipped(report: UpdateReport, rel: str, reason: str) -> None:
    """Name a file that gave no article in *report*, once (a feed's entries fail together)."""
    if report.skipped and report.skipped[-1] == (rel, reason):
        return
    report.skipped.append((rel, reason))
    report.warnings.append(f"{rel}: {reason}, skipped")


def file_id(rel: str) -> str:
    """The article id of the file *rel*: the same as ``corpus.article_id``."""
    stem, dot, _ = rel.rpartition(".")
    return stem if dot and "/" not in rel[len(stem) :] else rel


class FileArticles:
    """The articles of corpus files, for the updates of one index (see the module doc)."""

    def __init__(self, corpus: Path, location: Path, rules: CleaningRules, catalog: Catalog):
        self.corpus = corpus
        self.rules = rules
        self.catalog = catalog
        self.cache = ExtractionCache.beside(location)
        # The feed read last: (rel, file hash, its articles, or None when it gave none).
        self._entries: tuple[str, str | None, list[Article] | None] | None = None

    def ids(
        self, file: CorpusFile, file_hash: Callable[[bytes], str], report: UpdateReport
    ) -> list[str]:
        """The ids of the articles *file* holds. A feed that cannot be read is named in
        *report* and keeps the entries known before, as they were (as an unreadable text
        file keeps its article): a feed overwritten mid-download must not lose them."""
        if not holds_many(file.rel):
            return [file_id(file.rel)]
        known = self.catalog.file_articles(file.rel)
        now = (file.stat.st_size, file.stat.st_mtime_ns)
        if known and all((s.size, s.mtime_ns) == now for s in known.values()):
            return list(known)
        try:
            data = Path(file.path).read_bytes()
            return [a.id for a in self._many(data, file_hash(data), file.rel)]
        except OSError as exc:
            skipped(report, file.rel, f"cannot read ({exc.strerror or exc})")
        except UnreadableFile as exc:
            skipped(report, exc.path, exc.reason)
        self._entries = (file.rel, None, None)  # named once, here: `article` says no more
        return list(known)

    def article(self, data: bytes, file_hash: str, rel: str, article_id: str) -> Article | None:
        """The article *article_id* of the file *rel* (safe form) with bytes *data*; None
        when a feed no longer holds it (it changed since the walk: the next update sees)
        or could not be read in the walk (named there). Raises UnreadableFile."""
        if holds_many(rel):
            if self._entries is not None and self._entries[0] == rel and self._entries[2] is None:
                return None
            found = self._many(data, file_hash, rel)
            return next((a for a in found if a.id == article_id), None)
        path = self.corpus / rel
        return articles_from_bytes(data, path, self.corpus, self.rules, self.cache)[0]

    def _many(self, data: bytes, file_hash: str, rel: str) -> list[Article]:
        if self._entries is not None and self._entries[:2] == (rel, file_hash):
            assert self._entries[2] is not None
            return self._entries[2]
        path = self.corpus / rel
        articles = articles_from_bytes(data, path, self.corpus, self.rules, self.cache)
        self._entries = (rel, file_hash, articles)
        return articles
