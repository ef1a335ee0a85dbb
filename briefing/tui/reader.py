"""The reader: an article's clean text with a cursor; hits, passages and highlights marked.

Built on a read-only TextArea, which gives wrapping, scrolling, a cursor and keyboard
selection, and never parses the text as markup. Marks are character ranges of the clean
text, painted per line in `get_line`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea

from briefing.core.annotations import CarriedHighlight, PlacedHighlight
from briefing.core.corpus import Article, segments
from briefing.tui.messages import BackRequested

Span = tuple[int, int]
HIGHLIGHT_CLASSES = tuple(f"reader--hl-{i}" for i in range(1, 10))


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # a component class name: "reader--hit", "reader--shared", ...


class LineIndex:
    """Absolute character offsets <-> (row, column) in a text, by bisecting line starts."""

    def __init__(self, text: str):
        self.starts = [0]
        for i, char in enumerate(text):
            if char == "\n":
                self.starts.append(i + 1)
        self.length = len(text)

    def location(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        row = bisect_right(self.starts, offset) - 1
        return row, offset - self.starts[row]

    def offset(self, location: tuple[int, int]) -> int:
        row, column = location
        row = max(0, min(row, len(self.starts) - 1))
        return min(self.starts[row] + column, self.length)


class Reader(TextArea):
    """One article, read-only, with marks; `n` / `N` step through hits or shared passages."""

    COMPONENT_CLASSES = TextArea.COMPONENT_CLASSES | {
        "reader--hit",
        "reader--hit-current",
        "reader--shared",
        "reader--shared-current",
        "reader--carried",
        "reader--only",
        *HIGHLIGHT_CLASSES,
    }

    BINDINGS = [
        Binding("j", "line_down", "Down", show=False, id="reader.down"),
        Binding("k", "line_up", "Up", show=False, id="reader.up"),
        Binding("space", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g", "top", "Top", show=False, id="reader.top"),
        Binding("G", "bottom", "Bottom", show=False, id="reader.bottom"),
        Binding("n", "next_mark", "Next hit", id="reader.next"),
        Binding("N", "previous_mark", "Prev hit", id="reader.previous"),
        Binding("v", "toggle_select", "Select", id="reader.select"),
        Binding("w", "word_forward", "Word →", show=False, id="reader.word_forward"),
        Binding(
            "right_parenthesis",
            "sentence_forward",
            "Sentence →",
            show=False,
            id="reader.sentence_forward",
        ),
        Binding(
            "left_parenthesis", "sentence_back", "Sentence ←", show=False, id="reader.sentence_back"
        ),
        Binding(
            "right_curly_bracket",
            "paragraph_forward",
            "Paragraph →",
            show=False,
            id="reader.paragraph_forward",
        ),
        Binding(
            "left_curly_bracket",
            "paragraph_back",
            "Paragraph ←",
            show=False,
            id="reader.paragraph_back",
        ),
        Binding(
            "right_square_bracket",
            "next_highlight",
            "Next highlight",
            show=False,
            id="reader.next_highlight",
        ),
        Binding(
            "left_square_bracket",
            "previous_highlight",
            "Prev highlight",
            show=False,
            id="reader.previous_highlight",
        ),
        Binding("escape", "cancel", "Back", show=False, id="reader.cancel"),
    ]

    class Stepped(Message):
        """The reader moved to a hit or shared passage with n / N."""

        def __init__(self, reader: Reader, span: Span):
            super().__init__()
            self.reader = reader
            self.span = span

    def __init__(self, *, id: str | None = None):
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_cursor=True,
            highlight_cursor_line=False,
            id=id,
        )
        self.article: Article | None = None
        self.lines = LineIndex("")
        self.hits: list[Span] = []
        self.shared: list[Span] = []
        self.compare = False  # n / N step through shared passages instead of hits
        self.selecting = False  # `v` mode: movement extends the selection
        self.placed: list[PlacedHighlight] = []
        self.carried: list[CarriedHighlight] = []  # the copies' highlights, shown here
        self.only: list[Span] = []  # compare mode: what the other article lacks
        self.labels: tuple[str, ...] = ()
        self._current: Span | None = None
        self._marks_by_row: dict[int, list[Mark]] = {}

    # -- content ----------------------------------------------------------------------------
    def show_article(self, article: Article, hits: list[Span], offset: int = 0) -> None:
        self.article = article
        self.lines = LineIndex(article.text)
        self.load_text(article.text)
        self.hits = list(hits)
        self.shared = []
        self.only = []
        self.placed = []
        self.carried = []
        self.selecting = False
        self._current = None
        self._rebuild_marks()
        self.go_to(offset, center=False)

    def set_hits(self, spans: list[Span]) -> None:
        """Mark these spans as the hits `n` / `N` step through (a search, a find)."""
        self.hits = sorted(spans)
        self._current = None
        self._rebuild_marks()

    def set_shared(self, spans: list[Span], only: list[Span] | None = None) -> None:
        """Compare mode: mark the passages both articles share (*spans*, which `n` / `N`
        step through) and those the other lacks (*only*); offsets in code points."""
        self.shared = sorted(spans)
        self.only = sorted(only or [])
        self._current = None
        self._rebuild_marks()

    def set_carried(self, carried: list[CarriedHighlight]) -> None:
        """Show the highlights of this article's copies (their own mark, under its own)."""
        self.carried = carried
        self._rebuild_marks()

    def carried_at(self, offset: int) -> CarriedHighlight | None:
        """The innermost carried highlight under *offset* (the shortest, when they overlap)."""
        under = [c for c in self.carried if c.contains(offset)]
        return min(under, key=lambda c: c.end - c.start) if under else None

    def set_highlights(self, placed: list[PlacedHighlight], labels: tuple[str, ...]) -> None:
        self.placed = placed
        self.labels = labels
        self._rebuild_marks()

    def highlight_class(self, label: str) -> str:
        """The component class of a colour label: its place among the configured labels."""
        index = self.labels.index(label) if label in self.labels else 0
        return HIGHLIGHT_CLASSES[min(index, len(HIGHLIGHT_CLASSES) - 1)]

    def highlight_at(self, offset: int) -> PlacedHighlight | None:
        """The innermost highlight under `offset` (the shortest, when they overlap)."""
        under = [p for p in self.placed if p.contains(offset)]
        return min(under, key=lambda p: (p.end or 0) - (p.start or 0)) if under else None

    def _rebuild_marks(self) -> None:
        # Painted in order, later over earlier: what the other copy lacks and the copies'
        # highlights first, so this article's own highlights, hits and passages show on top.
        marks = [Mark(s, e, "reader--only") for s, e in self.only]
        marks += [Mark(c.start, c.end, "reader--carried") for c in self.carried]
        marks += [
            Mark(p.start, p.end, self.highlight_class(p.highlight.color))
            for p in self.placed
            if p.start is not None
        ]
        marks += [Mark(s, e, "reader--hit") for s, e in self.hits]
        marks += [Mark(s, e, "reader--shared") for s, e in self.shared]
        if self._current:
            kind = "reader--shared-current" if self.compare else "reader--hit-current"
            marks.append(Mark(*self._current, kind))
        by_row: dict[int, list[Mark]] = {}
        for mark in marks:
            first, _ = self.lines.location(mark.start)
            last, _ = self.lines.location(max(mark.start, mark.end - 1))
            for row in range(first, last + 1):
                by_row.setdefault(row, []).append(mark)
        self._marks_by_row = by_row
        # The TextArea caches rendered lines: without this, stale colours stay on screen.
        self.notify_style_update()
        self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        marks = self._marks_by_row.get(line_index)
        if not marks:
            return line
        row_start = self.lines.starts[line_index]
        for mark in marks:
            style = self.get_component_rich_style(mark.kind, partial=True)
            start = max(0, mark.start - row_start)
            end = min(len(line), mark.end - row_start)
            if end > start:
                line.stylize(style, start, end)
        return line

    # -- cursor -----------------------------------------------------------------------------
    @property
    def offset(self) -> int:
        return self.lines.offset(self.cursor_location)

    def go_to(self, offset: int, center: bool = True) -> None:
        self.move_cursor(self.lines.location(offset), center=center)

    def cursor_row_on_screen(self) -> int:
        """The screen row of the cursor, counted from the first row of text shown."""
        y = self.wrapped_document.location_to_offset(self.cursor_location).y
        return y - int(self.scroll_offset.y)

    def put_cursor_row(self, row: int) -> None:
        """Scroll so that the cursor stands on screen row *row* (after the text changed:
        the reader's eye stays where it was)."""
        y = self.wrapped_document.location_to_offset(self.cursor_location).y
        self.scroll_to(y=max(0, y - row), animate=False, immediate=True)

    @property
    def selected_span(self) -> Span | None:
        """The selection as ordered offsets, or None when nothing is selected."""
        start, end = sorted(
            (self.lines.offset(self.selection.start), self.lines.offset(self.selection.end))
        )
        return (start, end) if end > start else None

    def clear_selection(self) -> None:
        self.selecting = False
        self.move_cursor(self.cursor_location)

    # -- actions ----------------------------------------------------------------------------
    def action_cursor_down(self, select: bool = False) -> None:
        super().action_cursor_down(select or self.selecting)

    def action_cursor_up(self, select: bool = False) -> None:
        super().action_cursor_up(select or self.selecting)

    def action_cursor_left(self, select: bool = False) -> None:
        super().action_cursor_left(select or self.selecting)

    def action_cursor_right(self, select: bool = False) -> None:
        super().action_cursor_right(select or self.selecting)

    def action_line_down(self) -> None:
        self.action_cursor_down()

    def action_line_up(self) -> None:
        self.action_cursor_up()

    def action_page_down(self) -> None:
        self.action_cursor_page_down()

    def action_page_up(self) -> None:
        # `b` is page up when reading and word-back when selecting, as in less and vi.
        if self.selecting:
            self._motion(segments.previous_word)
        else:
            self.action_cursor_page_up()

    def action_toggle_select(self) -> None:
        if self.selecting:
            self.clear_selection()
        else:
            self.selecting = True
            self.move_cursor(self.cursor_location)  # the anchor is here
            self.notify("Selecting: move to extend, h to highlight, v or esc to stop.", timeout=3)

    def action_cancel(self) -> None:
        if self.selecting or self.selected_span:
            self.clear_selection()
        else:
            self.post_message(BackRequested())

    def _motion(self, motion) -> None:  # noqa: ANN001 - a segments motion: (text, offset) -> offset
        if self.article is not None:
            target = motion(self.article.text, self.offset)
            self.move_cursor(self.lines.location(target), select=self.selecting)

    def action_word_forward(self) -> None:
        self._motion(segments.next_word)

    def action_sentence_forward(self) -> None:
        self._motion(segments.next_sentence)

    def action_sentence_back(self) -> None:
        self._motion(segments.previous_sentence)

    def action_paragraph_forward(self) -> None:
        self._motion(segments.next_paragraph)

    def action_paragraph_back(self) -> None:
        self._motion(segments.previous_paragraph)

    def action_next_highlight(self) -> None:
        self._jump_highlight(+1)

    def action_previous_highlight(self) -> None:
        self._jump_highlight(-1)

    def _jump_highlight(self, direction: int) -> None:
        starts = sorted(p.start for p in self.placed if p.start is not None)
        if not starts:
            self.notify("No highlights in this article.", timeout=2)
            return
        here = self.offset
        if direction > 0:
            target = next((s for s in starts if s > here), starts[0])
        else:
            target = next((s for s in reversed(starts) if s < here), starts[-1])
        self.go_to(target)

    def action_top(self) -> None:
        self.move_cursor((0, 0), center=False)
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.go_to(self.lines.length)

    def _marks_to_step(self) -> list[Span]:
        return self.shared if self.compare else self.hits

    def action_next_mark(self) -> None:
        self.step(+1)

    def action_previous_mark(self) -> None:
        self.step(-1)

    def step(self, direction: int) -> Span | None:
        """Move to the next (+1) or previous (-1) hit, or shared passage in compare mode."""
        spans = self._marks_to_step()
        if not spans:
            what = "shared passages" if self.compare else "search hits"
            self.notify(f"No {what} in this article.", timeout=2)
            return None
        here = self.offset
        if direction > 0:
            after = [s for s in spans if s[0] > here]
            target = after[0] if after else spans[0]
        else:
            before = [s for s in spans if s[0] < here]
            target = before[-1] if before else spans[-1]
        self.focus_span(target)
        self.post_message(self.Stepped(self, target))
        return target

    def focus_span(self, span: Span) -> None:
        self._current = span
        self._rebuild_marks()
        self.go_to(span[0])
