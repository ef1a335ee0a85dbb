"""An imported quote in another Unicode form or with other white space is placed, not
orphaned: the importer anchors by the same rules as the reader."""

from __future__ import annotations

from pathlib import Path

from briefing.core.annotations import AnnotationStore
from briefing.core.export import import_w3c_json


def annotation(exact: str, prefix: str, suffix: str) -> dict:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:6f1d2b5e-3c44-4f4b-9a59-111111111111",
        "type": "Annotation",
        "created": "2025-03-01T10:00:00Z",
        "target": {
            "source": "urn:briefing:article:cafe",
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
            ],
        },
    }


def test_decomposed_and_no_break_quotes_are_placed(tmp_path: Path, make_index):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cafe.txt").write_text(
        "A café in Havana\n\nThe café de Müller reopened on Monday after the storm.\n", "utf-8"
    )
    index = make_index(corpus)
    store = AnnotationStore(tmp_path / "annotations", author="T")
    for exact in ("cafe\u0301 de Mu\u0308ller", "café\u00a0de\u00a0Müller"):
        report = import_w3c_json(annotation(exact, "The ", " reopened"), index, store)
        assert report.orphaned == 0, exact
    placed = store.load("cafe").live_highlights[0].target
    assert placed.exact == "café de Müller"
