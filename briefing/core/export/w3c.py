"""Highlights as W3C Web Annotation JSON: the choices made, and writing an AnnotationCollection.

Choices where the Web Annotation Data Model leaves room (https://www.w3.org/TR/annotation-model/):

* ``@context`` is ``["http://www.w3.org/ns/anno.jsonld", {"briefing": "urn:briefing:vocab:"}]``:
  the model requires its context to be one of the values and puts extension contexts after
  it; the second one makes our ``briefing:`` keys proper IRIs for JSON-LD processors.
  Extension keys: ``briefing:path`` on a target (the file relative to the corpus folder)
  and ``briefing:status`` on an annotation (exact / fuzzy / orphaned at export time).
* Collection and page ids are ``urn:uuid:`` UUID5s of the exported highlight ids, so the
  same export gives the same file. There is one page, embedded as ``first``.
* An annotation's ``id`` is ``urn:uuid:<highlight id>``; its ``motivation`` is always
  ``highlighting`` (what the analyst did), each body says its own ``purpose``: the note is
  a ``TextualBody`` with purpose ``commenting`` (``format: text/plain``), each tag one with
  purpose ``tagging``, and the colour label one with purpose ``classifying`` (the label
  classifies the passage: claim, question...).
* The target is a ``SpecificResource`` whose ``source`` is ``urn:briefing:article:<id>``,
  with a ``TextQuoteSelector`` (the passage as the article reads now, with context) and a
  ``TextPositionSelector`` (code-point offsets into the clean text), the latter left out for
  orphans, whose position is unknown.
* Deleted highlights (tombstones) are not exported: other tools would show them. Import
  never resurrects a local tombstone with an older copy (see
  :meth:`AnnotationStore.merge_highlight`).

Reading such a file and merging it into the store is :mod:`briefing.core.export.w3c_import`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from briefing.core.export.model import Briefing, ExportEntry

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "urn:briefing:vocab:"
CONTEXT = [ANNO_CONTEXT, {"briefing": VOCAB}]
_UUID_IRI = "urn:uuid:"
_HIGHLIGHT_IRI = "urn:briefing:highlight:"


def annotation_iri(highlight_id: str) -> str:
    """``urn:uuid:<id>`` for uuid ids (all that briefing makes), else a briefing URN."""
    try:
        return _UUID_IRI + str(uuid.UUID(highlight_id))
    except ValueError:
        return _HIGHLIGHT_IRI + highlight_id


def highlight_id_of(iri: str) -> str:
    """The highlight id an annotation IRI names: the inverse of :func:`annotation_iri`;
    any other IRI is taken as the id itself."""
    for prefix in (_UUID_IRI, _HIGHLIGHT_IRI):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def _annotation(e: ExportEntry) -> dict[str, Any]:
    h, a = e.highlight, e.article
    body: list[dict[str, Any]] = []
    if h.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": h.note,
                "format": "text/plain",
            }
        )
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in h.tags]
    body.append({"type": "TextualBody", "purpose": "classifying", "value": h.color})
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": e.quote, "prefix": e.prefix, "suffix": e.suffix}
    ]
    if e.start is not None and e.end is not None:
        selectors.append({"type": "TextPositionSelector", "start": e.start, "end": e.end})
    item: dict[str, Any] = {
        "id": annotation_iri(h.id),
        "type": "Annotation",
        "motivation": "highlighting",
        "created": h.created,
        "modified": h.modified,
    }
    if h.author:
        item["creator"] = {"type": "Person", "name": h.author}
    item["body"] = body
    item["target"] = {
        "type": "SpecificResource",
        "source": a.iri,
        "selector": selectors,
        "briefing:path": a.path,
    }
    item["briefing:status"] = e.status.value
    return item


def to_w3c(briefing: Briefing, title: str = "Briefing") -> dict[str, Any]:
    """The briefing's highlights as a W3C AnnotationCollection (a JSON-ready dict)."""
    ids = "\n".join(sorted(e.id for e in briefing.entries))  # the set names the collection
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, "urn:briefing:collection:" + ids)
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _UUID_IRI + str(collection_id),
        "type": "AnnotationCollection",
        "label": title,
        "total": len(briefing.entries),
        "generator": {"type": "Software", "name": "briefing"},
    }
    if briefing.entries:  # the model: no first page when there is nothing to page
        doc["first"] = {
            "id": _UUID_IRI + str(uuid.uuid5(collection_id, "page-1")),
            "type": "AnnotationPage",
            "partOf": doc["id"],
            "startIndex": 0,
            "items": [_annotation(e) for e in briefing.entries],
        }
    return doc


def to_w3c_json(briefing: Briefing, title: str = "Briefing") -> str:
    """:func:`to_w3c` as indented UTF-8 JSON text (non-ASCII kept as is)."""
    return json.dumps(to_w3c(briefing, title), ensure_ascii=False, indent=2) + "\n"
