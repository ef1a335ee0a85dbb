"""The export dialog (`e`): the choices of `briefing export`, with the current filter
preselected; it checks what it can while open, then writes the file in a worker."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, RadioButton, RadioSet

from briefing.core.display import plural
from briefing.core.errors import BriefingError
from briefing.core.export import FOLDER_FORMATS, FORMAT_SUFFIXES, parse_since
from briefing.core.workspace import Workspace
from briefing.tui.editors import Editor
from briefing.tui.progress import JobBars, JobEnded, JobReported


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
        self,
        workspace: Workspace,
        folder: Path | None = None,
        tags: tuple[str, ...] = (),
        article_ids: tuple[str, ...] = (),
    ):
        """*folder*: where the file name offered goes; by default the workspace's exports
        folder (`exports/` beside the annotations), made when first written to."""
        super().__init__(self._check)
        self.workspace = workspace
        self.folder = folder or workspace.outputs.default_folder
        self.tags = tags
        self.article_ids = article_ids
        self.format = "markdown"
        self._replace: Path | None = None  # an existing file the user agreed to replace

    def compose(self) -> ComposeResult:
        # Side by side where it fits, so the whole dialog fits 80x24; a smaller terminal
        # scrolls it (focus scrolls the focused field into view), while the problem line
        # and the keys stay docked at its foot, always in sight.
        with VerticalScroll(classes="dialog", id="export-dialog"):
            yield Label("Export the briefing", classes="dialog-title")
            with Horizontal(classes="export-row"):
                with RadioSet(id="export-format"):
                    for i, name in enumerate(FORMAT_SUFFIXES):
                        yield RadioButton(name, value=i == 0, name=name)
                with Vertical():
                    with RadioSet(id="export-group"):
                        yield RadioButton("group by tag", value=True, name="tag")
                        yield RadioButton("group by article", name="article")
                    yield Label("Highlighted since (empty: any day)")
                    yield Input("", id="export-since", placeholder="YYYY-MM-DD")
            with Horizontal(classes="export-row"):
                with Vertical():
                    yield Label("Tags (comma separated)")
                    yield Input(", ".join(self.tags), id="export-tags", placeholder="all")
                with Vertical():
                    yield Label("Articles (ids, comma separated)")
                    yield Input(
                        ", ".join(self.article_ids), id="export-articles", placeholder="all"
                    )
            yield Label("Write to")
            yield Input(str(default_path(self.folder, "markdown")), id="export-path")
            with Vertical(classes="dialog-foot"):
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
        # A folder format writes into a folder that may exist: its notes may be replaced
        exists = path.exists() if self.format in FOLDER_FORMATS else path.is_file()
        if exists and path != self._replace:
            self._replace = path
            error.update(f"{path} exists: ctrl+s again to write over it, or change the name.")
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

    def _check(self, request: ExportRequest) -> str | None:
        """Refuse what can be refused while the dialog is open (a problem keeps it open
        with what was typed); then write in a worker, which outlives the dialog."""
        try:
            parse_since(request.since)
            unknown = [a for a in request.article_ids if self.workspace.article(a) is None]
            if unknown:
                return f"No article with id {unknown[0]!r} in this corpus."
            self.workspace.check_output(request.path, folder=request.format in FOLDER_FORMATS)
        except BriefingError as exc:
            return str(exc)
        # A missing folder is made, as `briefing export -o` makes one, if it can be.
        parent = request.path.resolve().parent
        made = next(p for p in (parent, *parent.parents) if os.path.lexists(p))
        if not made.is_dir():
            return f"{made} is not a folder: choose another path."
        if not os.access(made, os.W_OK):
            return f"Cannot write in {made}: choose another path."
        # The worker outlives this dialog, so it keeps the app and workspace themselves:
        # self.app read from the worker after the dialog closed raised NoActiveAppError.
        # Its progress shows in the app's job bars (the main screen's), not in here.
        app, workspace = self.app, self.workspace
        jobs = app.query_one(JobBars)
        app.run_worker(
            lambda: write_export(app, workspace, request, jobs),
            thread=True,
            group="export",
            exclusive=True,
        )
        return None


def write_export(
    app: App[int], workspace: Workspace, request: ExportRequest, jobs: JobBars | None = None
) -> None:
    """Collect, render and write the export (in a worker thread), its progress on *jobs*;
    say how it went."""

    def progress(done: int, total: int, stage: str) -> None:
        if jobs is not None:
            jobs.post_message(JobReported("export", done, total, stage))

    try:
        found, text = workspace.export(
            request.format,
            tags=request.tags,
            article_ids=request.article_ids,
            since=request.since,
            group_by="article" if request.group_by == "article" else "tag",
            progress=progress,
        )
        workspace.write_output(request.path, text)
    except BriefingError as exc:
        app.call_from_thread(app.notify, f"Export failed: {exc}", severity="error", timeout=8)
        return
    finally:
        if jobs is not None:
            jobs.post_message(JobEnded("export"))
    message = (
        f"Wrote {plural(len(found.entries), 'highlight')} from "
        f"{plural(len(found.articles), 'article')} to {request.path}"
    )
    app.call_from_thread(app.notify, message, timeout=8)
