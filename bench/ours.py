"""Our index, seen through one small adapter so the harness survives API changes.

`available()` says whether briefing.core.index.corpus_index can be used at all; everything else raises
`NotBuilt` with a one-line reason when a piece it needs is missing, and the harness reports
"n/a" for it instead of a number.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path


class NotBuilt(Exception):
    """A module or API the measure needs does not exist (yet)."""


@dataclass(frozen=True)
class OurHit:
    id: str
    title: str
    score: float
    snippet: str
    spans: tuple[tuple[int, int], ...]


def available() -> str | None:
    """None when our index can be benchmarked, else why not."""
    try:
        from briefing.core.index.corpus_index import CorpusIndex  # noqa: F401
    except ImportError as exc:
        return f"not built yet ({exc})"
    return None


def open_index(corpus: Path, index_dir: Path):
    try:
        from briefing.core.index.corpus_index import CorpusIndex
    except ImportError as exc:
        raise NotBuilt(f"not built yet ({exc})") from exc
    return CorpusIndex.open(corpus, index_dir)


def update(index, procs: int = 2):
    """Incremental update, with the writer processes the CLI uses when the API takes them."""
    if "procs" in inspect.signature(index.update).parameters:
        return index.update(procs=procs)
    return index.update()


class Searching:
    """Runs queries the way the app does: one parser and one searcher, reused."""

    def __init__(self, index):
        self.index = index
        self.last = None
        if hasattr(index, "search"):
            self._search = index.search
            self._searcher = index
        else:
            try:
                from briefing.core.index.search import Searcher
            except ImportError as exc:
                raise NotBuilt(f"no search API ({exc})") from exc
            self._searcher = Searcher(index)
            self._search = self._searcher.search

    @property
    def can_clear(self) -> bool:
        """Whether the searcher can forget what it kept (older code keeps nothing)."""
        return hasattr(self._searcher, "clear_caches")

    def clear(self) -> None:
        """Forget parsed queries and postings kept, as before a query never run."""
        if self.can_clear:
            self._searcher.clear_caches()

    def total(self) -> int | None:
        """The last search's total (counted now where the code counts on demand)."""
        return getattr(self.last, "total", None)

    def search(self, query: str, limit: int = 20) -> list[OurHit]:
        result = self.last = self._search(query, limit=limit)
        hits = getattr(result, "hits", result)
        return [
            OurHit(
                id=h.id,
                title=getattr(h, "title", None) or getattr(getattr(h, "info", None), "title", ""),
                score=h.score,
                snippet=str(getattr(h.snippet, "text", h.snippet)),
                spans=tuple(h.spans),
            )
            for h in hits
        ]


def report_counts(report) -> dict:
    return {k: getattr(report, k, None) for k in ("added", "changed", "deleted", "unchanged")}
