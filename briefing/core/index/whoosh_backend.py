"""Whoosh behind the :class:`~briefing.core.index.backend.SearchBackend` seam.

One :class:`CorpusIndex` stays open for reading (its searcher and catalog connection serve
the event loop); every update runs through a second one, opened for the update and closed
after it, so nothing the reader holds is written under it, whichever thread updates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.core.config import CopySettings
from briefing.core.corpus import Article, CleaningRules
from briefing.core.index.backend import AnnotationSource, Progress, Sort, UpdateReport
from briefing.core.index.catalog import ArticleInfo
from briefing.core.index.copies import Sibling
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.index.search import Searcher, SearchResults


class WhooshBackend:
    """The Whoosh index and SQLite catalog of `corpus`, kept in `location`.

    Opening does not read the corpus (call :meth:`update`). *follow_links_outside*: read
    what symlinks lead to outside the corpus (skipped with a warning by default).
    *copy_settings*: when two articles are copies (config ``copies:``). Raises
    ``RulesError`` for a cleaning rules file that does not load and ``OSError`` for an
    unusable index folder.
    """

    def __init__(
        self,
        corpus: Path,
        location: Path,
        *,
        annotations: AnnotationSource | None = None,
        rules: CleaningRules | None = None,
        procs: int = 2,
        follow_links_outside: bool = False,
        copy_settings: CopySettings | None = None,
    ) -> None:
        self.index = CorpusIndex.open(
            corpus,
            location,
            annotations=annotations,
            rules=rules,
            follow_links_outside=follow_links_outside,
            copy_settings=copy_settings,
        )
        self.procs = procs
        self._searcher = Searcher(self.index)

    @property
    def notice(self) -> str | None:
        return self.index.notice

    def update(
        self,
        progress: Progress | None = None,
        *,
        rebuild: bool = False,
        only: Iterable[str] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        on_wait: Callable[[], None] | None = None,
    ) -> UpdateReport:
        # The reader's notice (a repair at open time) belongs to the first report.
        notice, self.index.notice = self.index.notice, None
        writer = CorpusIndex(
            self.index.corpus,
            self.index.location,
            self.index.rules,
            self.index.annotations,
            follow_links_outside=self.index.follow_links_outside,
            copy_settings=self.index.copy_settings,
        )
        writer.on_wait = on_wait
        try:
            report = writer.update(
                progress, rebuild=rebuild, procs=self.procs, cancelled=cancelled, only=only
            )
        finally:
            writer.close()
        self.index.refresh()
        report.notice = report.notice or notice
        return report

    def search(self, text: str, limit: int | None = 20, sort: Sort = "relevance") -> SearchResults:
        return self._searcher.search(text, limit=limit, sort=sort)

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        return self._searcher.related(article_id, limit=limit)

    def copies(self, article_id: str) -> list[tuple[ArticleInfo, Sibling]] | None:
        if self.index.article(article_id) is None:
            return None
        siblings = self.index.copies.siblings(article_id)
        infos = {info.id: info for info in self.index.catalog.infos(s.id for s in siblings)}
        return [(infos[s.id], s) for s in siblings if s.id in infos]

    def clusters(self) -> dict[str, list[ArticleInfo]]:
        clusters = self.index.copies.clusters()
        members = [aid for ids in clusters.values() for aid in ids]
        infos = {info.id: info for info in self.index.catalog.infos(members)}
        found = {c: [infos[i] for i in ids if i in infos] for c, ids in clusters.items()}
        return {c: members for c, members in found.items() if len(members) > 1}

    def articles(self) -> list[ArticleInfo]:
        return self.index.articles()

    def article(self, article_id: str) -> Article | None:
        return self.index.article(article_id)

    def close(self) -> None:
        self.index.close()
