"""The article list: the library, search results or related articles, one row per article.

A virtual list (Line API): only the rows on screen are rendered, so 20,000 or 100,000
articles scroll as smoothly as five.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing.core.display import for_terminal
from briefing.core.index import ArticleInfo, Hit, Snippet
from briefing.tui.messages import FlagsChangeRequested


@dataclass(frozen=True)
class Row:
    info: ArticleInfo
    score: float | None = None
    new: bool = False  # new in a saved search since the last visit
    hit: Hit | None = None  # a search's: its snippet is made when the row is first drawn

    @property
    def snippet(self) -> Snippet | None:
        return None if self.hit is None else self.hit.snippet

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Hit offsets in the article, for the reader."""
        return () if self.hit is None else self.hit.spans


SORTS = ("date", "title", "source")


def ellipsize(text: str, width: int) -> str:
    """*text* cut to *width* columns with an ellipsis, whole when it fits."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…" if width > 0 else ""


def sort_rows(rows: list[Row], key: str) -> list[Row]:
    """Newest first for date (undated last); alphabetical for title and source (blank last)."""
    if key == "date":
        dated = sorted((r for r in rows if r.info.date), key=lambda r: r.info.date, reverse=True)
        return dated + [r for r in rows if not r.info.date]
    if key == "source":
        return sorted(
            rows,
            key=lambda r: (
                not r.info.source,
                (r.info.source or "").casefold(),
                r.info.title.casefold(),
            ),
        )
    return sorted(rows, key=lambda r: r.info.title.casefold())


class ArticleList(ScrollView, can_focus=True):
    """Rows of title, source and date; with snippets (two lines a row) for search results."""

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--meta",
        "article-list--hit",
        "article-list--snippet",
    }
    BINDINGS = [
        Binding("enter", "open", "Open", id="list.open"),
        Binding("s", "open_beside", "Side by side", id="list.beside"),
        Binding("o", "cycle_sort", "Sort", id="list.sort"),
        Binding("R", "toggle_read", "Read/unread", show=False, id="list.read"),
        Binding("asterisk", "toggle_star", "Star", show=False, id="list.star"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,b", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
    ]

    cursor = reactive(0)

    class Sorted(Message):
        """The library was re-sorted (`o`)."""

    class Chosen(Message):
        """The user asked to open a row: in the main reader, or beside it."""

        def __init__(self, row: Row, beside: bool):
            super().__init__()
            self.row = row
            self.beside = beside

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.flags: dict[str, tuple[bool, bool]] = {}  # article id -> (read, starred)
        self.sort_key = "date"
        self.with_snippets = False

    @property
    def row_height(self) -> int:
        return 2 if self.with_snippets else 1

    def set_rows(self, rows: list[Row], *, snippets: bool, keep_order: bool = False) -> None:
        """Show `rows`; library rows are sorted by the current key, results keep their rank."""
        self.with_snippets = snippets
        self.rows = rows if keep_order else sort_rows(rows, self.sort_key)
        self.virtual_size = Size(self.size.width, len(self.rows) * self.row_height)
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def replace_rows(self, rows: list[Row]) -> None:
        """Show *rows* (library rows sorted, like `set_rows`) where the list stands: the
        cursor stays on its article and the view does not jump (the corpus changed
        under the reader's eyes)."""
        chosen = self.current
        scroll_y = self.scroll_offset.y
        self.rows = rows if self.with_snippets else sort_rows(rows, self.sort_key)
        self.virtual_size = Size(self.size.width, len(self.rows) * self.row_height)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if chosen is not None:
            self.select_id(chosen.info.id)
        self.cursor = min(self.cursor, max(0, len(self.rows) - 1))
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def select_id(self, article_id: str) -> None:
        for i, row in enumerate(self.rows):
            if row.info.id == article_id:
                self.cursor = i
                return

    # -- rendering --------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_y = int(self.scroll_offset.y)
        index, part = divmod(y + scroll_y, self.row_height)
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        text = self._row_text(row) if part == 0 else self._snippet_text(row)
        if index == self.cursor:
            # Beneath the hits' own style, so the selected row still shows its hits.
            text.stylize_before(self.get_component_rich_style("article-list--cursor"))
        segments = text.render(self.app.console)
        strip = Strip(list(segments)).crop_extend(0, width, self.rich_style)
        return strip.apply_style(self.rich_style)

    def _text_width(self) -> int:
        """Columns for text: the region the scrollbar leaves, less a margin each side."""
        return max(self.scrollable_content_region.width - 2, 20)

    def _row_text(self, row: Row) -> Text:
        width = self._text_width()
        # Titles, sources and snippets come from other people's files: shown inertly. The
        # date is never cut; the source gives way first, then the title.
        date = row.info.date or ""
        source = for_terminal(row.info.source or "")
        room = max(0, width // 2 - 2) - len(date) - (3 if date else 0)
        source = ellipsize(source, room) if room >= 4 else ""
        meta = " · ".join(x for x in (source, date) if x)
        title_width = max(8, width - len(meta) - 2)
        read, starred = self.flags.get(row.info.id, (False, False))
        marks = ("● " if row.new else "") + ("★ " if starred else "")
        title = ellipsize(marks + for_terminal(row.info.title), title_width)
        # Read articles step back (dim); unread ones stay in full strength.
        style = self.get_component_rich_style("article-list--meta", partial=True) if read else ""
        text = Text(" " + title.ljust(title_width), style=style, no_wrap=True, end="")
        text.append("  ")
        text.append(meta, self.get_component_rich_style("article-list--meta", partial=True))
        return text

    def _snippet_text(self, row: Row) -> Text:
        snippet = row.snippet
        style = self.get_component_rich_style("article-list--snippet", partial=True)
        if snippet is None:
            return Text("", end="")
        # One character for one, so the hit spans still fall on the words.
        shown, spans = for_terminal(snippet.text), list(snippet.spans)
        room = self._text_width() - 2
        if spans and spans[0][1] > room:
            # The first hit would be past the edge: start the line a little before it.
            cut = min(spans[0][0] - room // 4, len(shown) - room + 1)
            shown = "…" + shown[cut + 1 :]
            spans = [(s - cut, e - cut) for s, e in spans if s - cut >= 1]
        if len(shown) > room:
            shown = shown[: room - 1] + "…"
        text = Text("   " + shown, style=style, no_wrap=True, end="")
        hit = self.get_component_rich_style("article-list--hit", partial=True)
        for start, end in spans:
            if end <= len(shown):
                text.stylize(hit, start + 3, end + 3)
        return text

    # -- cursor -----------------------------------------------------------------------------
    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1))

    def watch_cursor(self, previous: int, cursor: int) -> None:
        if not self.rows:
            return
        top = cursor * self.row_height
        self.scroll_to_region(Region(0, top, 1, self.row_height), animate=False, immediate=True)
        self.refresh()

    def _page(self) -> int:
        return max(1, self.size.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        self.cursor = self.cursor + 1

    def action_cursor_up(self) -> None:
        self.cursor = max(0, self.cursor - 1)

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_page_up(self) -> None:
        self.cursor = max(0, self.cursor - self._page())

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_open(self) -> None:
        if self.current:
            self.post_message(self.Chosen(self.current, beside=False))

    def action_open_beside(self) -> None:
        if self.current:
            self.post_message(self.Chosen(self.current, beside=True))

    def action_toggle_read(self) -> None:
        if self.current is not None:
            read, _ = self.flags.get(self.current.info.id, (False, False))
            self.post_message(FlagsChangeRequested(self.current.info.id, read=not read))

    def action_toggle_star(self) -> None:
        if self.current is not None:
            _, starred = self.flags.get(self.current.info.id, (False, False))
            self.post_message(FlagsChangeRequested(self.current.info.id, starred=not starred))

    def action_cycle_sort(self) -> None:
        if self.with_snippets:
            self.app.notify(
                "Results are ranked by relevance; sort the library (escape).", timeout=3
            )
            return
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        chosen = self.current
        self.rows = sort_rows(self.rows, self.sort_key)
        if chosen:
            self.select_id(chosen.info.id)
        self.refresh()
        self.post_message(self.Sorted())

    def on_click(self, event) -> None:  # noqa: ANN001 - Textual event
        index = (event.y + int(self.scroll_offset.y)) // self.row_height
        if 0 <= index < len(self.rows):
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) * self.row_height)
