"""The left column: the search box, a status line and the article list.

It owns what the list shows (:class:`ListMode`): the library, a search's results, or the
articles related to one, and says so in the status line.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from briefing.core.display import for_terminal, one_line, plural
from briefing.core.errors import BriefingError
from briefing.core.index import IndexBusy, IndexDamaged, Matcher, SearchResults
from briefing.core.workspace import Workspace
from briefing.tui.article_list import ArticleList, Row
from briefing.tui.closing import while_open
from briefing.tui.grouping import cluster_index
from briefing.tui.messages import RepairNeeded
from briefing.tui.saved_searches import SavedSearchesScreen, SaveSearchDialog
from briefing.tui.search_box import SearchBox
from briefing.tui.search_runs import PAGE, ListMode, awaiting_line, count_line, first_screen

PLACEHOLDER = 'Search: words, "a phrase", title:x, date:2023, govern*, governmnt~'
# Changed articles patched into the library in place up to this many; more: list it again.
PATCH_AT_MOST = 500


class LibraryPane(Vertical):
    """The library, searches and related articles, one list at a time."""

    BINDINGS = [
        Binding("S", "save_search", "Save search", show=False, id="list.save_search"),
        Binding("W", "saved_searches", "Saved searches", show=False, id="list.saved_searches"),
        Binding("right_square_bracket", "next_page", "Next page", show=False, id="list.next_page"),
        Binding(
            "left_square_bracket", "previous_page", "Prev page", show=False, id="list.previous_page"
        ),
    ]

    class Searched(Message):
        """A search ran: its matcher marks the hits in open readers too."""

        def __init__(self, matcher: Matcher) -> None:
            super().__init__()
            self.matcher = matcher

    def __init__(self, workspace: Workspace | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.workspace = workspace
        self.mode = ListMode.LIBRARY
        self.matcher = Matcher()
        self.query_text = ""
        self.page = 0
        self.total = 0  # hits of the current search, all pages
        self.saved: tuple[str, set[str]] | None = None  # the saved search shown, its new ids
        self.indexing = False
        self.progress: tuple[int, int, str] | None = None  # (done, total, stage) of an update
        # A search that must run again when more is searchable (typed while the index was
        # being built or repaired), and the index generation it last ran on.
        self.awaiting = False
        self.searched_generation: str | None = None
        # The newest search (the results of older ones are dropped), and its query until
        # it is answered (see search_runs).
        self.search_serial = 0
        self.searching: str | None = None
        self.status_text = ""

    def compose(self) -> ComposeResult:
        queries = self.workspace.state.queries if self.workspace else []
        yield SearchBox(queries, placeholder=PLACEHOLDER, id="search")
        yield Static("", id="list-status")
        yield ArticleList(id="list")

    def on_mount(self) -> None:
        self.query_one(SearchBox).display = False
        # Another process's update or rebuild ends without telling us: a waiting search
        # looks at the index generation (one SQLite read) and runs when it changed.
        self.set_interval(1.0, self._run_awaited_search)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def refresh_flags(self) -> None:
        """Read the read / starred flags again and redraw the list."""
        self.article_list.flags = self.workspace.flags() if self.workspace else {}
        self.article_list.refresh()

    def set_status(self, message: str) -> None:
        self.status_text = message
        self.query_one("#list-status", Static).update(Text(for_terminal(message)))

    def announce(self, summary: str) -> None:
        """Say what an update changed ("corpus: 2 added, 1 changed") after the status,
        until the status changes."""
        shown = f"{self.status_text} · corpus: {summary}"
        self.query_one("#list-status", Static).update(Text(for_terminal(shown)))

    def checking(self) -> None:
        """Say that a full look at the corpus runs ("Reload corpus")."""
        shown = f"{self.status_text} · checking the corpus…"
        self.query_one("#list-status", Static).update(Text(for_terminal(shown)))

    # -- the library --------------------------------------------------------------------------
    def show_library(self) -> None:
        """Every article, sorted; the state the app opens in and `escape` returns to."""
        self.search_serial += 1  # a search still running is not shown over the library
        self.searching = None
        self.mode = ListMode.LIBRARY
        self.saved = None
        self.query_text = ""
        self.matcher = Matcher()
        self.awaiting = False
        infos = self.workspace.articles() if self.workspace else []
        self.article_list.flags = self.workspace.flags() if self.workspace else {}
        self.read_clusters()
        self.article_list.set_rows([Row(i) for i in infos], snippets=False)
        self.show_library_status()

    def read_clusters(self) -> None:
        """Which articles are copies of which, for the list to group (`z`, `Z`)."""
        workspace = self.workspace
        self.article_list.cluster_of = cluster_index(workspace.clusters() if workspace else {})

    def show_library_status(self) -> None:
        count = len(self.article_list.listed)  # articles, not rows: copies may be grouped
        corpus = self.workspace.corpus if self.workspace else "the corpus"
        if count:
            self.set_status(
                f"{plural(count, 'article')} · sorted by {self.article_list.sort_key} (o)"
                + self.article_list.grouping_note()
            )
        elif self.indexing:
            self.set_status(f"Reading {corpus} for the first time; articles appear as they are.")
        else:
            self.set_status(
                f"No articles in {corpus} yet: add text, HTML, PDF, e-mail, feed or Word files."
            )

    def on_article_list_sorted(self, event: ArticleList.Sorted) -> None:
        if self.mode is ListMode.LIBRARY:
            self.show_library_status()

    def relist(self) -> None:
        """The library again from the catalog, where the list stands (new corpus: as the
        files are read)."""
        if self.mode is ListMode.LIBRARY and self.workspace is not None:
            self.read_clusters()
            self.article_list.replace_rows([Row(i) for i in self.workspace.articles()])
            self.show_library_status()

    def follow(self, ids: set[str], rebuilt: bool = False) -> None:
        """After an update that changed the articles *ids* (or wrote the whole index
        again, *rebuilt*): patch them into the library, or search again."""
        if ids or rebuilt:
            self.read_clusters()  # a new copy joins its cluster, a changed one may leave
        if self.mode is ListMode.RESULTS and (ids or rebuilt or self.awaiting):
            if self.saved is not None:
                self.run_saved(*self.saved, focus=False)
            else:
                self.run_search(self.query_text, focus=False, page=self.page)
        elif self.mode is ListMode.LIBRARY and self.workspace is not None:
            if not self.article_list.rows or len(ids) > PATCH_AT_MOST:
                self.relist()
            elif ids:
                # 100k rows listed again cost ~0.5 s of the event loop: patch the few.
                kept = [r for r in self.article_list.listed if r.info.id not in ids]
                fresh = [Row(i) for i in self.workspace.articles(sorted(ids))]
                self.article_list.replace_rows(kept + fresh)
                self.show_library_status()
            else:
                self.show_library_status()

    # -- progress -------------------------------------------------------------------------------
    def show_progress(self, done: int, total: int, stage: str = "indexing") -> None:
        """An update's report (its bar is the app's, tui/progress.py): a search waiting
        for the index says how far it is."""
        if total >= 200:
            self.progress = (done, total, stage)
            if self.mode is ListMode.RESULTS and self.awaiting and stage == "indexing":
                self.set_status(awaiting_line(self.progress, None, self.query_text))

    def hide_progress(self) -> None:
        self.indexing = False
        self.progress = None

    # -- search ---------------------------------------------------------------------------------
    def open_search(self) -> None:
        box = self.query_one(SearchBox)
        box.display = True
        box.focus()

    def close_search(self) -> bool:
        """Hide the search box if it has focus; True when it did."""
        box = self.query_one(SearchBox)
        if not box.has_focus:
            return False
        box.display = False
        self.article_list.focus()
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not isinstance(event.input, SearchBox):
            return
        event.stop()
        # Hidden once submitted: the status line shows the query, and tab then cycles
        # between the list and the readers only.
        event.input.display = False
        query = event.value.strip()
        event.input.remember(query)
        if self.workspace is not None:
            self.workspace.state.remember_query(query)
        self.run_search(query)

    def run_search(self, text: str, focus: bool = True, page: int = 0) -> None:
        """Search in a worker and list page *page* of the hits (PAGE to a page), best
        first. While the index is being built or repaired the search runs over what is
        searchable, says so, and runs again when more is (`_run_awaited_search`)."""
        self.search_serial += 1
        if not text:
            self.show_library()
            self.article_list.focus()
            return
        if self.workspace is None:
            self.set_status("Nothing to search: no corpus folder.")
            return
        chosen = None if focus else self.article_list.current
        self.searched_generation = self.workspace.generation
        self.set_status(f"Searching for {text}…")
        self.searching = text
        if focus:
            self.article_list.focus()
        self._search(text, page, focus, chosen.info.id if chosen else None, self.search_serial)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, page: int, focus: bool, chosen: str | None, serial: int) -> None:
        assert self.workspace is not None
        worker = get_current_worker()
        try:
            results = first_screen(self.workspace, text, page)
        except BriefingError as exc:
            self.app.call_from_thread(self._search_failed, serial, text, page, exc)
            return
        if worker.is_cancelled or serial != self.search_serial:
            return
        self.app.call_from_thread(self._show_results, serial, text, page, focus, chosen, results)
        if callable(results.counted):  # a phrase's total: counted now, shown when known
            _ = results.total
            if not worker.is_cancelled and serial == self.search_serial:
                self.app.call_from_thread(self._show_count, serial, text, page, results)

    @while_open
    def _search_failed(self, serial: int, text: str, page: int, exc: BriefingError) -> None:
        if serial != self.search_serial:
            return
        self.searching = None
        if isinstance(exc, IndexDamaged):
            self._await(text, page)
            self.set_status(f"⚠ {exc.notice} The search for {text} runs when it is done.")
            self.post_message(RepairNeeded(exc.notice))
        elif isinstance(exc, IndexBusy):
            self._await(text, page)
            self.set_status(f"⚠ {exc}")
        else:
            self.set_status(f"⚠ {exc}")
            self.notify(str(exc), severity="error", timeout=5)

    @while_open
    def _show_results(self, serial, text, page, focus, chosen, results: SearchResults) -> None:  # noqa: ANN001
        if serial != self.search_serial:
            return  # a newer search was typed, or the results were left
        self.searching = None
        self._await(text, page, awaiting=results.pending > 0)
        self.saved = None
        self.matcher = results.matcher
        rows = [Row(h.info, score=h.score, hit=h) for h in results.hits[page * PAGE :]]
        self.article_list.set_rows(rows, snippets=True, keep_order=True)
        if chosen is not None:
            self.article_list.select_id(chosen)
        if rows:
            self._show_count(serial, text, page, results)
        elif results.pending:
            self.set_status(awaiting_line(self.progress, results, text))
        else:
            self.set_status(
                f"No articles match {text}. Try fewer words, a prefix (govern*) or a fuzzy "
                "term (governmnt~)."
            )
        self.post_message(self.Searched(self.matcher))
        if focus and not self.query_one(SearchBox).has_focus:  # not while the next is typed
            self.article_list.focus()

    @while_open
    def _show_count(self, serial: int, text: str, page: int, results: SearchResults) -> None:
        if serial == self.search_serial and self.article_list.rows:
            if not callable(results.counted):
                self.total = max(results.total, len(results.hits))
            self.set_status(count_line(results, text, page, len(self.article_list.rows)))

    def _await(self, text: str, page: int, awaiting: bool = True) -> None:
        self.mode = ListMode.RESULTS
        self.query_text = text
        self.page = page
        self.awaiting = awaiting
        if awaiting:
            self.matcher = Matcher()
            self.article_list.set_rows([], snippets=True, keep_order=True)

    def _run_awaited_search(self) -> None:
        if (
            self.awaiting
            and self.mode is ListMode.RESULTS
            and self.workspace is not None
            and self.workspace.generation != self.searched_generation
        ):
            self.run_search(self.query_text, focus=False, page=self.page)

    def action_next_page(self) -> None:
        if self.mode is ListMode.RESULTS and (self.page + 1) * PAGE < self.total:
            self.run_search(self.query_text, page=self.page + 1)

    def action_previous_page(self) -> None:
        if self.mode is ListMode.RESULTS and self.page > 0:
            self.run_search(self.query_text, page=self.page - 1)

    # -- saved searches -----------------------------------------------------------------------
    def action_save_search(self) -> None:
        if self.workspace is None or self.mode is not ListMode.RESULTS:
            self.notify("Search first (/), then S saves the search.", timeout=3)
            return
        saved, query = self.workspace.saved_searches, self.query_text

        def save(name: str) -> str | None:
            try:
                search = saved.add(name, query)
                assert self.workspace is not None
                self.workspace.run_saved(search.name)  # what is listed now has been seen
            except BriefingError as exc:
                return str(exc)
            self.notify(f"Saved “{search.name}” · W lists saved searches.", timeout=3)
            return None

        self.app.push_screen(SaveSearchDialog(query, save))

    def action_saved_searches(self) -> None:
        if self.workspace is not None:
            self.app.push_screen(SavedSearchesScreen(self.workspace), self._open_saved)

    def _open_saved(self, name: str | None) -> None:
        if name is not None:
            self.run_saved(name)

    def run_saved(self, name: str, new: set[str] | None = None, focus: bool = True) -> None:
        """A saved search's results, the new ones marked ●; the visit is then recorded.
        Given *new* (a refresh after indexing), those stay marked and no visit is made."""
        assert self.workspace is not None
        self.search_serial += 1
        try:
            search, results, fresh = self.workspace.run_saved(name, limit=PAGE, visit=new is None)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", timeout=5)
            return
        new = fresh if new is None else new
        self.saved = (name, new)
        self.mode, self.query_text, self.page = ListMode.RESULTS, search.query, 0
        self.total, self.matcher = results.total, results.matcher
        rows = [Row(h.info, score=h.score, hit=h, new=h.id in new) for h in results.hits]
        rows.sort(key=lambda r: not r.new)  # what is new first, each part in rank order
        self.article_list.set_rows(rows, snippets=True, keep_order=True)
        self.set_status(
            f"{search.name}: {plural(results.total, 'hit')}, {len(new)} new (●) · "
            "enter open · esc library"
        )
        self.post_message(self.Searched(self.matcher))
        if focus:
            self.article_list.focus()

    def back(self) -> bool:
        """Back to the library from results or related (or from a search not answered
        yet); True when it went back."""
        if self.mode is ListMode.LIBRARY and self.searching is None:
            return False
        box = self.query_one(SearchBox)
        box.value = ""
        box.display = False
        self.show_library()
        return True

    # -- related ----------------------------------------------------------------------------------
    def show_related(self, article_id: str, title: str) -> None:
        """The articles most like *article_id*, ranked; the status names it by *title*."""
        if self.workspace is None:
            return
        self.search_serial += 1
        try:
            related = self.workspace.related(article_id, limit=20)
        except IndexDamaged as exc:
            self.set_status(f"⚠ {exc.notice}")
            self.post_message(RepairNeeded(exc.notice))
            return
        except IndexBusy as exc:
            self.set_status(f"⚠ {exc}")
            return
        self.mode = ListMode.RELATED
        self.awaiting = False
        self.query_text = ""
        self.matcher = Matcher()
        self.article_list.set_rows(
            [Row(info, score=score) for info, score in related], snippets=False, keep_order=True
        )
        if related:
            self.set_status(
                f"{plural(len(related), 'article')} like “{one_line(title, 60)}” · enter open · s beside · "
                "esc library"
            )
        else:
            self.set_status(f"No articles like “{one_line(title, 60)}”.")
        self.article_list.focus()
