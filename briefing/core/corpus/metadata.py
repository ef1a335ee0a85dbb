"""Reading title, source, date, byline and place out of the head of an article.

Heuristics only look at the first few lines, where web pages put these things, and never
invent what the text does not say: a dateline without a year gives no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from briefing.core.corpus.segments import first_sentence

HEAD_LINES = 12  # non-blank lines examined for metadata
TITLE_MAX = 80  # a title made from the first sentence is cut at a word boundary to this

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r"))\.?"

_LEADING_ISO_DATE = re.compile(r"^\s*date:?\s+(?P<iso>\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
_SITE_ICON = re.compile(r"^site icon\s+(?P<source>.+)$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?i:by)\b:?\s*(?P<name>.*)$")
# "Washington, Feb 18 (Inditop.com/EFE) The US government ..."
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}),\s+"
    + _MONTH
    + r"\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?\s+\((?P<source>[^)\n]{2,60})\)\s*"
)
# "Global Research, January 16, 2023" / "Al Mayadeen English 13 January 2023": a short line
# that is a name and a full date and nothing else.
_NAME_DATE = re.compile(
    r"^(?P<name>[^\d,]{2,60}?),?\s+(?:"
    + _MONTH
    + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    + r"|(?P<day2>\d{1,2})\s+"
    + _MONTH.replace("month", "month2")
    + r",?\s+(?P<year2>\d{4}))\s*$"
)
# Words a publication or author name may hold besides capitalised ones.
_NAME_CONNECTORS = {"of", "the", "and", "de", "del", "la", "el", "du", "von", "van", "&"}


@dataclass
class Metadata:
    title: str | None = None
    source: str | None = None
    date: str | None = None
    byline: str | None = None
    place: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(value: str) -> date | None:
    """`YYYY-MM-DD` that names a real day, as a date; anything else None."""
    value = value.strip()
    if not _ISO.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def iso_date(year: int, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None when the parts do not make a real date."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def looks_like_name(text: str, max_words: int = 6) -> bool:
    """Capitalised words (and connectors) only: "Al Mayadeen", "Bank of Spain", not prose."""
    words = text.replace(",", " ").split()
    return 0 < len(words) <= max_words and all(
        w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words
    )


_DATE_ALONE = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:"
    + _MONTH
    + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
    + r"|(?P<day2>\d{1,2})\s+"
    + _MONTH.replace("month", "month2")
    + r",?\s+(?P<year2>\d{4})"
    + r"|(?P<iso>\d{4}-\d{2}-\d{2}))$"
)


def _date_alone(line: str) -> str | None:
    """The ISO date of a head line that is nothing but a full date ("July 27, 2024")."""
    m = _DATE_ALONE.match(line)
    if not m:
        return None
    if m.group("iso"):
        parsed = parse_iso_date(m.group("iso"))
        return parsed.isoformat() if parsed else None
    if m.group("month"):
        month, day, year = m.group("month"), m.group("day"), m.group("year")
    else:
        month, day, year = m.group("month2"), m.group("day2"), m.group("year2")
    return iso_date(int(year), _MONTHS[month.lower()], int(day))


def _name_date(line: str) -> tuple[str, str] | None:
    m = _NAME_DATE.match(line)
    if not m or not looks_like_name(m.group("name")):
        return None
    if m.group("month"):
        month, day, year = m.group("month"), m.group("day"), m.group("year")
    else:
        month, day, year = m.group("month2"), m.group("day2"), m.group("year2")
    iso = iso_date(int(year), _MONTHS[month.lower()], int(day))
    return (m.group("name").strip(), iso) if iso else None


def extract_head(lines: list[str], meta: Metadata) -> list[str]:
    """Fill `meta` from the first lines; return the lines with pure-metadata lines removed.

    A line that only carries metadata (a byline, "Site icon X", "Publication, date") is taken
    out of the shown text because the reader's header shows it; a dateline stays, since it
    is the first words of the story.
    """
    out: list[str] = []
    seen = 0
    for index, line in enumerate(lines):
        if seen >= HEAD_LINES:
            out.extend(lines[index:])
            break
        stripped = line.strip()
        if not stripped:
            out.append(line)
            continue
        seen += 1
        consumed, line = _take_metadata(stripped, line, meta)
        if not consumed:
            out.append(line)
    return out


def _take_metadata(stripped: str, line: str, meta: Metadata) -> tuple[bool, str]:
    """(whether the line was only metadata, the line with any metadata prefix removed)."""
    m = _LEADING_ISO_DATE.match(line)
    if m:
        meta.date = meta.date or iso_date(*map(int, m.group("iso").split("-")))
        rest = line[m.end() :]
        return (not rest.strip(), rest)
    m = _SITE_ICON.match(stripped)
    if m:
        meta.source = meta.source or m.group("source").strip()
        return True, line
    m = _BYLINE.match(stripped)
    if m and len(stripped) <= 80 and (not m.group("name") or looks_like_name(m.group("name"))):
        name = m.group("name").strip()
        if name and not meta.byline:
            meta.byline = name
        return True, line
    alone = _date_alone(stripped)
    if alone:
        meta.date = meta.date or alone
        return True, line
    named = _name_date(stripped)
    if named:
        name, iso = named
        meta.source = meta.source or name
        meta.date = meta.date or iso
        return True, line
    m = _DATELINE.match(stripped)
    if m:
        meta.place = meta.place or m.group("place")
        meta.source = meta.source or m.group("source").strip()
        if m.group("year"):
            month = _MONTHS[m.group("month").lower()]
            meta.date = meta.date or iso_date(int(m.group("year")), month, int(m.group("day")))
    return False, line


def title_line_index(lines: list[str]) -> int | None:
    """The index of a line that reads as a title: the first non-blank line, if it is short,
    does not end a sentence, and stands alone (a blank line or nothing after it)."""
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        followed_by_blank = index + 1 >= len(lines) or not lines[index + 1].strip()
        if len(text) <= 160 and not text.endswith((".", "!", "?", ":", ",")) and followed_by_blank:
            return index
        return None
    return None


def first_sentence_title(text: str) -> str | None:
    """The first sentence of `text` (after any dateline), cut at a word boundary to TITLE_MAX."""
    body = " ".join(text.split())
    dateline = _DATELINE.match(body)
    if dateline:
        body = body[dateline.end() :]
    if not body:
        return None
    sentence = first_sentence(body) or body
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[: TITLE_MAX + 1].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"
