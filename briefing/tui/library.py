"""The left column: the search box, a status line, the article list and index progress.

It owns what the list shows (:class:`ListMode`): the library, a search's results, or the
articles related to one, and says so in the status line.
"""

from __future__ import annotations

from enum import Enum

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, ProgressBar, Static

from briefing.core.display import for_terminal, one_line, plural
from briefing.core.errors import BriefingError
from briefing.core.index import Matcher
from briefing.core.workspace import Workspace
from briefing.tui.article_list import ArticleList, Row
from briefing.tui.saved_searches import SavedSearchesScreen, SaveSearchDialog
from briefing.tui.search_box import SearchBox

PLACEHOLDER = 'Search: words, "a phrase", title:x, date:2023, govern*, governmnt~'
PAGE = 200  # results listed at once; ] and [ turn the page


class ListMode(Enum):
    """What the article list shows."""

    LIBRARY = "library"  # every article, sorted (`o`)
    RESULTS = "results"  # a search's hits, ranked
    RELATED = "related"  # articles like one article, ranked


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

    def compose(self) -> ComposeResult:
        queries = self.workspace.state.queries if self.workspace else []
        yield SearchBox(queries, placeholder=PLACEHOLDER, id="search")
        yield Static("", id="list-status")
        yield ArticleList(id="list")
        yield ProgressBar(id="progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(SearchBox).display = False
        self.query_one(ProgressBar).display = False

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    def refresh_flags(self) -> None:
        """Read the read / starred flags again and redraw the list."""
        self.article_list.flags = self.workspace.flags() if self.workspace else {}
        self.article_list.refresh()

    def set_status(self, message: str) -> None:
        self.query_one("#list-status", Static).update(Text(for_terminal(message)))

    # -- the library --------------------------------------------------------------------------
    def show_library(self) -> None:
        """Every article, sorted; the state the app opens in and `escape` returns to."""
        self.mode = ListMode.LIBRARY
        self.saved = None
        self.query_text = ""
        self.matcher = Matcher()
        infos = self.workspace.articles() if self.workspace else []
        self.article_list.flags = self.workspace.flags() if self.workspace else {}
        self.article_list.set_rows([Row(i) for i in infos], snippets=False)
        self.show_library_status()

    def show_library_status(self) -> None:
        count = len(self.article_list.rows)
        corpus = self.workspace.corpus if self.workspace else "the corpus"
        if count:
            self.set_status(
                f"{plural(count, 'article')} · sorted by {self.article_list.sort_key} (o)"
            )
        elif self.indexing:
            self.set_status(f"Indexing {corpus} for the first time; articles appear when done.")
        else:
            self.set_status(
                f"No articles in {corpus} yet: add text, HTML, PDF, e-mail, feed or Word files."
            )

    def on_article_list_sorted(self, event: ArticleList.Sorted) -> None:
        if self.mode is ListMode.LIBRARY:
            self.show_library_status()

    def refresh_rows(self) -> None:
        """Follow what was just indexed: the library or the results again, the cursor on the
        same article; related lists stay as they are."""
        if self.mode is ListMode.RELATED:
            return
        chosen = self.article_list.current
        if self.mode is ListMode.RESULTS and self.saved is not None:
            self.run_saved(*self.saved, focus=False)  # the same ● marks, no new visit
        elif self.mode is ListMode.RESULTS:
            self.run_search(self.query_text, focus=False, page=self.page)
        else:
            self.show_library()
        if chosen:
            self.article_list.select_id(chosen.info.id)

    # -- progress -------------------------------------------------------------------------------
    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        if total >= 200 and done < total:
            bar.display = True
            bar.update(total=total, progress=done)

    def hide_progress(self) -> None:
        self.indexing = False
        self.query_one(ProgressBar).display = False

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
        """Search and list page *page* of the hits (PAGE to a page), best first."""
        if not text:
            self.show_library()
            self.article_list.focus()
            return
        if self.workspace is None:
            self.set_status("Nothing to search: no corpus folder.")
            return
        try:
            results = self.workspace.search(text, limit=(page + 1) * PAGE)
        except BriefingError as exc:
            self.set_status(f"⚠ {exc}")
            self.notify(str(exc), severity="error", timeout=5)
            return
        self.mode = ListMode.RESULTS
        self.query_text = text
        self.page = page
        self.saved = None
        self.matcher = results.matcher
        hits = results.hits[page * PAGE :]
        rows = [Row(h.info, h.snippet, h.spans, h.score) for h in hits]
        self.article_list.set_rows(rows, snippets=True, keep_order=True)
        if rows:
            total = self.total = max(results.total, len(results.hits))
            shown = plural(total, "hit")
            if total > PAGE:
                first, last = page * PAGE + 1, page * PAGE + len(rows)
                more = " · ] next page" if last < total else ""
                back = " · [ previous" if page else ""
                shown += f", showing {first}–{last}{more}{back}"
            notes = "".join(f" · {note}" for note in results.notes)  # a capped prefix
            self.set_status(f"{shown} for {text}{notes} · enter open · s beside · esc library")
        else:
            self.set_status(
                f"No articles match {text}. Try fewer words, a prefix (govern*) or a fuzzy "
                "term (governmnt~)."
            )
        self.post_message(self.Searched(self.matcher))
        if focus:
            self.article_list.focus()

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
        try:
            search, results, fresh = self.workspace.run_saved(name, limit=PAGE, visit=new is None)
        except BriefingError as exc:
            self.notify(str(exc), severity="error", timeout=5)
            return
        new = fresh if new is None else new
        self.saved = (name, new)
        self.mode, self.query_text, self.page = ListMode.RESULTS, search.query, 0
        self.total, self.matcher = results.total, results.matcher
        rows = [Row(h.info, h.snippet, h.spans, h.score, new=h.id in new) for h in results.hits]
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
        """Back to the library from results or related; True when it went back."""
        if self.mode is ListMode.LIBRARY:
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
        related = self.workspace.related(article_id, limit=20)
        self.mode = ListMode.RELATED
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
