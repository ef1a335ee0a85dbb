"""briefing's exports against the schemas of the formats' own makers, vendored (see
schemas/README.md): every MUST of the W3C Web Annotation test suite for each annotation
(highlights and article-level ones), the collection and its embedded page; and the CSL
input schema for CSL-JSON."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from briefing.core.annotations import AnnotationStore
from briefing.core.export import collect, render
from briefing.core.export.csl import to_csl
from briefing.core.index import CorpusIndex

SCHEMAS = Path(__file__).parent / "schemas"
W3C = SCHEMAS / "w3c"

# jsonschema checks "uri" and "date-time" only with optional packages: these two say what
# the test suite means (an absolute IRI; an xsd:dateTime with a time zone).
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", value))


@FORMATS.checks("date-time")
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


@functools.cache
def _registry() -> Registry:
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT4))
        for p in (W3C / "definitions").glob("*.json")
    ]
    return Registry().with_resources(resources)


@functools.cache
def _musts(test_file: str) -> list[tuple[str, Draft4Validator, bool, str]]:
    """(name, validator, whether a conforming document is valid, message) per MUST."""
    musts = []
    for name in json.loads((W3C / test_file).read_text())["assertions"]:
        schema = json.loads((W3C / name).read_text())
        assert schema["assertionType"] == "must"
        validator = Draft4Validator(schema, registry=_registry(), format_checker=FORMATS)
        expected = schema.get("expectedResult", "valid") == "valid"
        musts.append((name, validator, expected, schema["errorMessage"]))
    return musts


def _failures(
    doc: dict[str, Any], musts: list[tuple[str, Draft4Validator, bool, str]]
) -> list[str]:
    return [
        f"{name}: {message}"
        for name, validator, expected, message in musts
        if validator.is_valid(doc) != expected
    ]


def test_every_w3c_must_holds(interop_index: CorpusIndex, interop_store: AnnotationStore) -> None:
    doc = json.loads(render(collect(interop_index, interop_store), "json"))
    annotation_musts = _musts("annotations/annotationMusts.test")
    assert len(annotation_musts) == 54
    items = doc["first"]["items"]
    motivations = {item["motivation"] for item in items}
    assert motivations == {"highlighting", "tagging", "commenting", "editing"}
    assert any("briefing:stored" in item["target"] for item in items)  # an orphan too
    for item in items:
        # Each annotation as it would stand alone, with the collection's context
        assert _failures({"@context": doc["@context"], **item}, annotation_musts) == []
    collection_musts = _musts("collections/collectionMusts.test")
    assert len(collection_musts) == 10
    assert _failures(doc, collection_musts) == []
    page_musts = _musts("collections/pages/pageMusts.test")
    assert _failures(doc, page_musts) == []
    assert isinstance(doc["first"]["partOf"], dict)


def test_the_suite_catches_a_broken_annotation() -> None:
    """The check is not vacuous: an annotation with both body and bodyValue, a relative
    id and a bad created time fails three MUSTs."""
    bad = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "not an iri",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "x"},
        "bodyValue": "x",
        "created": "yesterday",
        "target": "http://example.org/page",
    }
    failed = _failures(bad, _musts("annotations/annotationMusts.test"))
    assert len(failed) == 3, failed


@pytest.fixture(scope="module")
def csl_validator() -> Draft7Validator:
    schema = json.loads((SCHEMAS / "csl" / "csl-data.json").read_text())
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=FORMATS)


def test_csl_json_validates_against_the_csl_schema(
    interop_index: CorpusIndex, interop_store: AnnotationStore, csl_validator: Draft7Validator
) -> None:
    briefing = collect(interop_index, interop_store)
    items = json.loads(render(briefing, "csl-json"))
    assert items == to_csl(briefing)
    assert list(csl_validator.iter_errors(items)) == []
    # The articles that carry highlights, each an article-newspaper with what it has.
    cited = {e.article.id for e in briefing.entries}
    assert [i["id"] for i in items] == [a.id for a in briefing.articles if a.id in cited]
    assert "004_3568823fae90f6fc" not in [i["id"] for i in items]  # only an article note
    web = next(i for i in items if i["id"] == "web/cuba-talks")
    assert web == {
        "id": "web/cuba-talks",
        "type": "article-newspaper",
        "title": "Cuba and the US talk again",
        "container-title": "Example News",
        "author": [{"literal": "Ana Rodríguez"}],
        "issued": {"date-parts": [[2023, 1, 20]]},
        "URL": "https://www.example.org/news/cuba-talks/",
    }
    corrected = next(i for i in items if i["id"] == "000_2e4ab08a31a0e250")
    assert (corrected["title"], corrected["container-title"]) == (
        "US to send delegation to Cuba",
        "Wire",
    )
    assert "issued" in corrected and all(i["type"] == "article-newspaper" for i in items)


def test_the_csl_schema_catches_a_bad_item(csl_validator: Draft7Validator) -> None:
    bad = [{"id": "x", "type": "newspaper", "issued": {"date-parts": [["2023", 1, 2, 3]]}}]
    assert len(list(csl_validator.iter_errors(bad))) >= 2
