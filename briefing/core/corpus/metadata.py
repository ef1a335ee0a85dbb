"""Reading title, source, date, byline and place out of the head of an article.

Heuristics only look at the head, where web pages put these things, and never invent what
the text does not say: a dateline without a year gives no date. The head is at most
HEAD_LINES non-blank lines and ends once the story has begun (its second line of prose:
one standfirst may come before the byline). A date further down is the story's, not the
article's: "January 17, 1961" over a paragraph of a timeline is an event's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from briefing.core.corpus.report import NumberedLine, RemovedLine
from briefing.core.corpus.segments import first_sentence

HEAD_LINES = 12  # non-blank lines examined for metadata, at most
HEAD_PROSE = 2  # the head ends after this many lines of prose
# A title made from the first sentence is the whole sentence: titles are stored, searched
# and exported whole, and only a display cuts them to its width. This bounds only an
# opening with no sentence end in it (a run of text without punctuation), cut at a word.
TITLE_MAX = 300

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
_ORDINAL = r"(?i:st|nd|rd|th)?"  # "January 17th, 1961"

_LEADING_ISO_DATE = re.compile(r"^\s*date:?\s+(?P<iso>\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)
_SITE_ICON = re.compile(r"^site icon\s+(?P<source>.+)$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?i:by)\b:?\s*(?P<name>.*)$")
# Where a byline's date may begin: "By Jane Roe | January 5, 2023", "..., Jan 5, 2023",
# "... · Published January 5, 2023", "... on 5 January 2023".
_BYLINE_DATE = re.compile(
    r"\s*(?:[|,·•/–—]|\s-\s|\s(?i:on)\s)\s*(?:(?i:published|updated|posted)(?:\s+(?i:on))?:?\s+)?"
)
# A time after a byline's date: ", 10:30 AM", " at 10.30 a.m. EST".
_TIME = re.compile(
    r"(?:,|\s+(?i:at))?\s+\d{1,2}[:.]\d{2}(?:\s*(?i:[ap]\.?m\.?))?(?:\s+[A-Z]{2,5})?$"
)
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
    + r"\s+(?P<day>\d{1,2})"
    + _ORDINAL
    + r",?\s+(?P<year>\d{4})"
    + r"|(?P<day2>\d{1,2})"
    + _ORDINAL
    + r"\s+"
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
    + r"\s+(?P<day>\d{1,2})"
    + _ORDINAL
    + r",?\s+(?P<year>\d{4})"
    + r"|(?P<day2>\d{1,2})"
    + _ORDINAL
    + r"\s+"
    + _MONTH.replace("month", "month2")
    + r",?\s+(?P<year2>\d{4})"
    + r"|(?P<iso>\d{4}-\d{2}-\d{2}))$"
)
# A front matter date: ISO, perhaps with a time ("2023-01-05T10:00:00Z"), as YAML wrote
# timestamps; one-digit months and days as YAML 1.1 allowed them.
_ISO_STAMP = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[Tt ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?\s*(?:[Zz]|[-+]\d{1,2}(?::?\d{2})?)?)?"
)


def parse_date_text(value: str) -> str | None:
    """The ISO date (YYYY-MM-DD) that *value* names, or None: an ISO date or timestamp
    ("2023-01-05", "2023-01-05T10:00:00Z") or a written one ("January 5, 2023",
    "5 Jan 2023", "Thursday, January 5, 2023"). Never a guess: a month without a day, or
    a day that does not exist, gives None."""
    value = " ".join(value.split())
    m = _ISO_STAMP.fullmatch(value)
    if m:
        return iso_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _date_alone(value)


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


def _byline(text: str) -> tuple[str, str | None] | None:
    """(name, ISO date or None) of a byline line ("By Jane Roe | January 5, 2023"); the
    name is "" for a bare "by". None when the line is not a byline."""
    m = _BYLINE.match(text)
    if not m or len(text) > 120:
        return None
    name = m.group("name").strip()
    if not name or (len(text) <= 80 and looks_like_name(name)):
        return name, None
    for sep in _BYLINE_DATE.finditer(name):
        who, when = name[: sep.start()].strip(), name[sep.end() :].strip()
        iso = _date_alone(_TIME.sub("", when))
        if iso and looks_like_name(who):
            return who, iso
    return None


_PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def _is_prose(text: str) -> bool:
    """A line of the story: a few words that end a sentence."""
    return len(text.split()) >= 6 and _PROSE_END.search(text) is not None


def extract_head(
    lines: list[NumberedLine], meta: Metadata
) -> tuple[list[NumberedLine], list[RemovedLine]]:
    """Fill *meta* from the head; return (the lines to show, the metadata lines removed).

    A line that only carries metadata (a byline, "Site icon X", "Publication, date") is
    taken out of the shown text because the reader's header shows it; a dateline stays,
    since it is the first words of the story. A date alone on a line is the article's
    date only in the head and only when the article has no other such line (several are
    a timeline's, all the story's); it leaves the text only when it is the date shown.
    """
    series = sum(1 for _, line in lines if _date_alone(line.strip())) > 1
    kept: list[NumberedLine] = []
    removed: list[RemovedLine] = []
    seen = prose = 0
    for index, (number, line) in enumerate(lines):
        if seen >= HEAD_LINES or prose >= HEAD_PROSE:
            kept.extend(lines[index:])
            break
        stripped = line.strip()
        if not stripped:
            kept.append((number, line))
            continue
        seen += 1
        taken, what, rest = _take_metadata(stripped, line, meta, series)
        if what:
            removed.append(RemovedLine(number, taken, "metadata", metadata=what))
        if rest.strip():
            kept.append((number, rest))
            prose += _is_prose(rest.strip())
    return kept, removed


def _take_metadata(
    stripped: str, line: str, meta: Metadata, series: bool
) -> tuple[str, str | None, str]:
    """(the text taken out, what it gave the header or None, the rest of the line to show).

    *series*: the article has several lines that are only a date, so none is metadata.
    """
    m = _LEADING_ISO_DATE.match(line)
    if m:  # labelled "date 2023-01-14": metadata by its own word, whatever the header shows
        meta.date = meta.date or iso_date(*map(int, m.group("iso").split("-")))
        return m.group().strip(), "date", line[m.end() :]
    m = _SITE_ICON.match(stripped)
    if m:
        meta.source = meta.source or m.group("source").strip()
        return stripped, "source", ""
    byline = _byline(stripped)
    if byline is not None:
        name, iso = byline
        meta.byline = meta.byline or name or None
        meta.date = meta.date or iso
        return stripped, "byline and date" if iso else "byline", ""
    alone = _date_alone(stripped)
    if alone:
        if series or meta.date not in (None, alone):
            return "", None, line  # a timeline's, or not the date shown: the story's
        meta.date = alone
        return stripped, "date", ""
    named = _name_date(stripped)
    if named:
        # "Publication, date" is attribution, never prose: it leaves the text even when an
        # earlier line gave the header its source and date (seed 001's second one names
        # where the piece first ran), and the report says it is not shown.
        name, iso = named
        shown = meta.source in (None, name) or meta.date in (None, iso)
        meta.source = meta.source or name
        meta.date = meta.date or iso
        what = "source and date" if shown else "source and date (not shown: an earlier line's are)"
        return stripped, what, ""
    m = _DATELINE.match(stripped)
    if m:
        meta.place = meta.place or m.group("place")
        meta.source = meta.source or m.group("source").strip()
        if m.group("year"):
            month = _MONTHS[m.group("month").lower()]
            meta.date = meta.date or iso_date(int(m.group("year")), month, int(m.group("day")))
    return "", None, line


def title_line_index(lines: list[str], alone: bool = True) -> int | None:
    """The index of a line that reads as a title: the first non-blank line, if it is short,
    does not end a sentence, and stands alone (a blank line or nothing after it; not asked
    when *alone* is False, for text such as a PDF's, which has no blank lines to give)."""
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        followed_by_blank = index + 1 >= len(lines) or not lines[index + 1].strip()
        if (
            len(text) <= 160
            and not text.endswith((".", "!", "?", ":", ","))
            and (followed_by_blank or not alone)
        ):
            return index
        return None
    return None


def first_sentence_title(text: str) -> str | None:
    """The first sentence of `text` (after any dateline), whole. Only a first sentence
    longer than TITLE_MAX characters (an opening without punctuation) is cut, at a word
    boundary, with "…"."""
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
