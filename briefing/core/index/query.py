"""Checking a query before Whoosh reads it: the mistakes Whoosh would silently misread.

Whoosh's parser accepts almost anything and quietly turns a typo into a different query
(an unknown field, an unclosed quote, a date it cannot read). Everything the user types is
checked here first and refused with a one-line :class:`QueryError` that says what to fix.
"""

from __future__ import annotations

import re

from briefing.core.corpus import parse_iso_date
from briefing.core.errors import UserError

SEARCH_FIELDS = ("title", "body", "source", "byline", "note", "tag")
QUERY_FIELDS = (*SEARCH_FIELDS, "date")

_FIELD_REF = re.compile(r"(?:(?<=^)|(?<=[\s(+\-]))([A-Za-z_]+):(?=(\S?))")
_DATE_VALUE = re.compile(r"(?<![\w])date:(\[[^\]]*\]|\{[^}]*\}|\S+)", re.IGNORECASE)
_DATE_ATOM = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_OPERATOR = re.compile(r"^(AND|OR|NOT|ANDNOT|ANDMAYBE)$")


class QueryError(UserError, ValueError):
    """A query the user must fix; the message is one line."""


def check_syntax(text: str) -> None:
    """Raise QueryError for what Whoosh would silently misread: unbalanced quotes, brackets
    or parentheses, unknown or empty fields, bad dates, dangling operators."""
    if not text.strip():
        raise QueryError("Empty query: type some words, or * for every article.")
    if text.count('"') % 2:
        raise QueryError(f'Unclosed quote in {text!r}: add the closing ".')
    for open_, close in ("()", "[]", "{}"):
        depth = 0
        for char in text:
            depth += (char == open_) - (char == close)
            if depth < 0:
                break
        if depth:
            raise QueryError(f"Unbalanced {open_}{close} in {text!r}.")
    for m in _FIELD_REF.finditer(text):
        name = m.group(1).lower()
        if name not in QUERY_FIELDS:
            fields = ", ".join(QUERY_FIELDS)
            raise QueryError(f"Unknown field '{m.group(1)}:' in {text!r} (fields: {fields}).")
        if not m.group(2) or m.group(2).isspace():
            raise QueryError(f"'{m.group(1)}:' needs a value right after the colon.")
    for m in _DATE_VALUE.finditer(text):
        _check_date(m.group(1))
    bare = [t for t in re.findall(r'"[^"]*"|\S+', text)]
    if bare and (_OPERATOR.match(bare[0]) and bare[0] != "NOT" or _OPERATOR.match(bare[-1])):
        raise QueryError(f"{text!r}: AND / OR / NOT need a term on each side.")


def _check_date(value: str) -> None:
    value = value.strip("()")
    if value[:1] in "[{":
        parts = re.split(r"\s+TO\s+", value[1:-1].strip(), flags=re.IGNORECASE)
        atoms = [p for p in parts if p]
    else:
        atoms = [value]
    for atom in atoms:
        if not _DATE_ATOM.match(atom) or parse_iso_date(_first_day(atom)) is None:
            raise QueryError(
                f"date:{value} is not a date: use date:2023, date:2023-01 or "
                "date:[2023-01-01 TO 2023-01-31]."
            )


def _first_day(atom: str) -> str:
    """2023 -> 2023-01-01, 2023-02 -> 2023-02-01: a partial date's first day, to check it."""
    return (atom + "-01-01")[:10] if len(atom) == 4 else (atom + "-01")[:10]
