"""The search box: a query line whose ↑ and ↓ walk the queries searched before."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBox(Input):
    """An Input for queries, with the corpus's query history (oldest first)."""

    BINDINGS = [
        Binding("up", "older", "Earlier query", show=False, id="search.older"),
        Binding("down", "newer", "Later query", show=False, id="search.newer"),
    ]

    def __init__(self, queries: list[str], **kwargs) -> None:  # noqa: ANN003 - Input's
        super().__init__(**kwargs)
        self.queries = list(queries)
        self._at = len(self.queries)  # len: the line being typed, not a past query
        self._typed = ""

    def remember(self, query: str) -> None:
        """Add a searched query (once, as the latest) and go back to a fresh line."""
        query = query.strip()
        if query:
            self.queries = [q for q in self.queries if q != query] + [query]
        self._at = len(self.queries)

    def action_older(self) -> None:
        if self._at == len(self.queries):
            self._typed = self.value
        if self._at > 0:
            self._at -= 1
            self._show(self.queries[self._at])

    def action_newer(self) -> None:
        if self._at < len(self.queries):
            self._at += 1
            self._show(self.queries[self._at] if self._at < len(self.queries) else self._typed)

    def _show(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)
