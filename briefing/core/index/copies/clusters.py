"""The tables of copy detection, in the catalog's SQLite file: articles, bands, pairs.

Clusters are the connected components of the pairs confirmed as copies, kept as a
union-find with every path compressed: each article's row holds its cluster's id, the
smallest article id in the cluster, so "which cluster" and "which siblings" are one
indexed look-up. A union relabels the clusters it joins; a removal re-walks the pairs of
the one cluster it touched, which may split in two.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable

_SCHEMA = """
-- The catalog's own table (the same definition): the tables' fingerprint under 'copies'
-- goes when the catalog is cleared for a rebuild, and the tables are made again.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Every article looked at, too short ones included (no bands), so each is looked at once.
-- num: a small integer that stands for the article in copy_bands (a quarter of its size).
CREATE TABLE IF NOT EXISTS copy_articles (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    cluster TEXT NOT NULL,
    bands BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS copy_articles_by_cluster ON copy_articles (cluster);
CREATE TABLE IF NOT EXISTS copy_bands (
    key INTEGER NOT NULL, num INTEGER NOT NULL, PRIMARY KEY (key, num)
) WITHOUT ROWID;
-- Confirmed copies, a < b: the edges of the clusters.
CREATE TABLE IF NOT EXISTS copy_pairs (
    a TEXT NOT NULL, b TEXT NOT NULL, containment REAL NOT NULL, jaccard REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS copy_pairs_by_b ON copy_pairs (b);
"""


class CopyTables:
    """The copy tables on *db* (created when missing). Writes are the caller's
    transaction: :class:`~briefing.core.index.copies.detector.CopyDetector` wraps each
    batch in one."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        with db:
            db.executescript(_SCHEMA)

    # -- meta --------------------------------------------------------------------------
    def fingerprint(self) -> str | None:
        """What the tables were made with (settings and algorithm); None once the catalog's
        ``meta`` was cleared."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'copies'").fetchone()
        return row[0] if row else None

    def reset(self, fingerprint: str) -> None:
        """Forget every article, band and pair; remember *fingerprint*."""
        for table in ("copy_articles", "copy_bands", "copy_pairs"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('copies', ?)", (fingerprint,))

    # -- articles ----------------------------------------------------------------------
    def digests(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> the digest of the text it was matched by (or of the ids given)."""
        sql = "SELECT id, digest FROM copy_articles"
        wanted = None if ids is None else list(ids)
        # One look-up per id for a few (an update of one file); one pass for many (a build).
        if wanted is None or len(wanted) > 1000:
            every = dict(self.db.execute(sql).fetchall())
            return every if wanted is None else {a: every[a] for a in wanted if a in every}
        found = {}
        for aid in wanted:
            row = self.db.execute(sql + " WHERE id = ?", (aid,)).fetchone()
            if row:
                found[row[0]] = row[1]
        return found

    def candidates(self, keys: list[int]) -> list[str]:
        """Ids of the articles sharing any of the band *keys*, sorted."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT DISTINCT a.id FROM copy_bands b JOIN copy_articles a ON a.num = b.num "
            f"WHERE b.key IN ({marks}) ORDER BY a.id",
            keys,
        )
        return [row[0] for row in rows]

    def insert(self, article_id: str, digest: str, keys: list[int]) -> None:
        """Add an article, alone in its cluster, with its band keys."""
        cursor = self.db.execute(
            "INSERT INTO copy_articles (id, digest, cluster, bands) VALUES (?, ?, ?, ?)",
            (article_id, digest, article_id, array("q", keys).tobytes()),
        )
        num = cursor.lastrowid
        self.db.executemany(
            "INSERT OR IGNORE INTO copy_bands VALUES (?, ?)", [(k, num) for k in keys]
        )

    def delete(self, article_id: str) -> str | None:
        """Take an article out with its bands and pairs; returns the cluster it was in
        (None when it was not there). The cluster's other members keep its id until
        :meth:`split` relabels them."""
        row = self.db.execute(
            "SELECT num, cluster, bands FROM copy_articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        num, cluster, blob = row
        keys = array("q")
        keys.frombytes(blob)
        self.db.executemany(
            "DELETE FROM copy_bands WHERE key = ? AND num = ?", [(k, num) for k in keys]
        )
        self.db.execute("DELETE FROM copy_articles WHERE num = ?", (num,))
        self.db.execute("DELETE FROM copy_pairs WHERE a = ? OR b = ?", (article_id, article_id))
        return cluster

    # -- pairs and clusters ------------------------------------------------------------
    def add_pair(self, a: str, b: str, containment: float, jaccard: float) -> None:
        a, b = min(a, b), max(a, b)
        self.db.execute(
            "INSERT OR REPLACE INTO copy_pairs VALUES (?, ?, ?, ?)", (a, b, containment, jaccard)
        )

    def cluster(self, article_id: str) -> str | None:
        row = self.db.execute(
            "SELECT cluster FROM copy_articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def members(self, cluster: str) -> list[str]:
        """The ids in *cluster*, sorted."""
        rows = self.db.execute(
            "SELECT id FROM copy_articles WHERE cluster = ? ORDER BY id", (cluster,)
        )
        return [row[0] for row in rows]

    def union(self, clusters: set[str]) -> str:
        """Join *clusters* into one, named by the smallest id in it (the smallest of their
        names, since each is its own smallest member); returns that name."""
        name = min(clusters)
        others = sorted(clusters - {name})
        self.db.executemany(
            "UPDATE copy_articles SET cluster = ? WHERE cluster = ?", [(name, c) for c in others]
        )
        return name

    def split(self, cluster: str) -> None:
        """Relabel what is left of *cluster* after a removal: each connected component of
        its remaining pairs becomes a cluster named by its smallest id."""
        left = self.members(cluster)
        if not left:
            return
        marks = ",".join("?" * len(left))
        # Every pair of the cluster has both ends in it, and a < b: asking for a is enough.
        edges = self.db.execute(f"SELECT a, b FROM copy_pairs WHERE a IN ({marks})", left)
        neighbours: dict[str, list[str]] = {aid: [] for aid in left}
        for a, b in edges:
            neighbours[a].append(b)
            neighbours.setdefault(b, []).append(a)
        seen: set[str] = set()
        relabel = []
        for start in left:  # sorted: each component is first met at its smallest id
            if start in seen:
                continue
            stack, seen_here = [start], {start}
            while stack:
                for other in neighbours.get(stack.pop(), ()):
                    if other not in seen_here:
                        seen_here.add(other)
                        stack.append(other)
            seen |= seen_here
            relabel += [(start, aid) for aid in seen_here]
        self.db.executemany("UPDATE copy_articles SET cluster = ? WHERE id = ?", relabel)

    def clusters(self) -> dict[str, list[str]]:
        """Cluster id -> its ids (sorted), for every cluster of two or more articles."""
        rows = self.db.execute(
            "SELECT cluster, id FROM copy_articles WHERE cluster IN "
            "(SELECT cluster FROM copy_articles GROUP BY cluster HAVING COUNT(*) > 1) "
            "ORDER BY cluster, id"
        )
        found: dict[str, list[str]] = {}
        for cluster, aid in rows:
            found.setdefault(cluster, []).append(aid)
        return found
