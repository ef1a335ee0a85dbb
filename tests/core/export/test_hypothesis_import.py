"""Issue 17: Hypothesis's API JSON, client export and JSON-LD, in their documented shapes
(https://h.readthedocs.io/en/latest/api-reference/), imported: matched to articles by
web address (normalised) or title, re-anchored by our rules from their TextQuote and
TextPosition selectors (offsets into a web page, not our text), and what matches nothing
reported and kept in a file that imports later."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from interop import WEB, WEB_TEXT

from briefing.core.annotations import AnnotationStore
from briefing.core.export import ImportFileError, import_data, normalise_url
from briefing.core.index import CorpusIndex
from briefing.core.workspace import Workspace


def row(n: int, uri: str, exact: str, prefix: str, suffix: str, **extra: object) -> dict:
    """An annotation as Hypothesis's API gives it."""
    return {
        "id": f"hyp{n:03d}",
        "created": "2023-02-01T10:00:00.123456+00:00",
        "updated": "2023-02-02T10:00:00.123456+00:00",
        "user": "acct:ana@hypothes.is",
        "uri": uri,
        "text": "A note in *Markdown*, kept as typed",
        "tags": ["hypothesis", "talks"],
        "group": "__world__",
        "permissions": {"read": ["group:__world__"]},
        "target": [
            {
                "source": uri,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/div[1]/p[2]",
                        "startOffset": 0,
                        "endContainer": "/div[1]/p[2]",
                        "endOffset": 21,
                    },
                    {"type": "TextPositionSelector", "start": 1500 + n, "end": 1521 + n},
                    {
                        "type": "TextQuoteSelector",
                        "exact": exact,
                        "prefix": prefix,
                        "suffix": suffix,
                    },
                ],
            }
        ],
        "document": {"title": ["Cuba and the US talk again | Example News"]},
        "links": {
            "html": f"https://hypothes.is/a/hyp{n:03d}",
            "incontext": f"https://hyp.is/hyp{n:03d}/example.org/news/cuba-talks/",
            "json": f"https://hypothes.is/api/annotations/hyp{n:03d}",
        },
        "user_info": {"display_name": "Ana Rodríguez"},
        "flagged": False,
        "hidden": False,
        **extra,
    }


# The web page's own address with tracking, http and no trailing slash: still the article.
VARIANT = "http://example.org/news/cuba-talks?utm_source=newsletter&utm_medium=email"
ROWS = [
    # "The talks" stands twice in the article: the context picks the second.
    row(1, VARIANT, "The talks", "law enforcement and the embargo. ", " ended late."),
    row(2, VARIANT, "met in Havana", "United States ", " on Thursday"),
    row(3, "https://elsewhere.example/story", "not in this corpus", "", ""),
    {**row(4, VARIANT, "met in Havana", "", ""), "references": ["hyp002"], "target": []},
    {**row(5, VARIANT, "", "", ""), "target": [{"source": VARIANT}]},  # a page note
]


