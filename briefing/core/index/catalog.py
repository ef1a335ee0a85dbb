"""The catalog: a SQLite table of what was read from the corpus, beside the Whoosh index.

It answers the questions Whoosh is slow or awkward at: "what changed since last time"
(size, mtime, hash per file), "list every article" (the library) and "give me the clean
text" (snippets, the reader) without re-reading or re-cleaning corpus files.

An update fills the catalog first and Whoosh after (see ``core.index.updating``), so each
row has a *state*: ``PENDING`` (read, not yet searchable), ``INDEXED``, or ``GONE`` (its file
was deleted; Whoosh still has it until the next commit). The library lists pending rows
too: on a new corpus it appears as fast as files are read (~640 docs/s here), not as fast
as Whoosh indexes them (~160 docs/s).
"""

from __future__ import annotations

import json
import marshal
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from briefing.core.corpus import Article
from briefing.core.index import integrity
from briefing.core.index.catalog_rows import (
    ARTICLE_COLUMNS,
    COLUMNS,
    GONE,
    INDEXED,
    LAYOUT,
    PENDING,
    SCHEMA,
    ArticleInfo,
    Document,
    FileState,
    layout_of,
    stored_tags,
)

__all__ = ["GONE", "INDEXED", "PENDING", "ArticleInfo", "Catalog", "Document", "FileState"]


