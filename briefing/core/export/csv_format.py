"""The CSV form of a briefing: one row per highlight."""

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
)


def to_csv(briefing: Briefing) -> str:
    """One row per highlight under a header of :data:`CSV_FIELDS`; RFC 4180 (CRLF rows,
    fields quoted when they hold a comma, quote or line break). Tags are ``;``-joined;
    start/end are offsets into the current clean text, empty for orphans."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for e in briefing.entries:
        h, a = e.highlight, e.article
        writer.writerow(
            [
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
            ]
        )
    return out.getvalue()
