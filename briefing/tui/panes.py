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
        Binding("u", "undo", "Undo delete", show=False, id="annotate.undo"),
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

    def _store(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one store change on this article; a failure is one line on screen, nothing
        is lost, and None comes back."""
        assert self.article is not None
        article_id = self.article.id
        try:
            result = call(article_id, *args, **kwargs)
        except AnnotationError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return None
        self.post_message(AnnotationsChanged(article_id))
        return result

    def _saver(self, call: Callable[..., Any], *args: Any) -> Callable[[Any], str | None]:
        """A `save` for an editor: store the edited value (passed last), or say why not, so
        the editor stays open with what was typed."""
        assert self.article is not None
        article_id = self.article.id

        def save(value: object) -> str | None:
            try:
                call(article_id, *args, value)
            except AnnotationError as exc:
                return str(exc)
            self.post_message(AnnotationsChanged(article_id))
            return None

        return save

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
        store = self.workspace.store
        if self.reattach is not None:
            target = quote_at(article.text, start, end, article.content_hash)
            if self._store(store.retarget_highlight, self.reattach, target):
                self.reattach = None
                reader.clear_selection()
                self.notify("Orphaned highlight re-attached here.", timeout=3)
            return
        if any(p.start == start and p.end == end for p in reader.placed):
            self.notify("Already highlighted.", timeout=2)
            return
        try:
            self.workspace.highlight_span(article, start, end)
        except AnnotationError as exc:
            # The selection stays, so the retry highlights the same words.
            self.notify(str(exc), severity="error", timeout=8)
            return
        reader.clear_selection()
        self.post_message(AnnotationsChanged(article.id))
        n = len(self.labels[:9])
        self.notify(f"Highlighted ({self.labels[0]}) · 1-{n} colour · a note · t tag", timeout=3)
        reader.go_to(start, center=False)

    def action_color(self, number: int) -> None:
        if self.workspace is None or number > len(self.labels):
            return
        placed = self._under_cursor()
        if placed is not None:
            self._store(self.workspace.store.set_color, placed.id, self.labels[number - 1])

    def action_note(self) -> None:
        """The note on the highlight under the cursor, or else the article's own note."""
        annotated = self._editable()
        if annotated is None or self.workspace is None:
            return
        store = self.workspace.store
        placed = self.reader.highlight_at(self.reader.offset)
        if placed is None:
            current = annotated.annotations.note
            title = f"Note on the article {annotated.id} (no highlight under the cursor)"
            save = self._saver(store.set_article_note)
        else:
            current = placed.highlight.note
            title = f"Note on “{one_line(placed.quote, 50)}”"
            save = self._saver(store.set_note, placed.id)
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
        store = self.workspace.store
        if placed is None:
            current = list(self.annotated.annotations.tags)
            title = f"Tags of the article {self.annotated.id}"
            save = self._saver(store.set_article_tags)
        else:
            current = list(placed.highlight.tags)
            title = f"Tags of “{one_line(placed.quote, 50)}”"
            save = self._saver(store.set_highlight_tags, placed.id)
        self.app.push_screen(TagEditor(title, current, known, save))

    def action_delete_highlight(self) -> None:
        placed = self._under_cursor()
        if placed is None or self.workspace is None or self.article is None:
            return
        store, article_id = self.workspace.store, self.article.id
        if self._store(store.delete_highlight, placed.id):
            self.history.push(
                Change(
                    article_id,
                    "Highlight restored.",
                    lambda: store.restore_highlight(article_id, placed.id),
                )
            )
            self.notify("Highlight deleted · u undoes it.", timeout=3)

    def action_undo(self) -> None:
        change = self.history.pop()
        if change is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        try:
            change.undo()
        except AnnotationError as exc:
            self.history.push(change)  # still undoable once the problem is fixed
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.post_message(AnnotationsChanged(change.article_id))
        self.notify(change.label, timeout=2)

    def action_metadata(self) -> None:
        annotated = self._editable()
        if annotated is None or self.workspace is None:
            return
        shown, store = annotated.article, self.workspace.store

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
                store.set_overrides(shown.id, **changes)
            except AnnotationError as exc:
                return str(exc)
            self.post_message(AnnotationsChanged(shown.id))
            return None

        self.app.push_screen(
            MetadataEditor(shown.title, shown.date or "", shown.source or "", save)
        )

    def action_close(self) -> None:
        self.post_message(self.CloseRequested(self))
