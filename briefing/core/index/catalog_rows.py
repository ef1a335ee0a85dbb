"""The catalog's layout: its SQL schema and the rows it hands out (see ``catalog``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.corpus import Article

PENDING, INDEXED, GONE = 0, 1, 2

SCHEMA = """
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
    note TEXT NOT NULL DEFAULT '',  -- annotation notes, indexed as the `note` field
    search_tags TEXT NOT NULL DEFAULT '[]',  -- article and highlight tags, the `tag` field
    layout TEXT NOT NULL DEFAULT '',  -- a format's extras as JSON (see _layout); '' for text
    state INTEGER NOT NULL DEFAULT 1
);
-- Partial: holds only the rows an update still has to write to Whoosh, so "how many are
-- not searchable yet" costs nothing at 100k.
CREATE INDEX IF NOT EXISTS articles_pending ON articles(state) WHERE state != 1;
-- A watcher names files by path (a moved or deleted folder is a prefix range of this), and
-- a feed's entries share one file.
CREATE INDEX IF NOT EXISTS articles_path ON articles(rel_path);
-- Covers the comparison of every update: read from here it does not walk the table's
-- ~5 KB rows (clean text): 90 ms at 20k articles before.
CREATE INDEX IF NOT EXISTS articles_files ON articles(id, rel_path, size, mtime_ns, ann_sig, state);
-- Covers the library's listing (Catalog.infos), read at every app start: from the table,
-- each of 20k rows was a lookup by rowid after the scan of articles_files (80 ms; 50 ms
-- with this). Built once when an older catalog is first opened.
CREATE INDEX IF NOT EXISTS articles_listed
    ON articles(id, state, title, source, date, rel_path, tags);
-- Folded, unstemmed words seen in the corpus, for fuzzy terms (see core.index.lexicon). Words
-- of deleted articles stay: a fuzzy term may then expand to a word with no hits, harmless.
CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY) WITHOUT ROWID;
-- Whoosh's files with their size and hash at commit (see core.index.integrity).
CREATE TABLE IF NOT EXISTS whoosh_files (name TEXT PRIMARY KEY, size INTEGER, hash TEXT);
"""

COLUMNS = 20
# PRAGMA user_version of this layout (1: before row states, notes, file hashes; 2: before
# formats' layout)
LAYOUT = 3


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
    """An article as the library lists it: metadata without the text. *path* is made when
    asked for: a Path per row was half of listing 20k articles (~0.25 s of the app's
    start)."""

    id: str
    title: str
    source: str | None
    date: str | None
    rel_path: str
    tags: tuple[str, ...]
    corpus: Path = field(repr=False, compare=False)

    @property
    def path(self) -> Path:
        return self.corpus / self.rel_path


@dataclass(frozen=True)
class Document:
    """A catalog row as Whoosh indexes it: the article (corrections applied), the note
    text and every tag of the article and its highlights."""

    article: Article
    note: str
    tags: tuple[str, ...]


ARTICLE_COLUMNS = (
    "id, rel_path, title, source, date, byline, place, url, tags, text, content_hash, warnings, "
    "layout"
)


def stored_tags(stored: str) -> tuple[str, ...]:
    return () if stored == "[]" else tuple(json.loads(stored))  # most articles have none


def layout_of(article: Article) -> str:
    """What an article's format adds (its format, a PDF's page starts) as JSON; '' for text."""
    if article.format == "text":
        return ""
    return json.dumps({"format": article.format, "pages": list(article.pages)})
