"""The export dialog (`e`): the choices of `briefing export`, with the current filter preselected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet

from briefing.core.export.collect import FORMAT_SUFFIXES
from briefing.tui.editors import Editor, Save


@dataclass(frozen=True)
class ExportRequest:
    format: str
    group_by: str
    tags: tuple[str, ...]
    article_ids: tuple[str, ...]
    since: str | None
    path: Path


def default_path(folder: Path, fmt: str, today: date | None = None) -> Path:
    return folder / f"briefing-{(today or date.today()).isoformat()}{FORMAT_SUFFIXES[fmt]}"


class ExportDialog(Editor[ExportRequest]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "save", "Export", id="export.save"),
    ]

    def __init__(
        self, folder: Path, tags: tuple[str, ...], article_ids: tuple[str, ...], save: Save
    ):
        super().__init__(save)
        self.folder = folder
        self.tags = tags
        self.article_ids = article_ids
        self.format = "markdown"
        self._replace: Path | None = None  # an existing file the user agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the briefing", classes="dialog-title")
            with RadioSet(id="export-format"):
                for i, name in enumerate(FORMAT_SUFFIXES):
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
        if path.suffix.lower() == FORMAT_SUFFIXES[self.format]:
            path_input.value = str(path.with_suffix(FORMAT_SUFFIXES[new]))
        self.format = new

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _split(self, widget_id: str) -> tuple[str, ...]:
        value = self.query_one(widget_id, Input).value
        return tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))

    def action_save(self) -> None:
        error = self.query_one("#export-error", Label)
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            error.update("Give a file to write to.")
            return
        path = Path(text).expanduser()
        if path.exists() and path != self._replace:
            self._replace = path
            error.update(f"{path} exists: ctrl+s again to replace it, or change the name.")
            return
        group = self.query_one("#export-group", RadioSet).pressed_button
        self.submit(
            ExportRequest(
                format=self.format,
                group_by=(group.name if group else None) or "tag",
                tags=self._split("#export-tags"),
                article_ids=self._split("#export-articles"),
                since=self.query_one("#export-since", Input).value.strip() or None,
                path=path,
            )
        )
