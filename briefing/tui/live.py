"""The corpus kept live while the app is open: index updates in the background, fed by a
folder watch, "Reload corpus", annotation saves and the start-up check.

Every update goes through one queue drained by one thread worker, so a burst of changes
while an update runs becomes one more update, not a pile of them waiting on the lock. The
watch runs in a plain daemon thread (not a Textual worker: it never ends, and tests wait
for workers to finish); it only posts :class:`CorpusChanged`, and the app decides.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from textual.binding import Binding
from textual.worker import get_current_worker

from briefing.core.errors import BriefingError
from briefing.core.workspace import Workspace
from briefing.tui.closing import while_open
from briefing.tui.messages import (
    AnnotationsChanged,
    CorpusChanged,
    IndexFailed,
    IndexProgress,
    IndexUpdated,
    RepairNeeded,
    WatchFailed,
)
from briefing.tui.progress import JobBars

# While files are read on a big update, the library is listed again at most this often
# (seconds): at 20k articles one listing costs ~50-100 ms of the event loop.
_RELIST_EVERY = 1.0
# The longest the background work waits for the first screen (seconds).
_FIRST_PAINT_WAIT = 1.0


class CorpusWatch:
    """A daemon thread posting the workspace's changes to *app* until :meth:`stop`."""

    def __init__(self, app, workspace: Workspace, after: threading.Event) -> None:  # noqa: ANN001
        self.app = app
        self.workspace = workspace
        self.after = after  # start once this is set (the first screen drawn)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="corpus-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        self.after.wait(_FIRST_PAINT_WAIT)
        try:
            for changes in self.workspace.changes(self._stop):
                self.app.post_message(CorpusChanged(changes.paths, changes.articles))
        except Exception as exc:  # noqa: BLE001 - the watch is a convenience: say, go on
            why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            self.app.post_message(WatchFailed(f"Not watching the corpus ({why}): F5 reloads it."))


@dataclass
class _Job:
    """Updates asked for and not started yet, merged into one."""

    full: bool = False
    verify: bool = False
    announce: bool = False  # say what changed, even "nothing changed"
    quiet: bool = False  # do not say what changed (a first build: everything was added)
    paths: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.full or self.paths or self.ids)


