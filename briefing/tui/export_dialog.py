"""The export dialog (`e`): the choices of `briefing export`, with the current filter preselected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

FORMATS = {"markdown": ".md", "csv": ".csv", "json": ".json"}


@dataclass(frozen=True)
class ExportRequest:
    format: str
    group_by: str
    tags: tuple[str, ...]
    article_ids: tuple[str, ...]
    since: str | None
    path: Path


def default_path(folder: Path, fmt: str, today: date | None = None) -> Path:
    return folder / f"briefing-{(today or date.today()).isoformat()}{FORMATS[fmt]}"


class ExportDialog(ModalScreen[ExportRequest | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "save", "Export", id="export.save"),
    ]

    def __init__(self, folder: Path, tags: tuple[str, ...], article_ids: tuple[str, ...]):
        super().__init__()
        self.folder = folder
        self.tags = tags
        self.article_ids = article_ids
        self.format = "markdown"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the briefing", classes="dialog-title")
            with RadioSet(id="export-format"):
                for i, name in enumerate(FORMATS):
                    yield RadioButton(name, value=i == 0, name=name)
            with RadioSet(id="export-group"):
                yield RadioButton("group by tag", value=True, name="tag")
                yield RadioButton("group by article", name="article")
            yield Label("Tags (comma separated, empty for all)")
            yield Input(", ".join(self.tags), id="export-tags")
            yield Label("Articles (ids, comma separated, empty for all)")
            yield Input(", ".join(self.article_ids), id="export-articles")
            yield Label("Highlighted since (YYYY-MM-DD, empty for any day)")
            yield Input("", id="export-since", placeholder="YYYY-MM-DD")
            yield Label("Write to")
            yield Input(str(default_path(self.folder, "markdown")), id="export-path")
            yield Label("", id="export-error", classes="dialog-error", markup=False)
            yield Label("enter / ctrl+s export · tab next · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.radio_set.id != "export-format":
            return
        new = event.pressed.name or "markdown"
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix.lower() == FORMATS[self.format]:
            path_input.value = str(path.with_suffix(FORMATS[new]))
        self.format = new

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _split(self, widget_id: str) -> tuple[str, ...]:
        value = self.query_one(widget_id, Input).value
        return tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))

    def action_save(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.query_one("#export-error", Label).update("Give a file to write to.")
            return
        group = self.query_one("#export-group", RadioSet).pressed_button
        self.dismiss(
            ExportRequest(
                format=self.format,
                group_by=(group.name if group else None) or "tag",
                tags=self._split("#export-tags"),
                article_ids=self._split("#export-articles"),
                since=self.query_one("#export-since", Input).value.strip() or None,
                path=Path(path).expanduser(),
            )
        )

    def show_error(self, message: str) -> None:
        self.query_one("#export-error", Label).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)
