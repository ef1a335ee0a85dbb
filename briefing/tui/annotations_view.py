"""The annotations view (`A`): every highlight in the corpus, the tags in use, the orphans.

Filter by words, `tag:x`, `color:y` or `status:fuzzy`; `enter` jumps to a highlight in the
reader. Orphans (highlights whose passage is gone from the article) have their own table,
where one can be re-attached to a new selection or deleted: never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label

from briefing.core.annotations import AnnotationError, Candidate
from briefing.core.corpus import tag_key
from briefing.core.display import one_line, plural
from briefing.core.errors import BriefingError
from briefing.core.export import ArticleRef, ExportEntry
from briefing.core.workspace import Workspace
from briefing.tui.history import Change, UndoHistory
from briefing.tui.messages import AnnotationsChanged


@dataclass(frozen=True)
class Choice:
    """What the user picked: jump to a highlight, or re-attach an orphan."""

    article_id: str
    highlight_id: str
    start: int | None
    reattach: bool = False


def matches(entry: ExportEntry, words: list[str]) -> bool:
    """Filter words: `tag:x`, `color:x`, `status:x`, else text in quote, note, title, tags."""
    h = entry.highlight
    haystack = " ".join(
        [entry.quote, h.note, entry.article.title, entry.article.id, *h.tags]
    ).casefold()
    for word in words:
        field, _, value = word.partition(":")
        value = value.casefold()
        if field == "tag" and value:
            if tag_key(value) not in {tag_key(t) for t in entry.tags}:
                return False
        elif field in ("color", "colour") and value:
            if h.color.casefold() != value:
                return False
        elif field == "article" and value:
            if entry.article.id.casefold() != value:
                return False
        elif field == "status" and value:
            if not entry.status.value.startswith(value):
                return False
        elif word.casefold() not in haystack:
            return False
    return True


def tag_counts(
    entries: Sequence[ExportEntry], articles: Sequence[ArticleRef]
) -> list[tuple[str, int, int]]:
    """(tag, highlights, articles) for every tag in use, by the one rule for tags (an
    article's tags apply to its highlights; tags compared without regard to case): how
    many highlights and how many articles carry it, so that a tag used only on articles
    without highlights is listed too; most used first."""
    counts: dict[str, tuple[str, list[str], set[str]]] = {}
    for e in entries:
        for tag in e.tags:
            counts.setdefault(tag_key(tag), (tag, [], set()))[1].append(e.highlight.id)
    for a in articles:
        for tag in a.tags:
            counts.setdefault(tag_key(tag), (tag, [], set()))[2].add(a.id)
    rows = [(tag, len(hl), len(ids)) for tag, hl, ids in counts.values()]
    return sorted(rows, key=lambda r: (-r[1], -r[2], tag_key(r[0])))


def _cell(text: str, width: int) -> Text:
    return Text(one_line(text, width))


NARROW = 100  # the app's breakpoint: under it, one pane at a time; here, no tag table
TAG_TABLE = 38  # the tag table's width (briefing.tcss), with its border
SIDE_COLUMNS = {"Article": 28, "Note": 24, "Tags": 18, "Colour": 13, "Status": 8}


def column_widths(width: int) -> dict[str, int]:
    """The highlight tables' columns and their cell widths in a terminal *width* wide.
    Where every column fits with 50 cells of quote, the quote takes what the others
    leave. Else only the article's and the quote's columns are shown, the quote taking the
    rest of the row; the note, tags, colour and status of the row under the cursor are
    shown under the table instead (:func:`details`)."""
    # The tag table beside (not under 100 columns), the table's scrollbar, and a cell of
    # padding either side of each column.
    room = width - (TAG_TABLE if width >= NARROW else 0) - 2
    quote = room - sum(SIDE_COLUMNS.values()) - 2 * (len(SIDE_COLUMNS) + 1)
    if quote >= 50:
        return {"Article": 28, "Quote": quote, **SIDE_COLUMNS}
    article = 16
    return {"Article": article, "Quote": max(24, room - article - 2 * 2)}


ORPHAN_COLUMNS = ("Article", "Quote", "Note", "Tags")


def details(entry: ExportEntry) -> str:
    """What a narrow table leaves out of a highlight's row: note, tags, colour, status."""
    h = entry.highlight
    tags = " ".join(f"#{t}" for t in h.tags)
    parts = [f"note: {h.note}" if h.note else "no note", tags, h.color, entry.status.value]
    return one_line(" · ".join(p for p in parts if p), 400)


class AnnotationsScreen(ModalScreen[Choice | None]):
    """Modal, though it fills the terminal: the app's keys (r, A, e...) must not act on the
    library hidden underneath it."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="annotations.close"),
        Binding("slash", "focus_filter", "Filter", id="annotations.filter"),
        Binding("d", "delete", "Delete orphan", id="annotations.delete"),
        *(
            Binding(
                str(n),
                f"reattach({n})",
                f"Re-attach to {n}",
                show=n == 1,
                id=f"annotations.reattach_{n}",
            )
            for n in range(1, 4)
        ),
    ]

    def __init__(
        self,
        entries: list[ExportEntry],
        warnings: list[str],
        workspace: Workspace,
        history: UndoHistory,
        query: str = "",
        articles: Sequence[ArticleRef] = (),
    ):
        super().__init__()
        self.initial_query = query
        self.candidates: list[Candidate] = []
        self.workspace = workspace
        self.history = history
        self.entries = entries
        self.articles = articles
        self.warnings = warnings
        self.shown: list[ExportEntry] = []
        self.orphans: list[ExportEntry] = []
        self.widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Input(
            self.initial_query,
            placeholder="filter: words, tag:x, color:claim, status:fuzzy, article:ID",
            id="ann-filter",
        )
        yield Label("", id="ann-summary", markup=False)
        with Horizontal():
            with Vertical(id="ann-main"):
                yield DataTable(id="ann-table", cursor_type="row", zebra_stripes=True)
                yield Label("", id="ann-detail", markup=False)
                yield Label(
                    "Orphaned highlights: 1-3 re-attach to a candidate below · enter: to a "
                    "new selection · d deletes",
                    id="orphan-title",
                )
                yield DataTable(id="orphan-table", cursor_type="row")
                yield DataTable(id="candidate-table", cursor_type="none")
            yield DataTable(id="tag-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ann-table", DataTable)
        self._fit_columns()
        self.query_one("#candidate-table", DataTable).add_columns("Key", "Score", "Candidate")
        tags = self.query_one("#tag-table", DataTable)
        tags.add_columns("Tag", "Highlights", "Articles")
        for tag, highlights, articles in tag_counts(self.entries, self.articles):
            tags.add_row(_cell(tag, 12), str(highlights), str(articles), key=tag)
        self.refill(self.initial_query)
        # Orphans alone (O from the reader): their table, so that 1-3 re-attach at once.
        orphans_alone = self.orphans and not self.shown
        (self.query_one("#orphan-table", DataTable) if orphans_alone else table).focus()
        for warning in self.warnings:
            self.notify(warning, severity="warning", timeout=8)

    def _fit_columns(self) -> bool:
        """Columns for the terminal's width (:func:`column_widths`); False if unchanged."""
        width = self.app.size.width
        widths = column_widths(width)
        if widths == self.widths:
            return False
        self.widths = widths
        self.set_class(width < NARROW, "-narrow")
        self.set_class("Note" not in widths, "-compact")
        for table_id, names in (("#ann-table", widths), ("#orphan-table", ORPHAN_COLUMNS)):
            table = self.query_one(table_id, DataTable)
            table.clear(columns=True)
            for name in names:
                if name in widths:
                    table.add_column(name, width=widths[name])
        return True

    def on_resize(self) -> None:
        if self._fit_columns():
            table = self.query_one("#ann-table", DataTable)
            row = table.cursor_row
            self.refill(self.query_one("#ann-filter", Input).value)
            table.move_cursor(row=row)

    def _cells(self, e: ExportEntry, names: Sequence[str]) -> list[Text]:
        h = e.highlight
        values = {
            "Article": e.article.title,
            "Quote": e.quote,
            "Note": h.note,
            "Tags": " ".join(h.tags),
            "Colour": h.color,
            "Status": e.status.value,
        }
        return [_cell(values[n], self.widths[n]) for n in names if n in self.widths]

    def refill(self, query: str) -> None:
        words = query.split()
        chosen = [e for e in self.entries if matches(e, words)]
        self.shown = [e for e in chosen if not e.orphaned]
        self.orphans = [e for e in chosen if e.orphaned]
        table = self.query_one("#ann-table", DataTable)
        table.clear()
        for e in self.shown:
            table.add_row(*self._cells(e, list(self.widths)), key=e.highlight.id)
        orphans = self.query_one("#orphan-table", DataTable)
        orphans.clear()
        for e in self.orphans:
            orphans.add_row(*self._cells(e, ORPHAN_COLUMNS), key=e.highlight.id)
        self.query_one("#orphan-title").display = bool(self.orphans)
        orphans.display = bool(self.orphans)
        self._show_candidates()
        total = len(self.entries)
        self.query_one("#ann-summary", Label).update(
            f"{plural(len(self.shown), 'highlight')}, {len(self.orphans)} orphaned"
            + (f" (of {total}, filtered)" if query else "")
            + " · enter jump · / filter · esc back"
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#ann-table", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        table_id = event.data_table.id
        if table_id == "tag-table":
            box = self.query_one("#ann-filter", Input)
            box.value = f"tag:{event.row_key.value}"
            self.query_one("#ann-table", DataTable).focus()
            return
        pool = self.orphans if table_id == "orphan-table" else self.shown
        entry = next((e for e in pool if e.highlight.id == event.row_key.value), None)
        if entry is not None:
            self.dismiss(
                Choice(entry.article.id, entry.highlight.id, entry.start, reattach=entry.orphaned)
            )

    def action_focus_filter(self) -> None:
        self.query_one("#ann-filter", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        table = self.query_one("#orphan-table", DataTable)
        if not table.has_focus or not self.orphans:
            self.notify(
                "d deletes an orphaned highlight: select one in the orphans table.", timeout=3
            )
            return
        entry = self.orphans[table.cursor_row]
        if not self._delete(entry.article.id, entry.highlight.id):
            return
        self.entries = [e for e in self.entries if e.highlight.id != entry.highlight.id]
        self.refill(self.query_one("#ann-filter", Input).value)
        self.notify("Orphaned highlight deleted (a tombstone in the YAML; u undoes it).", timeout=3)

    def _delete(self, article_id: str, highlight_id: str) -> bool:
        """Delete a highlight, undoable with `u` like any deletion; False if it failed."""
        store = self.workspace.store
        try:
            store.delete_highlight(article_id, highlight_id)
        except AnnotationError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return False
        self.history.push(
            Change(
                article_id,
                "deleted orphan",
                lambda: store.restore_highlight(article_id, highlight_id),
                lambda: store.delete_highlight(article_id, highlight_id),
            )
        )
        self.post_message(AnnotationsChanged(article_id))
        return True

    # -- orphan triage ---------------------------------------------------------------------------
    def _selected_orphan(self) -> ExportEntry | None:
        table = self.query_one("#orphan-table", DataTable)
        if not self.orphans or not 0 <= table.cursor_row < len(self.orphans):
            return None
        return self.orphans[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "orphan-table":
            self._show_candidates()
        self._show_details()

    def on_descendant_focus(self) -> None:
        self._show_details()

    def _show_details(self) -> None:
        """Under a narrow table: the rest of the row under the cursor of the table in use."""
        orphans = self.query_one("#orphan-table", DataTable)
        table = orphans if orphans.has_focus else self.query_one("#ann-table", DataTable)
        pool = self.orphans if table is orphans else self.shown
        row = table.cursor_row
        self.query_one("#ann-detail", Label).update(
            details(pool[row]) if 0 <= row < len(pool) else ""
        )

    def _show_candidates(self) -> None:
        """The passages the selected orphan might belong to now, scored, keys 1-3."""
        table = self.query_one("#candidate-table", DataTable)
        table.clear()
        entry = self._selected_orphan()
        found: list[Candidate] = []
        if entry is not None and entry.article.present:
            try:
                found = self.workspace.triage(entry.highlight.id, copies=True)
            except BriefingError:  # its copies unknown (not indexed yet): its own text
                found = self.workspace.triage(entry.highlight.id)
        # 1-3 re-attach in the article's own text; a copy's passages (after them, "in"
        # its title) say where the lost words survive, to read there.
        self.candidates = [c for c in found if c.source is None]
        width = max(20, self.app.size.width - 16)
        for n, c in enumerate(self.candidates, 1):
            table.add_row(str(n), f"{c.score:.2f}", _cell(c.text, width))
        for c in found[len(self.candidates) :]:
            table.add_row("copy", f"{c.score:.2f}", _cell(f"in {c.source_title}: {c.text}", width))
        table.display = bool(found)

    def action_reattach(self, number: int) -> None:
        entry = self._selected_orphan()
        if entry is None or not self.query_one("#orphan-table", DataTable).has_focus:
            self.notify("1-3 re-attach an orphan: select one in the orphans table.", timeout=3)
            return
        if number > len(self.candidates):
            self.notify(f"No candidate {number} for this orphan.", timeout=3)
            return
        article_id, hid = entry.article.id, entry.highlight.id
        old = entry.highlight.target
        try:
            self.workspace.reattach(hid, number)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        store = self.workspace.store
        self.history.push(
            Change(
                article_id,
                "re-attached orphan",
                lambda: store.retarget_highlight(article_id, hid, old),
                lambda: self.workspace.reattach(hid, number),
            )
        )
        self.post_message(AnnotationsChanged(article_id))
        self.entries = [e for e in self.entries if e.highlight.id != hid]
        self.refill(self.query_one("#ann-filter", Input).value)
        self._show_candidates()
        self.notify(f"Re-attached to candidate {number} (u undoes it).", timeout=3)
