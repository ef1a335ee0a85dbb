"""Reading W3C Web Annotation JSON into an :class:`~.import_model.ImportFile`.

Accepts an AnnotationCollection (its embedded pages, chained by ``next``), an
AnnotationPage, a lone Annotation or a JSON array of Annotations (as Hypothesis's JSON-LD
comes), written by briefing (:mod:`briefing.core.export.w3c`, which also sets out the
choices made in the format) or another tool. Everything is checked before anything is
merged; an annotation that is well formed but cannot be used here (a reply, a target with
no quote to anchor) is skipped with a reason, and kept in the leftovers. Merging is
:mod:`briefing.core.export.importing`'s.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from briefing.core.config import DEFAULT_LABELS
from briefing.core.corpus import clean_tags, parse_iso_date
from briefing.core.export.import_model import (
    ArticleKey,
    ImportFile,
    Incoming,
    IncomingArticleData,
    IncomingHighlight,
    Invalid,
    check_text,
)
from briefing.core.export.model import ARTICLE_IRI
from briefing.core.export.w3c import ANNO_CONTEXT, ARTICLE_KINDS, CONTEXT, highlight_id_of

CONTEXTS = {ANNO_CONTEXT, "https://www.w3.org/ns/anno.jsonld"}
# Pages followed at most when importing a collection whose pages are chained by "next".
_MAX_PAGES = 10_000
_KIND_OF = {motivation: kind for kind, motivation in ARTICLE_KINDS.items()}


def is_w3c(doc: Any) -> bool:
    """True for a W3C annotation document: its ``@context`` (or, for a JSON array, its
    first item's) includes the annotation context."""
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        doc = doc[0]
    if not isinstance(doc, dict):
        return False
    return any(isinstance(c, str) and c in CONTEXTS for c in _list(doc.get("@context")))


def _is_type(obj: dict[str, Any], name: str) -> bool:
    kind = obj.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)


def text_field(obj: dict[str, Any], key: str, where: str) -> str | None:
    """``obj[key]`` when it is a string, None when absent; :class:`Invalid` otherwise."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise Invalid(f"{where}.{key} should be a string")
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _pages(doc: Any) -> list[tuple[str, list[Any]]]:
    """(where, items) of every page of a collection or page; a lone annotation is a page."""
    if isinstance(doc, list):
        return [("the list", doc)]
    if _is_type(doc, "Annotation"):
        return [("the annotation", [doc])]
    if _is_type(doc, "AnnotationPage"):
        page: Any = doc
    elif _is_type(doc, "AnnotationCollection"):
        page = doc.get("first")
        if page is None:
            return []
    else:
        raise Invalid(
            "type should be AnnotationCollection, AnnotationPage or Annotation, "
            f"not {doc.get('type')!r}"
        )
    pages: list[tuple[str, list[Any]]] = []
    while page is not None:
        where = f"page {len(pages) + 1}"
        if isinstance(page, str):
            raise Invalid(f"{where} is a link ({page}); only embedded pages can be imported")
        if not isinstance(page, dict):
            raise Invalid(f"{where} should be an AnnotationPage object")
        items = page.get("items")
        if not isinstance(items, list):
            raise Invalid(f"{where} has no items list")
        pages.append((where, items))
        page = page.get("next")
        if len(pages) > _MAX_PAGES:
            raise Invalid(f"more than {_MAX_PAGES} pages")
    return pages


def _bodies(item: dict[str, Any], where: str) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The textual bodies by purpose (``""`` for none given): (text, body) each. An old
    Hypothesis body gives its text as ``text`` rather than ``value``."""
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    if (value := text_field(item, "bodyValue", where)) is not None:
        found.setdefault("", []).append((value, {}))
    for i, body in enumerate(_list(item.get("body"))):
        if isinstance(body, str):
            continue  # an external resource (an IRI): nothing of ours to keep
        here = f"{where}.body[{i}]"
        if not isinstance(body, dict):
            raise Invalid(f"{here} should be an object")
        value = text_field(body, "value", here)
        if value is None:
            value = text_field(body, "text", here)
        if value is None:
            continue  # not a TextualBody
        purpose = body.get("purpose")
        found.setdefault(purpose if isinstance(purpose, str) else "", []).append((value, body))
    return found


