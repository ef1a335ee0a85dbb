"""Readers per file format: bytes -> :class:`Extracted` (text and metadata), one interface.

A :class:`Format` is registered by suffix; a ``.txt`` or ``.md`` file is also sniffed,
since a web page saved from a browser "as text" is often the page's HTML. Text files are
decoded here, in this process (it is fast and safe); every other format runs in the
reading process (:mod:`.sandbox`), with a size limit and a timeout, and its result is kept
by content hash (:mod:`.cache`). What comes out goes through the same normalisation and
cleaning as text (:mod:`..reading`).

=========  ===============================  ==========================================
format     suffixes                         gives
=========  ===============================  ==========================================
text       .txt .md .markdown               the text; metadata from front matter/head
html       .html .htm (and HTML in .txt)    main text (trafilatura); title, author,
                                            date, site name, canonical URL
pdf        .pdf                             text per page; title, author, date
email      .eml                             body; subject, sender, date, organisation
feed       .rss .atom .xml                  one article per entry; title, link, author,
                                            date; the feed's title as source
docx       .docx                            paragraphs and tables; title, author, date
=========  ===============================  ==========================================
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.corpus.formats.base import Extracted, Skip
from briefing.core.corpus.formats.cache import ExtractionCache
from briefing.core.corpus.formats.feed import read_feed
from briefing.core.corpus.formats.html import looks_like_html, read_html
from briefing.core.corpus.formats.mail import read_email
from briefing.core.corpus.formats.pdf import read_pdf
from briefing.core.corpus.formats.sandbox import Failed, Reader, run_reader
from briefing.core.corpus.formats.word import read_docx
from briefing.core.corpus.textio import UnreadableFile, decode

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "ExtractionCache",
    "Extracted",
    "Format",
    "Skip",
    "extract",
    "format_for",
    "holds_many",
    "is_readable_name",
    "unsupported_reason",
]

_MB = 1 << 20


@dataclass(frozen=True)
class Format:
    """One file format: *name*, the *suffixes* it is registered by (lower case), its
    *reader* (None: text, decoded in this process), the largest file it reads (*max_bytes*)
    and how long its reader may take on one file (*timeout*, seconds). *many*: one file
    gives several articles (a feed)."""

    name: str
    suffixes: tuple[str, ...]
    reader: Reader | None
    max_bytes: int
    timeout: float = 60.0
    many: bool = False


TEXT = Format("text", (".txt", ".md", ".markdown"), None, 1 << 30)
HTML = Format("html", (".html", ".htm", ".xhtml"), read_html, 32 * _MB, timeout=60)
# A 2,000-page PDF at pypdf's ~50 ms a page on a loaded machine takes minutes.
PDF = Format("pdf", (".pdf",), read_pdf, 200 * _MB, timeout=300)
EMAIL = Format("email", (".eml",), read_email, 50 * _MB, timeout=60)
FEED = Format("feed", (".rss", ".atom", ".xml"), read_feed, 32 * _MB, timeout=60, many=True)
DOCX = Format("docx", (".docx",), read_docx, 100 * _MB, timeout=120)
FORMATS = (TEXT, HTML, PDF, EMAIL, FEED, DOCX)
SUFFIXES = tuple(s for f in FORMATS for s in f.suffixes)
_BY_SUFFIX = {s: f for f in FORMATS for s in f.suffixes}


def _suffix(name: str) -> str:
    # Called for every file of every update (100k at a time): two C-level finds, no split.
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") + 1 else ""


def format_for(name: str) -> Format | None:
    """The format registered for *name*'s suffix (any case), or None."""
    return _BY_SUFFIX.get(_suffix(name))


def is_readable_name(name: str) -> bool:
    """True for a file name some reader takes."""
    return _suffix(name) in _BY_SUFFIX


def holds_many(name: str) -> bool:
    """True for a file that may give several articles (a feed), by its name."""
    return _suffix(name) in _MANY


_MANY = frozenset(s for f in FORMATS if f.many for s in f.suffixes)


def unsupported_reason(name: str) -> str:
    """Why the file *name* is not read when no reader takes it ("unsupported type (.xlsx)")."""
    return f"unsupported type ({_suffix(name) or 'no suffix'})"


def extract(data: bytes, name: str, cache: ExtractionCache | None = None) -> list[Extracted]:
    """What the file *name* (its '/'-separated path in the corpus) with bytes *data* holds:
    one :class:`Extracted` per article (several for a feed, in feed order).

    Raises UnreadableFile, naming the file, with a reason: unsupported type, empty, too
    large, binary, or the reader's own (encrypted PDF, not a feed, took too long...).
    """
    found = format_for(name)
    if found is None:
        raise UnreadableFile(name, unsupported_reason(name))
    if not data.strip():
        raise UnreadableFile(name, "empty file")
    if len(data) > found.max_bytes:
        limit = found.max_bytes // _MB
        raise UnreadableFile(name, f"too large ({len(data) / _MB:.0f} MB; at most {limit} MB)")
    if found.reader is None:
        decoded = decode(data, name)
        if not looks_like_html(decoded.text):
            return [Extracted("text", decoded.text, warnings=decoded.warnings)]
        found = HTML  # a page saved "as text" from a browser
    return _read(found, data, name, cache)


def _read(found: Format, data: bytes, name: str, cache: ExtractionCache | None) -> list[Extracted]:
    assert found.reader is not None
    key = ExtractionCache.key(found.name, data) if cache else None
    if cache is not None and key is not None:
        hit = cache.get(key, name)
        if isinstance(hit, str):
            raise UnreadableFile(name, hit)
        if hit is not None:
            return hit
    try:
        result = run_reader(found.reader, data, name, found.timeout)
    except Failed:
        raise
    except UnreadableFile as exc:
        if cache is not None and key is not None:
            cache.put(key, name, exc.reason)
        raise
    if cache is not None and key is not None:
        cache.put(key, name, result)
    return result
