"""The catalog: a SQLite table of what was indexed, beside the Whoosh index.

It answers the questions Whoosh is slow or awkward at: "what changed since last time"
(size, mtime, hash per file), "list every article" (the library) and "give me the clean
text" (snippets, the reader) without re-reading or re-cleaning corpus files.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefing.core.corpus import Article

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    rel_path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    file_hash TEXT NOT NULL,
    ann_sig TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    date TEXT,
    byline TEXT,
    place TEXT,
    url TEXT,
    tags TEXT NOT NULL,
    warnings TEXT NOT NULL,
    text TEXT NOT NULL,
    layout TEXT NOT NULL DEFAULT ''
);
-- A feed's entries share one file: its articles are found by path.
CREATE INDEX IF NOT EXISTS articles_by_path ON articles (rel_path);
-- Folded, unstemmed words seen in the corpus, for fuzzy terms (see core.index.lexicon). Words
-- of deleted articles stay: a fuzzy term may then expand to a word with no hits, harmless.
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class FileState:
    """What the catalog remembers of a corpus file, to tell whether it changed."""

    rel_path: str
    size: int
    mtime_ns: int
    file_hash: str
    ann_sig: str


@dataclass(frozen=True)
class ArticleInfo:
    """An article as the library lists it: metadata without the text."""

    id: str
    title: str
    source: str | None
    date: str | None
    path: Path
    tags: tuple[str, ...]


def _layout(article: Article) -> str:
    """What an article's format adds (its format, a PDF's page starts) as JSON; '' for text."""
    if article.format == "text":
        return ""
    return json.dumps({"format": article.format, "pages": list(article.pages)})


class Catalog:
    def __init__(self, path: Path, corpus: Path):
        self.path = path
        self.corpus = corpus
        # check_same_thread=False: the TUI reads from its event loop and updates from a
        # worker thread; SQLite serialises the connection itself.
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        if columns and "layout" not in columns:  # a catalog from before formats: add it
            self.db.execute("ALTER TABLE articles ADD COLUMN layout TEXT NOT NULL DEFAULT ''")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- meta -------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, values: dict[str, str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items()
            )

    def clear(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM articles")
            self.db.execute("DELETE FROM meta")
            self.db.execute("DELETE FROM words")

    # -- vocabulary ---------------------------------------------------------------------
    def add_words(self, words: set[str]) -> None:
        """Remember new words; bumps the 'lexicon' meta so searchers reload their copy."""
        if not words:
            return
        with self.db:
            before = self.db.total_changes
            self.db.executemany("INSERT OR IGNORE INTO words VALUES (?)", [(w,) for w in words])
            if self.db.total_changes != before:
                generation = int(self.get_meta("lexicon") or 0) + 1
                self.db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('lexicon', ?)", (str(generation),)
                )

    def words(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT word FROM words")]

    # -- files ------------------------------------------------------------------------
    def file_states(self, ids: Iterable[str] | None = None) -> dict[str, FileState]:
        """What is remembered of every file (or of the articles `ids`)."""
        sql = "SELECT id, rel_path, size, mtime_ns, file_hash, ann_sig FROM articles"
        if ids is None:
            return {row[0]: FileState(*row[1:]) for row in self.db.execute(sql)}
        states = {}
        for aid in ids:
            row = self.db.execute(sql + " WHERE id = ?", (aid,)).fetchone()
            if row:
                states[aid] = FileState(*row[1:])
        return states

    def file_articles(self, rel_path: str) -> dict[str, FileState]:
        """What is remembered of the articles read from the file *rel_path* (a feed's
        entries; one article for any other file), by article id."""
        rows = self.db.execute(
            "SELECT id, rel_path, size, mtime_ns, file_hash, ann_sig FROM articles "
            "WHERE rel_path = ?",
            (rel_path,),
        )
        return {row[0]: FileState(*row[1:]) for row in rows}

    def touch(self, states: Iterable[tuple[str, FileState]]) -> None:
        """Record new size/mtime for files whose bytes did not change."""
        with self.db:
            self.db.executemany(
                "UPDATE articles SET size = ?, mtime_ns = ? WHERE id = ?",
                [(s.size, s.mtime_ns, aid) for aid, s in states],
            )

    def upsert(self, rows: Iterable[tuple[Article, FileState]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO articles VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        a.id,
                        s.rel_path,
                        s.size,
                        s.mtime_ns,
                        s.file_hash,
                        s.ann_sig,
                        a.content_hash,
                        a.title,
                        a.source,
                        a.date,
                        a.byline,
                        a.place,
                        a.url,
                        json.dumps(list(a.tags)),
                        json.dumps(list(a.warnings)),
                        a.text,
                        _layout(a),
                    )
                    for a, s in rows
                ],
            )

    def delete(self, ids: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])

    # -- reading ----------------------------------------------------------------------
    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def infos(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        """Every article (or those in `ids`, in that order), without text."""
        sql = "SELECT id, title, source, date, rel_path, tags FROM articles"
        if ids is None:
            return [self._info(row) for row in self.db.execute(sql + " ORDER BY id")]
        wanted = list(ids)
        found: dict[str, ArticleInfo] = {}
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"{sql} WHERE id IN ({marks})", chunk):
                found[row[0]] = self._info(row)
        return [found[i] for i in wanted if i in found]

    def _info(self, row: tuple) -> ArticleInfo:
        aid, title, source, date, rel_path, tags = row
        return ArticleInfo(
            aid, title, source, date, self.corpus / rel_path, tuple(json.loads(tags))
        )

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            "SELECT id, rel_path, title, source, date, byline, place, url, tags, text, "
            "content_hash, warnings, layout FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        aid, rel, title, source, date, byline, place, url, tags, text, chash, warnings = row[:12]
        layout = json.loads(row[12]) if row[12] else {}
        return Article(
            id=aid,
            path=self.corpus / rel,
            title=title,
            source=source,
            date=date,
            byline=byline,
            place=place,
            url=url,
            tags=tuple(json.loads(tags)),
            text=text,
            content_hash=chash,
            warnings=tuple(json.loads(warnings)),
            format=layout.get("format", "text"),
            pages=tuple(layout.get("pages", ())),
        )

    def content_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> the hash of its clean text, for every article (or those of *ids*
        held); what copy detection (``core.index.copies``) keeps its tables in step by."""
        sql = "SELECT id, content_hash FROM articles"
        if ids is None:
            return dict(self.db.execute(sql).fetchall())
        rows = (self.db.execute(sql + " WHERE id = ?", (aid,)).fetchone() for aid in ids)
        return dict(row for row in rows if row)

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        marks = ",".join("?" * len(wanted))
        rows = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", wanted)
        return dict(rows.fetchall())