class LiveIndex:
    """The app's side of index updates (a mixin of BriefingApp: it needs ``workspace``,
    ``library``, ``readers`` and the App's own methods)."""

    LIVE_BINDINGS = [
        Binding("f5,ctrl+l", "reload_corpus", "Reload corpus", show=False, id="reload"),
    ]
    corpus_watch: CorpusWatch | None = None  # not `watch`: a Textual method of every node

    def start_live(self) -> None:
        """The start-up check (whole corpus, the index's files verified) and the watch.

        Both wait for the first screen to be drawn (at most a second): started at once,
        their Python work took the GIL from the first paint, which came ~0.2 s later at
        20k articles (the start measured in tmux: 1.05 s median, 0.83 s with the wait)."""
        self._job = _Job()
        self._job_lock = threading.Lock()
        self._draining = False
        self._relisted = 0.0
        self.first_paint = threading.Event()
        self.call_after_refresh(self.first_paint.set)
        self.queue_update(full=True, verify=True, quiet=not self.article_list.rows)
        if self.workspace is not None:
            self.corpus_watch = CorpusWatch(self, self.workspace, self.first_paint)
            self.corpus_watch.start()

    def stop_live(self) -> None:
        if self.corpus_watch is not None:
            self.corpus_watch.stop()

    def queue_update(
        self,
        *,
        full: bool = False,
        verify: bool = False,
        announce: bool = False,
        quiet: bool = False,
        paths: frozenset[str] | set[str] = frozenset(),
        ids: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        """Ask for an update: of the whole corpus (*full*), or of *paths* and the articles
        *ids*. Runs in the background; merged with any not started yet."""
        if self.workspace is None:
            return
        with self._job_lock:
            job = self._job
            job.full |= full
            job.verify |= verify
            job.announce |= announce
            job.quiet |= quiet
            job.paths |= set(paths)
            job.ids |= set(ids)
            if self._draining:
                return
            self._draining = True
        self.run_worker(self._drain, thread=True, group="index")

    def _drain(self) -> None:
        worker = get_current_worker()
        self.first_paint.wait(_FIRST_PAINT_WAIT)
        job: _Job | None = None
        try:
            while not worker.is_cancelled:
                with self._job_lock:
                    job, self._job = self._job, _Job()
                    if job.empty:
                        self._draining = False  # under the lock: a new job starts a worker
                        return
                self._run_job(job, lambda: worker.is_cancelled)
        finally:
            if job is None or not job.empty:  # cancelled or failed: let the next one start
                with self._job_lock:
                    self._draining = False

    def _run_job(self, job: _Job, cancelled) -> None:  # noqa: ANN001 - () -> bool
        assert self.workspace is not None
        try:
            report = self.workspace.update(
                lambda done, total, stage: self.post_message(IndexProgress(done, total, stage)),
                paths=None if job.full else job.paths or None,
                only=None if job.full else job.ids or None,
                verify=job.verify,
                cancelled=cancelled,
            )
        except (BriefingError, OSError) as exc:
            self.post_message(IndexFailed(str(exc)))
            return
        if not cancelled():
            self.post_message(IndexUpdated(report, announce=job.announce, quiet=job.quiet))

    # -- what the queue is fed --------------------------------------------------------------
    def action_reload_corpus(self) -> None:
        """F5: look at every file now (what the watch may have missed: a network folder,
        an inotify limit), and say what changed."""
        if self.workspace is None:
            return
        self.library.checking()
        self.queue_update(full=True, announce=True)

    @while_open
    def on_corpus_changed(self, event: CorpusChanged) -> None:
        self.queue_update(paths=event.paths, ids=event.articles)

    @while_open
    def on_annotations_changed(self, event: AnnotationsChanged) -> None:
        self.library.refresh_flags()
        # Every open reader (two at most), not only the article's: the other may show a
        # copy of it, whose marks carried from this one follow the change.
        for pane in self.readers.panes:
            if pane.article is not None:
                pane.reload()
        self.queue_update(ids={event.article_id})

    @while_open
    def on_repair_needed(self, event: RepairNeeded) -> None:
        self.notify(event.notice, severity="warning", timeout=8)
        self.queue_update(full=True)

    @while_open
    def on_watch_failed(self, event: WatchFailed) -> None:
        self.notify(event.reason, severity="warning", timeout=8)

    # -- what comes back ----------------------------------------------------------------------
    @while_open
    def on_index_progress(self, event: IndexProgress) -> None:
        library = self.library
        self.query_one(JobBars).report("index", event.done, event.total, event.stage)
        library.show_progress(event.done, event.total, event.stage)
        if event.stage == "reading" and event.total >= 200:
            # A big update (a new corpus): list what is read so far, now and then.
            now = time.monotonic()
            last = event.done >= event.total
            if last or now - self._relisted >= _RELIST_EVERY or not self.article_list.rows:
                self._relisted = now
                library.relist()

    @while_open
    def on_index_failed(self, event: IndexFailed) -> None:
        self.query_one(JobBars).end("index")
        self.library.hide_progress()
        self.notify(event.reason, severity="error", timeout=10)

    @while_open
    def on_index_updated(self, event: IndexUpdated) -> None:
        report = event.report
        library = self.library
        self.query_one(JobBars).end("index")
        library.hide_progress()
        if report.notice:
            self.notify(report.notice, severity="warning")
        if report.warnings:
            shown = "\n".join(report.warnings[:5])
            more = f"\n…and {len(report.warnings) - 5} more" if len(report.warnings) > 5 else ""
            self.notify(
                shown + more,
                title="Some files were skipped or read with care",
                severity="warning",
                timeout=8,
            )
        self._follow_in_readers(report.ids)
        library.follow(report.ids, rebuilt=bool(report.notice) or report.indexed > report.touched)
        if event.announce or (report.touched and not event.quiet):
            library.announce(report.summary())

    def _follow_in_readers(self, ids: set[str]) -> None:
        """Open articles whose file changed are read again, their highlights re-anchored
        and the cursor kept on the same words; an annotation change re-places highlights."""
        if self.workspace is None:
            return
        for aid in ids:
            for pane in self.readers.showing(aid):
                annotated = self.workspace.article(aid)
                if annotated is None:
                    self.notify(f"{aid} was removed from the corpus.", severity="warning")
                elif pane.article is not None and (
                    annotated.article.content_hash != pane.article.content_hash
                ):
                    pane.reread(annotated, self.library.matcher.spans(annotated.text))
                else:
                    pane.reload()
