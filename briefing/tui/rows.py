"""A row of the article list: an article, and what the list shows beside it."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.index import ArticleInfo, Hit, Snippet


@dataclass(frozen=True)
class Row:
    info: ArticleInfo
    score: float | None = None
    new: bool = False  # new in a saved search since the last visit
    hit: Hit | None = None  # a search's: its snippet is made when the row is first drawn
    copies: int = 0  # on a cluster's head: its other copies in the list ("+2 copies")
    copy_of: str | None = None  # on a copy shown under its head (expanded): the head's id

    @property
    def snippet(self) -> Snippet | None:
        return None if self.hit is None else self.hit.snippet

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Hit offsets in the article, for the reader."""
        return () if self.hit is None else self.hit.spans
