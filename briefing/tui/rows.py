"""A row of the article list: an article, and what the list shows beside it."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.index import ArticleInfo, Snippet


@dataclass(frozen=True)
class Row:
    info: ArticleInfo
    snippet: Snippet | None = None
    spans: tuple[tuple[int, int], ...] = ()  # hit offsets in the article, for the reader
    score: float | None = None
    new: bool = False  # new in a saved search since the last visit
    copies: int = 0  # on a cluster's head: its other copies in the list ("+2 copies")
    copy_of: str | None = None  # on a copy shown under its head (expanded): the head's id
