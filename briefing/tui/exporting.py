"""The app's export action: the dialog checks what it can, a worker writes the file."""

from __future__ import annotations

import os
import re
from pathlib import Path

from textual import work

from briefing.core.annotations.store import AnnotationStore
from briefing.core.atomic import write_atomic
from briefing.core.export.collect import ExportError, collect, parse_since, render
from briefing.core.index.corpus_index import CorpusIndex
from briefing.tui.export_dialog import ExportDialog, ExportRequest


class ExportingMixin:
    """Mixed into BriefingApp: needs `index`, `store`, `corpus`, `annotations_dir`."""

    index: CorpusIndex | None
    store: AnnotationStore
    corpus: Path
    annotations_dir: Path
    query_text: str

    def action_export(self) -> None:
        if self.index is None:
            return
        # The current filter: tags named in the search.
        tags = tuple(re.findall(r"(?<![\w])tag:(\S+)", self.query_text))
        self.push_screen(ExportDialog(Path.cwd(), tags, (), self._start_export))

    def _start_export(self, request: ExportRequest) -> str | None:
        """Check the request while the dialog is open (a problem keeps it open), then write
        in a worker: collecting a big corpus's highlights takes a while."""
        try:
            parse_since(request.since)
        except ExportError as exc:
            return str(exc)
        unknown = [a for a in request.article_ids if self.index.article(a) is None]
        if unknown:
            return f"No article with id {unknown[0]!r} in this corpus."
        problem = self._unwritable(request.path)
        if problem:
            return problem
        self._write_export(request)
        return None

    def _unwritable(self, path: Path) -> str | None:
        target = path.resolve()
        for folder, what in ((self.corpus, "the corpus"), (self.annotations_dir, "annotations")):
            if target.is_relative_to(folder.resolve()):
                return f"{path} is inside {what} folder: export somewhere else."
        if target.is_dir():
            return f"{path} is a folder: give a file name."
        parent = target.parent
        if not parent.is_dir():
            return f"No folder {parent}: create it or choose another path."
        if not os.access(parent, os.W_OK):
            return f"Cannot write in {parent}: choose another path."
        return None

    @work(thread=True, exclusive=True, group="export")
    def _write_export(self, request: ExportRequest) -> None:
        try:
            found = collect(
                self.index,
                self.store,
                tags=request.tags,
                article_ids=request.article_ids,
                since=request.since,
            )
            text = render(found, request.format, group_by=request.group_by)
            write_atomic(request.path, text.encode("utf-8"))
        except (ExportError, OSError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.call_from_thread(self.notify, f"Export failed: {why}", severity="error", timeout=8)
            return
        message = (
            f"Wrote {len(found.entries)} highlights from {len(found.articles)} articles "
            f"to {request.path}"
        )
        self.call_from_thread(self.notify, message, timeout=8)
