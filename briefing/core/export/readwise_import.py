"""Reading a Readwise CSV into an :class:`~.import_model.ImportFile`.

Two shapes are read, recognised by a ``Highlight`` column: Readwise's import template
(``Highlight, Title, Author, URL, Note, Location, Date``, as ``briefing export --format
readwise`` writes it) and Readwise's own CSV export (``Highlight, Book Title, Book Author,
Amazon Book ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document
tags``). A row's article is found by its ``URL``, then its title. Tags come from a
``Tags`` column (comma-separated) and from the note's last line when it holds only
Readwise inline tags (``.cuba .talks``). ``Location`` is taken as a position hint (our
export writes the start offset); the quote alone decides where a highlight goes. A
leading ``'`` that :func:`~.csv_format.neutralise` put before a formula character is
taken off again. Readwise keeps no ids: each row gets a UUID5 of what it holds, so
importing one file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import replace
from datetime import UTC, datetime

from briefing.core.config import DEFAULT_LABELS
from briefing.core.corpus import clean_tags
from briefing.core.display import plural
from briefing.core.export.csv_format import neutralise
from briefing.core.export.import_model import (
    ArticleKey,
    ImportFile,
    Incoming,
    IncomingHighlight,
    Invalid,
    check_text,
)
from briefing.core.export.readwise import INLINE_TAGS

# Our name for each column, and the names Readwise's two CSVs give it.
_COLUMNS = {
    "quote": ("highlight",),
    "title": ("title", "book title"),
    "author": ("author", "book author"),
    "url": ("url",),
    "note": ("note",),
    "color": ("color",),
    "tags": ("tags",),
    "location": ("location",),
    "date": ("date", "highlighted at"),
}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:briefing:readwise")


def _header(text: str) -> list[str]:
    first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")), [])
    return [cell.strip().casefold() for cell in first]


def is_readwise(text: str) -> bool:
    """True for CSV text whose header has a ``Highlight`` column."""
    try:
        return "highlight" in _header(text)
    except csv.Error:
        return False


def _unneutralise(cell: str) -> str:
    """*cell* without the ``'`` that :func:`neutralise` puts before a formula start."""
    return cell[1:] if cell.startswith("'") and neutralise(cell[1:]) == cell else cell


def _stamp(value: str) -> str:
    """A Readwise date as our ISO UTC stamp; the text as given when it is not a date."""
    value = value.strip()
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _note_and_tags(note: str, tags_cell: str) -> tuple[str, list[str]]:
    tags = tags_cell.split(",") if tags_cell.strip() else []
    head, _, last = note.rpartition("\n")
    if INLINE_TAGS.fullmatch(last.strip()):
        tags += [word[1:] for word in last.split()]
        note = head
    return note, clean_tags(tags)


def _location(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _read_row(row: dict[str, str], line: int) -> IncomingHighlight | str:
    quote = row["quote"]
    if not quote.strip():
        return f"line {line}: an empty highlight"
    title, url = row["title"].strip() or None, row["url"].strip() or None
    note, tags = _note_and_tags(row["note"], row["tags"])
    start = _location(row["location"])
    created = _stamp(row["date"])
    name = "\x1f".join([title or "", url or "", quote, row["location"], row["date"]])
    return IncomingHighlight(
        id=str(uuid.uuid5(_NAMESPACE, name)),
        created=created,
        modified=created,
        author="",
        note=note,
        tags=tags,
        color=row["color"].strip() or DEFAULT_LABELS[0],
        article=ArticleKey(url=url, title=title),
        exact=quote,
        prefix="",
        suffix="",
        start=start,
        end=None if start is None else start + len(quote),
    )


def read_readwise(text: str) -> ImportFile:
    """The highlights of a Readwise CSV (see :func:`is_readwise`); :class:`Invalid` naming
    the line when it is not well formed."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as e:
        raise Invalid(f"not valid CSV at line {reader.line_num} ({e})") from None
    if not rows:
        raise Invalid("empty: a Readwise CSV starts with a header naming a Highlight column")
    header = [cell.strip().casefold() for cell in rows[0]]
    columns = {
        ours: next((header.index(n) for n in names if n in header), None)
        for ours, names in _COLUMNS.items()
    }
    raw: list[list[str]] = rows[1:]
    items: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    for i, cells in enumerate(raw):
        where = f"line {i + 2}"
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) > len(header):
            raise Invalid(f"{where} has {plural(len(cells), 'cell')}, the header {len(header)}")
        check_text(cells, where)
        row = {
            ours: _unneutralise(cells[at]) if at is not None and at < len(cells) else ""
            for ours, at in columns.items()
        }
        read = _read_row(row, i + 2)
        if isinstance(read, str):
            skipped.append((i, read))
        else:
            items.append(replace(read, raw=i))
    return ImportFile(
        "Readwise highlights",
        items,
        skipped,
        raw,
        lambda kept: _leftovers(rows[0], raw, kept),
        suffix=".csv",
    )


def _leftovers(header: list[str], raw: list[list[str]], kept: list[int]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in header])
    for i in kept:
        writer.writerow([neutralise(c) for c in raw[i]])
    return out.getvalue()
