"""The app's annotation actions: highlight, colour, note, tag, delete, undo, correct metadata.

Every change goes straight to the YAML store (lock, re-read, merge, atomic write), then the
open readers re-place their highlights and the index is told in the background. Nothing is
kept only in memory, so a crash loses nothing that was shown as saved.
"""

from __future__ import annotations

from textual import work

from briefing.core.annotations.anchoring import quote_at
from briefing.core.annotations.store import AnnotationError, AnnotationStore, ArticleAnnotations
from briefing.core.export.collect import ExportError, collect
from briefing.core.annotations.placing import PlacedHighlight, apply_overrides, place_highlights
from briefing.core.corpus.textio import one_line
from briefing.tui.annotations_view import AnnotationsScreen, Choice
from briefing.tui.article_list import Row
from briefing.tui.editors import MetadataEdit, MetadataEditor, NoteEditor, TagEditor
from briefing.tui.motions import sentence_span, trim
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import Reader


class AnnotatingMixin:
    """Mixed into BriefingApp: needs `store`, `labels`, `query`, `notify`, `update_index`."""

    store: AnnotationStore
    labels: tuple[str, ...]

    def _init_annotating(self) -> None:
        self._undo: list[tuple[str, str]] = []  # (article id, highlight id) of deletions
        self.reattach: tuple[str, str] | None = None  # an orphan waiting for a new place
        self._broken_files: dict[str, str] = {}  # article id -> why its file is read-only

    # -- loading --------------------------------------------------------------------------
    def load_annotations(self, pane: ReaderPane) -> ArticleAnnotations | None:
        """Place the pane's highlights and refresh its header; None if the file is broken."""
        article = pane.article
        if article is None:
            return None
        try:
            annotations = self.store.load(article.id)
        except AnnotationError as exc:
            self._broken_files[article.id] = str(exc)
            pane.reader.set_highlights([], self.labels)
            pane.set_note_line(f"⚠ {exc} (shown read-only)")
            self.notify(str(exc), severity="error", timeout=8)
            return None
        self._broken_files.pop(article.id, None)
        pane.reader.set_highlights(place_highlights(article, annotations), self.labels)
        pane.set_header(apply_overrides(article, annotations))
        pane.annotations = annotations
        self.show_note_under_cursor(pane.reader)
        return annotations

    def _panes_showing(self, article_id: str) -> list[ReaderPane]:
        return [
            p
            for p in self.query(ReaderPane)
            if p.article is not None and p.article.id == article_id
        ]

    def _changed(self, article_id: str) -> None:
        for pane in self._panes_showing(article_id):
            self.load_annotations(pane)
        self.reindex_article(article_id)

    def _focused_reader(self) -> tuple[ReaderPane, Reader] | None:
        focused = self.focused
        if isinstance(focused, Reader) and focused.article is not None:
            return focused.parent, focused  # type: ignore[return-value]
        return None

    def _writable(self, article_id: str) -> bool:
        if article_id in self._broken_files:
            self.notify(self._broken_files[article_id], severity="error", timeout=8)
            return False
        return True

    def _store_call(self, article_id: str, call, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        """Run one store change; a failure is one line on screen and nothing is lost."""
        try:
            result = call(article_id, *args, **kwargs)
        except AnnotationError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return None
        self._changed(article_id)
        return result

    def _saver(self, article_id: str, call, *args):  # noqa: ANN001, ANN002
        """A `save` for an editor: store the edited value (passed last), or say why not, so
        the editor stays open with what was typed."""

        def save(value: object) -> str | None:
            try:
                call(article_id, *args, value)
            except AnnotationError as exc:
                return str(exc)
            self._changed(article_id)
            return None

        return save

    def _reader_to_change(self) -> tuple[ReaderPane, Reader] | None:
        """The focused reader, if its article's annotations can be changed (else a notice)."""
        found = self._focused_reader()
        if found is None or not self._writable(found[1].article.id):
            return None
        return found

    def _under_cursor(self) -> tuple[ReaderPane, Reader, PlacedHighlight] | None:
        """The highlight under the focused reader's cursor, if it can be changed."""
        found = self._reader_to_change()
        if found is None:
            return None
        pane, reader = found
        placed = reader.highlight_at(reader.offset)
        if placed is None:
            self.notify("No highlight under the cursor: h highlights the sentence here.", timeout=3)
            return None
        return pane, reader, placed

    def show_note_under_cursor(self, reader: Reader) -> None:
        pane = reader.parent
        if not isinstance(pane, ReaderPane) or reader.article is None:
            return
        if reader.article.id in self._broken_files:
            return
        placed = reader.highlight_at(reader.offset)
        if placed is None:
            note = pane.annotations.note if pane.annotations else ""
            pane.set_note_line(f"article note · {note}" if note else "")
            return
        h = placed.highlight
        parts = [h.color, placed.status.value]
        if h.tags:
            parts.append(" ".join(f"#{t}" for t in h.tags))
        line = " · ".join(parts)
        pane.set_note_line(f"{line}\n{h.note}" if h.note else line)

    # -- the annotations view -------------------------------------------------------------
    def action_annotations(self) -> None:
        if self.index is not None:
            self._open_annotations()

    @work(thread=True, exclusive=True, group="annotations")
    def _open_annotations(self) -> None:
        # Reads and places every highlight in the corpus: seconds on a big folder.
        try:
            found = collect(self.index, self.store)
        except ExportError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        screen = AnnotationsScreen(list(found.entries), list(found.warnings))
        self.call_from_thread(self.push_screen, screen, self._jump_to)

    def _jump_to(self, choice: Choice | None) -> None:
        if choice is None or self.index is None:
            return
        infos = self.index.catalog.infos([choice.article_id])
        if not infos:
            self.notify(f"{choice.article_id} is not in the corpus any more.", severity="warning")
            return
        self.open_article(Row(infos[0]))
        pane = self.panes[0]
        if choice.start is not None:
            pane.reader.go_to(choice.start)
        if choice.reattach:
            self.reattach = (choice.article_id, choice.highlight_id)
            self.notify(
                "Re-attach: select the passage (v, then move) and press h; esc cancels.",
                timeout=6,
            )

    def cancel_reattach(self) -> None:
        if self.reattach is not None:
            self.reattach = None
            self.notify("Re-attach cancelled: the highlight stays orphaned.", timeout=3)

    def delete_orphan(self, article_id: str, highlight_id: str) -> bool:
        """Delete from the annotations view, undoable with `u` like any deletion."""
        if self._store_call(article_id, self.store.delete_highlight, highlight_id) is None:
            return False
        self._undo.append((article_id, highlight_id))
        return True

    # -- actions --------------------------------------------------------------------------
    def action_highlight(self) -> None:
        found = self._reader_to_change()
        if found is None:
            return
        pane, reader = found
        article = reader.article
        span = reader.selected_span or sentence_span(article.text, reader.offset)
        if span is None:
            self.notify("Nothing to highlight here.", timeout=2)
            return
        start, end = trim(article.text, *span)
        target = quote_at(article.text, start, end, article.content_hash)
        reader.clear_selection()
        if self.reattach and self.reattach[0] == article.id:
            _, highlight_id = self.reattach
            self.reattach = None
            if self._store_call(article.id, self.store.retarget_highlight, highlight_id, target):
                self.notify("Orphaned highlight re-attached here.", timeout=3)
            return
        if any(p.start == start and p.end == end for p in reader.placed):
            self.notify("Already highlighted.", timeout=2)
            return
        if self._store_call(article.id, self.store.add_highlight, target, color=self.labels[0]):
            self.notify(
                f"Highlighted ({self.labels[0]}) · 1-{len(self.labels[:9])} colour · a note · t tag",
                timeout=3,
            )
            reader.go_to(start, center=False)

    def set_color(self, number: int) -> None:
        found = self._under_cursor()
        if found is None or number > len(self.labels):
            return
        _, reader, placed = found
        label = self.labels[number - 1]
        self._store_call(reader.article.id, self.store.set_color, placed.id, label)

    def action_note(self) -> None:
        """The note on the highlight under the cursor, or else the article's own note."""
        found = self._reader_to_change()
        if found is None:
            return
        pane, reader = found
        article_id = reader.article.id
        placed = reader.highlight_at(reader.offset)
        if placed is None:
            current = pane.annotations.note if pane.annotations else ""
            title = f"Note on the article {article_id} (no highlight under the cursor)"
            save = self._saver(article_id, self.store.set_article_note)
        else:
            current = placed.highlight.note
            title = f"Note on “{one_line(placed.quote, 50)}”"
            save = self._saver(article_id, self.store.set_note, placed.id)
        self.push_screen(NoteEditor(title, current, save))

    def action_tag(self) -> None:
        """Tags of the highlight under the cursor, or else of the article."""
        found = self._reader_to_change()
        if found is not None:
            pane, reader = found
            self._edit_tags(pane, reader.highlight_at(reader.offset))

    def action_article_tags(self) -> None:
        found = self._reader_to_change()
        if found is not None:
            self._edit_tags(found[0], None)

    @work(thread=True, exclusive=True, group="tags")
    def _edit_tags(self, pane: ReaderPane, placed: PlacedHighlight | None) -> None:
        # all_tags reads every annotation file: a cold start on a big folder takes seconds,
        # so it runs here and the editor opens when the completions are ready.
        known = [t for t, _ in self.store.all_tags().most_common()]
        self.call_from_thread(self._open_tag_editor, pane, placed, known)

    def _open_tag_editor(
        self, pane: ReaderPane, placed: PlacedHighlight | None, known: list[str]
    ) -> None:
        article_id = pane.article.id
        if placed is None:
            current = list(pane.annotations.tags) if pane.annotations else []
            title = f"Tags of the article {article_id}"
            save = self._saver(article_id, self.store.set_article_tags)
        else:
            current = list(placed.highlight.tags)
            title = f"Tags of “{one_line(placed.quote, 50)}”"
            save = self._saver(article_id, self.store.set_highlight_tags, placed.id)
        self.push_screen(TagEditor(title, current, known, save))

    def action_delete_highlight(self) -> None:
        found = self._under_cursor()
        if found is None:
            return
        _, reader, placed = found
        article_id = reader.article.id
        if self._store_call(article_id, self.store.delete_highlight, placed.id):
            self._undo.append((article_id, placed.id))
            self.notify("Highlight deleted · u undoes it.", timeout=3)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        article_id, highlight_id = self._undo.pop()
        if self._store_call(article_id, self.store.restore_highlight, highlight_id):
            self.notify("Highlight restored.", timeout=2)

    def action_metadata(self) -> None:
        found = self._reader_to_change()
        if found is None:
            return
        pane, reader = found
        article = reader.article
        shown = apply_overrides(article, pane.annotations) if pane.annotations else article

        def save(edit: MetadataEdit) -> str | None:
            # An unchanged field stays as the corpus says; a changed one becomes an override.
            changes = {
                key: value
                for key, value, original in (
                    ("title", edit.title, shown.title),
                    ("date", edit.date, shown.date or ""),
                    ("source", edit.source, shown.source or ""),
                )
                if value != original
            }
            if not changes:
                return None
            try:
                self.store.set_overrides(article.id, **changes)
            except AnnotationError as exc:
                return str(exc)
            self._changed(article.id)
            return None

        self.push_screen(MetadataEditor(shown.title, shown.date or "", shown.source or "", save))
