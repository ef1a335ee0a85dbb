"""Collecting what goes into a briefing: :func:`collect`.

:func:`collect` gathers the live highlights of annotated articles, filtered, in a fixed order
(article date, then position in the text; orphans last within their article), each placed in
the article's current text as the reader shows it (:mod:`briefing.core.annotations.placing`) and cited
with the analyst's metadata corrections applied. The Markdown and CSV forms of a
:class:`Briefing` are in :mod:`briefing.core.export.markdown`; the W3C JSON form in
:mod:`briefing.core.export.w3c`, and importing it in :mod:`briefing.core.export.w3c_import`. Nothing here
writes a file or changes an annotation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal, Protocol

from briefing.core.annotations import (
    AnchorStatus,
    AnnotationStore,
    ArticleAnnotations,
    Highlight,
    PlacedHighlight,
    annotate_article,
    line_number,
    quote_at,
)
from briefing.core.corpus import (
    Article,
    UnreadableFile,
    clean_tags,
    decode,
    normalise,
    strip_markdown,
    tag_key,
)
from briefing.core.export.model import (
    ArticleRef,
    Briefing,
    ExportEntry,
    ExportError,
    ExportFilter,
    applied_tags,
    parse_since,
)
from briefing.core.progress import Progress, reporting


class ListedArticle(Protocol):
    """An article as :meth:`ArticleLookup.articles` lists it: its id is all export needs."""

    @property
    def id(self) -> str: ...


class ArticleLookup(Protocol):
    """Where collect finds articles: the index (or anything with its clean text)."""

    @property
    def corpus(self) -> Path: ...

    def article(self, article_id: str) -> Article | None: ...

    def articles(self) -> Sequence[ListedArticle]:
        """Every article (import reads them to match web addresses and titles)."""
        ...


def _created_on(highlight: Highlight) -> date | None:
    try:
        moment = datetime.fromisoformat(highlight.created)
    except ValueError:
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def collect(
    articles: ArticleLookup,
    store: AnnotationStore,
    *,
    tags: Iterable[str] = (),
    article_ids: Iterable[str] = (),
    since: str | date | None = None,
    missing: Literal["skip", "orphan"] = "skip",
    progress: Progress | None = None,
) -> Briefing:
    """The live highlights to export, in order, each placed in its article's current text.

    *tags*: keep a highlight when it, or its article, has any of them (case-insensitive).
    *article_ids*: only these articles (:class:`ExportError` for an id not in the corpus).
    *since*: only highlights created on or after this day (UTC); the day a passage was
    highlighted, not the article's date, since "what did we find this week" is the question.
    *missing*: what becomes of the highlights of an article no longer in the corpus:
    ``"skip"`` them with a warning (a briefing cites only what can be read), or list them
    as ``"orphan"`` entries of an article whose ``present`` is False (the ``A`` view and
    ``briefing annotations``, where the analyst must see them to decide).
    *progress* gets (done, total, stage): "loading" the annotations files, then
    "collecting" their articles' highlights (see :data:`briefing.core.progress.EXPORT_STAGES`).
    """
    filters = ExportFilter(
        tags=tuple(clean_tags(tags)),
        article_ids=tuple(dict.fromkeys(article_ids)),
        since=parse_since(since),
    )
    for aid in filters.article_ids:
        if articles.article(aid) is None:
            raise ExportError(f"no article with id {aid!r}: see `briefing list`")
    wanted_tags = {tag_key(t) for t in filters.tags}
    loaded, errors = store.load_all(progress)
    warnings = [f"{e}; its highlights are not exported" for e in errors]
    ids = filters.article_ids or tuple(loaded)

    per_article: list[tuple[ArticleRef, list[ExportEntry]]] = []
    for aid in reporting(ids, progress, "collecting"):
        ann = loaded.get(aid)
        if ann is None or not (ann.live_highlights or _article_level(ann)):
            continue
        article = articles.article(aid)
        if article is None and missing == "skip":
            warnings.append(f"{aid}: annotated but not in the corpus; not exported")
            continue
        if article is None:
            ref = _missing_ref(aid, articles.corpus, ann)
            placed = [
                PlacedHighlight(h, None, None, AnchorStatus.ORPHANED) for h in ann.live_highlights
            ]
        else:
            annotated = annotate_article(article, ann)
            ref = _article_ref(articles.corpus, annotated.article, ann)
            placed = list(annotated.highlights)
        article_tagged = bool(wanted_tags & {tag_key(t) for t in ref.tags})
        entries = []
        file_lines: list[int | None] | None = None
        for p in placed:
            h = p.highlight
            if wanted_tags and not wanted_tags & {tag_key(t) for t in applied_tags(h, ref)}:
                continue
            if filters.since and not ((day := _created_on(h)) and day >= filters.since):
                continue
            if article is None or p.start is None or p.end is None:
                t = h.target
                entries.append(
                    ExportEntry(ref, h, p.status, None, None, t.exact, t.prefix, t.suffix, None)
                )
                continue
            now = quote_at(article.text, p.start, p.end, article.content_hash)
            line = None
            if article.format == "text":  # other formats' lines are not the file's
                if file_lines is None:
                    file_lines = source_lines(article)
                row = line_number(article.text, p.start) - 1
                line = file_lines[row] if row < len(file_lines) else None
            entries.append(
                ExportEntry(
                    ref,
                    h,
                    p.status,
                    p.start,
                    p.end,
                    now.exact,
                    now.prefix,
                    now.suffix,
                    line,
                    locator(article, p.start),
                )
            )
        # An article with only a note, tags or corrections: these carry no date
        article_only = (
            _article_level(ann) and filters.since is None and (not wanted_tags or article_tagged)
        )
        if entries or article_only:
            per_article.append((ref, entries))

    per_article.sort(key=lambda pair: (pair[0].date is None, pair[0].date or "", pair[0].id))
    return Briefing(
        entries=tuple(e for _, entries in per_article for e in entries),
        articles=tuple(ref for ref, _ in per_article),
        filters=filters,
        warnings=tuple(warnings),
    )


def _article_level(ann: ArticleAnnotations) -> bool:
    """True when the analyst annotated the article itself: a note, tags or corrections."""
    return bool(ann.note or ann.tags or ann.overrides)


def _article_ref(corpus: Path, cited: Article, ann: ArticleAnnotations) -> ArticleRef:
    try:
        path = cited.path.relative_to(corpus).as_posix()
    except ValueError:
        path = cited.path.name
    return ArticleRef(
        id=cited.id,
        title=cited.title,
        source=cited.source,
        date=cited.date,
        path=path,
        corpus_name=corpus.name,
        tags=cited.tags,
        note=ann.note,
        url=cited.url,
        byline=cited.byline,
        analyst_tags=tuple(ann.tags),
        corrections=tuple(ann.overrides.items()),
    )


def _missing_ref(article_id: str, corpus: Path, ann: ArticleAnnotations) -> ArticleRef:
    return ArticleRef(
        id=article_id,
        title=ann.overrides.get("title") or article_id,
        source=ann.overrides.get("source"),
        date=ann.overrides.get("date"),
        path="",
        corpus_name=corpus.name,
        tags=tuple(ann.tags),
        note=ann.note,
        present=False,
        analyst_tags=tuple(ann.tags),
        corrections=tuple(ann.overrides.items()),
    )


def locator(article: Article, start: int) -> str | None:
    """Where in its file the passage at *start* is, for a format with places finer than
    the file and no lines of its own: a PDF's page ("p. 3"), a feed's entry ("entry
    grain-deal-extended"); None for other formats (text files are cited by line)."""
    if article.pages:
        return f"p. {max(1, bisect_right(article.pages, start))}"
    if article.entry:
        return f"entry {article.entry}"
    return None


def source_lines(article: Article) -> list[int | None]:
    """For each line of ``article.text``, the 1-based line of the corpus file it came from.

    Citations name the file, so their line numbers must be the file's, not the clean text's
    (cleaning drops blank runs, titles and cruft lines). Cleaning never splits or merges
    lines, so each clean line is found, in order, inside one file line as Markdown-stripped
    text. ``None`` for blank lines and for lines not found (the file changed since indexing,
    or cannot be read).
    """
    try:
        raw = normalise(decode(article.path.read_bytes(), article.path.name).text)
    except (OSError, UnreadableFile):
        return []
    file_lines = [strip_markdown(line).strip() for line in raw.split("\n")]
    found: list[int | None] = []
    next_line = 0
    for line in article.text.split("\n"):
        probe = line.strip()
        at = next_line
        while probe and at < len(file_lines) and probe not in file_lines[at]:
            at += 1
        if probe and at < len(file_lines):
            found.append(at + 1)
            next_line = at + 1
        else:
            found.append(None)
    return found
