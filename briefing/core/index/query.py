"""Checking a query before Whoosh reads it, and rewriting what Whoosh would misread.

Whoosh's parser accepts almost anything and quietly turns a typo into a different query
(an unknown field, an unclosed quote, a date it cannot read, a reversed range). Everything
the user types goes through :func:`prepare_query` first: a mistake is refused with a
one-line :class:`QueryError` that says what to fix, and the rest is rewritten into the
Whoosh syntax that means what the user meant:

* field names are case-insensitive (``Title:cuba`` is ``title:cuba``: Whoosh would search
  the words "title" and "cuba" instead);
* a colon inside quotes is text, and so is an unknown ``word:`` followed by a space or the
  end (``Law Enforcement: State Department``); an unknown name followed directly by a value
  (``titel:x``) is an error naming the fields;
* date ranges may be open (``date:[2023-01-15 TO]``, or ``TO *]``) and a brace excludes
  its end (Whoosh's date field ignores braces): ``{a TO b}`` becomes the inclusive range
  of the days strictly between; a range that ends before it starts is an error, not zero
  hits.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from briefing.core.corpus import parse_iso_date
from briefing.core.errors import UserError

SEARCH_FIELDS = ("title", "body", "source", "byline", "note", "tag")
QUERY_FIELDS = (*SEARCH_FIELDS, "date", "id")  # id: an article by its id (go to it)

# A quoted phrase (kept whole: a colon in it is text), or a field name at the start of a
# clause: after the start, white space, "(", "+" or "-". A name starts with a letter, so
# "10:30" stays text.
_SCAN = re.compile(r'"[^"]*"|(?<![^\s(+\-])(?P<name>[^\W\d]\w*):')
_DATE_RANGE = re.compile(r"[\[{][^\]}]*[\]}]")
_DATE_WORD = re.compile(r"[^\s()]+")
_RANGE_PARTS = re.compile(r"([\[{])\s*(\S*?)\s*TO\s*(\S*?)\s*([\]}])", re.IGNORECASE)
_DATE_ATOM = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})
_CLAUSES = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_DATE_HELP = "use date:2023, date:2023-01 or date:[2023-01-01 TO 2023-01-31]"


class QueryError(UserError, ValueError):
    """A query the user must fix; the message is one line."""


def check_syntax(text: str) -> None:
    """Raise QueryError for what Whoosh would silently misread: unbalanced quotes, brackets
    or parentheses, unknown or empty fields, bad or reversed dates, misplaced operators."""
    prepare_query(text)


def prepare_query(text: str) -> str:
    """The query as Whoosh should parse it (see the module docstring for the rewrites).

    Raises QueryError (one line) for a query to fix.
    """
    if not text.strip():
        raise QueryError("Empty query: type some words, or * for every article.")
    if text.count('"') % 2:
        raise QueryError(f'Unclosed quote in {text!r}: add the closing ".')
    # A range may mix its ends ([a TO b} holds a, not b), so [ and { close alike.
    for opens, closes, name in (("(", ")", "()"), ("[{", "]}", "[] or {}")):
        depth = 0
        for char in text:
            depth += (char in opens) - (char in closes)
            if depth < 0:
                break
        if depth:
            raise QueryError(f"Unbalanced {name} in {text!r}.")
    _check_operators(text)
    out: list[str] = []
    pos = 0
    while m := _SCAN.search(text, pos):
        out.append(text[pos : m.start()])
        pos = m.end()
        name = m.group("name")
        if name is None:  # a quoted phrase
            out.append(m.group())
            continue
        field = name.lower()
        at_end = pos == len(text) or text[pos].isspace() or text[pos] == ")"
        if field not in QUERY_FIELDS:
            if at_end:  # "Enforcement: State": the colon is punctuation, not a field
                out.append(name + " ")
                continue
            fields = ", ".join(QUERY_FIELDS)
            raise QueryError(
                f"Unknown field '{name}:' in {text!r} (fields: {fields}; "
                "put text with a colon in quotes)."
            )
        if at_end:
            raise QueryError(f"'{name}:' needs a value right after the colon ({field}:cuba).")
        out.append(field + ":")
        if field == "date":
            value = _DATE_RANGE.match(text, pos) or _DATE_WORD.match(text, pos)
            if value is None:
                raise QueryError(f"date: takes one date or a range in {text!r}: {_DATE_HELP}.")
            out.append(_date_value(value.group()))
            pos = value.end()
    out.append(text[pos:])
    return "".join(out)


def _check_operators(text: str) -> None:
    """AND / OR / NOT need a clause on each side (NOT only after it), one at a time."""
    clauses = _CLAUSES.findall(text)
    previous = "("
    for clause in [*clauses, ")"]:
        if clause in _OPERATORS:
            if previous == "(" and clause != "NOT":
                raise QueryError(f"{text!r}: {clause} needs a word before it.")
            if previous in _OPERATORS and (clause != "NOT" or previous == "NOT"):
                raise QueryError(
                    f"{text!r}: {previous} {clause} is two operators in a row; keep one."
                )
        elif clause == ")" and previous in _OPERATORS:
            raise QueryError(f"{text!r}: {previous} needs a word after it.")
        previous = clause


def _date_value(value: str) -> str:
    """A date or range checked, and rewritten as Whoosh reads it right (ranges in days)."""
    if value[:1] not in "[{":
        _period(value, value)
        return value
    m = _RANGE_PARTS.fullmatch(value)
    if m is None:
        raise QueryError(f"date:{value} is not a range: {_DATE_HELP}.")
    open_, low, high, close = m.groups()
    low, high = low.strip("*"), high.strip("*")  # Lucene's open end: [2023 TO *]
    first = last = None
    if low:
        start, end = _period(low, value)
        first = start if open_ == "[" else _shift(end, 1, value)
    if high:
        start, end = _period(high, value)
        last = end if close == "]" else _shift(start, -1, value)
    if first and last and first > last:
        if open_ + close == "{}" and _period(low, value)[0] <= _period(high, value)[1]:
            raise QueryError(f"date:{value} has no day between its ends: use [ ] to include them.")
        raise QueryError(f"date:{value} ends before it starts: put the earlier date first.")
    return f"[{first or ''} TO {last or ''}]".replace("[ TO", "[TO").replace(" ]", "]")


def _period(atom: str, value: str) -> tuple[date, date]:
    """The first and last day of 2023, 2023-02 or 2023-02-14; QueryError if not a date."""
    start = None
    if _DATE_ATOM.match(atom):
        start = parse_iso_date((atom + "-01-01")[:10] if len(atom) == 4 else (atom + "-01")[:10])
    if start is None:
        raise QueryError(f"date:{value} is not a date: {_DATE_HELP}.")
    if len(atom) == 4:
        return start, date(start.year, 12, 31)
    if len(atom) == 7:
        return start, date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start, start


def _shift(day: date, days: int, value: str) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise QueryError(f"date:{value} has no day beyond its end.") from None