def _note(bodies: dict[str, list[tuple[str, dict[str, Any]]]]) -> str:
    """Commenting (or unspecified) bodies, joined: the note."""
    notes = [
        v for purpose, found in bodies.items() for v, _ in found if purpose in ("", "commenting")
    ]
    return "\n\n".join(n for n in notes if n)


def _author(item: dict[str, Any], where: str) -> str:
    creators = _list(item.get("creator"))
    if not creators:
        return ""
    first = creators[0]
    if isinstance(first, str):
        return first
    if not isinstance(first, dict):
        raise Invalid(f"{where}.creator should be an object with a name")
    return (
        text_field(first, "name", f"{where}.creator") or text_field(first, "nickname", where) or ""
    )


def _position(selector: dict[str, Any], where: str) -> tuple[int, int]:
    start, end = selector.get("start"), selector.get("end")
    for key, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Invalid(f"{where}.{key} should be a whole number, 0 or more")
    assert isinstance(start, int) and isinstance(end, int)  # checked just above
    if start > end:
        raise Invalid(f"{where} starts after it ends")
    return start, end


def read_selectors(
    target: dict[str, Any], where: str
) -> tuple[dict[str, Any] | None, tuple[int, int] | None]:
    """The first TextQuoteSelector (checked) and TextPositionSelector (start, end) of a
    target; selectors of other kinds (RangeSelector...) are passed over."""
    quote: dict[str, Any] | None = None
    position: tuple[int, int] | None = None
    for i, selector in enumerate(_list(target.get("selector"))):
        here = f"{where}.selector[{i}]"
        if not isinstance(selector, dict):
            raise Invalid(f"{here} should be an object")
        if _is_type(selector, "TextQuoteSelector") and quote is None:
            if not isinstance(selector.get("exact"), str):
                raise Invalid(f"{here} (TextQuoteSelector) needs exact text")
            for key in ("prefix", "suffix"):
                text_field(selector, key, here)
            quote = selector
        elif _is_type(selector, "TextPositionSelector") and position is None:
            position = _position(selector, here)
    return quote, position


def _key(target: dict[str, Any], source: str, where: str) -> ArticleKey:
    ids = []
    for iri in (source, text_field(target, "briefing:article", where) or ""):
        if iri.startswith(ARTICLE_IRI):
            ids.append(unquote(iri[len(ARTICLE_IRI) :]))
    if path := text_field(target, "briefing:path", where):
        ids.append(PurePosixPath(path).with_suffix("").as_posix())
    url = None if source.startswith(ARTICLE_IRI) else source
    return ArticleKey(tuple(dict.fromkeys(ids)), url, source=source)


def _article_data(
    iri: str,
    kind: str,
    bodies: dict[str, list[tuple[str, dict[str, Any]]]],
    key: ArticleKey,
    where: str,
) -> IncomingArticleData | str:
    if kind == "tags":
        tags = clean_tags(v for v, _ in bodies.get("tagging", []))
        return (
            IncomingArticleData(iri, "tags", key, tags=tuple(tags)) if tags else f"{iri}: no tags"
        )
    if kind == "note":
        note = _note(bodies)
        return IncomingArticleData(iri, "note", key, note=note) if note else f"{iri}: an empty note"
    corrections = []
    for value, body in bodies.get("editing", []):
        field = body.get("briefing:field")
        # title, date and source are what briefing corrects; a key added by hand to a
        # YAML's overrides travels too, as the store keeps it
        if not isinstance(field, str) or not field.strip():
            raise Invalid(
                f"{where}: an editing body needs a briefing:field naming what it corrects"
            )
        if field == "date" and parse_iso_date(value) is None:
            raise Invalid(f"{where}: the corrected date {value!r} should be YYYY-MM-DD")
        corrections.append((field, value.strip()))
    if not corrections:
        return f"{iri}: an edit request with no correction briefing can apply"
    return IncomingArticleData(iri, "corrections", key, corrections=tuple(corrections))


