"""The briefing app: library and search on the left, one or two readers on the right."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, ProgressBar, Static
from textual.worker import get_current_worker

from briefing.core import paths
from briefing.core.annotations.index_source import StoreAnnotationSource
from briefing.core.annotations.store import AnnotationStore
from briefing.core.corpus.cleaning import RulesError
from briefing.core.config import Config, ConfigError, load_config
from briefing.core.index.corpus_index import CorpusIndex, IndexUnavailable, UpdateReport
from briefing.core.paths import config_file, index_dir, state_file
from briefing.core.index.search import Matcher, QueryError, Searcher
from briefing.core.state import ReadingPositions
from briefing.tui.annotating import AnnotatingMixin
from briefing.tui.article_list import ArticleList, Row
from briefing.tui.commands import ActionCommands
from briefing.tui.comparing import ComparingMixin
from briefing.tui.exporting import ExportingMixin
from briefing.tui.help import HelpScreen, describe_bindings
from briefing.tui.panes import ReaderPane
from briefing.tui.reader import Reader


class BriefingApp(AnnotatingMixin, ComparingMixin, ExportingMixin, App[int]):
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
        self.corpus = corpus.expanduser()
        self.annotations_dir = paths.annotations_dir(self.corpus, annotations)
        self.index_location = index_dir(self.corpus, index_location)
        self.config_error: str | None = None
        if config is None:
            try:
                config = load_config(config_file())
            except ConfigError as exc:
                config, self.config_error = Config(), str(exc)
        self.config = config
        self.labels = config.labels
        self.store = AnnotationStore(self.annotations_dir, author=config.author)
        self._init_annotating()
        self.index: CorpusIndex | None = None
        self.searcher: Searcher | None = None
        self.matcher = Matcher()
        self.query_text = ""
        self.positions = ReadingPositions(state_file(self.corpus))
        self._indexing = False
        self._passages: list = []

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
            yield ReaderPane(id="pane-a")
            yield ReaderPane(id="pane-b")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search").display = False
        self.query_one("#progress").display = False
        for pane in self.query(ReaderPane):
            pane.display = False
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.config_error:
            self.notify(self.config_error, severity="warning")
        if not self.corpus.is_dir():
            self.set_status(
                f"No corpus folder at {self.corpus}. Quit (q) and start with --corpus DIR, "
                "a folder of .txt or .md articles."
            )
            return
        try:
            self.index = CorpusIndex.open(self.corpus, self.index_location)
        except (RulesError, OSError) as exc:
            self.set_status(f"⚠ {_reason(exc)} Quit (q), fix it and start again.")
            return
        self.searcher = Searcher(self.index)
        if self.index.notice:
            self.notify(self.index.notice, severity="warning")
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

    def show_library(self) -> None:
        """Every article, sorted; the state the app opens in and `escape` returns to."""
        self.query_text = ""
        self.matcher = Matcher()
        infos = self.index.articles() if self.index else []
        self.article_list.set_rows([Row(i) for i in infos], snippets=False)
        self.show_library_status()

    def show_library_status(self) -> None:
        count = len(self.article_list.rows)
        if count:
            self.set_status(f"{count} articles · sorted by {self.article_list.sort_key} (o)")
        elif self._indexing:
            self.set_status(
                f"Indexing {self.corpus} for the first time; articles appear when done."
            )
        else:
            self.set_status(f"No articles in {self.corpus} yet: add .txt or .md files.")

    def on_article_list_sorted(self, event: ArticleList.Sorted) -> None:
        if not self.query_text:
            self.show_library_status()

    def update_index(self) -> None:
        """Index changed files in the background; the library is usable meanwhile."""
        self._run_update(None, group="index")

    def reindex_article(self, article_id: str) -> None:
        """Follow one article's annotation change without stating the whole corpus. A group
        of its own, so it never cancels the start-up update; the update lock orders them."""
        self._run_update({article_id}, group="reindex")

    def _run_update(self, only: set[str] | None, group: str) -> None:
        self.run_worker(lambda: self._update_worker(only), thread=True, exclusive=True, group=group)

    def _update_worker(self, only: set[str] | None) -> None:
        worker = get_current_worker()
        # A separate CorpusIndex: its own SQLite connection and Whoosh writer, so nothing the
        # event loop reads is written under it.
        try:
            updater = CorpusIndex.open(
                self.corpus, self.index_location, annotations=StoreAnnotationSource(self.store)
            )
        except (RulesError, OSError) as exc:  # e.g. a rules file edited into a bad state
            self.call_from_thread(self.notify, _reason(exc), severity="error", timeout=10)
            return
        try:

            def report_progress(done: int, total: int) -> None:
                self.call_from_thread(self._show_progress, done, total)

            report = updater.update(
                report_progress, cancelled=lambda: worker.is_cancelled, only=only
            )
        except (IndexUnavailable, OSError) as exc:
            self.call_from_thread(self.notify, _reason(exc), severity="error", timeout=10)
            return
        finally:
            updater.close()
        if not worker.is_cancelled:
            self.call_from_thread(self._index_updated, report)

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        if total >= 200 and done < total:
            bar.display = True
            bar.update(total=total, progress=done)

    def _index_updated(self, report: UpdateReport) -> None:
        self.query_one("#progress").display = False
        self._indexing = False
        if self.index is None:
            return
        self.index.refresh()
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
        if self.query_text.startswith("related:"):
            return
        if report.touched or not self.article_list.rows:
            # Results and the library follow what was just indexed; the cursor stays put.
            chosen = self.article_list.current
            if self.query_text:
                self.run_search(self.query_text, focus=False)
            else:
                self.show_library()
            if chosen:
                self.article_list.select_id(chosen.info.id)

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
        if self.searcher is None:
            self.set_status("Nothing to search: no corpus folder.")
            return
        try:
            results = self.searcher.search(text, limit=200)
        except QueryError as exc:
            self.set_status(f"⚠ {exc}")
            self.notify(str(exc), severity="error", timeout=5)
            return
        self.query_text = text
        self.matcher = results.matcher
        rows = [Row(h.info, h.snippet, h.spans, h.score) for h in results.hits]
        self.article_list.set_rows(rows, snippets=True, keep_order=True)
        if rows:
            shown = f"{results.total} hits" if results.total > len(rows) else f"{len(rows)} hits"
            self.set_status(f"{shown} for {text} · enter open · s beside · esc library")
        else:
            self.set_status(
                f"No articles match {text}. Try fewer words, a prefix (govern*) or a fuzzy term (governmnt~)."
            )
        if focus:
            self.article_list.focus()

    # -- readers ------------------------------------------------------------------------------
    @property
    def panes(self) -> tuple[ReaderPane, ReaderPane]:
        """The main reader and the one beside it."""
        return self.query_one("#pane-a", ReaderPane), self.query_one("#pane-b", ReaderPane)

    def on_article_list_chosen(self, event: ArticleList.Chosen) -> None:
        self.open_article(event.row, beside=event.beside)

    def open_article(self, row: Row, beside: bool = False) -> None:
        if self.index is None:
            return
        article = self.index.article(row.info.id)
        if article is None:
            self.notify(f"{row.info.id} is no longer in the corpus.", severity="warning")
            return
        pane_a, pane_b = self.panes
        pane = pane_b if beside and pane_a.article is not None else pane_a
        if self.reattach and self.reattach[0] != article.id:
            self.cancel_reattach()
        self._remember_position(pane)
        hits = list(row.spans) if row.spans else self.matcher.spans(article.text)
        offset = hits[0][0] if hits else self.positions.get(article.id)
        self._end_compare()
        pane.show(article, hits, offset)
        self.load_annotations(pane)
        self.screen.add_class("-reading")
        self.screen.set_class(pane_b.article is not None, "-two-readers")
        pane.reader.focus()

    def _remember_position(self, pane: ReaderPane) -> None:
        if pane.article is not None:
            self.positions.set(pane.article.id, pane.reader.offset)

    def on_text_area_selection_changed(self, event: Reader.SelectionChanged) -> None:
        reader = event.text_area
        if isinstance(reader, Reader) and reader.article is not None:
            self.positions.set(reader.article.id, reader.offset)
            self.show_note_under_cursor(reader)

    def close_pane(self, pane: ReaderPane) -> None:
        self._remember_position(pane)
        self.positions.save()
        self._end_compare()
        pane_a, pane_b = self.panes
        if pane is pane_a and pane_b.article is not None:
            # The second reader moves into the first place rather than leaving a gap.
            article, hits, offset = pane_b.article, pane_b.reader.hits, pane_b.reader.offset
            pane_a.show(article, hits, offset)
            self.load_annotations(pane_a)
            pane = pane_b
        pane.reader.article = None
        pane.display = False
        self.screen.remove_class("-two-readers")
        reading = pane_a.article is not None
        self.screen.set_class(reading, "-reading")
        (pane_a.reader if reading else self.article_list).focus()

    def action_color(self, number: int) -> None:
        self.set_color(number)

    # -- related ------------------------------------------------------------------------------
    def action_related(self) -> None:
        if self.searcher is None:
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
        related = self.searcher.related(article_id, limit=20)
        self.query_text = f"related:{article_id}"
        self.matcher = Matcher()
        self.article_list.set_rows(
            [Row(info, score=score) for info, score in related], snippets=False, keep_order=True
        )
        if related:
            self.set_status(
                f"{len(related)} articles like {article_id} · enter open · s beside · esc library"
            )
        else:
            self.set_status(f"No articles like {article_id}.")
        self.article_list.focus()

    # -- navigation ---------------------------------------------------------------------------
    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.display = False
            self.article_list.focus()
        elif isinstance(self.focused, Reader):
            self.cancel_reattach()
            self.article_list.focus()
        elif self.query_text:
            search.value = ""
            search.display = False
            self.show_library()

    def action_help(self) -> None:
        focused = self.focused
        where = {Reader: "Reader", ArticleList: "Article list", Input: "Search box"}
        name = next((label for cls, label in where.items() if isinstance(focused, cls)), "briefing")
        rows = describe_bindings(self.screen.active_bindings)
        extra = [
            ("tab, shift+tab", "Move between the list and the readers", ""),
            ("ctrl+p", "Command palette: every action", ""),
        ]
        if isinstance(focused, Reader):
            extra[:0] = [
                ("↑ ↓ ← →, pgup pgdn", "Move the cursor", ""),
                ("shift+arrows", "Select text", ""),
            ]
        self.push_screen(HelpScreen(f"Keys: {name}", rows + extra))

    async def action_quit(self) -> None:
        for pane in self.query(ReaderPane):
            self._remember_position(pane)
        self.positions.save()
        self.exit(0)

    def on_unmount(self) -> None:
        self.positions.save()
        if self.index is not None:
            self.index.close()


def _reason(exc: Exception) -> str:
    """One line for the user from a core error or an OSError."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"Cannot use the index folder{where}: {exc.strerror}."
    return str(exc)


def run_app(args: argparse.Namespace) -> int:
    app = BriefingApp(args.corpus, annotations=args.annotations, index_location=args.index)
    result = app.run()
    return result or 0
