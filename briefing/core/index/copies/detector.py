"""The copy detector: which articles are copies of one story, kept up to date one article
at a time.

Adding an article costs its shingles, one signature, its band look-ups, and an exact
comparison with each candidate the bands turn up (a handful at most: 192 candidates for
all 2,225 BBC articles). Nothing is re-clustered: a confirmed pair joins two clusters, a
removal re-walks the one cluster it leaves.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from briefing.core.config import CopySettings
from briefing.core.index.copies.clusters import CopyTables
from briefing.core.index.copies.minhash import BINS, ROWS, band_keys, signature
from briefing.core.index.copies.shingles import overlap, shingles

# Bump when shingles, signatures or the rule for a pair change what is stored.
_ALGORITHM = "1"
# Texts read from the source at a time (never all: 100k articles are ~360 MB), and articles
# matched per transaction by sync(): a crash or cancel loses at most these.
_CHUNK = 200


class CopySource(Protocol):
    """Where the detector reads the articles it keeps in step with (the catalog)."""

    def content_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> a hash of its clean text, for every article (or those of *ids*
        that exist)."""
        ...

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> its clean text, for those of *ids* that exist."""
        ...


@dataclass(frozen=True)
class Sibling:
    """Another article of the same cluster, and how much of a story the two share.

    *similarity*: containment, 0-1 (the share of the shorter one's shingles the other
    holds; what the threshold is set on). *jaccard*: shared shingles over all, 0-1.
    A sibling may sit in the cluster through a third article and be below the threshold
    itself: clusters are connected components.
    """

    id: str
    similarity: float
    jaccard: float


@dataclass
class CopyReport:
    """What a :meth:`CopyDetector.sync` did: articles matched (new or changed), articles
    taken out, pairs confirmed; *complete* is False when it was cancelled part-way (the
    next sync carries on)."""

    matched: int = 0
    removed: int = 0
    pairs: int = 0
    complete: bool = True


def digest(text: str) -> str:
    """A hash of *text*, for a :class:`CopySource` that has none of its own."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class CopyDetector:
    """Copy clusters of the articles of *source*, kept in tables of the SQLite
    connection *db* (the catalog's: a cache, rebuilt with it).

    *settings*: the threshold and shingle size (config ``copies:``); when they differ from
    those the tables were made with, the next :meth:`apply` or :meth:`sync` matches every
    article again.
    """

    def __init__(
        self, db: sqlite3.Connection, source: CopySource, settings: CopySettings | None = None
    ) -> None:
        self.db = db
        self.source = source
        self.settings = settings or CopySettings()
        self.tables = CopyTables(db)

    @property
    def _fingerprint(self) -> str:
        s = self.settings
        return f"{_ALGORITHM}:{BINS}:{ROWS}:{s.shingle_words}:{s.threshold}:{s.min_words}"

    # -- keeping in step ---------------------------------------------------------------
    def stale(self) -> bool:
        """Whether the tables were made with other settings, or before the catalog was
        cleared (a rebuild empties its ``meta``, which holds their fingerprint): then the
        next :meth:`apply` matches every article again."""
        return self.tables.fingerprint() != self._fingerprint

    def forget(self) -> None:
        """Make the tables :meth:`stale`: the next :meth:`apply` matches every article."""
        with self.db:
            self.tables.reset("")

    def apply(self, changed: Iterable[str], removed: Iterable[str] = ()) -> CopyReport:
        """Bring the tables in step with one update of the index, in one transaction:
        *changed*, the ids of articles new or changed (the source holds their new text),
        *removed*, the ids gone. When :meth:`stale`, every article of the source is
        matched again. Returns a :class:`CopyReport`.

        Made to run before the catalog records the update as done, as Whoosh does: an
        article already matched with the same text hash is skipped, so an update redone
        after a crash finds this part done.
        """
        report = CopyReport()
        gone = set(removed)
        with self.db:
            if self.stale():
                self.tables.reset(self._fingerprint)
                changed = self.source.content_hashes()  # every article, with these settings
            for aid in sorted(gone):
                report.removed += self.remove(aid)
            self._match(sorted(set(changed) - gone), report)
        return report

    def sync(
        self, only: Iterable[str] | None = None, *, cancelled: Callable[[], bool] = lambda: False
    ) -> CopyReport:
        """Match the articles of the source that are new or whose text changed, and take
        out those gone; *only*: look at these ids alone. Returns a :class:`CopyReport`.
        (An index calls :meth:`apply` with what it writes; this serves a source alone.)

        Safe to repeat and to interrupt: one transaction per batch of articles, each
        recorded with its text hash, so a sync after a crash or a cancel carries on.
        """
        report = CopyReport()
        if self.stale():
            with self.db:
                self.tables.reset(self._fingerprint)
            only = None  # every article, with the new settings
        wanted = list(only) if only is not None else None
        hashes = self.source.content_hashes(wanted)
        known = self.tables.digests(wanted)
        with self.db:
            for aid in sorted(aid for aid in known if aid not in hashes):
                report.removed += self.remove(aid)
        todo = sorted(hashes)
        for start in range(0, len(todo), _CHUNK):
            with self.db:
                if not self._match(todo[start : start + _CHUNK], report, cancelled):
                    report.complete = False
                    return report
        return report

    def _match(
        self,
        ids: list[str],
        report: CopyReport,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> bool:
        """Match the articles *ids* whose text hash differs from the one recorded, their
        texts read from the source a batch at a time (the caller's transaction); False
        when *cancelled* stopped it."""
        hashes = self.source.content_hashes(ids)
        known = self.tables.digests(ids)
        todo = [aid for aid in ids if aid in hashes and known.get(aid) != hashes[aid]]
        for start in range(0, len(todo), _CHUNK):
            chunk = todo[start : start + _CHUNK]
            texts = self.source.texts(chunk)
            for aid in chunk:
                if cancelled():
                    return False
                if aid in texts:
                    report.pairs += len(self.add(aid, texts[aid], hashes[aid]))
                    report.matched += 1
        return True

    def add(self, article_id: str, text: str, text_digest: str) -> list[Sibling]:
        """Match one article against those already in and record it; returns the articles
        it is a copy of (each confirmed pair). An article already in with the same
        *text_digest* is left as it is; with another, it is taken out first. The caller
        holds the transaction."""
        known = self.tables.digests([article_id])
        if known.get(article_id) == text_digest:
            return []
        if known:
            self.remove(article_id)
        size = self.settings.shingle_words
        mine = shingles(text, size)
        if len(mine) + size - 1 < self.settings.min_words:  # too short to call a copy
            self.tables.insert(article_id, text_digest, [])
            return []
        keys = band_keys(signature(mine))
        candidates = [c for c in self.tables.candidates(keys) if c != article_id]
        self.tables.insert(article_id, text_digest, keys)
        matches = []
        for other, other_text in sorted(self.source.texts(candidates).items()):
            found = overlap(mine, shingles(other_text, size))
            if found.containment >= self.settings.threshold:
                self.tables.add_pair(article_id, other, found.containment, found.jaccard)
                matches.append(Sibling(other, found.containment, found.jaccard))
        if matches:
            joined = {article_id} | {self.tables.cluster(m.id) or m.id for m in matches}
            self.tables.union(joined)
        return matches

    def remove(self, article_id: str) -> bool:
        """Take an article out (False: it was not in); the cluster it leaves may split in
        two or more. The caller holds the transaction."""
        cluster = self.tables.delete(article_id)
        if cluster is not None:
            self.tables.split(cluster)
        return cluster is not None

    # -- reading -----------------------------------------------------------------------
    def cluster(self, article_id: str) -> str | None:
        """The id of the article's cluster: the smallest article id in it, the article's
        own when it has no copies; None for an article not matched (yet)."""
        return self.tables.cluster(article_id)

    def siblings(self, article_id: str) -> list[Sibling]:
        """The other articles of its cluster, most similar first (then by id); empty when
        it has no copies or is unknown. Similarity is measured now, from the texts."""
        cluster = self.tables.cluster(article_id)
        if cluster is None:
            return []
        others = [m for m in self.tables.members(cluster) if m != article_id]
        if not others:
            return []
        size = self.settings.shingle_words
        texts = self.source.texts([article_id, *others])
        mine = shingles(texts.get(article_id, ""), size)
        found = []
        for other in others:
            o = overlap(mine, shingles(texts.get(other, ""), size))
            found.append(Sibling(other, o.containment, o.jaccard))
        return sorted(found, key=lambda s: (-s.similarity, s.id))

    def clusters(self) -> dict[str, list[str]]:
        """Cluster id -> its article ids (sorted), for every cluster of two or more."""
        return self.tables.clusters()
