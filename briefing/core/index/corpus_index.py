"""The search index: a Whoosh index plus its catalog, kept in step with the corpus.

The index is a cache. Everything in it can be rebuilt from the corpus and annotations, so
when it is missing, outdated, unreadable or damaged it is rebuilt with a one-line notice
instead of failing. Updates are incremental (size/mtime, then content hash), fill the
catalog before Whoosh (see `updating`), and are serialised between processes by a lock
file, because Whoosh allows one writer and its multi-file commit is not crash-safe.

Readers notice another process's commit or rebuild by the catalog's generation token and
open a new searcher on it (see `searcher`).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable
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
    safe_name,
)
from briefing.core.index import integrity
from briefing.core.index.backend import AnnotationSource, Progress, UpdateReport
from briefing.core.index.catalog import ArticleInfo, Catalog, FileState
from briefing.core.index.changes import Changes
from briefing.core.index.copies import CopyDetector
from briefing.core.index.file_articles import FileArticles, skipped
from briefing.core.index.schema import INDEX_VERSION, make_schema
from briefing.core.index.update_lock import Cancelled, update_lock
from briefing.core.index.updating import Update, what_changed
from briefing.core.paths import user_cleaning_rules


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
        # Held while a search reads Whoosh's files (and while the searcher is closed):
        # Whoosh's file objects seek and read, so two threads reading one at once (the
        # app's stale search still running beside the new one) would read garbage.
        self.search_lock = threading.RLock()
        self._searcher = None
        self._searcher_generation: str | None = None
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
        if self.catalog.count():  # a missing folder is damage too: rebuilt with a notice
            try:
                ix = self._storage.open_index()
                # Opening reads only the table of contents; a reader opens every segment,
                # so damaged segment files are found here and not in the middle of a search.
                ix.reader().close()
                return ix
            except Exception as exc:  # Whoosh raises many kinds on a damaged folder
                self.notice = f"Rebuilding the index: it was unreadable ({type(exc).__name__})."
        # The catalog is kept: the next update writes its rows to Whoosh without reading
        # a single corpus file again.
        self.recreate_whoosh()
        return self.ix

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
        """Copy clusters, in the catalog's file: matched as articles are written to Whoosh."""
        return CopyDetector(self.catalog.db, self.catalog, self.copy_settings)

    @cached_property
    def _files(self) -> FileArticles:
        """Where files become articles: one each, or a feed's entries (file_articles.py)."""
        return FileArticles(self.corpus, self.location, self.rules, self.catalog)

    def file_ids(self, file: CorpusFile, report: UpdateReport) -> list[str]:
        """The ids of the articles *file* holds (a feed's entries, else one); a feed that
        cannot be read is named in *report* and keeps the entries known before."""
        return self._files.ids(file, _file_hash, report)

    def update(
        self,
        progress: Progress | None = None,
        *,
        rebuild: bool = False,
        procs: int = 1,
        cancelled: Callable[[], bool] = lambda: False,
        only: Iterable[str] | None = None,
        paths: Iterable[str] | None = None,
        seen: Changes | None = None,
        seen_holds: Callable[[], bool] = lambda: False,
        verify: bool = False,
    ) -> UpdateReport:
        """Bring the index in step with the corpus (and annotations); touch only what changed.

        Looks at the whole corpus, unless told where: *paths* (relative to the corpus, as
        a folder watcher names them: new, changed or deleted files, or folders) and/or
        *only* (article ids, say the one just annotated); stating every file takes ~0.7 s
        at 100k. *seen*: what a comparison before the lock found; used as it is if
        *seen_holds()* says, under the lock, that no other writer committed since, else
        its look at the files is compared again.
        *verify*: also check Whoosh's files against their hashes (see `integrity`) and
        rebuild Whoosh if one changed. *progress* gets (done, total, stage), stage
        "reading" then "indexing" (see `updating`).

        `cancelled` is called while waiting for another updater, during the walk, for
        each file and each document written: once it returns True the update stops,
        commits nothing to Whoosh, and returns the report so far (its warnings; nothing
        added, changed or deleted).
        """
        report = UpdateReport(notice=self.notice)
        self.notice = None
        try:
            with self._update_lock(cancelled):
                self._update(
                    report,
                    progress,
                    rebuild,
                    procs,
                    cancelled,
                    only,
                    paths,
                    seen,
                    seen_holds,
                    verify,
                )
        except Cancelled:
            report.added = report.changed = report.deleted = 0  # none of it is searchable
            return report
        self.refresh()
        return report

    def _update(
        self, report, progress, rebuild, procs, cancelled, only, paths, seen, seen_holds, verify
    ):
        damage = self.catalog.get_meta("damaged")
        if verify and not damage:
            name = integrity.damaged(self.catalog.db, self.whoosh_folder)
            if name is not None:
                damage = f"Rebuilding the index: its file {name} was damaged."
        if rebuild or damage:
            self.recreate_whoosh()
            report.notice = report.notice or damage
        if rebuild:
            only = paths = seen = None  # a rebuild reads every file again
            self.copies.forget()  # and matches every article again
        if seen is not None and seen_holds():
            changes = seen  # compared by the reader, and nothing committed since
        else:
            look = seen.look if seen is not None else None
            changes = what_changed(self, only=only, paths=paths, look=look, cancelled=cancelled)
        run = Update(self, report, progress, procs, cancelled)
        if not changes.nothing or rebuild:
            self.catalog.set_meta(self._expected_meta())
            run.read(changes, force=rebuild)
        else:
            changes.look.tell(report)
            report.unchanged += changes.unchanged
        run.write()
        if changes.known is not None and not changes.nothing:
            # The file states cached for the next full look, patched rather than read
            # again (a CLI command after each change would otherwise pay the 0.19 s
            # query at 100k): under the lock, nobody else changed a row since.
            touched = changes.changed + changes.deleted
            for aid in touched:
                changes.known.pop(aid, None)
            changes.known.update(self.catalog.file_tuples(touched))
            self.catalog.cache_tuples(changes.known)

    def recreate_whoosh(self) -> None:
        """An empty Whoosh index in place of the old one, every catalog row to write
        again (rebuilding Whoosh needs no file read: the catalog has the clean text).
        Under the update lock only."""
        shutil.rmtree(self.whoosh_folder, ignore_errors=True)
        self.whoosh_folder.mkdir(parents=True)
        self.ix = self._storage.create_index(make_schema())
        self.catalog.mark_all_pending()

    def mark_damaged(self, why: str) -> str:
        """Remember that a search found Whoosh damaged: the next update rebuilds it.
        Returns the one-line notice that update will give."""
        notice = f"Rebuilding the index: it was unreadable ({why})."
        self.catalog.set_meta({"damaged": notice})
        return notice

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

    def _with_annotations(self, article: Article) -> tuple[Article, str, tuple[str, ...]]:
        if self.annotations is None:
            return article, "", article.tags
        return self.annotations.apply(article)

    # -- reading --------------------------------------------------------------------------
    @property
    def whoosh_folder(self) -> Path:
        return self.location / "whoosh"

    def generation(self) -> str | None:
        """The catalog's token for the current Whoosh commit (see `Catalog.generation`)."""
        return self.catalog.generation()

    def searcher(self):
        """The shared searcher, on the newest commit: a new one whenever the generation
        changed, whichever process committed. Seen before: an app whose first search ran
        during another process's `index --rebuild` kept a searcher on the emptied index,
        and every later search found nothing until restart. Whoosh searchers are cheap to
        keep open; the check is one SQLite read."""
        with self._searcher_lock:
            generation = self.catalog.generation()
            if self._searcher is not None and generation != self._searcher_generation:
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self.ix.searcher()
                self._searcher_generation = generation
            return self._searcher

    def refresh(self) -> None:
        """Forget the searcher: the next search opens one on the newest commit.

        A new searcher rather than ``Searcher.refresh()``: after a rebuild the generation
        number can start over, and refresh() then keeps the old, emptied view.
        """
        with self.search_lock, self._searcher_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def pending(self) -> int:
        """Articles read into the catalog but not searchable yet (an update is writing
        them, or one was stopped before it could)."""
        return self.catalog.pending_count()

    def articles(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        return self.catalog.infos(ids)

    def article(self, article_id: str) -> Article | None:
        return self.catalog.article(article_id)
