"""The library pane's searches, run off the event loop.

A search ran on the event loop until issue 14: at 100k articles a prefix took over a
second there, and the 200 listed hits' snippets another ~100 ms, so the keys typed
meanwhile waited. Now :meth:`SearchRuns.run_search` says "Searching…" and hands the
query to a thread worker; the worker searches, makes the snippets of the first
screenful, and hands the results back. The other rows' snippets are made when they
are first drawn; a phrase's total, when it has to be counted, follows in the status
line. Each search has a serial number: the results of one overtaken by a newer search
(or by leaving the results) are dropped, never shown over the newer ones.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from briefing.core.display import plural
from briefing.core.errors import BriefingError
from briefing.core.index import IndexBusy, IndexDamaged, Matcher, SearchResults
from briefing.tui.article_list import Row
from briefing.tui.messages import RepairNeeded
from briefing.tui.search_box import SearchBox

if TYPE_CHECKING:
    from briefing.tui.library import LibraryPane

PAGE = 200  # results listed at once; ] and [ turn the page
FIRST_SCREEN = 30  # rows whose snippets the worker makes before the list is shown


class ListMode(Enum):
    """What the library pane's article list shows."""

    LIBRARY = "library"  # every article, sorted (`o`)
    RESULTS = "results"  # a search's hits, ranked
    RELATED = "related"  # articles like one article, ranked


class SearchRuns:
    """Searching for the library pane (a mixin of LibraryPane)."""

    search_serial = 0  # the newest search; results of older ones are dropped
    searching: str | None = None  # the query of a search not answered yet

    def run_search(self: LibraryPane, text: str, focus: bool = True, page: int = 0) -> None:
        """Search and list page *page* of the hits (PAGE to a page), best first. While the
        index is being built or repaired the search runs over what is searchable, says
        so, and runs again when more is (see `_run_awaited_search`)."""
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
    def _search(
        self: LibraryPane, text: str, page: int, focus: bool, chosen: str | None, serial: int
    ) -> None:
        assert self.workspace is not None
        worker = get_current_worker()
        try:
            results = self.workspace.search(text, limit=(page + 1) * PAGE)
        except BriefingError as exc:
            self.app.call_from_thread(self._search_failed, serial, text, page, exc)
            return
        for hit in results.hits[page * PAGE : page * PAGE + FIRST_SCREEN]:
            _ = hit.snippet  # made here, off the event loop; the rest when drawn
        if worker.is_cancelled or serial != self.search_serial:
            return
        self.app.call_from_thread(self._show_results, serial, text, page, focus, chosen, results)
        if callable(results.counted):  # a phrase's total: counted now, shown when known
            _ = results.total
            if not worker.is_cancelled and serial == self.search_serial:
                self.app.call_from_thread(self._show_count, serial, text, page, results)

    def _search_failed(
        self: LibraryPane, serial: int, text: str, page: int, exc: BriefingError
    ) -> None:
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

    def _show_results(
        self: LibraryPane,
        serial: int,
        text: str,
        page: int,
        focus: bool,
        chosen: str | None,
        results: SearchResults,
    ) -> None:
        if serial != self.search_serial:
            return  # a newer search was typed, or the results were left
        self.searching = None
        self._await(text, page, awaiting=results.pending > 0)
        self.saved = None
        self.matcher = results.matcher
        hits = results.hits[page * PAGE :]
        rows = [Row(h.info, score=h.score, hit=h) for h in hits]
        self.article_list.set_rows(rows, snippets=True, keep_order=True)
        if chosen is not None:
            self.article_list.select_id(chosen)
        if rows:
            self._show_count(serial, text, page, results)
        elif results.pending:
            self._say_awaiting(text, results)
        else:
            self.set_status(
                f"No articles match {text}. Try fewer words, a prefix (govern*) or a fuzzy "
                "term (governmnt~)."
            )
        self.post_message(self.Searched(self.matcher))
        if focus and not self.query_one(SearchBox).has_focus:  # not while the next is typed
            self.article_list.focus()

    def _show_count(self: LibraryPane, serial: int, text: str, page: int, results) -> None:
        """The status line of listed results: how many, which page, notes."""
        if serial != self.search_serial or not self.article_list.rows:
            return
        listed = len(self.article_list.rows)
        if callable(results.counted):
            shown = f"{plural(len(results.hits), 'hit')} so far (counting)"
        else:
            total = self.total = max(results.total, len(results.hits))
            shown = plural(total, "hit")
            if total > PAGE:
                first, last = page * PAGE + 1, page * PAGE + listed
                more = " · ] next page" if last < total else ""
                back = " · [ previous" if page else ""
                shown += f", showing {first}–{last}{more}{back}"
        notes = "".join(f" · {note}" for note in results.notes)  # a capped prefix
        if results.pending:
            searchable = results.articles - results.pending
            notes += f" · so far: {searchable:,} of {results.articles:,} searchable"
        self.set_status(f"{shown} for {text}{notes} · enter open · s beside · esc library")

    def _await(self: LibraryPane, text: str, page: int, awaiting: bool = True) -> None:
        self.mode = ListMode.RESULTS
        self.query_text = text
        self.page = page
        self.awaiting = awaiting
        if awaiting:
            self.matcher = Matcher()
            self.article_list.set_rows([], snippets=True, keep_order=True)

    def _say_awaiting(self: LibraryPane, text: str, results) -> None:  # noqa: ANN001
        """Nothing searchable matches yet: say how far indexing is, never "No articles
        match" (the words may be in what is not indexed yet)."""
        if self.progress is not None and self.progress[2] == "indexing":
            done, total, _ = self.progress
            where = f"Indexing {done:,} of {total:,}"
        elif results is not None and results.articles:
            searchable = results.articles - results.pending
            where = (
                f"The index is being built ({searchable:,} of {results.articles:,} "
                "articles searchable)"
            )
        else:
            where = "The index is being built"
        self.set_status(f"{where}: the search for {text} runs when it is done.")

    def _run_awaited_search(self: LibraryPane) -> None:
        if (
            self.awaiting
            and self.mode is ListMode.RESULTS
            and self.workspace is not None
            and self.workspace.generation != self.searched_generation
        ):
            self.run_search(self.query_text, focus=False, page=self.page)

    def action_next_page(self: LibraryPane) -> None:
        if self.mode is ListMode.RESULTS and (self.page + 1) * PAGE < self.total:
            self.run_search(self.query_text, page=self.page + 1)

    def action_previous_page(self: LibraryPane) -> None:
        if self.mode is ListMode.RESULTS and self.page > 0:
            self.run_search(self.query_text, page=self.page - 1)
