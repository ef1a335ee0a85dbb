"""Exporting highlights: what goes into a briefing, and :func:`render` to any of FORMATS.

:func:`collect` gathers the live highlights of annotated articles, filtered, in a fixed order
(article date, then position in the text; orphans last within their article), each placed in
the article's current text as the reader shows it (:mod:`briefing.core.annotations.placing`) and cited
with the analyst's metadata corrections applied. The Markdown and CSV forms of a
:class:`Briefing` are in :mod:`briefing.core.export.markdown`; the W3C JSON form in
:mod:`briefing.core.export.w3c`, and importing it in :mod:`briefing.core.export.w3c_import`. Nothing here
writes a file or changes an annotation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from urllib.parse import quote as url_quote

from briefing.core.annotations.anchoring import AnchorStatus, quote_at
from briefing.core.annotations.store import AnnotationStore, ArticleAnnotations, Highlight
from briefing.core.corpus.cleaning import strip_markdown
from briefing.core.corpus.reading import Article
from briefing.core.export.markdown import to_csv, to_markdown
from briefing.core.annotations.placing import apply_overrides, line_number, place_highlights
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.corpus.metadata import parse_iso_date
from briefing.core.corpus.textio import UnreadableFile, decode, normalise

#: A stable IRI per article (W3C targets need one); the rest is the article id, %-encoded.
ARTICLE_IRI = "urn:briefing:article:"


class ExportError(Exception):
    """A filter that cannot be used (unknown article, bad date); ``str()`` is one line."""


@dataclass(frozen=True)
class ArticleRef:
    """An exported article as it is cited: metadata with the analyst's corrections."""

    id: str
    title: str
    source: str | None
    date: str | None
    #: The file, relative to the corpus folder and '/'-separated: ``world/001.txt``.
    path: str
    #: The corpus folder's name, so citations read ``corpus/world/001.txt``.
    corpus_name: str
    #: The article's own tags and those the analyst added.
    tags: tuple[str, ...]
    #: The analyst's article-level note.
    note: str

    @property
    def cited_path(self) -> str:
        return f"{self.corpus_name}/{self.path}" if self.corpus_name else self.path

    @property
    def iri(self) -> str:
        return ARTICLE_IRI + url_quote(self.id, safe="/")


@dataclass(frozen=True)
class ExportEntry:
    """One highlight as exported: where it is now, and the passage as it reads now."""

    article: ArticleRef
    highlight: Highlight
    status: AnchorStatus
    start: int | None  # offsets into the clean text; None for orphans
    end: int | None
    #: The passage as the article reads now (for orphans, as it was highlighted).
    quote: str
    prefix: str
    suffix: str
    #: 1-based line of the corpus file where the passage starts; None when unknown.
    line: int | None

    @property
    def id(self) -> str:
        return self.highlight.id

    @property
    def orphaned(self) -> bool:
        return self.status is AnchorStatus.ORPHANED


@dataclass(frozen=True)
class ExportFilter:
    """Which highlights to export. Empty means no restriction; several tags or article ids
    mean any of them."""

    tags: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()
    since: date | None = None

    def describe(self) -> str:
        """A short phrase for the briefing's header; empty when nothing is filtered."""
        parts = []
        if self.tags:
            parts.append("tag " + " or ".join(self.tags))
        if self.article_ids:
            parts.append("article " + " or ".join(self.article_ids))
        if self.since:
            parts.append(f"highlighted since {self.since.isoformat()}")
        return " · ".join(parts)


@dataclass(frozen=True)
class Briefing:
    """The result of :func:`collect`, the input of every writer."""

    entries: tuple[ExportEntry, ...]
    #: Every article in the export in order: those with entries, and those with only an
    #: article-level note (when no ``since`` filter is given, as notes carry no date).
    articles: tuple[ArticleRef, ...]
    filters: ExportFilter = ExportFilter()
    #: One line each: annotation files that did not load, annotations of vanished articles.
    warnings: tuple[str, ...] = ()

    @property
    def orphans(self) -> int:
        return sum(e.orphaned for e in self.entries)


def parse_since(value: str | date | None) -> date | None:
    """A ``--since`` value as a date; :class:`ExportError` unless it is YYYY-MM-DD."""
    if value is None or isinstance(value, date):
        return value
    parsed = parse_iso_date(value)
    if parsed is None:
        raise ExportError(f"invalid date {value!r}: use YYYY-MM-DD, e.g. 2023-01-14")
    return parsed


