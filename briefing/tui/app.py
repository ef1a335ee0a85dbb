"""The briefing app: library and search on the left, one or two readers on the right.

The app holds the workspace and what the list shows (the library, a search's results, or
articles related to one); the keys that act on a reader live on the reader pane, compare
mode on the readers container, the export on its dialog.
"""

from __future__ import annotations

import argparse
from enum import Enum
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, ProgressBar, Static
from textual.worker import get_current_worker

from briefing.core.display import plural
from briefing.core.errors import BriefingError
from briefing.core.index import Matcher
from briefing.core.workspace import Config, Workspace
from briefing.tui.annotations_view import AnnotationsScreen, Choice
from briefing.tui.article_list import ArticleList, Row
from briefing.tui.commands import ActionCommands
from briefing.tui.export_dialog import ExportDialog
from briefing.tui.help import HelpScreen
from briefing.tui.history import UndoHistory
from briefing.tui.keymap import unknown_ids_warning
from briefing.tui.messages import (
    AnnotationsChanged,
    BackRequested,
    IndexFailed,
    IndexProgress,
    IndexUpdated,
    ReadersChanged,
)
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import Reader
from briefing.tui.readers import Readers


class ListMode(Enum):
    """What the article list shows."""

    LIBRARY = "library"  # every article, sorted (`o`)
    RESULTS = "results"  # a search's hits, ranked
    RELATED = "related"  # articles like one article, ranked


