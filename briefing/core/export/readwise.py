"""The Readwise form of a briefing: a CSV in the columns of Readwise's CSV import.

Readwise (https://readwise.io/import_bulk) takes ``Highlight`` (required), ``Title``,
``Author``, ``URL``, ``Note``, ``Location`` and ``Date``. What goes in each:

* Author: the byline, else the source (Readwise groups highlights by title and author,
  and for news the publication is what a reader recognises).
* Note: the highlight's note, then its tags on a last line in Readwise's inline form
  (``.cuba .talks``; white space inside a tag becomes ``-``).
* Location: the passage's start offset in the article's clean text (code points), so an
  import can tell apart two occurrences of one quote; empty for orphans.
* Date: when it was highlighted, ``YYYY-MM-DD HH:MM:SS`` in UTC.

Every cell goes through :func:`~.csv_format.neutralise`; no byte order mark (this file is
for Readwise, not a spreadsheet). Reading a Readwise CSV back is :mod:`.readwise_import`.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from briefing.core.export.csv_format import neutralise
from briefing.core.export.model import Briefing

READWISE_FIELDS = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
# A last line of the note made only of ".tag" words: Readwise's inline tags.
INLINE_TAGS = re.compile(r"(?:\.\S+)(?:[ \t]+\.\S+)*")


def tag_word(tag: str) -> str:
    """*tag* in Readwise's inline form: ``.tag``, white space inside it as ``-``."""
    return "." + "-".join(tag.split())


def note_with_tags(note: str, tags: list[str]) -> str:
    """The Note cell: *note*, then the tags on a line of their own (just the tags when
    there is no note)."""
    words = " ".join(tag_word(t) for t in tags)
    if not words:
        return note
    return f"{note}\n{words}" if note else words


def readwise_date(stamp: str) -> str:
    """An ISO stamp as Readwise's ``YYYY-MM-DD HH:MM:SS`` in UTC; empty when unreadable."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    return moment.strftime(DATE_FORMAT)


def to_readwise_csv(briefing: Briefing) -> str:
    """One row per highlight under a header of :data:`READWISE_FIELDS`; RFC 4180 (CRLF
    rows), every cell neutralised against formulas."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(READWISE_FIELDS)
    for e in briefing.entries:
        h, a = e.highlight, e.article
        row = [
            e.quote,
            a.title,
            a.byline or a.source or "",
            a.url or "",
            note_with_tags(h.note, h.tags),
            "" if e.start is None else str(e.start),
            readwise_date(h.created),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
