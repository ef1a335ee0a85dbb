"""What the core.index tests share besides fixtures."""

from __future__ import annotations

from briefing.core.index import Searcher

GENERATED = (400, 1)  # articles, seed: the pinned rankings' corpus (bench.generate)


def ids(searcher: Searcher, query: str, **kwargs) -> set[str]:
    """The ids of a query's hits."""
    return {hit.id for hit in searcher.search(query, **kwargs).hits}
