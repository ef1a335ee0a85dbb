"""A W3C import holding text that cannot be UTF-8 (issue 11, item 5): a lone surrogate is valid
JSON, but no YAML file can hold it. The whole file is checked before anything is merged, and
the error names the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.core.annotations import AnnotationStore
from briefing.core.errors import UserError
from briefing.core.export import ImportFileError, ImportTextError, import_w3c_file
from briefing.core.export.w3c import ANNO_CONTEXT
from briefing.core.index import CorpusIndex

FIRST = "000_2e4ab08a31a0e250"
SECOND = "002_1f6b0f63a8b626fd"


@pytest.fixture
def index(seed_corpus: Path, make_index: Callable[..., CorpusIndex]) -> CorpusIndex:
    return make_index(seed_corpus)


def item(n: int, article: str, exact: str, **extra: object) -> dict:
    return {
        "id": f"urn:uuid:11111111-1111-4111-8111-{n:012d}",
        "type": "Annotation",
        "target": {
            "source": f"urn:briefing:article:{article}",
            "selector": [{"type": "TextQuoteSelector", "exact": exact}],
        },
        **extra,
    }


def collection(*items: dict) -> str:
    doc = {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": list(items)},
    }
    return json.dumps(doc)  # ensure_ascii: the surrogate travels as the escape "\ud800"


GOOD = item(1, FIRST, "The US declared to send a delegation", bodyValue="fine")
BAD_PLACES = [
    ({"bodyValue": "bad \ud800 note"}, "page 1 items[1].bodyValue"),
    (
        {"body": [{"type": "TextualBody", "purpose": "tagging", "value": "caf\udce9"}]},
        "page 1 items[1].body[0].value",
    ),
    ({"creator": {"name": "Zo\udceb"}}, "page 1 items[1].creator.name"),
    ({"created": "2025-01-01\ud800"}, "page 1 items[1].created"),
]


@pytest.mark.parametrize(("extra", "where"), BAD_PLACES)
def test_unencodable_text_stops_the_whole_import_before_any_merge(
    tmp_path: Path, index: CorpusIndex, extra: dict, where: str
) -> None:
    path = tmp_path / "theirs.json"
    path.write_text(collection(GOOD, item(2, SECOND, "Homeland Security", **extra)))
    store = AnnotationStore(tmp_path / "annotations", author="me")
    with pytest.raises(ImportTextError) as caught:
        import_w3c_file(path, index, store)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: {where} ")
    assert "not valid text" in message and "nothing was imported" in message
    err = caught.value
    assert isinstance(err, ImportFileError) and isinstance(err, UserError)
    assert err.exit_code == 2
    assert store.article_ids() == []  # the good first article was not merged either


def test_a_surrogate_in_the_quote_is_refused_too(tmp_path: Path, index: CorpusIndex) -> None:
    bad = item(2, SECOND, "Homeland \ud800 Security")
    path = tmp_path / "theirs.json"
    path.write_text(collection(GOOD, bad))
    store = AnnotationStore(tmp_path / "annotations", author="me")
    with pytest.raises(ImportTextError, match=r"items\[1\]\.target\.selector\[0\]\.exact"):
        import_w3c_file(path, index, store)
    assert not store.root.exists()


def test_the_good_file_still_imports(tmp_path: Path, index: CorpusIndex) -> None:
    path = tmp_path / "theirs.json"
    path.write_text(collection(GOOD, item(2, SECOND, "Homeland Security", bodyValue="Reunión 👍")))
    store = AnnotationStore(tmp_path / "annotations", author="me")
    assert import_w3c_file(path, index, store).summary().startswith("2 added")
    assert store.load(SECOND).highlights[0].note == "Reunión 👍"
