"""Reading Hypothesis's own JSON into an :class:`~.import_model.ImportFile`.

Two shapes, both lists of annotations as Hypothesis's API gives them
(https://h.readthedocs.io/en/latest/api-reference/): a search result,
``{"total": N, "rows": [...]}``, and the client's "Export annotations" file,
``{"export_date", "export_userid", "client_version", "annotations": [...]}``. Each
annotation: ``id``, ``created``, ``updated``, ``user`` (``acct:name@host``, or
``user_info.display_name``), ``uri``, ``text`` (the note, Markdown kept as plain text),
``tags``, ``target: [{source, selector: [...]}]`` and ``document: {title: [...]}``. Its
TextQuoteSelector and TextPositionSelector are re-anchored by our own rules; the article is
found by its address (``source``, else ``uri``), then by the document's title. Replies and
page notes (no selector) are skipped with a reason and kept in the leftovers. Hypothesis's
JSON-LD is W3C JSON: :mod:`.w3c_import` reads it, and gives each annotation the same id
(``https://hypothes.is/a/<id>``) as this module does.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from briefing.core.config import DEFAULT_LABELS
from briefing.core.corpus import clean_tags
from briefing.core.export.import_model import (
    ArticleKey,
    ImportFile,
    Incoming,
    IncomingHighlight,
    Invalid,
    check_text,
)
from briefing.core.export.w3c_import import read_selectors, text_field

_CLIENT_EXPORT_KEYS = ("export_date", "export_userid", "client_version")


def is_hypothesis(doc: Any) -> bool:
    """True for Hypothesis API search JSON or the client's export file."""
    if not isinstance(doc, dict):
        return False
    if isinstance(doc.get("rows"), list):
        return True
    return isinstance(doc.get("annotations"), list) and any(k in doc for k in _CLIENT_EXPORT_KEYS)


def _strings(row: dict[str, Any], key: str, where: str) -> list[str]:
    value = row.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(f"{where}.{key} should be a list of strings")
    return value


def _object(row: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = row.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Invalid(f"{where}.{key} should be an object")
    return value


def _title(row: dict[str, Any], where: str) -> str | None:
    title = _object(row, "document", where).get("title")
    if isinstance(title, list):  # the API gives a list of one
        title = next((t for t in title if isinstance(t, str) and t.strip()), None)
    if title is not None and not isinstance(title, str):
        raise Invalid(f"{where}.document.title should be a string or a list of strings")
    return title


def _read_row(row: Any, where: str) -> IncomingHighlight | str:
    """The annotation, or the reason it is skipped; :class:`Invalid` when malformed."""
    if not isinstance(row, dict):
        raise Invalid(f"{where} should be an object")
    row_id = text_field(row, "id", where)
    if not row_id or not row_id.strip():
        raise Invalid(f"{where} has no id")
    html = text_field(_object(row, "links", where), "html", f"{where}.links")
    iri = html if html and html.startswith(("https://", "http://")) else None
    iri = iri or f"https://hypothes.is/a/{row_id}"
    created = text_field(row, "created", where) or ""
    modified = text_field(row, "updated", where) or created
    note = text_field(row, "text", where) or ""
    tags = _strings(row, "tags", where)
    info = _object(row, "user_info", where)
    author = text_field(info, "display_name", f"{where}.user_info") or ""
    author = author or (text_field(row, "user", where) or "").removeprefix("acct:")
    uri = text_field(row, "uri", where)
    title = _title(row, where)
    targets = row.get("target")
    if targets is not None and not isinstance(targets, list):
        raise Invalid(f"{where}.target should be a list")
    if _strings(row, "references", where):
        return f"{iri}: a reply, not a passage"
    if not targets:
        return f"{iri}: a page note, not a passage"
    target = targets[0]
    if not isinstance(target, dict):
        raise Invalid(f"{where}.target[0] should be an object")
    source = text_field(target, "source", f"{where}.target[0]") or uri
    quote, position = read_selectors(target, f"{where}.target[0]")
    if quote is None or not quote["exact"].strip():
        return f"{iri}: a page note, not a passage (no TextQuoteSelector)"
    return IncomingHighlight(
        id=iri,
        created=created,
        modified=modified,
        author=author,
        note=note,
        tags=clean_tags(tags),
        color=DEFAULT_LABELS[0],
        article=ArticleKey(url=source, title=title),
        exact=quote["exact"],
        prefix=quote.get("prefix") or "",
        suffix=quote.get("suffix") or "",
        start=position[0] if position else None,
        end=position[1] if position else None,
    )


def read_hypothesis(doc: Any) -> ImportFile:
    """The annotations of a Hypothesis API or client export document (see
    :func:`is_hypothesis`); :class:`Invalid` naming the place when its shape is wrong."""
    key = "rows" if isinstance(doc.get("rows"), list) else "annotations"
    rows: list[Any] = doc[key]
    items: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    for i, row in enumerate(rows):
        where = f"{key}[{i}]"
        check_text(row, where)
        read = _read_row(row, where)
        if isinstance(read, str):
            skipped.append((i, read))
        else:
            items.append(replace(read, raw=i))
    return ImportFile(
        "Hypothesis annotations", items, skipped, rows, lambda kept: _leftovers(rows, kept)
    )


def _leftovers(rows: list[Any], kept: list[int]) -> str:
    """The rows not imported, as an API search result (which this module reads back)."""
    left = [rows[i] for i in kept]
    return json.dumps({"total": len(left), "rows": left}, ensure_ascii=False, indent=2) + "\n"