def jsonld(n: int, uri: str, exact: str, prefix: str, suffix: str) -> dict:
    """An annotation as Hypothesis's JSON-LD presenter writes it."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": f"https://hypothes.is/a/hyp{n:03d}",
        "created": "2023-02-01T10:00:00.123456+00:00",
        "modified": "2023-02-02T10:00:00.123456+00:00",
        "creator": "acct:ana@hypothes.is",
        "body": [
            {"type": "TextualBody", "value": "From the JSON-LD", "format": "text/markdown"},
            {"type": "TextualBody", "value": "hypothesis", "purpose": "tagging"},
        ],
        "target": [
            {
                "source": uri,
                "selector": [
                    {"type": "TextPositionSelector", "start": 40 + n, "end": 60 + n},
                    {
                        "type": "TextQuoteSelector",
                        "exact": exact,
                        "prefix": prefix,
                        "suffix": suffix,
                    },
                ],
            }
        ],
    }


@pytest.fixture
def workspace(interop_corpus: Path, tmp_path: Path) -> Workspace:
    ws = Workspace(interop_corpus, annotations=tmp_path / "annotations")
    ws.update()
    yield ws
    ws.close()


def test_urls_are_compared_normalised() -> None:
    same = [
        "https://www.example.org/news/cuba-talks/",
        "http://example.org/news/cuba-talks",
        "HTTPS://Example.org:443/news/cuba-talks/?utm_source=x&fbclid=y#comments",
    ]
    assert len({normalise_url(u) for u in same}) == 1
    assert normalise_url("https://example.org/a?b=2&a=1") == normalise_url(
        "https://example.org/a?a=1&b=2"
    )
    assert normalise_url("https://example.org/a?id=1") != normalise_url(
        "https://example.org/a?id=2"
    )
    assert normalise_url("https://example.org:8443/a") != normalise_url("https://example.org/a")
    assert normalise_url("urn:x-pdf:abc") == "urn:x-pdf:abc"


def test_api_json_is_matched_by_url_and_reanchored(tmp_path: Path, workspace: Workspace) -> None:
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps({"total": len(ROWS), "rows": ROWS}), encoding="utf-8")
    report, kept = workspace.import_file(path)
    assert (report.added, report.orphaned) == (2, 0)
    assert report.skipped == [
        "https://hypothes.is/a/hyp004: a reply, not a passage",
        "https://hypothes.is/a/hyp005: a page note, not a passage (no TextQuoteSelector)",
        "https://hypothes.is/a/hyp003: its article https://elsewhere.example/story is not in this corpus",
    ]
    article = workspace.indexed_article(WEB)
    first, second = sorted(workspace.store.load(WEB).live_highlights, key=lambda h: h.id)
    assert first.id == "https://hypothes.is/a/hyp001"
    t = first.target
    assert article.text[t.start : t.end] == "The talks" and t.suffix.startswith(" ended late.")
    assert t.content_hash == article.content_hash
    assert (first.note, first.tags) == (
        "A note in *Markdown*, kept as typed",
        ["hypothesis", "talks"],
    )
    assert (first.author, first.created) == ("Ana Rodríguez", "2023-02-01T10:00:00.123456+00:00")
    assert article.text[second.target.start : second.target.end] == "met in Havana"

    # What was not imported is kept beside the file, as API JSON that imports later
    assert kept == tmp_path / "hypothesis.unmatched.json"
    left = json.loads(kept.read_text(encoding="utf-8"))
    assert left["total"] == 3 and [r["id"] for r in left["rows"]] == ["hyp003", "hyp004", "hyp005"]
    # Importing the same file again changes nothing, and its leftovers file is the same
    again, _ = workspace.import_file(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_unmatched_by_url_is_matched_by_title(tmp_path: Path, workspace: Workspace) -> None:
    moved = row(6, "https://mirror.example/cuba", "The talks ended late.", "embargo. ", "")
    moved["document"] = {"title": ["Cuba and the US talk again"]}
    report = import_data({"total": 1, "rows": [moved]}, workspace.backend_lookup, workspace.store)
    assert report.added == 1 and report.skipped == []


def test_jsonld_lone_and_as_a_list_give_the_same_annotations(
    tmp_path: Path, workspace: Workspace
) -> None:
    single = jsonld(2, VARIANT, "met in Havana", "United States ", " on Thursday")
    report = import_data(single, workspace.backend_lookup, workspace.store)
    assert (report.added, report.skipped) == (1, [])
    both = [single, jsonld(3, "https://elsewhere.example/story", "nowhere", "", "")]
    path = tmp_path / "hypothesis.jsonld"
    path.write_text(json.dumps(both), encoding="utf-8")
    report, kept = workspace.import_file(path)
    assert (report.added, report.unchanged, len(report.skipped)) == (0, 1, 1)
    [h] = workspace.store.load(WEB).live_highlights
    assert h.id == "https://hypothes.is/a/hyp002"  # the id the API form gives it too
    assert (h.note, h.tags, h.author) == (
        "From the JSON-LD",
        ["hypothesis"],
        "acct:ana@hypothes.is",
    )
    left = json.loads(kept.read_text(encoding="utf-8"))
    assert [i["id"] for i in left["first"]["items"]] == ["https://hypothes.is/a/hyp003"]
    assert kept.name == "hypothesis.unmatched.json"


def test_client_export_file_is_read_too(workspace: Workspace) -> None:
    doc = {
        "export_date": "2024-05-01T10:00:00.000Z",
        "export_userid": "acct:ana@hypothes.is",
        "client_version": "1.1443.0",
        "annotations": [row(7, VARIANT, "met in Havana", "United States ", " on Thursday")],
    }
    report = import_data(doc, workspace.backend_lookup, workspace.store)
    assert report.added == 1


def test_leftovers_import_once_the_article_is_there(
    tmp_path: Path, interop_corpus: Path, workspace: Workspace
) -> None:
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps({"total": 1, "rows": [ROWS[2]]}), encoding="utf-8")
    report, kept = workspace.import_file(path)
    assert report.added == 0 and kept is not None
    (interop_corpus / "web" / "elsewhere.md").write_text(
        WEB_TEXT.replace(
            "https://www.example.org/news/cuba-talks/", "https://elsewhere.example/story"
        )
        + "\nThis is not in this corpus, they said.\n",
        encoding="utf-8",
    )
    workspace.update()
    later, left = workspace.import_file(kept, leftovers=tmp_path / "still.json")
    assert (later.added, later.skipped, left) == (1, [], None)


BAD = [
    ({"total": 1, "rows": ["x"]}, "rows[0] should be an object"),
    (
        {"total": 1, "rows": [{**ROWS[0], "tags": "talks"}]},
        "rows[0].tags should be a list of strings",
    ),
    ({"total": 1, "rows": [{**ROWS[0], "id": ""}]}, "rows[0] has no id"),
    (
        {
            "total": 1,
            "rows": [
                {
                    **ROWS[0],
                    "target": [
                        {
                            "source": VARIANT,
                            "selector": [{"type": "TextPositionSelector", "start": -1, "end": 2}],
                        }
                    ],
                }
            ],
        },
        "rows[0].target[0].selector[0].start",
    ),
    ({"total": 2, "rows": [ROWS[0], ROWS[0]]}, "appears twice"),
    ({"total": 1, "rows": [{**ROWS[0], "text": "bad \ud800"}]}, "rows[0].text"),
]


@pytest.mark.parametrize(("doc", "message"), BAD)
def test_a_bad_file_is_refused_whole_naming_the_field(
    tmp_path: Path, interop_index: CorpusIndex, doc: dict, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ensure_ascii: "\ud800" travels
    store = AnnotationStore(tmp_path / "annotations")
    with pytest.raises(ImportFileError) as err:
        import_data(path.read_bytes(), interop_index, store, name=str(path))
    text = str(err.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text
    assert err.value.exit_code == 2
    assert not store.root.exists()
