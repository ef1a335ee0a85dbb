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
from briefing.core.errors import Failure
from briefing.core.progress import Progress

if TYPE_CHECKING:
    from briefing.core.index.catalog import ArticleInfo
    from briefing.core.index.copies import Sibling
    from briefing.core.index.search import SearchResults

# Progress: (done, total, stage); an update's stages are "reading" (files into the
# catalog: the library can list them) then "indexing" (the catalog into the search
# engine: searchable when done). core/progress.py makes one bar of them.
Sort = Literal["relevance", "date"]


class IndexDamaged(Failure):
    """The search engine failed reading its own files (a damaged segment): the index is
    marked damaged and the next update rebuilds it. ``notice`` is that update's one-line
    notice; ``str()`` says what to do meanwhile."""

    def __init__(self, notice: str) -> None:
        super().__init__(f"{notice} Search again when it is done.")
        self.notice = notice


class IndexBusy(Failure):
    """Another process is rebuilding the index and its files are being replaced: search
    again when it is done (one line)."""


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
    ids: set[str] = field(default_factory=set)  # the articles added, changed or deleted
    # Articles written to the search engine: the added and changed ones, and any an
    # earlier update read but could not finish indexing (or all, after a rebuild).
    indexed: int = 0
    # Every corpus file that gave no article, once: (its path in the corpus, why: an
    # unsupported type, empty, binary, an encrypted PDF...). Each is in *warnings* too.
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.deleted

    def summary(self) -> str:
        """What changed, for a status line: "2 added, 1 changed", or "nothing changed"."""
        parts = [
            f"{n} {what}"
            for n, what in (
                (self.added, "added"),
                (self.changed, "changed"),
                (self.deleted, "deleted"),
            )
            if n
        ]
        return ", ".join(parts) or "nothing changed"


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
        paths: Iterable[str] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        on_wait: Callable[[], None] | None = None,
        verify: bool = False,
    ) -> UpdateReport:
        """Bring the index in step with the corpus and annotations: the whole corpus, or
        only the articles *only* and the files or folders *paths* (relative to the corpus:
        new, changed or deleted; what a folder watcher names). *progress* gets (done,
        total, stage); *on_wait* is called once if another process holds the update lock;
        *verify* checks the engine's files for damage too (and rebuilds if need be).
        Safe to call from a worker thread. With nothing changed and nothing to write it
        writes nothing and takes no lock."""
        ...

    def search(self, text: str, limit: int | None = 20, sort: Sort = "relevance") -> SearchResults:
        """The hits of a query, best first (or newest first); *limit* None gives every hit.
        ``pending`` on the results counts articles not searchable yet (an update is
        indexing them). Raises QueryError (one line) for a query the user must fix, and
        IndexDamaged when the engine cannot read its own files."""
        ...

    def generation(self) -> str | None:
        """A token that changes whenever what a search sees may have changed (a commit or
        rebuild by this or another process)."""
        ...

    def pending(self) -> int:
        """Articles listed but not searchable yet."""
        ...

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        """Articles most like *article_id* (more-like-this), with scores."""
        ...

    def copies(self, article_id: str) -> list[tuple[ArticleInfo, Sibling]]:
        """The other articles of *article_id*'s cluster of copies (the same story with a
        new headline, a cut, a paragraph added), each with how much of it they share, most
        alike first; empty when it has none. UserError when there is no such article."""
        ...

    def clusters(self) -> dict[str, list[ArticleInfo]]:
        """Every cluster of copies of two articles or more, by cluster id (its smallest
        article id), its articles sorted by id."""
        ...

    def articles(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        """Every article of the corpus (searchable or not yet), without its text, sorted by
        id; or those of *ids* still there, in that order."""
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