def _created_on(highlight: Highlight) -> date | None:
    try:
        moment = datetime.fromisoformat(highlight.created)
    except ValueError:
        return None
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()


def collect(
    index: CorpusIndex,
    store: AnnotationStore,
    *,
    tags: Iterable[str] = (),
    article_ids: Iterable[str] = (),
    since: str | date | None = None,
) -> Briefing:
    """The live highlights to export, in order, each placed in its article's current text.

    *tags*: keep a highlight when it, or its article, has any of them (case-insensitive).
    *article_ids*: only these articles (:class:`ExportError` for an id not in the corpus).
    *since*: only highlights created on or after this day (UTC); the day a passage was
    highlighted, not the article's date, since "what did we find this week" is the question.
    """
    filters = ExportFilter(
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        article_ids=tuple(dict.fromkeys(article_ids)),
        since=parse_since(since),
    )
    for aid in filters.article_ids:
        if index.article(aid) is None:
            raise ExportError(f"no article with id {aid!r}: see `briefing list`")
    wanted_tags = {t.casefold() for t in filters.tags}
    loaded, errors = store.load_all()
    warnings = [f"{e}; its highlights are not exported" for e in errors]
    ids = filters.article_ids or tuple(loaded)

    per_article: list[tuple[ArticleRef, list[ExportEntry]]] = []
    for aid in ids:
        ann = loaded.get(aid)
        if ann is None or not (ann.live_highlights or ann.note):
            continue
        article = index.article(aid)
        if article is None:
            warnings.append(f"{aid}: annotated but not in the corpus; not exported")
            continue
        ref = _article_ref(index, article, ann)
        article_tagged = bool(wanted_tags & {t.casefold() for t in ref.tags})
        entries = []
        file_lines: list[int | None] | None = None
        for placed in place_highlights(article, ann):
            h = placed.highlight
            if wanted_tags and not (article_tagged or wanted_tags & {t.casefold() for t in h.tags}):
                continue
            if filters.since and not ((day := _created_on(h)) and day >= filters.since):
                continue
            if placed.start is None or placed.end is None:
                t = h.target
                entries.append(
                    ExportEntry(
                        ref, h, placed.status, None, None, t.exact, t.prefix, t.suffix, None
                    )
                )
                continue
            if file_lines is None:
                file_lines = source_lines(article)
            row = line_number(article.text, placed.start) - 1
            now = quote_at(article.text, placed.start, placed.end, article.content_hash)
            entries.append(
                ExportEntry(
                    ref,
                    h,
                    placed.status,
                    placed.start,
                    placed.end,
                    now.exact,
                    now.prefix,
                    now.suffix,
                    file_lines[row] if row < len(file_lines) else None,
                )
            )
        note_only = (
            ref.note.strip() and filters.since is None and (not wanted_tags or article_tagged)
        )
        if entries or note_only:
            per_article.append((ref, entries))

    per_article.sort(key=lambda pair: (pair[0].date is None, pair[0].date or "", pair[0].id))
    return Briefing(
        entries=tuple(e for _, entries in per_article for e in entries),
        articles=tuple(ref for ref, _ in per_article),
        filters=filters,
        warnings=tuple(warnings),
    )


def _article_ref(index: CorpusIndex, article: Article, ann: ArticleAnnotations) -> ArticleRef:
    cited = apply_overrides(article, ann)
    try:
        path = article.path.relative_to(index.corpus).as_posix()
    except ValueError:
        path = article.path.name
    return ArticleRef(
        id=article.id,
        title=cited.title,
        source=cited.source,
        date=cited.date,
        path=path,
        corpus_name=index.corpus.name,
        tags=cited.tags,
        note=ann.note,
    )


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


FORMAT_SUFFIXES = {"markdown": ".md", "csv": ".csv", "json": ".json"}
FORMATS = tuple(FORMAT_SUFFIXES)


def render(
    briefing: Briefing,
    fmt: str,
    *,
    group_by: Literal["tag", "article"] = "tag",
    title: str = "Briefing",
) -> str:
    """The briefing in one of FORMATS, as the CLI and the app's export dialog write it."""
    if fmt == "csv":
        return to_csv(briefing)
    if fmt == "json":
        # w3c builds on this module, so it is imported here rather than at the top.
        from briefing.core.export.w3c import to_w3c_json

        return to_w3c_json(briefing, title=title)
    if fmt == "markdown":
        return to_markdown(briefing, group_by=group_by, title=title)
    raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
