"""Saved searches in the app: `S` saves the search shown, `W` lists them with what is new.

The searches are the team's (annotations/.briefing/searches.yaml); what is new is this
analyst's, since the last time each was opened here or with `briefing search --saved`.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from briefing.core.display import for_terminal, one_line
from briefing.core.errors import BriefingError
from briefing.core.workspace import Workspace
from briefing.tui.editors import LINE, Editor, Save


class SaveSearchDialog(Editor[str]):
    """A name for the search shown; enter saves it for the team."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_search.cancel")]

    def __init__(self, query: str, save: Save):
        super().__init__(save)
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save this search", classes="dialog-title")
            yield Label(
                one_line(self.query_text, LINE), classes="dialog-help dialog-line", markup=False
            )
            yield Input(placeholder="a name, e.g. Migration talks", id="search-name")
            yield Label("", classes="dialog-error", markup=False)
            yield Label("enter save · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#search-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value.strip())


class SavedSearchesScreen(ModalScreen[str | None]):
    """Every saved search with its hits and how many are new; enter opens one."""

    BINDINGS = [Binding("escape", "close", "Back", id="searches.close")]

    def __init__(self, workspace: Workspace):
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Saved searches · enter opens · esc back", classes="dialog-title")
            yield DataTable(id="searches-table", cursor_type="row")
            yield Label("", classes="dialog-error", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "New", "Hits", "Query")
        try:
            searches = self.workspace.saved_searches.load()
            for search in searches:
                _, results, new = self.workspace.run_saved(search.name, visit=False)
                table.add_row(
                    Text(for_terminal(search.name)),
                    str(len(new)),
                    str(results.total),
                    Text(one_line(search.query, 50)),
                    key=search.name,
                )
        except BriefingError as exc:
            self.query_one(".dialog-error", Label).update(str(exc))
            return
        if not searches:
            self.query_one(".dialog-error", Label).update(
                "No saved searches yet: search, then S saves it."
            )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(event.row_key.value)

    def action_close(self) -> None:
        self.dismiss(None)
