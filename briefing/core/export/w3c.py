"""Highlights as W3C Web Annotation JSON: the choices made, and writing an AnnotationCollection.

Choices where the Web Annotation Data Model leaves room (https://www.w3.org/TR/annotation-model/):

* ``@context`` is ``["http://www.w3.org/ns/anno.jsonld", {"briefing": "urn:briefing:vocab:"}]``:
  the model requires its context to be one of the values and puts extension contexts after
  it; the second one makes our ``briefing:`` keys proper IRIs for JSON-LD processors.
  Extension keys: on a target ``briefing:article`` (our stable ``urn:briefing:article:<id>``)
  and ``briefing:path`` (the file relative to the corpus folder); on an orphan's target
  ``briefing:stored`` (``start``, ``end``, ``content_hash``: where the passage stood when it
  was highlighted, kept so an import loses nothing); on an annotation ``briefing:status``
  (exact / fuzzy / orphaned at export time); on an editing body ``briefing:field``.
* Collection and page ids are ``urn:uuid:`` UUID5s of the exported annotation ids, so the
  same export gives the same file. There is one page, embedded as ``first``; its ``partOf``
  is the collection as an object (id, label, total), as the model's examples give it.
* A highlight's ``id`` is ``urn:uuid:<highlight id>``; its ``motivation`` is always
  ``highlighting`` (what the analyst did), each body says its own ``purpose``: the note is
  a ``TextualBody`` with purpose ``commenting`` (``format: text/plain``), each tag one with
  purpose ``tagging``, and the colour label one with purpose ``classifying`` (the label
  classifies the passage: claim, question...).
* The target is a ``SpecificResource`` whose ``source`` is the article's web address
  (front matter ``url:``) when it has one, else ``urn:briefing:article:<id>``, with a
  ``TextQuoteSelector`` (the passage as the article reads now, with context) and a
  ``TextPositionSelector`` (code-point offsets into the clean text), the latter left out for
  orphans, whose position is unknown.
* What the analyst wrote about an article itself travels as annotations of the whole
  article (a target with no selector), one per kind, each with a stable id
  (``urn:uuid:`` UUID5 of the article id and the kind) and no times (the YAML keeps none):
  its tags (motivation ``tagging``, a ``tagging`` body per tag the analyst added; tags from
  the file's front matter stay with the file), its note (``commenting``) and its metadata
  corrections (``editing``, a body per corrected field, named by ``briefing:field``).
* Deleted highlights (tombstones) are not exported: other tools would show them. Import
  never resurrects a local tombstone with an older copy (see
  :meth:`AnnotationStore.merge_highlight`). Read and starred flags are the reader's own
  and are not exported either.

Reading such a file and merging it into the store is :mod:`briefing.core.export.w3c_import`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from briefing.core.export.model import ArticleRef, Briefing, ExportEntry

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "urn:briefing:vocab:"
CONTEXT = [ANNO_CONTEXT, {"briefing": VOCAB}]
_UUID_IRI = "urn:uuid:"
_HIGHLIGHT_IRI = "urn:briefing:highlight:"
#: The motivation of each kind of article-level annotation, and its UUID5 name prefix.
ARTICLE_KINDS = {"tags": "tagging", "note": "commenting", "corrections": "editing"}


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
    item["target"] = _target(a) | {"selector": selectors}
    if e.orphaned:
        t = h.target
        item["target"]["briefing:stored"] = {
            "start": t.start,
            "end": t.end,
            "content_hash": t.content_hash,
        }
    item["briefing:status"] = e.status.value
    return item


def _target(a: ArticleRef) -> dict[str, Any]:
    return {
        "type": "SpecificResource",
        "source": a.url or a.iri,
        "briefing:article": a.iri,
        "briefing:path": a.path,
    }


def article_annotation_iri(article_id: str, kind: str) -> str:
    """The stable id of an article's *kind* annotation (a key of :data:`ARTICLE_KINDS`)."""
    name = f"urn:briefing:article-{kind}:{article_id}"
    return _UUID_IRI + str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _article_annotations(a: ArticleRef) -> list[dict[str, Any]]:
    """The analyst's tags, note and corrections of article *a*, one annotation each."""
    bodies: dict[str, list[dict[str, Any]]] = {
        "tags": [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in a.analyst_tags],
        "note": [
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": a.note,
                "format": "text/plain",
            }
        ]
        if a.note
        else [],
        "corrections": [
            {"type": "TextualBody", "purpose": "editing", "value": value, "briefing:field": key}
            for key, value in a.corrections
        ],
    }
    return [
        {
            "id": article_annotation_iri(a.id, kind),
            "type": "Annotation",
            "motivation": ARTICLE_KINDS[kind],
            "body": body,
            "target": _target(a),
        }
        for kind, body in bodies.items()
        if body
    ]


def to_w3c(briefing: Briefing, title: str = "Briefing") -> dict[str, Any]:
    """The briefing as a W3C AnnotationCollection (a JSON-ready dict): its highlights,
    then the article-level annotations of its articles, in export order."""
    items = [_annotation(e) for e in briefing.entries]
    items += [item for a in briefing.articles for item in _article_annotations(a)]
    ids = "\n".join(sorted(item["id"] for item in items))  # the set names the collection
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, "urn:briefing:collection:" + ids)
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _UUID_IRI + str(collection_id),
        "type": "AnnotationCollection",
        "label": title,
        "total": len(items),
        "generator": {"type": "Software", "name": "briefing"},
    }
    if items:  # the model: no first page when there is nothing to page
        doc["first"] = {
            "id": _UUID_IRI + str(uuid.uuid5(collection_id, "page-1")),
            "type": "AnnotationPage",
            "partOf": {"id": doc["id"], "label": title, "total": len(items)},
            "startIndex": 0,
            "items": items,
        }
    return doc


def to_w3c_json(briefing: Briefing, title: str = "Briefing") -> str:
    """:func:`to_w3c` as indented UTF-8 JSON text (non-ASCII kept as is)."""
    return json.dumps(to_w3c(briefing, title), ensure_ascii=False, indent=2) + "\n"
