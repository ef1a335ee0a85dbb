"""The briefing app: library and search on the left, one or two readers on the right.

The app holds the workspace and routes messages; the library pane owns what the list shows
(the library, a search's results, or articles related to one), the keys that act on a
reader live on the reader pane, compare mode on the readers container, the export on its
dialog.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.theme import Theme

from briefing.core.display import for_terminal
from briefing.core.errors import BriefingError
from briefing.core.index import MAX_HIT_SPANS
from briefing.core.workspace import Config, Workspace
from briefing.tui.article_list import ArticleList, Row
from briefing.tui.commands import ActionCommands, ArticleCommands
from briefing.tui.footer import KeyFooter
from briefing.tui.history import UndoHistory
from briefing.tui.keymap import keymap_warnings
from briefing.tui.library import LibraryPane
from briefing.tui.live import LiveIndex
from briefing.tui.messages import (
    AnnotationsChanged,
    AnnotationsRequested,
    BackRequested,
    FlagsChangeRequested,
    OpenArticleRequested,
    ReadersChanged,
)
from briefing.tui.panes import ReaderPane
from briefing.tui.progress import JobBars
from briefing.tui.reader import Reader
from briefing.tui.readers import Readers

if TYPE_CHECKING:
    from briefing.tui.annotations_view import Choice

# The annotations view, the export dialog and help are imported when first opened: the
# first screen does not need them (~60 ms of the app's start with the editors; see
# docs/benchmarks.md).


class BriefingApp(LiveIndex, App[int]):
    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {ActionCommands}
    # The list gets focus first: a hidden Input must never swallow the first key.
    AUTO_FOCUS = "#list"

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (180, "-wide")]

    BINDINGS = [
        Binding("tab", "switch_focus(1)", "Next pane", show=False, priority=True, id="focus_next"),
        Binding(
            "shift+tab",
            "switch_focus(-1)",
            "Previous pane",
            show=False,
            priority=True,
            id="focus_previous",
        ),
        Binding("slash", "search", "Search", id="search"),
        Binding("escape", "back", "Back", id="back"),
        Binding("r", "related", "Related", id="related"),
        Binding("ctrl+g", "go_to", "Go to article", show=False, id="go_to"),
        Binding("A", "annotations", "Annotations", id="annotations"),
        Binding("e", "export", "Export", id="export"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        *LiveIndex.LIVE_BINDINGS,
    ]

    def __init__(
        self,
        corpus: Path,
        *,
        annotations: Path | None = None,
        index_location: Path | None = None,
        config: Config | None = None,
        follow_links_outside: bool | None = None,
    ):
        super().__init__()
        self.corpus = Path(corpus).expanduser()
        self._options = {"annotations": annotations, "index": index_location, "config": config}
        self._options["follow_links_outside"] = follow_links_outside
        self.workspace: Workspace | None = None
        self.startup_error: str | None = None
        try:
            self.workspace = Workspace(self.corpus, **self._options)
        except BriefingError as exc:
            self.startup_error = str(exc)
        self.history = UndoHistory()

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield LibraryPane(self.workspace, id="library")
            yield Readers(self.workspace, self.history, id="readers")
        yield JobBars(id="jobs")
        yield KeyFooter()

    def on_mount(self) -> None:
        ws = self.workspace
        if ws is not None and ws.config.keys:
            self.set_keymap(ws.config.keys)
            for warning in keymap_warnings(ws.config.keys):
                self.notify(warning, severity="warning", timeout=10)
        if ws is not None and ws.config_warning:
            self.notify(ws.config_warning, severity="warning")
        if ws is not None and ws.config.theme:
            if ws.config.theme in self.available_themes:
                self.theme = ws.config.theme
            else:
                self.notify(f"config.yaml: no theme {ws.config.theme!r}", severity="warning")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if ws is None:
            self.library.set_status(f"⚠ {self.startup_error} Quit (q), fix it and start again.")
            return
        if ws.notice:
            self.notify(ws.notice, severity="warning")
        # A very large annotations file is named as a worker reads it (notify is threadsafe).
        ws.store.on_warning = lambda message: self.notify(message, severity="warning", timeout=10)
        self.library.indexing = True
        self.library.show_library()
        self.start_live()

    def _remember_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is the theme next time (config.yaml `theme:`)."""
        ws = self.workspace
        if ws is None or theme.name == (ws.config.theme or "textual-dark"):
            return
        try:
            ws.save_theme(theme.name)
        except BriefingError as exc:
            self.notify(str(exc), severity="warning", timeout=6)

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
        """Every notification as plain, terminal-safe text, whatever the caller asked: they
        carry queries, article ids, tags and file names from other people's files, and a
        "[/]" in any of them would raise, an escape sequence reach the terminal."""
        super().notify(
            for_terminal(message),
            title=for_terminal(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def library(self) -> LibraryPane:
        return self.query_one(LibraryPane)

    @property
    def article_list(self) -> ArticleList:
        return self.library.article_list

    @property
    def readers(self) -> Readers:
        return self.query_one(Readers)

    @property
    def panes(self) -> tuple[ReaderPane, ReaderPane]:
        """The main reader and the one beside it."""
        return self.readers.panes

    def on_flags_change_requested(self, event: FlagsChangeRequested) -> None:
        """Read / starred, from the list or a reader: saved, then shown everywhere."""
        if self.workspace is None:
            return
        try:
            self.workspace.store.set_flags(event.article_id, event.read, event.starred)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        said = []
        if event.read is not None:
            said.append("read" if event.read else "unread")
        if event.starred is not None:
            said.append("starred" if event.starred else "not starred")
        self.notify(f"Marked {' and '.join(said)}.", timeout=2)
        self.post_message(AnnotationsChanged(event.article_id))

    # -- search -------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.library.open_search()

    def on_library_pane_searched(self, event: LibraryPane.Searched) -> None:
        for pane in self.readers.panes:  # open readers mark the new hits too
            if pane.article is not None:
                pane.reader.set_hits(event.matcher.spans(pane.article.text))

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
        # A search hit carries at most MAX_HIT_SPANS spans; the reader marks every match.
        capped = not row.spans or len(row.spans) >= MAX_HIT_SPANS
        hits = self.library.matcher.spans(text) if capped else list(row.spans)
        offset = hits[0][0] if hits else self.workspace.state.position(annotated.id)
        return self.readers.open(annotated, hits, offset, beside=beside)

    def action_go_to(self) -> None:
        """A palette of every article, by title or id; enter opens the choice."""
        if self.workspace is not None and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(
                    providers=[ArticleCommands],
                    placeholder="Go to article: words of its title, or its id…",
                )
            )

    def on_open_article_requested(self, event: OpenArticleRequested) -> None:
        if self.workspace is None:
            return
        info = next((i for i in self.workspace.articles() if i.id == event.article_id), None)
        if info is not None:
            self.open_article(Row(info))

    def on_readers_changed(self, event: ReadersChanged) -> None:
        self.screen.set_class(event.open > 0, "-reading")
        self.screen.set_class(event.open > 1, "-two-readers")
        self.screen.remove_class("-listing")
        if event.open == 0:
            self.article_list.focus()

    def action_switch_focus(self, direction: int) -> None:
        """tab / shift+tab: the next pane; on a narrow terminal, where the list and the
        reader take turns, between the two."""
        screen = self.screen
        if screen.has_class("-narrow") and screen.has_class("-reading"):
            listing = not screen.has_class("-listing")
            screen.set_class(listing, "-listing")
            if listing:
                self.article_list.focus()
            else:
                self.panes[0].reader.focus()
            return
        if direction > 0:
            screen.focus_next()
        else:
            screen.focus_previous()

    # -- related ------------------------------------------------------------------------------
    def action_related(self) -> None:
        if self.workspace is None:
            return
        focused = self.focused
        if isinstance(focused, Reader) and focused.article is not None:
            article_id, title = focused.article.id, focused.article.title
        elif self.article_list.current is not None:
            info = self.article_list.current.info
            article_id, title = info.id, info.title
        else:
            self.notify("Open or select an article first.", timeout=3)
            return
        self.library.show_related(article_id, title)

    # -- the annotations view and export ------------------------------------------------------
    def action_annotations(self) -> None:
        if self.workspace is not None:
            self._open_annotations("")

    def on_annotations_requested(self, event: AnnotationsRequested) -> None:
        if self.workspace is not None:
            self._open_annotations(event.query)

    @work(thread=True, exclusive=True, group="annotations")
    def _open_annotations(self, query: str) -> None:
        # Reads and places every highlight in the corpus: seconds on a big folder.
        assert self.workspace is not None
        try:
            found = self.workspace.highlights()
        except BriefingError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        from briefing.tui.annotations_view import AnnotationsScreen

        screen = AnnotationsScreen(
            list(found.entries),
            list(found.warnings),
            self.workspace,
            self.history,
            query,
            articles=found.articles,
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
        query = self.library.query_text
        tags = tuple(t for t in query.split() if t.lower().startswith("tag:"))
        from briefing.tui.export_dialog import ExportDialog

        self.push_screen(ExportDialog(self.workspace, tags=tuple(t[4:] for t in tags)))

    # -- navigation ---------------------------------------------------------------------------
    def on_back_requested(self, event: BackRequested) -> None:
        self.action_back()

    def action_back(self) -> None:
        if self.library.close_search():
            return
        if isinstance(self.focused, Reader):
            self.screen.add_class("-listing")  # narrow terminals: the list comes back
            self.article_list.focus()
        else:
            self.library.back()

    def action_help(self) -> None:
        labels = self.workspace.labels if self.workspace else None
        from briefing.tui.help import HelpScreen

        self.push_screen(HelpScreen.for_focus(self.focused, self.screen.active_bindings, labels))

    async def action_quit(self) -> None:
        self.readers.remember_positions()
        if self.workspace is not None:
            self.workspace.state.save()
        self.exit(0)

    def on_unmount(self) -> None:
        self.stop_live()
        if self.workspace is not None:
            self.workspace.close()


def run_app(args: argparse.Namespace) -> int:
    """Run the app on the global options. Exit status 1 after a crash: Textual prints the
    traceback and returns None from App.run, which `result or 0` once made a success."""
    options = {"annotations": args.annotations, "index_location": args.index}
    app = BriefingApp(args.corpus, follow_links_outside=args.follow_links_outside, **options)
    result = app.run()
    return app.return_code or result or 0