def _read_annotation(item: Any, where: str) -> Incoming | str:
    """The annotation, or the reason it is skipped; :class:`Invalid` when malformed."""
    if not isinstance(item, dict):
        raise Invalid(f"{where} should be an object")
    if not _is_type(item, "Annotation"):
        raise Invalid(f"{where} should have type Annotation")
    iri = text_field(item, "id", where)
    if not iri or not highlight_id_of(iri).strip():
        raise Invalid(f"{where} has no id")
    created = text_field(item, "created", where) or text_field(item, "modified", where) or ""
    modified = text_field(item, "modified", where) or created
    author = _author(item, where)
    bodies = _bodies(item, where)
    if "target" not in item:
        raise Invalid(f"{where} has no target")
    targets = _list(item["target"])
    if len(targets) != 1:
        return f"{iri}: has {len(targets)} targets; only single-target annotations are imported"
    target = targets[0]
    if isinstance(target, str):
        return f"{iri}: targets a whole document, not a passage"
    if not isinstance(target, dict):
        raise Invalid(f"{where}.target should be an object or an IRI")
    source = text_field(target, "source", f"{where}.target")
    if not source:
        raise Invalid(f"{where}.target has no source")
    key = _key(target, source, f"{where}.target")
    quote, position = read_selectors(target, f"{where}.target")
    motivations = [m for m in _list(item.get("motivation")) if m in _KIND_OF]
    if quote is None and "selector" not in target and motivations:
        return _article_data(iri, _KIND_OF[motivations[0]], bodies, key, where)
    if quote is None or not quote["exact"].strip():
        return f"{iri}: no TextQuoteSelector with text, so it cannot be anchored"
    stored = target.get("briefing:stored")
    content_hash = ""
    if position is None and isinstance(stored, dict):  # an orphan: where it stood
        position = _position(stored, f"{where}.target.briefing:stored")
        content_hash = text_field(stored, "content_hash", f"{where}.target.briefing:stored") or ""
    colors = [v.strip() for v, _ in bodies.get("classifying", []) if v.strip()]
    return IncomingHighlight(
        id=highlight_id_of(iri),
        created=created,
        modified=modified,
        author=author,
        note=_note(bodies),
        tags=clean_tags(v for v, _ in bodies.get("tagging", [])),
        color=colors[0] if colors else DEFAULT_LABELS[0],
        article=key,
        exact=quote["exact"],
        prefix=quote.get("prefix") or "",
        suffix=quote.get("suffix") or "",
        start=position[0] if position else None,
        end=position[1] if position else None,
        content_hash=content_hash,
    )


def read_w3c(doc: Any) -> ImportFile:
    """The annotations of a parsed W3C document (see :func:`is_w3c`); :class:`Invalid`
    naming the place when its shape is wrong."""
    raw: list[Any] = []
    items: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    for where_page, page_items in _pages(doc):
        for i, item in enumerate(page_items):
            where = f"{where_page} items[{i}]" if where_page != "the annotation" else where_page
            check_text(item, where)
            read = _read_annotation(item, where)
            if isinstance(read, str):
                skipped.append((len(raw), read))
            else:
                items.append(replace(read, raw=len(raw)))
            raw.append(item)
    return ImportFile("W3C annotations", items, skipped, raw, lambda kept: _leftovers(raw, kept))


def _leftovers(raw: list[Any], kept: list[int]) -> str:
    items = [raw[i] for i in kept]
    ids = "\n".join(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items)
    named = uuid.uuid5(uuid.NAMESPACE_URL, "urn:briefing:leftovers:" + ids)
    collection = f"urn:uuid:{named}"
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "Not imported",
        "total": len(items),
    }
    if items:
        doc["first"] = {
            "id": f"urn:uuid:{uuid.uuid5(named, 'page-1')}",
            "type": "AnnotationPage",
            "partOf": {"id": collection, "total": len(items)},
            "startIndex": 0,
            "items": items,
        }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
