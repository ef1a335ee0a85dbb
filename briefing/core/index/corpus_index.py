"""The search index: a Whoosh index plus its catalog, kept in step with the corpus.

The index is a cache. Everything in it can be rebuilt from the corpus and annotations, so
when it is missing, outdated or unreadable it is rebuilt with a one-line notice instead of
failing. Updates are incremental (size/mtime, then content hash) and serialised between
processes by a lock file, because Whoosh allows one writer and its multi-file commit is
not crash-safe.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cached_property
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index

from briefing.core.config import CopySettings
from briefing.core.corpus import (
    Article,
    CleaningRules,
    CorpusFile,
    UnreadableFile,
    load_rules,
    real_path,
    safe_name,
    scan_corpus,
    unsupported_reason,
)
from briefing.core.index.backend import AnnotationSource, Progress, UpdateReport
from briefing.core.index.catalog import ArticleInfo, Catalog, FileState
from briefing.core.index.copies import CopyDetector
from briefing.core.index.file_articles import FileArticles, skipped
from briefing.core.index.lexicon import vocabulary
from briefing.core.index.schema import INDEX_VERSION, make_schema
from briefing.core.index.update_lock import Cancelled, update_lock
from briefing.core.index.writer import open_writer
from briefing.core.paths import user_cleaning_rules

# Below this many documents a plain writer beats the multiprocess one (start-up cost).
_BULK_THRESHOLD = 500


def _file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class CorpusIndex:
    """A corpus folder, its Whoosh index and catalog. Open with `CorpusIndex.open`.

    *follow_links_outside*: read files and folders that symlinks inside the corpus lead to
    outside it (skipped with a warning by default; see `core.corpus.scan_corpus`).
    *copy_settings*: when two articles are copies (`core.index.copies`; default settings).
    """

    def __init__(
        self,
        corpus: Path,
        location: Path,
        rules: CleaningRules,
        annotations: AnnotationSource | None = None,
        *,
        follow_links_outside: bool = False,
        copy_settings: CopySettings | None = None,
    ):
        self.corpus = corpus
        self.location = location
        self.rules = rules
        self.annotations = annotations
        self.follow_links_outside = follow_links_outside
        self.copy_settings = copy_settings
        self.notice: str | None = None
        # Called once when an update must wait for another process's (the CLI says so).
        self.on_wait: Callable[[], None] | None = None
        self._searcher_lock = threading.Lock()
        self._searcher = None
        location.mkdir(parents=True, exist_ok=True)
        self._storage = FileStorage(str(location / "whoosh"), supports_mmap=False)
        if not self._open_intact():
            # Under the update lock: repairing clears or recreates the index, which must
            # never happen while another process is writing to it.
            with self._update_lock():
                self.catalog = self._open_catalog()
                self.ix = self._open_whoosh()

    @classmethod
    def open(
        cls,
        corpus: Path,
        location: Path,
        *,
        annotations: AnnotationSource | None = None,
        rules: CleaningRules | None = None,
        follow_links_outside: bool = False,
        copy_settings: CopySettings | None = None,
    ) -> CorpusIndex:
        """Open (creating if needed) the index of `corpus` kept at `location`.

        Does not read the corpus: call `update()` for that.
        """
        corpus = corpus.expanduser().resolve()
        rules = rules or load_rules(user_cleaning_rules(corpus))
        return cls(
            corpus,
            location,
            rules,
            annotations,
            follow_links_outside=follow_links_outside,
            copy_settings=copy_settings,
        )

    # -- opening ------------------------------------------------------------------------
    def _expected_meta(self) -> dict[str, str]:
        return {
            "version": INDEX_VERSION,
            "rules": self.rules.fingerprint,
            "corpus": safe_name(str(self.corpus)),  # SQLite takes only valid UTF-8
        }

    def _open_intact(self) -> bool:
        """Open an index that needs no repair, without the update lock.

        The common case: an app starting while another process indexes must not wait for
        it to finish. Anything short of intact falls back to the locked, repairing path.
        """
        try:
            catalog = Catalog(self.location / "catalog.sqlite", self.corpus)
        except sqlite3.DatabaseError:
            return False
        try:
            intact = catalog.count() > 0 and all(
                catalog.get_meta(k) == v for k, v in self._expected_meta().items()
            )
            if intact:
                ix = self._storage.open_index()
                ix.reader().close()  # opens every segment: damage shows here, not mid-search
        except Exception:  # noqa: BLE001 - any failure means "repair under the lock"
            intact = False
        if not intact:
            catalog.close()
            return False
        self.catalog, self.ix = catalog, ix
        return True

    def _open_catalog(self) -> Catalog:
        path = self.location / "catalog.sqlite"
        try:
            catalog = Catalog(path, self.corpus)
            stale = [k for k, v in self._expected_meta().items() if catalog.get_meta(k) != v]
        except sqlite3.DatabaseError:
            self._discard(path, "the catalog was unreadable")
            return Catalog(path, self.corpus)
        if stale and catalog.get_meta("version") is not None:
            catalog.clear()
            why = {"version": "it was made by another version", "rules": "cleaning rules changed"}
            self.notice = f"Rebuilding the index: {why.get(stale[0], 'the corpus folder moved')}."
        return catalog

    def _discard(self, path: Path, why: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        shutil.rmtree(self.location / "whoosh", ignore_errors=True)
        self.notice = f"Rebuilding the index: {why}."

    def _open_whoosh(self) -> Index:
        folder = self.location / "whoosh"
        if self.catalog.count():  # a missing folder is damage too: rebuilt with a notice
            try:
                ix = self._storage.open_index()
                # Opening reads only the table of contents; a reader opens every segment,
                # so damaged segment files are found here and not in the middle of a search.
                ix.reader().close()
                return ix
            except Exception as exc:  # Whoosh raises many kinds on a damaged folder
                self.notice = f"Rebuilding the index: it was unreadable ({type(exc).__name__})."
                self.catalog.clear()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.catalog.clear()
        return self._storage.create_index(make_schema())

    def close(self) -> None:
        with self._searcher_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        self.catalog.close()

    # -- updating -------------------------------------------------------------------------
    def _update_lock(self, cancelled: Callable[[], bool] = lambda: False):
        """The update lock (see `update_lock`): `Cancelled` if *cancelled* while waiting."""
        return update_lock(self.location / "update.lock", cancelled, self.on_wait)

    @cached_property
    def copies(self) -> CopyDetector:
        """Copy clusters, in the catalog's file: matched as articles are written."""
        return CopyDetector(self.catalog.db, self.catalog, self.copy_settings)

    @cached_property
    def _files(self) -> FileArticles:
        """Where files become articles: one each, or a feed's entries (file_articles.py)."""
        return FileArticles(self.corpus, self.location, self.rules, self.catalog)

    def _scan(self, cancelled: Callable[[], bool], report: UpdateReport) -> dict[str, CorpusFile]:
        """Article id -> its file, for every article of the corpus (each entry of a feed
        under its own id, all with the feed's file); the walk's warnings and the files no
        reader takes go to *report*. Raises `Cancelled`."""
        scan = scan_corpus(
            self.corpus, follow_links_outside=self.follow_links_outside, cancelled=cancelled
        )
        if scan.cancelled:
            raise Cancelled
        report.warnings.extend(scan.warnings)
        for rel in scan.unsupported:
            skipped(report, rel, unsupported_reason(rel))
        found: dict[str, CorpusFile] = {}
        for file in scan.files:
            for aid in self._files.ids(file, _file_hash, report):
                first = found.setdefault(aid, file)
                if first is not file:  # a.txt and a.md; the first in sorted order keeps the id
                    report.warnings.append(f"{file.rel}: same id as {first.rel} ({aid}); skipped")
        return found

    def _stat(self, known: dict[str, FileState]) -> dict[str, CorpusFile]:
        """`_scan` for the files of `known` only; a vanished one is left out (deleted), and
        so is one that has become a link out of the corpus (unless those are followed)."""
        found = {}
        root = os.path.realpath(self.corpus)
        for aid, state in known.items():
            path = real_path(self.corpus, state.rel_path)
            if not self.follow_links_outside and not Path(os.path.realpath(path)).is_relative_to(
                root
            ):
                continue
            try:
                found[aid] = CorpusFile(state.rel_path, os.fspath(path), os.stat(path))
            except OSError:
                continue
        return found

    def update(
        self,
        progress: Progress | None = None,
        *,
        rebuild: bool = False,
        procs: int = 1,
        cancelled: Callable[[], bool] = lambda: False,
        only: Iterable[str] | None = None,
    ) -> UpdateReport:
        """Bring the index in step with the corpus (and annotations); touch only what changed.

        `only`: look at these articles alone (say, the one just annotated) instead of
        stating every file of the corpus, which takes seconds at 100k. `cancelled` is
        called while waiting for another updater, during the walk, for each file and each
        document written: once it returns True the update stops, commits nothing, and
        returns the report so far (its warnings; nothing added, changed or deleted).
        """
        report = UpdateReport(notice=self.notice)
        self.notice = None
        try:
            with self._update_lock(cancelled):
                total = self._update(report, progress, rebuild, procs, cancelled, only)
        except Cancelled:
            report.added = report.changed = report.deleted = 0  # none of it was written
            return report
        if progress:
            progress(total, total)
        self.refresh()
        return report

    def _update(self, report, progress, rebuild, procs, cancelled, only) -> int:
        if rebuild:
            self.catalog.clear()
            self.ix = self._open_whoosh()
        known = self.catalog.file_states(only)
        ann_sigs = self.annotations.signatures() if self.annotations else {}
        found = self._scan(cancelled, report) if only is None else self._stat(known)
        to_index: list[tuple[Article, FileState]] = []
        unchanged: list[tuple[str, FileState]] = []
        total = len(found)
        shown = time.monotonic()
        for done, (aid, file) in enumerate(found.items(), 1):
            if cancelled():
                raise Cancelled
            old = known.get(aid)
            sig = ann_sigs.get(aid, "")
            st = file.stat
            if old and (old.size, old.mtime_ns, old.ann_sig) == (st.st_size, st.st_mtime_ns, sig):
                report.unchanged += 1
            else:
                self._consider(file, aid, sig, old, report, to_index, unchanged)
            # Every 200 files, and after any file that was slow to read (a PDF, a page).
            if progress and (done % 200 == 0 or time.monotonic() - shown > 0.1):
                progress(done, total)
                shown = time.monotonic()
        deleted = [aid for aid in known if aid not in found]
        self._write(to_index, deleted, set(known), procs, progress, cancelled)
        self.catalog.touch(unchanged)
        report.deleted = len(deleted)
        self.catalog.set_meta(self._expected_meta())
        return total

    def _consider(self, file: CorpusFile, aid, sig, old, report, to_index, unchanged) -> None:
        rel, st = file.rel, file.stat
        try:
            data = Path(file.path).read_bytes()
        except OSError as exc:
            skipped(report, rel, f"cannot read ({exc.strerror or exc})")
            return
        # The article is made under its safe name (`rel`), which gives its id, its warnings
        # and its fallback title: the real name may not be UTF-8 (see core.corpus.scan).
        state = FileState(rel, st.st_size, st.st_mtime_ns, _file_hash(data), sig)
        if old and old.file_hash == state.file_hash and old.ann_sig == sig:
            unchanged.append((aid, state))  # touched, not changed
            report.unchanged += 1
            return
        try:
            article = self._files.article(data, state.file_hash, rel, aid)
        except UnreadableFile as exc:
            skipped(report, exc.path, exc.reason)
            return
        if article is None:  # a feed that changed since the walk: the next update sees
            return
        report.warnings.extend(article.warnings)
        to_index.append((article, state))
        if old:
            report.changed += 1
        else:
            report.added += 1

    def _write(self, rows, deleted, known, procs, progress, cancelled) -> None:
        """Write *rows* (article, file state) and delete the ids *deleted*; *known*: the
        ids the index already holds. Raises `Cancelled` before the commit if told to."""
        if not rows and not deleted:
            self.copies.apply(())  # only remade, after a rebuild or new copy settings
            return
        bulk = len(rows) >= _BULK_THRESHOLD and procs > 1
        writer = open_writer(self.ix, bulk=bulk, procs=procs)
        try:
            for aid in deleted:
                writer.delete_by_term("id", aid)
            indexed: list[tuple[Article, FileState]] = []
            # Every stemmed field's words, for prefix, wildcard and fuzzy terms (lexicon).
            spelled: list[str] = []
            for n, (article, state) in enumerate(rows, 1):
                if cancelled():
                    raise Cancelled
                article, note, tags = self._with_annotations(article)
                indexed.append((article, state))
                spelled += (article.title, article.text, note, article.source or "")
                spelled.append(article.byline or "")
                document = self._document(article, note, tags)
                if bulk:
                    # The workers only add: an article already indexed (500 files changed
                    # at once) is deleted here first, or it would be found twice.
                    if article.id in known:
                        writer.delete_by_term("id", article.id)
                    writer.add_document(**document)
                else:
                    writer.update_document(**document)
                if progress and n % 200 == 0:
                    progress(n, len(rows))
            if cancelled():
                raise Cancelled
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        # Whoosh first, then copies, then the catalog: after a crash in between, the
        # catalog still shows the old state and the next update redoes the work.
        self.copies.apply(((a.id, a.text, a.content_hash) for a, _ in indexed), deleted)
        self.catalog.add_words(vocabulary(*spelled))
        self.catalog.upsert(indexed)
        self.catalog.delete(deleted)

    def _with_annotations(self, article: Article) -> tuple[Article, str, tuple[str, ...]]:
        if self.annotations is None:
            return article, "", article.tags
        return self.annotations.apply(article)

    @staticmethod
    def _document(article: Article, note: str, tags: tuple[str, ...]) -> dict:
        document: dict[str, object] = {
            "id": article.id,
            "title": article.title,
            "source": article.source or "",
            "byline": article.byline or "",
            "body": article.text,
            "note": note,
            "tag": ",".join(tags),
            "sortdate": article.date or "",
        }
        if article.date:
            document["date"] = datetime.fromisoformat(article.date)
        return document

    # -- reading --------------------------------------------------------------------------
    def searcher(self):
        """The shared searcher, refreshed lazily; Whoosh searchers are cheap to keep open."""
        with self._searcher_lock:
            if self._searcher is None:
                self._searcher = self.ix.searcher()
            return self._searcher

    def refresh(self) -> None:
        """Forget the searcher: the next search opens one on the newest commit.

        A new searcher rather than ``Searcher.refresh()``: after a rebuild the generation
        number can start over, and refresh() then keeps the old, emptied view.
        """
        with self._searcher_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def articles(self) -> list[ArticleInfo]:
        return self.catalog.infos()

    def article(self, article_id: str) -> Article | None:
        return self.catalog.article(article_id)
