"""The front door of the core: one corpus, its annotations, its index and the user's config.

Both front ends build one :class:`Workspace` and ask it everything: search, list, an
article with its annotations, annotate, export, import. It owns where each thing lives and
the rules both front ends share, above all that **nothing is ever written inside the corpus
folder** (checked on resolved real paths, so neither a symlink nor ``..`` gets round it).

Offsets everywhere are code points of an article's clean text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing.core import paths
from briefing.core.annotations import (
    AnnotatedArticle,
    AnnotationError,
    AnnotationStore,
    Candidate,
    Highlight,
    SavedSearch,
    SavedSearches,
    StoreAnnotationSource,
    annotate_article,
    candidates,
    find_highlight,
    flagged,
    flags_of,
    locate_quote,
    new_since_visit,
    quote_at,
    reattach,
    split_flags,
)
from briefing.core.config import Config, ConfigError, load_config, save_theme
from briefing.core.corpus import (
    Article,
    CleaningReport,
    ExtractionCache,
    load_rules,
    read_article_report,
)
from briefing.core.errors import Failure, UserError
from briefing.core.index import (
    ArticleInfo,
    BackendLookup,
    Progress,
    SearchBackend,
    SearchResults,
    Sort,
    UpdateReport,
    WhooshBackend,
)
from briefing.core.outputs import OutputRules
from briefing.core.paths import is_inside, locations
from briefing.core.state import CorpusState
from briefing.core.watching import Changes, watch_workspace

if TYPE_CHECKING:  # export and import are loaded when used: the app's start skips them
    from briefing.core.export import Briefing, ImportReport, Rendered

__all__ = ["Changes", "Config", "Workspace", "is_inside", "locations"]


class Workspace:
    """A corpus folder and everything kept about it.

    *corpus*: the folder of articles (only ever read). *annotations*: the YAML folder
    (default ``annotations/`` beside the corpus). *index*: the index folder (default
    ``$BRIEFING_INDEX``, else the user cache). *config*: the user's settings (default: read
    from the user config folder; an unusable file gives the defaults and
    :attr:`config_warning`). *follow_links_outside*: read the files and folders that
    symlinks in the corpus lead to outside it; ``None`` takes the config's
    ``follow_links_outside`` (default false: such links are skipped with a warning naming
    each, so a ``passwd.txt -> /etc/passwd`` is never indexed, listed or exported).

    Raises :class:`UserError` when the corpus folder does not exist or the annotations or
    index folder lies inside it; ``RulesError`` (a :class:`Failure`) when a cleaning rules
    file does not load; :class:`Failure` when the index folder cannot be used.
    """

    def __init__(
        self,
        corpus: Path,
        *,
        annotations: Path | None = None,
        index: Path | None = None,
        config: Config | None = None,
        follow_links_outside: bool | None = None,
    ) -> None:
        given = Path(corpus).expanduser()
        if not given.is_dir():
            raise UserError(
                f"No corpus folder at {given}: pass --corpus DIR (a folder of articles: "
                ".txt, .md, .html, .pdf, .eml, .rss, .docx...)."
            )
        self.corpus = given.resolve()
        self.annotations_dir = paths.annotations_dir(self.corpus, annotations)
        self.index_dir = paths.index_dir(self.corpus, index)
        self.outputs = OutputRules(self.corpus, self.annotations_dir)
        for what, folder in (("annotations", self.annotations_dir), ("index", self.index_dir)):
            if is_inside(folder, self.corpus):
                raise UserError(
                    f"The {what} folder {folder} is inside the corpus {self.corpus}, which "
                    f"is never written: choose a folder outside it (--{what} DIR)."
                )
        self._state: CorpusState | None = None
        self.config_warning: str | None = None
        if config is None:
            try:
                config = load_config(paths.config_file())
            except ConfigError as exc:
                config, self.config_warning = Config(), str(exc)
        self.config = config
        if follow_links_outside is None:
            follow_links_outside = config.follow_links_outside
        self.follow_links_outside = follow_links_outside
        self.store = AnnotationStore(self.annotations_dir, config.author)
        self.rules = load_rules(paths.user_cleaning_rules(self.corpus))
        try:
            self.backend: SearchBackend = WhooshBackend(
                self.corpus,
                self.index_dir,
                annotations=StoreAnnotationSource(self.store),
                rules=self.rules,
                follow_links_outside=follow_links_outside,
            )
        except OSError as exc:
            raise Failure(
                f"Cannot use the index folder {self.index_dir}: {exc.strerror or exc}"
            ) from exc

    @property
    def state(self) -> CorpusState:
        """Reading positions and searched queries, kept in the user state folder."""
        if self._state is None:
            self._state = CorpusState(paths.state_file(self.corpus))
        return self._state

    def save_theme(self, theme: str) -> None:
        """Keep the theme in config.yaml (its ``theme:`` line); Failure if it cannot."""
        path = paths.config_file()
        try:
            save_theme(path, theme)
        except OSError as exc:
            raise Failure(f"Cannot save the theme in {path}: {exc.strerror or exc}") from exc
        self.config = replace(self.config, theme=theme)

    @property
    def labels(self) -> tuple[str, ...]:
        """The colour labels, in key order (1-9)."""
        return self.config.labels

    @property
    def notice(self) -> str | None:
        """Why the index was rebuilt when it opened (one line), else None."""
        return self.backend.notice

    def close(self) -> None:
        if self._state is not None:
            self._state.save()
        self.backend.close()

    # -- the index ---------------------------------------------------------------------------
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
        """Bring the index in step with the corpus and annotations (safe from a worker
        thread): all of it, or *only* these article ids and these *paths* (relative to
        the corpus, as :meth:`changes` names them). *verify*: look for damaged index
        files too. :class:`Failure` when the index folder cannot be written."""
        try:
            return self.backend.update(
                progress,
                rebuild=rebuild,
                only=only,
                paths=paths,
                cancelled=cancelled,
                on_wait=on_wait,
                verify=verify,
            )
        except OSError as exc:
            why = exc.strerror or exc
            raise Failure(f"Cannot update the index in {self.index_dir}: {why}") from exc

    def changes(self, stop: threading.Event) -> Iterator[Changes]:
        """Watch the corpus and annotations folders until *stop* is set: one
        :class:`Changes` per burst (files added, changed, moved or deleted; annotation
        files written by another process or a ``git pull``), ~50 ms after it. Blocks:
        run it in a thread. OSError when the system refuses to watch (inotify limit)."""
        return watch_workspace(self.corpus, self.annotations_dir, stop)

    @property
    def generation(self) -> str | None:
        """Changes whenever what a search sees may have changed, in any process."""
        return self.backend.generation()

    def pending(self) -> int:
        """Articles listed but not searchable yet (an update is indexing them)."""
        return self.backend.pending()

    def search(self, text: str, limit: int | None = 20, sort: Sort = "relevance") -> SearchResults:
        """Hits of a query with snippets and offsets (*limit* None: every hit); ``is:read``
        and the like filter by the analyst's flags (:mod:`~briefing.core.annotations.flags`).
        Raises ``QueryError`` (a UserError)."""
        rest, wanted = split_flags(text)
        if not wanted:
            return self.backend.search(text, limit=limit, sort=sort)
        found = self.backend.search(rest, limit=None, sort=sort)
        hits = [h for h in found.hits if flagged(self.flags(), wanted)(h.id)]
        return replace(found, query=text, hits=hits[:limit] if limit else hits, counted=len(hits))

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        """Articles most like *article_id*, with scores."""
        return self.backend.related(article_id, limit=limit)

    def articles(self, ids: Iterable[str] | None = None) -> list[ArticleInfo]:
        """Every article (metadata with corrections, no text), sorted by id; or those of
        *ids* still in the corpus, in that order."""
        return self.backend.articles(ids)

    # -- articles and their annotations --------------------------------------------------------
    def indexed_article(self, article_id: str) -> Article | None:
        """The article as indexed (clean text, metadata with corrections), or None."""
        return self.backend.article(article_id)

    def article(self, article_id: str) -> AnnotatedArticle | None:
        """The article with its annotations placed, or None when it is not in the corpus.

        An annotations file that does not parse does not hide the article: it comes with
        no highlights and ``problem`` set, and may not be edited until the file is fixed.
        """
        article = self.backend.article(article_id)
        return None if article is None else self.annotate(article)

    def annotate(self, article: Article) -> AnnotatedArticle:
        """*article* (as shown, say) with its annotations read afresh and placed in it."""
        try:
            annotations = self.store.load(article.id)
        except AnnotationError as exc:
            return annotate_article(article, exc)
        return annotate_article(article, annotations)

    def removed_lines(self, article_id: str) -> CleaningReport:
        """Every line of the article's file that its clean text leaves out, in file order,
        each with its line number (in the file for a text file; in the text extracted from
        it for a page, PDF, message, feed entry or document) and the rule (file and
        pattern) or the metadata that took it: for auditing cleaning and writing an exception.

        The index keeps no such record: the one file is read and cleaned again, with this
        workspace's rules (its extracted text comes from the index's cache). Raises
        :class:`UserError` for an unknown id, ``UnreadableFile`` (a :class:`Failure`) when
        the file can no longer be read.
        """
        article = self.backend.article(article_id)
        if article is None:
            raise UserError(f"No article with id {article_id!r}: see `briefing list`.")
        return read_article_report(
            article.path,
            self.corpus,
            self.rules,
            article_id=article.id,
            cache=ExtractionCache.beside(self.index_dir),
        )[1]

    def require_article(self, article_id: str) -> AnnotatedArticle:
        """:meth:`article`, or a :class:`UserError` naming the unknown id."""
        found = self.article(article_id)
        if found is None:
            raise UserError(f"No article with id {article_id!r}: see `briefing list`.")
        return found

    def highlight_quote(
        self,
        article_id: str,
        quote: str,
        occurrence: int | None = None,
        *,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight the *occurrence*-th (1-based) place where *quote* stands in the article.

        Raises :class:`UserError` when the quote is not there, or is there more than once
        and no occurrence is given.
        """
        article = self.require_article(article_id).article
        start, end = locate_quote(article.id, article.text, quote, occurrence)
        return self.highlight_span(article, start, end, color=color, note=note, tags=tags)

    def highlight_span(
        self,
        article: Article,
        start: int,
        end: int,
        *,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight ``article.text[start:end]`` (code points) and save it."""
        target = quote_at(article.text, start, end, article.content_hash)
        label = color or (self.labels[0] if self.labels else "key-fact")
        return self.store.add_highlight(article.id, target, color=label, note=note, tags=tags)

    def triage(self, highlight_id: str) -> list[Candidate]:
        """Where an orphaned highlight might belong in its article's current text: the best
        candidates, scored (none when the article is gone from the corpus)."""
        article_id, highlight = find_highlight(self.store, highlight_id)
        article = self.backend.article(article_id)
        return [] if article is None else candidates(highlight.target, article.text)

    def reattach(self, highlight_id: str, candidate: int) -> Highlight:
        """Re-attach a highlight to its *candidate*-th (1-based) triage candidate; its
        note, tags and colour stay. UserError when there is no such candidate."""
        article_id, _ = find_highlight(self.store, highlight_id)
        article = self.backend.article(article_id)
        return reattach(self.store, article, highlight_id, candidate)

    def flags(self) -> dict[str, tuple[bool, bool]]:
        """Article id -> (read, starred) where either is set (unloadable files left out)."""
        return flags_of(self.store)

    # -- saved searches -----------------------------------------------------------------------
    @property
    def saved_searches(self) -> SavedSearches:
        """The team's saved searches (``annotations/.briefing/searches.yaml``)."""
        return SavedSearches(self.annotations_dir)

    def run_saved(
        self, name: str, limit: int | None = None, *, visit: bool = True
    ) -> tuple[SavedSearch, SearchResults, set[str]]:
        """(the search, its results, the ids new since this analyst's last visit). With
        *visit* the visit is recorded: what is listed now is not new next time. Saving a
        search records a visit (the analyst has just seen its hits)."""
        search = self.saved_searches.get(name)
        results = self.search(search.query, limit=limit)
        ids = {hit.id for hit in results.hits}
        return search, results, new_since_visit(self.state, search.name, ids, visit=visit)

    def highlights(self, tag: str | None = None) -> Briefing:
        """Every live highlight of the corpus, placed, for listing (``A``, ``annotations``):
        those of articles gone from the corpus come as orphans of an absent article."""
        from briefing.core.export import collect

        return collect(self.backend_lookup, self.store, tags=[tag] if tag else (), missing="orphan")

    # -- export and import ----------------------------------------------------------------------
    @property
    def backend_lookup(self) -> BackendLookup:
        return BackendLookup(self.corpus, self.backend)

    def collect(
        self,
        *,
        tags: Iterable[str] = (),
        article_ids: Iterable[str] = (),
        since: str | date | None = None,
    ) -> Briefing:
        """The highlights an export with these filters holds (``ExportError`` on a bad one)."""
        from briefing.core.export import collect

        return collect(
            self.backend_lookup, self.store, tags=tags, article_ids=article_ids, since=since
        )

    def export(
        self,
        fmt: str,
        *,
        tags: Iterable[str] = (),
        article_ids: Iterable[str] = (),
        since: str | date | None = None,
        group_by: Literal["tag", "article"] = "tag",
        title: str = "Briefing",
        bom: bool = True,
    ) -> tuple[Briefing, Rendered]:
        """(what was collected, its text in *fmt*, or for a folder format its files by
        name); writes nothing. *bom*: start CSV with a byte order mark, so spreadsheets
        read it as UTF-8 (see :func:`render`)."""
        from briefing.core.export import render

        briefing = self.collect(tags=tags, article_ids=article_ids, since=since)
        return briefing, render(briefing, fmt, group_by=group_by, title=title, bom=bom)

    def check_output(self, path: Path, *, replace: bool = True, folder: bool = False) -> None:
        """:class:`~briefing.core.outputs.OutputRules`: never in the corpus or annotations."""
        self.outputs.check(path, replace=replace, folder=folder)

    def write_output(self, path: Path, output: Rendered, *, replace: bool = True) -> None:
        """Write an export atomically by :meth:`check_output`'s rules (Failure if it fails)."""
        self.outputs.write(path, output, replace=replace)

    def import_file(
        self, path: Path, *, leftovers: Path | None = None, replace: bool = False
    ) -> tuple[ImportReport, Path | None]:
        """Merge a W3C JSON, Hypothesis JSON or Readwise CSV file into the store; returns
        the report and where what was not imported was kept (None: nothing was left).

        All is read, checked, matched and placed before anything is written. What is not
        imported is written first, in the file's own kind, to *leftovers* (default: beside
        *path*, ``<name>.unmatched.json``) by :meth:`check_output`'s rules (an existing
        file is replaced only with *replace*, or when it holds that very text); then the
        rest is merged. Raises ``ImportFileError`` (a UserError) for a bad file."""
        from briefing.core.export import import_file

        return import_file(
            path, self.backend_lookup, self.store, self.outputs, leftovers, replace=replace
        )
