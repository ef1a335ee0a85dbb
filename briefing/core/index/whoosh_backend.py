"""Whoosh behind the :class:`~briefing.core.index.backend.SearchBackend` seam.

One :class:`CorpusIndex` stays open for reading (its searcher and catalog connection serve
the event loop); every update that has something to write runs through a second one,
opened for the update and closed after it, so nothing the reader holds is written under
it, whichever thread updates.

An update with nothing to do (every CLI command starts with one) looks at the corpus
through the reader, compares plain tuples with the catalog and returns: no lock, no
second index, no write. At 100k articles that cost 1.5-2.4 s before (file states built
as objects, a second index opened, meta written); now the walk itself is most of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.core.config import CopySettings
from briefing.core.corpus import Article, CleaningRules
from briefing.core.errors import UserError
from briefing.core.index import integrity
from briefing.core.index.backend import AnnotationSource, Progress, Sort, UpdateReport
from briefing.core.index.catalog import ArticleInfo
from briefing.core.index.copies import Sibling
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.index.search import Searcher, SearchResults
from briefing.core.index.update_lock import Cancelled
from briefing.core.index.updating import what_changed


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
        paths: Iterable[str] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        on_wait: Callable[[], None] | None = None,
        verify: bool = False,
    ) -> UpdateReport:
        # The reader's notice (a repair at open time) belongs to the first report.
        notice, self.index.notice = self.index.notice, None
        seen = None
        catalog = self.index.catalog
        version = catalog.data_version()
        if not rebuild:
            try:
                seen = what_changed(
                    self.index, only=only, paths=paths, look=None, cancelled=cancelled
                )
            except Cancelled:
                return UpdateReport(notice=notice)
            if seen.nothing and self._nothing_to_write(verify):
                report = UpdateReport(unchanged=seen.unchanged, notice=notice)
                seen.look.tell(report)
                return report
        # Under the lock the update takes this comparison as it is if no other process
        # committed to the catalog since (at 100k, comparing again cost ~0.2 s).
        holds = lambda: catalog.data_version() == version  # noqa: E731
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
                progress,
                rebuild=rebuild,
                procs=self.procs,
                cancelled=cancelled,
                only=only,
                paths=paths,
                seen=seen,
                seen_holds=holds,
                verify=verify,
            )
        finally:
            writer.close()
        self.index.refresh()
        report.notice = report.notice or notice
        return report

    def _nothing_to_write(self, verify: bool) -> bool:
        """Nothing pending, nothing marked damaged, copies not to be made again (after a
        rebuild, or with new settings), and (if asked) no damaged file."""
        catalog = self.index.catalog
        if catalog.pending_count() or catalog.get_meta("damaged") or self.index.copies.stale():
            return False
        return not verify or integrity.damaged(catalog.db, self.index.whoosh_folder) is None

    def search(self, text: str, limit: int | None = 20, sort: Sort = "relevance") -> SearchResults:
        return self._searcher.search(text, limit=limit, sort=sort)

    def generation(self) -> str | None:
        return self.index.generation()

    def pending(self) -> int:
        return self.index.pending()

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        return self._searcher.related(article_id, limit=limit)

    def copies(self, article_id: str) -> list[tuple[ArticleInfo, Sibling]]:
        if self.index.article(article_id) is None:
            raise UserError(f"No article with id {article_id!r}: see `briefing list`.")
        siblings = self.index.copies.siblings(article_id)
        infos = {info.id: info for info in self.index.articles(s.id for s in siblings)}
        return [(infos[s.id], s) for s in siblings if s.id in infos]

    def clusters(self) -> dict[str, list[ArticleInfo]]:
        clusters = self.index.copies.clusters()
        members = [aid for ids in clusters.values() for aid in ids]
        infos = {info.id: info for info in self.index.articles(members)}
        found = {c: [infos[i] for i in ids if i in infos] for c, ids in clusters.items()}
        return {c: listed for c, listed in found.items() if len(listed) > 1}

    def articles(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        return self.index.articles(ids)

    def article(self, article_id: str) -> Article | None:
        return self.index.article(article_id)

    def close(self) -> None:
        self.index.close()
