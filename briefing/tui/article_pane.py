"""An article pane: the header over the Reader, the find line and the note line.

The base of :class:`~briefing.tui.panes.ReaderPane`, which adds the annotating keys. Here
are what every open article has: showing it with its highlights placed, the note under the
cursor, the reading position, find in the article (`f`) and closing (`x`).
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from briefing.core.annotations import AnnotatedArticle, ArticleAnnotations, quote_at, reanchor
from briefing.core.corpus import Article, find_all
from briefing.core.display import for_terminal, one_line, plural
from briefing.core.errors import BriefingError
from briefing.core.workspace import Workspace
from briefing.tui.find_box import FindBox
from briefing.tui.history import UndoHistory
from briefing.tui.messages import BackRequested
from briefing.tui.reader import Reader, Span


def header_text(article: Article, orphans: int = 0) -> Text:
    """Title, then source · date · byline · place, then tags, then how many highlights are
    orphaned; never parsed as markup, never able to send the terminal an escape sequence."""
    # Two lines of a 100-column reader at most: the header must leave room for the text
    # (under 100 columns each line is one row, cut with … by briefing.tcss).
    text = Text(one_line(article.title, 150), style="bold", end="")
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
    if orphans:
        lost = plural(orphans, "orphaned highlight")
        text.append(f"\n⚠ {lost}: its passage is gone · O lists it", style="bold")
    return text


# Characters around the cursor found again in a changed text (the anchoring's own context).
_CURSOR_QUOTE = 32


def follow_offset(old: Article, offset: int, new: Article) -> int:
    """Where *offset* of the *old* text stands in the *new* one: the words after it (or,
    at the end, before it) found again as a highlight would be (exact, else fuzzy, the
    nearest of equals); the same offset, within the new text, when they are gone."""
    if old.text == new.text:
        return offset
    before, after = max(0, offset - _CURSOR_QUOTE), min(len(old.text), offset + _CURSOR_QUOTE)
    for start, end, edge in ((offset, after, "start"), (before, offset, "end")):
        if old.text[start:end].strip():
            quote = quote_at(old.text, start, end, old.content_hash)
            anchor = reanchor(quote, new.text, new.content_hash)
            found = anchor.start if edge == "start" else anchor.end
            if found is not None:
                return found
    return min(offset, len(new.text))


class ArticlePane(Vertical):
    """One open article: header, text, find line, note line; `f` finds, `x` closes.

    :class:`~briefing.tui.panes.ReaderPane` adds the keys that annotate.
    """

    BINDINGS = [
        Binding("f", "find", "Find", show=False, id="reader.find"),
        Binding("x", "close", "Close", id="reader.close"),
    ]

    class CloseRequested(Message):
        """`x`: this pane asks its container to close it."""

        def __init__(self, pane: ArticlePane) -> None:
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
        yield FindBox(classes="find-box")
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

    def reread(self, annotated: AnnotatedArticle, hits: list[Span]) -> None:
        """The article's file changed while it was open: show the new text with its
        highlights re-anchored, the cursor on the same words and on the same screen row."""
        old, reader = self.reader.article, self.reader
        if old is None:
            return
        offset, row = follow_offset(old, reader.offset, annotated.article), 0
        with contextlib.suppress(IndexError, ValueError):  # not laid out yet
            row = reader.cursor_row_on_screen()
        waiting = self.reattach
        self.show(annotated, hits, offset)
        self.reattach = waiting
        self.call_after_refresh(reader.put_cursor_row, row)

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
        carried = []
        if self.workspace is not None:
            # An article the index does not list yet has no copies: nothing to carry.
            with contextlib.suppress(BriefingError):
                carried = self.workspace.carried(annotated)
        self.reader.set_carried(carried)
        header = header_text(annotated.article, len(annotated.orphans))
        self.query_one(".reader-header", Static).update(header)
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
        carried = self.reader.carried_at(self.reader.offset) if placed is None else None
        if carried is not None:
            h = carried.highlight
            parts = [f"from {carried.source_title}", h.color]
            if h.tags:
                parts.append(" ".join(f"#{t}" for t in h.tags))
            line = " · ".join([*parts, "y takes it"])
            self.set_note_line(f"{line}\n{h.note}" if h.note else line)
            return
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
            self.workspace.state.set_position(self.article.id, self.reader.offset)

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

    def action_close(self) -> None:
        self.post_message(self.CloseRequested(self))

    # -- find in the article -----------------------------------------------------------------------
    def action_find(self) -> None:
        if self.article is not None:
            self.query_one(FindBox).open()

    def on_input_submitted(self, event: FindBox.Submitted) -> None:
        if not isinstance(event.input, FindBox) or self.article is None:
            return
        event.stop()  # a find, not a corpus search
        box = event.input
        box.display = False
        spans = find_all(self.article.text, event.value)
        self.reader.set_hits(spans)
        self.reader.focus()
        if spans:
            self.reader.step(+1)
            self.notify(
                f"{plural(len(spans), 'match', 'matches')} for {event.value.strip()} · n / N",
                timeout=3,
            )
        elif event.value.strip():
            self.notify(f"Not in this article: {event.value.strip()}", timeout=3)

    def on_find_box_closed(self, event: FindBox.Closed) -> None:
        self.reader.focus()
