"""The seam between the workspace and a search engine: what any index must offer.

:class:`SearchBackend` is what :class:`~briefing.core.workspace.Workspace` talks to. Whoosh
behind :class:`~briefing.core.index.whoosh_backend.WhooshBackend` is the one implementation;
``docs/architecture.md`` sets out how OpenSearch or Elasticsearch would stand in its place.
Offsets in everything returned (hit spans, snippet spans) are code points of the clean text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from briefing.core.corpus import Article

if TYPE_CHECKING:
    from briefing.core.index.catalog import ArticleInfo
    from briefing.core.index.copies import Sibling
    from briefing.core.index.search import SearchResults

Progress = Callable[[int, int], None]  # (done, total)
Sort = Literal["relevance", "date"]


class AnnotationSource(Protocol):
    """What the index needs from the annotation store to make notes and tags searchable."""

    def signatures(self) -> dict[str, str]:
        """Article id -> a string that changes whenever that article's annotations do."""
        ...

    def apply(self, article: Article) -> tuple[Article, str, tuple[str, ...]]:
        """(article with metadata corrections applied, note text, tags) for indexing."""
        ...


@dataclass
class UpdateReport:
    added: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    notice: str | None = None  # set when the index had to be rebuilt, and why
    # Every corpus file that gave no article, once: (its path in the corpus, why: an
    # unsupported type, empty, binary, an encrypted PDF...). Each is in *warnings* too.
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.deleted


class SearchBackend(Protocol):
    """An index of one corpus: kept in step with the files, searched, and read back.

    ``article`` and ``articles`` answer from the index's own copy of the clean text and
    metadata (the catalog), so the front ends never re-read corpus files to show them.
    """

    @property
    def notice(self) -> str | None:
        """Why the index was rebuilt when it was opened (one line), else None."""
        ...

    def update(
        self,
        progress: Progress | None = None,
        *,
        rebuild: bool = False,
        only: Iterable[str] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        on_wait: Callable[[], None] | None = None,
    ) -> UpdateReport:
        """Bring the index in step with the corpus and annotations (only the ids in *only*,
        when given); *progress* gets (done, total); *on_wait* is called once if another
        process holds the update lock. Safe to call from a worker thread."""
        ...

    def search(self, text: str, limit: int | None = 20, sort: Sort = "relevance") -> SearchResults:
        """The hits of a query, best first (or newest first); *limit* None gives every hit.
        Raises QueryError (one line) for a query the user must fix."""
        ...

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        """Articles most like *article_id* (more-like-this), with scores."""
        ...

    def copies(self, article_id: str) -> list[tuple[ArticleInfo, Sibling]] | None:
        """The other articles of *article_id*'s cluster of copies (the same story with a
        new headline, a cut, a paragraph added), each with how much of it they share, most
        alike first; empty when it has none, None when there is no such article."""
        ...

    def clusters(self) -> dict[str, list[ArticleInfo]]:
        """Every cluster of copies of two articles or more, by cluster id (its smallest
        article id), its articles sorted by id."""
        ...

    def articles(self) -> list[ArticleInfo]:
        """Every indexed article, without its text, sorted by id."""
        ...

    def article(self, article_id: str) -> Article | None:
        """The indexed article (clean text and metadata, with corrections), or None."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BackendLookup:
    """The corpus folder and a backend's articles, as export and import look them up
    (``core.export.collect.ArticleLookup``)."""

    corpus: Path
    backend: SearchBackend

    def article(self, article_id: str) -> Article | None:
        return self.backend.article(article_id)

    def articles(self) -> list[ArticleInfo]:
        return self.backend.articles()
