"""One index update, in two stages: the catalog first, then Whoosh.

1. **Reading** (``stage "reading"``): each new or changed file is read, cleaned and stored
   in the catalog as PENDING, in batches, so the library can list it at once; a deleted
   file's row is marked GONE. ~640 docs/s here.
2. **Indexing** (``stage "indexing"``): every PENDING and GONE row is written to Whoosh in
   one commit (one commit at the end was the fastest build measured; see
   core/index/writer.py), then marked INDEXED, or deleted, in one catalog transaction
   with the new words, the hashes of Whoosh's new files and a new generation token.
   ~160 docs/s here. After the Whoosh commit and before that transaction, the copy
   clusters take the same rows (``core.index.copies``: ~1,500-2,000 docs/s).

Whoosh (and copies) are written before the catalog says so: after a crash in between, the
rows are still PENDING and the next update writes them again (replacing, never
duplicating; copies skip what they matched with the same text). A cancelled
update stops between documents: what it read stays in the catalog (listed, not searchable)
for the next update to index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from briefing.core.index.backend import Progress, UpdateReport
from briefing.core.index.catalog import GONE, Document, FileState
from briefing.core.index.changes import (
    Changes,
    Look,
    compare,
    look_at_ids,
    look_at_paths,
    look_everywhere,
)
from briefing.core.index.lexicon import vocabulary
from briefing.core.index.update_lock import Cancelled
from briefing.core.index.writer import open_writer, unwritten

if TYPE_CHECKING:
    from briefing.core.corpus import Article
    from briefing.core.index.corpus_index import CorpusIndex

# Below this many documents a plain writer beats the multiprocess one (start-up cost).
_BULK_THRESHOLD = 500
# Rows read before they are written to the catalog (and the library can list them).
_BATCH = 100
_FIRST_BATCH = 20
_BATCH_SECONDS = 0.5
_COMMIT_REPORTS = 0.5  # seconds between reports while a bulk commit runs


def what_changed(
    index: CorpusIndex,
    *,
    only: Iterable[str] | None,
    paths: Iterable[str] | None,
    look: Look | None,
    cancelled: Callable[[], bool],
) -> Changes:
    """Compare the corpus (all of it, the *paths* a watcher named, or the files of the
    articles *only*; or what *look* already found) with the catalog. Raises `Cancelled`."""
    if look is None:
        look = _look(index, only, paths, cancelled)
    signatures = index.annotations.signatures() if index.annotations else {}
    if look.covers is None:
        known = index.catalog.file_tuples()
    else:
        known = index.catalog.file_tuples(look.covers | look.files.keys())
    return compare(look, known, signatures)


def _look(index: CorpusIndex, only, paths, cancelled) -> Look:
    follow = index.follow_links_outside
    expand = index.file_ids
    if only is None and paths is None:
        return look_everywhere(index.corpus, follow, cancelled, expand)
    look = Look(covers=set())
    if paths is not None:
        named = look_at_paths(index.corpus, index.catalog, paths, follow, expand)
        if named is None:  # a path through a link: only the whole walk applies its rules
            return look_everywhere(index.corpus, follow, cancelled, expand)
        look = named
    if only is not None:
        ids = [i for i in only if i not in look.files]
        look.merge(look_at_ids(index.corpus, index.catalog.file_tuples(ids), ids, follow))
    return look


class Update:
    """One update of *index* under the update lock: see the module's docstring."""

    def __init__(
        self,
        index: CorpusIndex,
        report: UpdateReport,
        progress: Progress | None,
        procs: int,
        cancelled: Callable[[], bool],
    ) -> None:
        self.index = index
        self.catalog = index.catalog
        self.report = report
        self.progress = progress
        self.procs = procs
        self.cancelled = cancelled

    def read(self, changes: Changes, *, force: bool) -> None:
        """Stage 1: read *changes* into the catalog. *force*: re-read every file found,
        as new (a rebuild)."""
        report, catalog = self.report, self.catalog
        changes.look.tell(report)
        report.unchanged += changes.unchanged
        changed = list(changes.look.files) if force else changes.changed
        if force:
            report.unchanged = 0
        olds = {} if force else catalog.file_states(changed)
        signatures = changes.signatures
        rows: list[tuple[Article, FileState]] = []
        touched: list[tuple[str, FileState]] = []
        flushed = time.monotonic()
        for n, aid in enumerate(changed, 1):
            if self.cancelled():
                raise Cancelled
            file = changes.look.files[aid]
            sig = signatures.get(aid, "")
            before = len(rows)
            self.index._consider(file, aid, sig, olds.get(aid), report, rows, touched)
            if len(rows) > before:
                report.ids.add(aid)
            # The first batch is small: on a new corpus the library shows it at once.
            batch = _FIRST_BATCH if n <= _FIRST_BATCH else _BATCH
            if len(rows) >= batch or time.monotonic() - flushed > _BATCH_SECONDS:
                self._store(rows, touched)
                flushed = time.monotonic()
                if self.progress:
                    self.progress(n, len(changed), "reading")
        self._store(rows, touched)
        catalog.mark_gone(changes.deleted)
        report.deleted += len(changes.deleted)
        report.ids.update(changes.deleted)
        if self.progress and changed:
            self.progress(len(changed), len(changed), "reading")

    def _store(self, rows: list[tuple[Article, FileState]], touched: list) -> None:
        if rows:
            self.catalog.put_pending(
                [(Document(*self.index._with_annotations(a)), s) for a, s in rows]
            )
            rows.clear()
        if touched:
            self.catalog.touch(touched)
            touched.clear()

    def write(self) -> None:
        """Stage 2: write every PENDING and GONE row to Whoosh, commit, then mark them."""
        pending = self.catalog.pending()
        if not pending:
            self.index.copies.apply(())  # remade if stale: a rebuild, new copy settings
            return
        ids = [aid for aid, state in pending if state != GONE]
        gone = [aid for aid, state in pending if state == GONE]
        ix = self.index.ix
        # Nothing to replace in an empty index (a first build, a rebuild): no deletes.
        empty = ix.doc_count_all() == 0
        bulk = len(ids) >= _BULK_THRESHOLD and self.procs > 1
        writer = open_writer(ix, bulk=bulk, procs=self.procs)
        spelled: list[str] = []  # every stemmed field's words, for the lexicon
        # Added is not written with the two-process writer: its workers lag behind by up
        # to ~1,000 documents, and at 2k articles the commit waited ~3 s for them, the bar
        # at 100 % meanwhile. What is surely written is reported instead.
        written = 0
        if self.progress:
            self.progress(0, len(ids), "indexing")
        try:
            if not empty:
                for aid in gone:
                    writer.delete_by_term("id", aid)
            for n, doc in enumerate(self.catalog.documents(ids), 1):
                if self.cancelled():
                    raise Cancelled
                article = doc.article
                spelled += (article.title, article.text, doc.note, article.source or "")
                spelled.append(article.byline or "")
                document = _document(doc)
                if bulk:
                    # The workers only add: an article already indexed is deleted here
                    # first, or it would be found twice.
                    if not empty:
                        writer.delete_by_term("id", article.id)
                    writer.add_document(**document)
                else:
                    writer.update_document(**document)
                if self.progress and n % 200 == 0:
                    written = max(written, n - unwritten(writer))
                    self.progress(written, len(ids), "indexing")
            if self.cancelled():
                raise Cancelled
            if self.progress and bulk:
                self._commit_reporting(writer, len(ids), written)
            else:
                writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self.index.copies.apply(ids, gone)
        self.catalog.committed(ids, gone, vocabulary(*spelled), self.index.whoosh_folder)
        self.report.indexed = len(ids)
        if self.progress:
            self.progress(len(ids), len(ids), "indexing")

    def _commit_reporting(self, writer, total: int, written: int) -> None:  # noqa: ANN001
        """Commit the two-process writer, reporting meanwhile (from a thread, twice a
        second) what its workers have written: they have ~1,000 documents to go."""
        assert self.progress is not None
        progress, stop = self.progress, threading.Event()

        def report() -> None:
            nonlocal written
            while not stop.wait(_COMMIT_REPORTS):
                written = max(written, total - unwritten(writer))
                progress(written, total, "indexing")

        thread = threading.Thread(target=report, name="commit-progress", daemon=True)
        thread.start()
        try:
            writer.commit()
        finally:
            stop.set()
            thread.join()


def _document(doc: Document) -> dict:
    article = doc.article
    document: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "source": article.source or "",
        "byline": article.byline or "",
        "body": article.text,
        "note": doc.note,
        "tag": ",".join(doc.tags),
        "sortdate": article.date or "",
    }
    if article.date:
        document["date"] = datetime.fromisoformat(article.date)
    return document
