"""App state that is not the user's work, kept per corpus outside it: where the reader's
cursor was in each article, the queries searched (for ↑ in the search box), and what each
saved search listed at the last visit (for "new since last visit").

A lost or unreadable state file costs only these, so errors here never stop the app: the
file starts over empty. It is one JSON file, written atomically, shared by every part
that remembers something, so no part overwrites another's.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core.atomic import write_atomic

QUERIES_KEPT = 200


class CorpusState:
    """The state of one corpus, read from *path* at once and written by :meth:`save`."""

    def __init__(self, path: Path):
        self.path = path
        self._positions: dict[str, int] = {}
        self._queries: list[str] = []
        self._seen: dict[str, list[str]] = {}
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict):
            positions = data.get("positions")
            if isinstance(positions, dict):
                self._positions = {
                    str(k): v for k, v in positions.items() if isinstance(v, int) and v >= 0
                }
            seen = data.get("seen")
            if isinstance(seen, dict):
                self._seen = {
                    str(k): [i for i in v if isinstance(i, str)]
                    for k, v in seen.items()
                    if isinstance(v, list)
                }
            queries = data.get("queries")
            if isinstance(queries, list):
                self._queries = [q for q in queries if isinstance(q, str)][-QUERIES_KEPT:]
        self._dirty = False

    # -- reading positions (code points of the article's clean text) --------------------------
    def position(self, article_id: str) -> int:
        return self._positions.get(article_id, 0)

    def set_position(self, article_id: str, offset: int) -> None:
        if self._positions.get(article_id) != offset:
            self._positions[article_id] = offset
            self._dirty = True

    # -- query history ---------------------------------------------------------------------------
    @property
    def queries(self) -> list[str]:
        """Queries searched, oldest first, each once (its latest use counts)."""
        return list(self._queries)

    def remember_query(self, query: str) -> None:
        query = query.strip()
        if not query or (self._queries and self._queries[-1] == query):
            return
        self._queries = [q for q in self._queries if q != query][-(QUERIES_KEPT - 1) :]
        self._queries.append(query)
        self._dirty = True

    # -- saved searches: what this analyst has seen of each ---------------------------------------
    def seen(self, search: str) -> set[str] | None:
        """The article ids a saved search listed at its last visit; None before the first."""
        ids = self._seen.get(search.casefold())
        return None if ids is None else set(ids)

    def set_seen(self, search: str, ids: set[str]) -> None:
        self._seen[search.casefold()] = sorted(ids)
        self._dirty = True

    def save(self) -> None:
        """Write the state if it changed; a failure to write is not worth a crash."""
        if not self._dirty:
            return
        data = json.dumps(
            {"positions": self._positions, "queries": self._queries, "seen": self._seen},
            indent=1,
            sort_keys=True,
        )
        try:
            write_atomic(self.path, data.encode("utf-8"))
            self._dirty = False
        except OSError:
            pass
