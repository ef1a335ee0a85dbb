"""The reader pane: an article's header over the Reader, a note line, and the annotation keys.

The keys that change annotations (`h a t T d u m 1-9`) live here, on the pane that binds
them: each change goes straight to the YAML store (lock, re-read, merge, atomic write), then
the pane posts :class:`AnnotationsChanged` so every reader showing the article re-places its
highlights and the index follows. Nothing is kept only in memory, so a crash loses nothing
that was shown as saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from briefing.core.annotations import (
    AnnotatedArticle,
    AnnotationError,
    ArticleAnnotations,
    PlacedHighlight,
    quote_at,
)
from briefing.core.corpus import Article, segments
from briefing.core.display import for_terminal, one_line
from briefing.core.workspace import Workspace
from briefing.tui.editors import MetadataEdit, MetadataEditor, NoteEditor, TagEditor
from briefing.tui.history import Change, UndoHistory
from briefing.tui.messages import AnnotationsChanged, BackRequested
from briefing.tui.reader import Reader, Span


def header_text(article: Article) -> Text:
    """Title, then source · date · byline · place, then tags; never parsed as markup,
    never able to send the terminal an escape sequence."""
    text = Text(for_terminal(article.title), style="bold", end="")
    meta = [
        article.source,
        article.date or "no date",
        f"by {article.byline}" if article.byline else None,
        article.place,
    ]
    text.append("\n" + for_terminal(" · ".join(m for m in meta if m)), style="dim")
    if article.tags:
        tags = "  ".join(f"#{t}" for t in article.tags)
        text.append("\n" + for_terminal(tags), style="italic")
    return text


class ReaderPane(Vertical):
    """One open article. Two of these sit side by side when sources are compared."""

    BINDINGS = [
        Binding("h", "highlight", "Highlight", id="annotate.highlight"),
        Binding("a", "note", "Note", id="annotate.note"),
        Binding("t", "tag", "Tag", id="annotate.tag"),
        Binding("T", "article_tags", "Article tags", show=False, id="annotate.article_tags"),
        Binding("d", "delete_highlight", "Delete", show=False, id="annotate.delete"),
        Binding("u", "undo", "Undo", show=False, id="annotate.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="annotate.redo"),
        Binding("m", "metadata", "Fix metadata", show=False, id="annotate.metadata"),
        *(
            Binding(str(n), f"color({n})", f"Colour {n}", show=False, id=f"annotate.color_{n}")
            for n in range(1, 10)
        ),
        Binding("x", "close", "Close", id="reader.close"),
    ]

    class CloseRequested(Message):
        """`x`: this pane asks its container to close it."""

        def __init__(self, pane: ReaderPane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(
        self, workspace: Workspace | None, history: UndoHistory, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.workspace = workspace
        self.history = history
        self.annotated: AnnotatedArticle | None = None
        self.reattach: str | None = None  # an orphan's id, waiting for a new passage

    def compose(self) -> ComposeResult:
        yield Static("", classes="reader-header")
        yield Reader(id=f"{self.id}-text")
        yield Static("", classes="reader-note")

    # -- what is shown ------------------------------------------------------------------------
    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def article(self) -> Article | None:
        return self.reader.article

    @property
    def annotations(self) -> ArticleAnnotations | None:
        return self.annotated.annotations if self.annotated else None

    @property
    def labels(self) -> tuple[str, ...]:
        return self.workspace.labels if self.workspace else ()

    def show(self, annotated: AnnotatedArticle, hits: list[Span], offset: int) -> None:
        """Show an article with its highlights, the search hits marked, the cursor at
        *offset* (code points of its clean text)."""
        self.display = True
        self.reattach = None
        self.border_title = Text(for_terminal(annotated.id))  # a Text is not parsed as markup
        self.reader.show_article(annotated.article, hits, offset)
        self._place(annotated)

    def clear(self) -> None:
        self.reader.article = None
        self.annotated = None
        self.reattach = None
        self.display = False

    def reload(self) -> None:
        """Read the article's annotations afresh and place them in the text shown."""
        if self.workspace is not None and self.article is not None:
            self._place(self.workspace.annotate(self.article))

    def _place(self, annotated: AnnotatedArticle) -> None:
        self.annotated = annotated
        self.reader.set_highlights(list(annotated.highlights), self.labels)
        self.query_one(".reader-header", Static).update(header_text(annotated.article))
        if annotated.problem:
            self.set_note_line(f"⚠ {annotated.problem} (shown read-only)")
            self.notify(annotated.problem, severity="error", timeout=8)
        else:
            self.show_note_under_cursor()

    def set_note_line(self, text: str) -> None:
        note = self.query_one(".reader-note", Static)
        note.update(Text(for_terminal(text)))
        note.display = bool(text)

    def show_note_under_cursor(self) -> None:
        if self.annotated is None or self.annotated.problem:
            return
        placed = self.reader.highlight_at(self.reader.offset)
        if placed is None:
            note = self.annotated.annotations.note
            self.set_note_line(f"article note · {note}" if note else "")
            return
        h = placed.highlight
        parts = [h.color, placed.status.value]
        if h.tags:
            parts.append(" ".join(f"#{t}" for t in h.tags))
        line = " · ".join(parts)
        self.set_note_line(f"{line}\n{h.note}" if h.note else line)

    def remember_position(self) -> None:
        if self.workspace is not None and self.article is not None:
            self.workspace.positions.set(self.article.id, self.reader.offset)

    def on_text_area_selection_changed(self, event: Reader.SelectionChanged) -> None:
        self.remember_position()
        self.show_note_under_cursor()

    def on_back_requested(self, event: BackRequested) -> None:
        # Escape from the reader also gives up a pending re-attach; the app goes back.
        self.cancel_reattach()

    def start_reattach(self, highlight_id: str) -> None:
        self.reattach = highlight_id
        self.notify(
            "Re-attach: select the passage (v, then move) and press h; esc cancels.", timeout=6
        )

    def cancel_reattach(self) -> None:
        if self.reattach is not None:
            self.reattach = None
            self.notify("Re-attach cancelled: the highlight stays orphaned.", timeout=3)

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

    def action_color(self, number: int) -> None:
        if self.workspace is None or self.article is None or number > len(self.labels):
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
        if placed is None:
            current = list(self.annotated.annotations.tags)
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
        self.app.push_screen(TagEditor(title, current, known, save))

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
            # Undo puts back the corrections that were there ("" removes one).
            back = {key: before.get(key, "") for key in changes}
            return self._change(
                "metadata correction",
                lambda: store.set_overrides(shown.id, **changes),
                lambda: store.set_overrides(shown.id, **back),
            )

        self.app.push_screen(
            MetadataEditor(shown.title, shown.date or "", shown.source or "", save)
        )

    def action_close(self) -> None:
        self.post_message(self.CloseRequested(self))
