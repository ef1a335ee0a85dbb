"""The reader pane: an open article with the keys that annotate it.

The keys that change annotations (`h y a t T d u ctrl+r m 1-9`) live here, on the pane that
binds them: each change goes straight to the YAML store (lock, re-read, merge, atomic
write), is pushed on the undo history, and the pane posts :class:`AnnotationsChanged` so
every reader showing the article re-places its highlights and the index follows. Nothing
is kept only in memory, so a crash loses nothing that was shown as saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding

from briefing.core.annotations import (
    NO_DATE,
    AnnotatedArticle,
    AnnotationError,
    PlacedHighlight,
    quote_at,
)
from briefing.core.corpus import segments, tag_key
from briefing.core.display import one_line
from briefing.tui.article_pane import ArticlePane, header_text
from briefing.tui.history import Change
from briefing.tui.messages import AnnotationsChanged, AnnotationsRequested, FlagsChangeRequested

if TYPE_CHECKING:
    from briefing.tui.editors import MetadataEdit

__all__ = ["ReaderPane", "header_text"]


class ReaderPane(ArticlePane):
    """One open article, annotatable. Two of these sit side by side to compare sources."""

    BINDINGS = [
        Binding("h", "highlight", "Highlight", id="annotate.highlight"),
        Binding("y", "take", "Take from copy", show=False, id="annotate.take"),
        Binding("a", "note", "Note", id="annotate.note"),
        Binding("t", "tag", "Tag", id="annotate.tag"),
        Binding("T", "article_tags", "Article tags", show=False, id="annotate.article_tags"),
        Binding("d", "delete_highlight", "Delete", show=False, id="annotate.delete"),
        Binding("u", "undo", "Undo", show=False, id="annotate.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="annotate.redo"),
        Binding("m", "metadata", "Fix metadata", show=False, id="annotate.metadata"),
        Binding("O", "orphans", "Orphans", show=False, id="annotate.orphans"),
        Binding("R", "toggle_read", "Read/unread", show=False, id="annotate.read"),
        Binding("asterisk", "toggle_star", "Star", show=False, id="annotate.star"),
        *(
            Binding(str(n), f"color({n})", f"Colour {n}", show=False, id=f"annotate.color_{n}")
            for n in range(1, 10)
        ),
    ]

    # -- changing annotations ---------------------------------------------------------------------
    def _editable(self) -> AnnotatedArticle | None:
        """The article shown, if its annotations may be changed (else say why)."""
        if self.workspace is None or self.annotated is None or self.article is None:
            return None
        if self.annotated.problem:
            self.notify(self.annotated.problem, severity="error", timeout=8)
            return None
        return self.annotated

    def _under_cursor(self) -> PlacedHighlight | None:
        if self._editable() is None:
            return None
        placed = self.reader.highlight_at(self.reader.offset)
        if placed is None:
            self.notify("No highlight under the cursor: h highlights the sentence here.", timeout=3)
        return placed

    def _change(
        self,
        label: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        redo: Callable[[], object] | None = None,
    ) -> str | None:
        """Make one change to this article's annotations through the store, remember how to
        undo and redo it, and tell the app; None on success, else the one-line reason (also
        shown), with nothing lost."""
        assert self.article is not None
        article_id = self.article.id
        try:
            do()
        except AnnotationError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return str(exc)
        self.history.push(Change(article_id, label, undo, redo or do))
        self.post_message(AnnotationsChanged(article_id))
        return None

    def action_highlight(self) -> None:
        annotated = self._editable()
        if annotated is None or self.workspace is None:
            return
        article, reader = self.reader.article, self.reader
        assert article is not None
        span = reader.selected_span or segments.sentence_at(article.text, reader.offset)
        if span is None:
            self.notify("Nothing to highlight here.", timeout=2)
            return
        start, end = segments.trim(article.text, *span)
        store, aid = self.workspace.store, article.id
        if self.reattach is not None:
            hid = self.reattach
            old = next((p.highlight.target for p in annotated.highlights if p.id == hid), None)
            new = quote_at(article.text, start, end, article.content_hash)
            if old is None:
                self.notify("That highlight is gone (deleted elsewhere?).", timeout=4)
                self.reattach = None
                return
            if self._change(
                "re-attached highlight",
                lambda: store.retarget_highlight(aid, hid, new),
                lambda: store.retarget_highlight(aid, hid, old),
            ):
                return
            self.reattach = None
            reader.clear_selection()
            self.notify("Orphaned highlight re-attached here.", timeout=3)
            return
        if any(p.start == start and p.end == end for p in reader.placed):
            self.notify("Already highlighted.", timeout=2)
            return
        made: list[str] = []
        workspace = self.workspace

        def create() -> None:
            made.append(workspace.highlight_span(article, start, end).id)

        problem = self._change(
            "new highlight",
            create,
            lambda: store.delete_highlight(aid, made[0]),
            lambda: store.restore_highlight(aid, made[0]),
        )
        if problem:
            return  # the selection stays, so the retry highlights the same words
        reader.clear_selection()
        n = len(self.labels[:9])
        self.notify(f"Highlighted ({self.labels[0]}) · 1-{n} colour · a note · t tag", timeout=3)
        reader.go_to(start, center=False)

    def action_take(self) -> None:
        """Copy the copy's highlight under the cursor onto this article for real: the same
        passage here, its colour, note and tags (a new highlight of this article, undoable)."""
        annotated = self._editable()
        if annotated is None or self.workspace is None:
            return
        carried = self.reader.carried_at(self.reader.offset)
        if carried is None:
            self.notify("No highlight from a copy under the cursor.", timeout=3)
            return
        article, workspace, h = annotated.article, self.workspace, carried.highlight
        store, aid, made = workspace.store, article.id, []

        def create() -> None:
            made.append(
                workspace.highlight_span(
                    article, carried.start, carried.end, color=h.color, note=h.note, tags=h.tags
                ).id
            )

        if not self._change(
            "highlight taken from a copy",
            create,
            lambda: store.delete_highlight(aid, made[0]),
            lambda: store.restore_highlight(aid, made[0]),
        ):
            self.notify(
                f"Taken from {one_line(carried.source_title, 50)} · u undoes it.", timeout=3
            )

    def action_color(self, number: int) -> None:
        if self.workspace is None or self.article is None:
            return
        if number > len(self.labels):
            keys = " · ".join(f"{i} {label}" for i, label in enumerate(self.labels, 1))
            self.notify(f"No label {number}: {keys} (labels: in config.yaml)", timeout=4)
            return
        placed = self._under_cursor()
        if placed is None:
            return
        store, aid, hid = self.workspace.store, self.article.id, placed.id
        old, new = placed.highlight.color, self.labels[number - 1]
        self._change(
            f"colour {new}",
            lambda: store.set_color(aid, hid, new),
            lambda: store.set_color(aid, hid, old),
        )

    def _editor_save(
        self, label: str, old: object, store_value: Callable[[object], object]
    ) -> Callable[[Any], str | None]:
        """A `save` for an editor: store the edited value, undoably; or say why not, so the
        editor stays open with what was typed."""

        def save(value: object) -> str | None:
            if value == old:
                return None
            return self._change(label, lambda: store_value(value), lambda: store_value(old))

        return save

    def action_note(self) -> None:
        """The note on the highlight under the cursor, or else the article's own note."""
        annotated = self._editable()
        if annotated is None or self.workspace is None:
            return
        store, aid = self.workspace.store, annotated.id
        placed = self.reader.highlight_at(self.reader.offset)
        if placed is None:
            current = annotated.annotations.note
            title = f"Note on the article {aid} (no highlight under the cursor)"
            save = self._editor_save(
                "article note", current, lambda v: store.set_article_note(aid, str(v))
            )
        else:
            hid, current = placed.id, placed.highlight.note
            title = f"Note on “{one_line(placed.quote, 50)}”"
            save = self._editor_save("note", current, lambda v: store.set_note(aid, hid, str(v)))
        from briefing.tui.editors import NoteEditor  # when first used: not on the first screen

        self.app.push_screen(NoteEditor(title, current, save))

    def action_tag(self) -> None:
        """Tags of the highlight under the cursor, or else of the article."""
        if self._editable() is not None:
            self._edit_tags(self.reader.highlight_at(self.reader.offset))

    def action_article_tags(self) -> None:
        if self._editable() is not None:
            self._edit_tags(None)

    @work(thread=True, exclusive=True, group="tags")
    def _edit_tags(self, placed: PlacedHighlight | None) -> None:
        # all_tags reads every annotation file: a cold start on a big folder takes seconds,
        # so it runs here and the editor opens when the completions are ready.
        assert self.workspace is not None
        known = [t for t, _ in self.workspace.store.all_tags().most_common()]
        self.app.call_from_thread(self._open_tag_editor, placed, known)

    def _open_tag_editor(self, placed: PlacedHighlight | None, known: list[str]) -> None:
        if self.workspace is None or self.annotated is None:
            return
        store, aid = self.workspace.store, self.annotated.id
        from_file: list[str] = []
        if placed is None:
            current = list(self.annotated.annotations.tags)
            mine = {tag_key(t) for t in current}
            from_file = [t for t in self.annotated.article.tags if tag_key(t) not in mine]
            title = f"Tags of the article {aid}"
            save = self._editor_save(
                "article tags", current, lambda v: store.set_article_tags(aid, v)
            )
        else:
            hid, current = placed.id, list(placed.highlight.tags)
            title = f"Tags of “{one_line(placed.quote, 50)}”"
            save = self._editor_save(
                "tags", current, lambda v: store.set_highlight_tags(aid, hid, v)
            )
        from briefing.tui.editors import TagEditor

        self.app.push_screen(TagEditor(title, current, known, save, from_file))

    def action_delete_highlight(self) -> None:
        placed = self._under_cursor()
        if placed is None or self.workspace is None or self.article is None:
            return
        store, aid, hid = self.workspace.store, self.article.id, placed.id
        if not self._change(
            "deleted highlight",
            lambda: store.delete_highlight(aid, hid),
            lambda: store.restore_highlight(aid, hid),
        ):
            self.notify("Highlight deleted · u undoes it.", timeout=3)

    def action_orphans(self) -> None:
        """The annotations view, on this article's orphans: to re-attach or delete them."""
        if self.annotated is None:
            return
        if not self.annotated.orphans:
            self.notify("No orphaned highlights in this article.", timeout=2)
            return
        self.post_message(AnnotationsRequested(f"article:{self.annotated.id} status:orphaned"))

    def action_toggle_read(self) -> None:
        if self.annotated is not None:
            read = self.annotated.annotations.read
            self.post_message(FlagsChangeRequested(self.annotated.id, read=not read))

    def action_toggle_star(self) -> None:
        if self.annotated is not None:
            starred = self.annotated.annotations.starred
            self.post_message(FlagsChangeRequested(self.annotated.id, starred=not starred))

    def action_undo(self) -> None:
        self._step(self.history.undo, "Undone", "Nothing to undo.")

    def action_redo(self) -> None:
        self._step(self.history.redo, "Redone", "Nothing to redo.")

    def _step(self, step: Callable[[], Change | None], verb: str, nothing: str) -> None:
        try:
            change = step()
        except AnnotationError as exc:  # the change stays in the history, to retry
            self.notify(str(exc), severity="error", timeout=8)
            return
        if change is None:
            self.notify(nothing, timeout=2)
            return
        self.post_message(AnnotationsChanged(change.article_id))
        self.notify(f"{verb}: {change.label}.", timeout=2)

    def action_metadata(self) -> None:
        annotated = self._editable()
        if annotated is None or self.workspace is None:
            return
        shown, store = annotated.article, self.workspace.store
        before = dict(annotated.annotations.overrides)

        def save(edit: MetadataEdit) -> str | None:
            # An unchanged field stays as the corpus says; a changed one becomes an override.
            # An emptied date clears a wrong one: the correction "no date" (NO_DATE).
            date = edit.date or (NO_DATE if shown.date else "")
            changes = {
                key: value
                for key, value, original in (
                    ("title", edit.title, shown.title),
                    ("date", date, shown.date or ""),
                    ("source", edit.source, shown.source or ""),
                )
                if value != original
            }
            if not changes:
                return None
            # Undo puts back the corrections that were there ("" removes one).
            back = {key: before.get(key, "") for key in changes}
            return self._change(
                "metadata correction",
                lambda: store.set_overrides(shown.id, **changes),
                lambda: store.set_overrides(shown.id, **back),
            )

        from briefing.tui.editors import MetadataEditor

        self.app.push_screen(
            MetadataEditor(shown.title, shown.date or "", shown.source or "", save)
        )