class Catalog:
    def __init__(self, path: Path, corpus: Path):
        self.path = path
        self.corpus = corpus
        # check_same_thread=False: the TUI reads from its event loop and updates from a
        # worker thread; SQLite serialises the connection itself.
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        if self.db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
            # Tables of an older layout go; `meta` stays, so that its index version tells
            # the opener why the index is rebuilt ("made by another version").
            with self.db:
                for table in ("articles", "words", "whoosh_files"):
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.execute(f"PRAGMA user_version = {LAYOUT}")
        self.db.executescript(SCHEMA)

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
            self.db.execute("DELETE FROM whoosh_files")

    # -- vocabulary ---------------------------------------------------------------------
    def _add_words(self, words: set[str]) -> None:
        """Remember new words (in the caller's transaction); bumps the 'lexicon' meta so
        searchers reload their copy."""
        before = self.db.total_changes
        self.db.executemany("INSERT OR IGNORE INTO words VALUES (?)", [(w,) for w in words])
        if self.db.total_changes != before:
            lexicon = int(self.get_meta("lexicon") or 0) + 1
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('lexicon', ?)", (str(lexicon),))

    def words(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT word FROM words")]

    # -- files ------------------------------------------------------------------------
    def file_tuples(self, ids: Iterable[str] | None = None) -> dict[str, tuple[str, int, int, str]]:
        """Article id -> (rel_path, size, mtime_ns, ann_sig) of every file still present
        (or of the articles *ids*).

        Plain tuples, compared as tuples: at 100k articles, building a FileState per row
        took ~0.7 s of every update, most of an update with nothing to do. All of them
        come from a marshal file beside the catalog while no row changed since it was
        written (the 'rows' token): 0.06 s to load at 100k, where the query takes 0.19 s,
        and every CLI command asks.
        """
        sql = "SELECT id, rel_path, size, mtime_ns, ann_sig FROM articles WHERE state != 2"
        if ids is None:
            token = self.get_meta("rows")  # before the query: a change after it, a miss
            cached = self._cached_tuples(token)
            if cached is not None:
                return cached
            found = {row[0]: row[1:] for row in self.db.execute(sql)}
            self._cache_tuples(token, found)
            return found
        found = {}
        wanted = list(ids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.execute(f"{sql} AND id IN ({','.join('?' * len(chunk))})", chunk)
            found.update({row[0]: row[1:] for row in rows})
        return found

    @property
    def _tuples_path(self) -> Path:
        return self.path.with_name("file-states.marshal")

    def _cached_tuples(self, token: str | None) -> dict[str, tuple[str, int, int, str]] | None:
        if token is None:
            return None
        try:
            # open(), not Path.read_bytes: tests count the corpus files read that way
            with open(self._tuples_path, "rb") as handle:
                saved_token, tuples = marshal.loads(handle.read())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        return tuples if saved_token == token else None

    def cache_tuples(self, tuples: dict[str, tuple[str, int, int, str]]) -> None:
        """Keep *tuples*, all of file_tuples() as the catalog holds it now, for the next
        call (under the update lock only: no row may change meanwhile)."""
        self._cache_tuples(self.get_meta("rows"), tuples)

    def _cache_tuples(self, token: str | None, tuples: dict) -> None:
        if token is None:
            return
        temp = self._tuples_path.with_name(f".{self._tuples_path.name}.{os.getpid()}")
        try:  # a cache: written atomically, and a failure to write it costs nothing
            temp.write_bytes(marshal.dumps((token, tuples)))
            os.replace(temp, self._tuples_path)
        except OSError:
            temp.unlink(missing_ok=True)

    def file_states(self, ids: Iterable[str] | None = None) -> dict[str, FileState]:
        """What is remembered of every file still present (or of the articles `ids`)."""
        sql = "SELECT id, rel_path, size, mtime_ns, file_hash, ann_sig FROM articles"
        if ids is None:
            rows = self.db.execute(sql + " WHERE state != 2")
            return {row[0]: FileState(*row[1:]) for row in rows}
        states = {}
        for aid in ids:
            row = self.db.execute(sql + " WHERE id = ? AND state != 2", (aid,)).fetchone()
            if row:
                states[aid] = FileState(*row[1:])
        return states

    def ids_under(self, rel: str) -> dict[str, str]:
        """Article id -> rel_path for the file *rel* and every file below the folder *rel*."""
        rows = self.db.execute(
            "SELECT id, rel_path FROM articles WHERE state != 2 AND "
            "(rel_path = ? OR (rel_path >= ? AND rel_path < ?))",
            (rel, rel + "/", rel + "0"),  # "0" is the character after "/"
        )
        return dict(rows.fetchall())

    def file_articles(self, rel_path: str) -> dict[str, FileState]:
        """What is remembered of the articles read from the file *rel_path* (a feed's
        entries; one article for any other file), by article id."""
        rows = self.db.execute(
            "SELECT id, rel_path, size, mtime_ns, file_hash, ann_sig FROM articles "
            "WHERE rel_path = ? AND state != 2",
            (rel_path,),
        )
        return {row[0]: FileState(*row[1:]) for row in rows}

    def touch(self, states: Iterable[tuple[str, FileState]]) -> None:
        """Record new size/mtime for files whose bytes did not change."""
        with self.db:
            self.db.executemany(
                "UPDATE articles SET size = ?, mtime_ns = ?, rel_path = ? WHERE id = ?",
                [(s.size, s.mtime_ns, s.rel_path, aid) for aid, s in states],
            )
            self._rows_changed()

    def put_pending(self, rows: Iterable[tuple[Document, FileState]]) -> None:
        """Store articles read from their files, not yet in Whoosh (state PENDING)."""
        with self.db:
            self.db.executemany(
                f"INSERT OR REPLACE INTO articles VALUES ({', '.join('?' * COLUMNS)})",
                [
                    (
                        d.article.id,
                        s.rel_path,
                        s.size,
                        s.mtime_ns,
                        s.file_hash,
                        s.ann_sig,
                        d.article.content_hash,
                        d.article.title,
                        d.article.source,
                        d.article.date,
                        d.article.byline,
                        d.article.place,
                        d.article.url,
                        json.dumps(list(d.article.tags)),
                        json.dumps(list(d.article.warnings)),
                        d.article.text,
                        d.note,
                        json.dumps(list(d.tags)),
                        layout_of(d.article),
                        PENDING,
                    )
                    for d, s in rows
                ],
            )
            self._rows_changed()

    def mark_gone(self, ids: Iterable[str]) -> None:
        """The files of *ids* are gone: out of the library now, out of Whoosh next commit."""
        with self.db:
            self.db.executemany("UPDATE articles SET state = 2 WHERE id = ?", [(i,) for i in ids])
            self._rows_changed()

    def mark_all_pending(self) -> None:
        """Every article to be written to Whoosh again (after Whoosh was recreated)."""
        with self.db:
            self.db.execute("DELETE FROM articles WHERE state = 2")
            self.db.execute("UPDATE articles SET state = 0")
            self.db.execute("DELETE FROM whoosh_files")
            self.db.execute("DELETE FROM meta WHERE key = 'damaged'")
            self._new_generation()
            self._rows_changed()

    def pending(self) -> list[tuple[str, int]]:
        """(id, state) of every row Whoosh does not have as it is: PENDING or GONE."""
        return self.db.execute("SELECT id, state FROM articles WHERE state != 1").fetchall()

    def pending_count(self) -> int:
        """Articles read but not yet searchable (PENDING)."""
        # "state != 1" as the partial index says it, or SQLite scans the whole table.
        sql = "SELECT COUNT(*) FROM articles WHERE state != 1 AND state = 0"
        return self.db.execute(sql).fetchone()[0]

    def documents(self, ids: list[str]) -> Iterator[Document]:
        """The rows *ids* as Whoosh indexes them, in chunks (the text of 100k articles is
        ~360 MB: never all at once)."""
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT {ARTICLE_COLUMNS}, note, search_tags FROM articles WHERE id IN ({marks})",
                chunk,
            )
            for row in rows:
                article = self._article(row[:13])
                yield Document(article, row[13], tuple(json.loads(row[14])))

    def committed(
        self, indexed: Iterable[str], gone: Iterable[str], words: set[str], whoosh: Path
    ) -> None:
        """After a Whoosh commit, in one transaction: the rows *indexed* are searchable,
        the rows *gone* deleted for good, *words* join the vocabulary, Whoosh's new files
        in the folder *whoosh* are hashed, and the generation changes (readers reopen)."""
        with self.db:
            self.db.executemany(
                "UPDATE articles SET state = 1 WHERE id = ? AND state = 0", [(i,) for i in indexed]
            )
            self.db.executemany(
                "DELETE FROM articles WHERE id = ? AND state = 2", [(i,) for i in gone]
            )
            self._add_words(words)
            integrity.record(self.db, whoosh)
            self._new_generation()
            self._rows_changed()

    def _rows_changed(self) -> None:
        # In the caller's transaction: the file states cached by file_tuples() are stale.
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('rows', ?)", (secrets.token_hex(8),))

    def _new_generation(self) -> None:
        # A random token, not a counter: a cleared catalog must not come back to a number a
        # reader still holds (Whoosh's own generation starts over after a rebuild).
        self.db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (secrets.token_hex(8),)
        )

    def data_version(self) -> int:
        """SQLite's count of commits by other connections (this one's own do not count)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def generation(self) -> str | None:
        """A token that changes with every commit to Whoosh and every rebuild of it."""
        return self.get_meta("generation")

    # -- reading ----------------------------------------------------------------------
    def count(self) -> int:
        """Rows of every state (an empty catalog means a new or cleared index)."""
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def infos(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        """Every article whose file is present, searchable or not yet (or those in `ids`,
        in that order), without text."""
        sql = "SELECT id, title, source, date, rel_path, tags FROM articles WHERE state != 2"
        if ids is None:
            return [self._info(row) for row in self.db.execute(sql + " ORDER BY id")]
        wanted = list(ids)
        found: dict[str, ArticleInfo] = {}
        for chunk_start in range(0, len(wanted), 500):
            chunk = wanted[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"{sql} AND id IN ({marks})", chunk):
                found[row[0]] = self._info(row)
        return [found[i] for i in wanted if i in found]

    def _info(self, row: tuple) -> ArticleInfo:
        aid, title, source, date, rel_path, tags = row
        return ArticleInfo(aid, title, source, date, rel_path, stored_tags(tags), self.corpus)

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ? AND state != 2",
            (article_id,),
        ).fetchone()
        return None if row is None else self._article(row)

    def _article(self, row: tuple) -> Article:
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
            tags=stored_tags(tags),
            text=text,
            content_hash=chash,
            warnings=tuple(json.loads(warnings)),
            format=layout.get("format", "text"),
            pages=tuple(layout.get("pages", ())),
        )

    def content_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        """Article id -> the hash of its clean text, for every article whose file is
        present, searchable or not yet (or those of *ids*): what copy detection
        (``core.index.copies``) keeps its tables in step by."""
        sql = "SELECT id, content_hash FROM articles WHERE state != 2"
        if ids is None:
            return dict(self.db.execute(sql).fetchall())
        found: dict[str, str] = {}
        wanted = list(ids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.execute(f"{sql} AND id IN ({','.join('?' * len(chunk))})", chunk)
            found.update(rows.fetchall())
        return found

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        marks = ",".join("?" * len(wanted))
        rows = self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", wanted)
        return dict(rows.fetchall())
