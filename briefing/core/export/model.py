"""What an export holds: a :class:`Briefing` of :class:`ExportEntry` rows and the articles
they cite. Made by :func:`~briefing.core.export.collect.collect`, read by every writer
(Markdown, CSV, W3C JSON). Offsets are code points of the articles' clean text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote as url_quote

from briefing.core.annotations import AnchorStatus, Highlight
from briefing.core.corpus import clean_tags, parse_iso_date
from briefing.core.errors import UserError

#: A stable IRI per article (W3C targets need one); the rest is the article id, %-encoded.
ARTICLE_IRI = "urn:briefing:article:"


class ExportError(UserError):
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
    #: False for an article whose file is gone from the corpus (its highlights orphaned).
    present: bool = True
    #: The article's web address (front matter ``url:``), when it has one.
    url: str | None = None
    #: The byline (front matter ``author:``), when known.
    byline: str | None = None
    #: Of :attr:`tags`, those the analyst added (``T``); the rest came with the file.
    analyst_tags: tuple[str, ...] = ()
    #: The analyst's metadata corrections (``m``) as (field, value) pairs, as stored.
    corrections: tuple[tuple[str, str], ...] = ()

    @property
    def cited_path(self) -> str:
        return f"{self.corpus_name}/{self.path}" if self.corpus_name else self.path

    @property
    def iri(self) -> str:
        return ARTICLE_IRI + url_quote(self.id, safe="/")


def applied_tags(highlight: Highlight, article: ArticleRef) -> list[str]:
    """The one rule for tags: a highlight carries its own tags and all of its article's
    (cleaned, case-insensitively unique, its own first). Filters, grouping and counts
    all go by this."""
    return clean_tags([*highlight.tags, *article.tags])


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
    #: 1-based line of the corpus file where the passage starts; None when unknown, and
    #: for formats whose text is extracted (a page, a PDF, a feed), which have no such lines.
    line: int | None
    #: Where in the file, for formats with places of their own: "p. 3" (a PDF's page),
    #: "entry grain-deal-extended" (a feed's entry); None otherwise.
    locator: str | None = None

    @property
    def id(self) -> str:
        return self.highlight.id

    @property
    def orphaned(self) -> bool:
        return self.status is AnchorStatus.ORPHANED

    @property
    def tags(self) -> tuple[str, ...]:
        """The tags this highlight is filed under: :func:`applied_tags`."""
        return tuple(applied_tags(self.highlight, self.article))


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
    #: Every article in the export in order: those with entries, and those with only
    #: article-level annotations, a note, tags or corrections (when no ``since`` filter is
    #: given, as these carry no date).
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
