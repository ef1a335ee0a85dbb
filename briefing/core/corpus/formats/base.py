"""What a reader gets out of a file (:class:`Extracted`) and how it says it got nothing
(:class:`Skip`): the shapes every format module shares.

A reader runs in the reading process (see :mod:`.sandbox`), so what it returns must pickle
and what it raises is turned into a reason there; both are plain data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from briefing.core.corpus.metadata import parse_date_text


@dataclass(frozen=True)
class Extracted:
    """One article's text and metadata as a reader found them, before normalisation and
    cleaning (which every format goes through alike, in :mod:`..reading`).

    *format*: ``"text"``, ``"html"``, ``"pdf"``, ``"email"``, ``"feed"`` or ``"docx"``.
    *text*: the text, paragraphs apart by a blank line. *date*: ISO ``YYYY-MM-DD``.
    *page_lines*: for a PDF, the 1-based line of *text* where each page starts (its first
    is 1). *entry*: for one entry of a feed, its key, the last part of its article id.
    *warnings*: one line each, naming the file.
    """

    format: str
    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    page_lines: tuple[int, ...] = ()
    entry: str | None = None
    warnings: tuple[str, ...] = ()


class Skip(Exception):
    """Raised by a reader when the file gives no article; *reason* says why, to a person
    ("encrypted PDF (it needs a password)"), without the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def clean_field(value: object, limit: int = 300) -> str | None:
    """A metadata value as one line of text (white space collapsed), or None when it is
    not text or is blank; cut to *limit* characters, since a file may put anything there."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:limit] or None


def iso_day(value: object) -> str | None:
    """``YYYY-MM-DD`` from a date, a datetime or a date as text; None when it names none."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return parse_date_text(value[:10]) if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
    return None


def paragraphs(blocks: Iterable[str]) -> str:
    """Blocks of text (paragraphs, list items, table rows) as text: each block's lines
    stripped, blank ones dropped, one blank line between blocks."""
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)