class BriefingApp(App[int]):
    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {ActionCommands}
    # The list gets focus first: a hidden Input must never swallow the first key.
    AUTO_FOCUS = "#list"

    BINDINGS = [
        Binding("slash", "search", "Search", id="search"),
        Binding("escape", "back", "Back", id="back"),
        Binding("r", "related", "Related", id="related"),
        Binding("A", "annotations", "Annotations", id="annotations"),
        Binding("e", "export", "Export", id="export"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        corpus: Path,
        *,
        annotations: Path | None = None,
        index_location: Path | None = None,
        config: Config | None = None,
    ):
        super().__init__()
        self.corpus = Path(corpus).expanduser()
        self._options = {"annotations": annotations, "index": index_location, "config": config}
        self.workspace: Workspace | None = None
        self.startup_error: str | None = None
        try:
            self.workspace = Workspace(self.corpus, **self._options)
        except BriefingError as exc:
            self.startup_error = str(exc)
        self.history = UndoHistory()
        self.mode = ListMode.LIBRARY
        self.matcher = Matcher()
        self.query_text = ""
        self._indexing = False

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="library"):
                yield Input(
                    placeholder='Search: words, "a phrase", title:x, date:2023, govern*, governmnt~',
                    id="search",
                )
                yield Static("", id="list-status")
                yield ArticleList(id="list")
                yield ProgressBar(id="progress", show_eta=False)
            yield Readers(self.workspace, self.history, id="readers")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one("#progress").display = False
        ws = self.workspace
        if ws is not None and ws.config.keys:
            self.set_keymap(ws.config.keys)
            if warning := unknown_ids_warning(ws.config.keys):
                self.notify(warning, severity="warning", timeout=10)
        if ws is not None and ws.config_warning:
            self.notify(ws.config_warning, severity="warning")
        if ws is None:
            self.set_status(f"⚠ {self.startup_error} Quit (q), fix it and start again.")
            return
        if ws.notice:
            self.notify(ws.notice, severity="warning")
        self._indexing = True
        self.show_library()
        self.update_index()

    # -- messages -----------------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity="information",
        timeout=None,
        markup: bool = False,
    ) -> None:  # noqa: ANN001
        """Every notification as plain text, whatever the caller asked: they carry queries,
        article ids, tags and file names, and a "[/]" in any of them would raise."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def set_status(self, message: str) -> None:
        self.query_one("#list-status", Static).update(Text(message))

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#list", ArticleList)

    @property
    def readers(self) -> Readers:
        return self.query_one(Readers)

    @property
    def panes(self) -> tuple[ReaderPane, ReaderPane]:
        """The main reader and the one beside it."""
        return self.readers.panes

    # -- the library --------------------------------------------------------------------------
    def show_library(self) -> None:
        """Every article, sorted; the state the app opens in and `escape` returns to."""
        self.mode = ListMode.LIBRARY
        self.query_text = ""
        self.matcher = Matcher()
        infos = self.workspace.articles() if self.workspace else []
        self.article_list.set_rows([Row(i) for i in infos], snippets=False)
        self.show_library_status()

    def show_library_status(self) -> None:
        count = len(self.article_list.rows)
        if count:
            self.set_status(
                f"{plural(count, 'article')} · sorted by {self.article_list.sort_key} (o)"
            )
        elif self._indexing:
            self.set_status(
                f"Indexing {self.corpus} for the first time; articles appear when done."
            )
        else:
            self.set_status(f"No articles in {self.corpus} yet: add .txt or .md files.")

    def on_article_list_sorted(self, event: ArticleList.Sorted) -> None:
        if self.mode is ListMode.LIBRARY:
            self.show_library_status()

    # -- the index ----------------------------------------------------------------------------
    def update_index(self, only: set[str] | None = None) -> None:
        """Index changed files in the background; the library is usable meanwhile.

        *only*: one article's annotation change, without stating the whole corpus. A group
        of its own, so it never cancels the start-up update; the update lock orders them.
        """
        group = "index" if only is None else "reindex"
        self.run_worker(lambda: self._update_worker(only), thread=True, exclusive=True, group=group)

    def _update_worker(self, only: set[str] | None) -> None:
        worker = get_current_worker()
        assert self.workspace is not None
        try:
            report = self.workspace.update(
                lambda done, total: self.post_message(IndexProgress(done, total)),
                cancelled=lambda: worker.is_cancelled,
                only=only,
            )
        except (BriefingError, OSError) as exc:
            self.post_message(IndexFailed(str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(IndexUpdated(report))

    def on_index_progress(self, event: IndexProgress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        if event.total >= 200 and event.done < event.total:
            bar.display = True
            bar.update(total=event.total, progress=event.done)

    def on_index_failed(self, event: IndexFailed) -> None:
        self.query_one("#progress").display = False
        self._indexing = False
        self.notify(event.reason, severity="error", timeout=10)

    def on_index_updated(self, event: IndexUpdated) -> None:
        report = event.report
        self.query_one("#progress").display = False
        self._indexing = False
        if report.notice:
            self.notify(report.notice, severity="warning")
        if report.warnings:
            shown = "\n".join(report.warnings[:5])
            more = f"\n…and {len(report.warnings) - 5} more" if len(report.warnings) > 5 else ""
            self.notify(
                shown + more,
                title="Some files were skipped or read with care",
                severity="warning",
                timeout=8,
            )
        if self.mode is ListMode.RELATED:
            return
        if report.touched or not self.article_list.rows:
            # Results and the library follow what was just indexed; the cursor stays put.
            chosen = self.article_list.current
            if self.mode is ListMode.RESULTS:
                self.run_search(self.query_text, focus=False)
            else:
                self.show_library()
            if chosen:
                self.article_list.select_id(chosen.info.id)

    def on_annotations_changed(self, event: AnnotationsChanged) -> None:
        for pane in self.readers.showing(event.article_id):
            pane.reload()
        self.update_index({event.article_id})

    # -- search -------------------------------------------------------------------------------
    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            # Hidden once submitted: the status line shows the query, and tab then cycles
            # between the list and the readers only.
            event.input.display = False
            self.run_search(event.value.strip())

    def run_search(self, text: str, focus: bool = True) -> None:
        if not text:
            self.show_library()
            self.article_list.focus()
            return
        if self.workspace is None:
            self.set_status("Nothing to search: no corpus folder.")
            return
        try:
            results = self.workspace.search(text, limit=200)
        except BriefingError as exc:
            self.set_status(f"⚠ {exc}")
            self.notify(str(exc), severity="error", timeout=5)
            return
        self.mode = ListMode.RESULTS
        self.query_text = text
        self.matcher = results.matcher
        rows = [Row(h.info, h.snippet, h.spans, h.score) for h in results.hits]
        self.article_list.set_rows(rows, snippets=True, keep_order=True)
        if rows:
            shown = plural(max(results.total, len(rows)), "hit")
            notes = "".join(f" · {note}" for note in results.notes)  # a capped prefix
            self.set_status(f"{shown} for {text}{notes} · enter open · s beside · esc library")
        else:
            self.set_status(
                f"No articles match {text}. Try fewer words, a prefix (govern*) or a fuzzy term (governmnt~)."
            )
        if focus:
            self.article_list.focus()

    # -- readers ------------------------------------------------------------------------------
    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.row, beside=event.beside)

    def open_article(self, row: Row, beside: bool = False) -> ReaderPane | None:
        if self.workspace is None:
            return None
        annotated = self.workspace.article(row.info.id)
        if annotated is None:
            self.notify(f"{row.info.id} is no longer in the corpus.", severity="warning")
            return None
        text = annotated.text
        hits = list(row.spans) if row.spans else self.matcher.spans(text)
        offset = hits[0][0] if hits else self.workspace.positions.get(annotated.id)
        return self.readers.open(annotated, hits, offset, beside=beside)

    def on_readers_changed(self, event: ReadersChanged) -> None:
        self.screen.set_class(event.open > 0, "-reading")
        self.screen.set_class(event.open > 1, "-two-readers")
        if event.open == 0:
            self.article_list.focus()

    # -- related ------------------------------------------------------------------------------
    def action_related(self) -> None:
        if self.workspace is None:
            return
        focused = self.focused
        article_id = None
        if isinstance(focused, Reader) and focused.article is not None:
            article_id = focused.article.id
        elif self.article_list.current is not None:
            article_id = self.article_list.current.info.id
        if article_id is None:
            self.notify("Open or select an article first.", timeout=3)
            return
        related = self.workspace.related(article_id, limit=20)
        self.mode = ListMode.RELATED
        self.query_text = ""
        self.matcher = Matcher()
        self.article_list.set_rows(
            [Row(info, score=score) for info, score in related], snippets=False, keep_order=True
        )
        if related:
            self.set_status(
                f"{plural(len(related), 'article')} like {article_id} · enter open · s beside · "
                "esc library"
            )
        else:
            self.set_status(f"No articles like {article_id}.")
        self.article_list.focus()

    # -- the annotations view and export ------------------------------------------------------
    def action_annotations(self) -> None:
        if self.workspace is not None:
            self._open_annotations()

    @work(thread=True, exclusive=True, group="annotations")
    def _open_annotations(self) -> None:
        # Reads and places every highlight in the corpus: seconds on a big folder.
        assert self.workspace is not None
        try:
            found = self.workspace.highlights()
        except BriefingError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        screen = AnnotationsScreen(
            list(found.entries), list(found.warnings), self.workspace, self.history
        )
        self.call_from_thread(self.push_screen, screen, self._jump_to)

    def _jump_to(self, choice: Choice | None) -> None:
        if choice is None or self.workspace is None:
            return
        info = next((i for i in self.workspace.articles() if i.id == choice.article_id), None)
        if info is None:
            self.notify(f"{choice.article_id} is not in the corpus any more.", severity="warning")
            return
        pane = self.open_article(Row(info))
        if pane is None:
            return
        if choice.start is not None:
            pane.reader.go_to(choice.start)
        if choice.reattach:
            pane.start_reattach(choice.highlight_id)

    def action_export(self) -> None:
        if self.workspace is None:
            return
        # The current filter: tags named in the search.
        tags = tuple(t for t in self.query_text.split() if t.lower().startswith("tag:"))
        self.push_screen(ExportDialog(self.workspace, Path.cwd(), tuple(t[4:] for t in tags)))

    # -- navigation ---------------------------------------------------------------------------
    def on_back_requested(self, event: BackRequested) -> None:
        self.action_back()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.display = False
            self.article_list.focus()
        elif isinstance(self.focused, Reader):
            self.article_list.focus()
        elif self.mode is not ListMode.LIBRARY:
            search.value = ""
            search.display = False
            self.show_library()

    def action_help(self) -> None:
        self.push_screen(HelpScreen.for_focus(self.focused, self.screen.active_bindings))

    async def action_quit(self) -> None:
        self.readers.remember_positions()
        if self.workspace is not None:
            self.workspace.positions.save()
        self.exit(0)

    def on_unmount(self) -> None:
        if self.workspace is not None:
            self.workspace.close()


def run_app(args: argparse.Namespace) -> int:
    app = BriefingApp(args.corpus, annotations=args.annotations, index_location=args.index)
    result = app.run()
    return result or 0
