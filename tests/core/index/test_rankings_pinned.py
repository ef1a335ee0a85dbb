"""Rankings pinned: the same queries give the same hits, offsets and snippets after the
search was made faster (issue 14).

A small generated corpus (`bench.generate`, 400 articles, seed 1) is indexed, about ten
queries of each kind are run, and each query's total, top-20 ids (in order), every hit's
match offsets and its snippet are compared with `golden/rankings.json`. Scores are left
out: a date range answered by the catalog instead of Whoosh adds nothing to a score where
Whoosh's range added a constant, which moves no rank.

When a change is meant to alter rankings, rewrite the file and review its diff:
``BRIEFING_REPIN=1 python -m pytest tests/core/index/test_rankings_pinned.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from index_helpers import GENERATED

from bench.articles import GENERATOR_VERSION
from briefing.core.index import Searcher

GOLDEN = Path(__file__).parent / "golden" / "rankings.json"
COUNT, SEED = GENERATED

QUERIES = {
    "term": [
        "government",
        "cuba",
        "migration",
        "Havana",
        "Díaz-Canel",
        "sanctions",
        "hurricane",
        "refugees",
        "inflation",
        "José",
    ],
    "and": [
        "cuba AND migration",
        "hurricane AND Havana",
        "refugees AND asylum",
        "inflation AND currency",
        "security troops",
        "court AND corruption",
        "embargo AND Castro",
        "rights AND torture",
        "election AND ballots",
        "trade AND tariffs AND exports",
    ],
    "phrase": [
        '"human rights"',
        '"Coast Guard"',
        '"World Bank"',
        '"Human Rights Watch"',
        '"supply chains"',
        '"Yuki Schroder"',
        '"artificial intelligence"',
        '"European Union"',
        '"human rights" cuba',
        '"military troops"',
    ],
    "prefix": [
        "govern*",
        "migra*",
        "cuba*",
        "refug*",
        "deport*",
        "elect*",
        "sanction*",
        "hosp*",
        "a*",
        "s*",
    ],
    "fuzzy": [
        "governmnt~",
        "migratoin~2",
        "Havanna~",
        "refugeees~",
        "sanctons~",
        "hurricain~2",
        "electon~",
        "ecomony~2",
        "goverment~",
        "cubba~2",
    ],
    "field+date": [
        "title:cuba date:[2022-01-01 TO 2023-12-31]",
        "title:migration date:[2019 TO 2022]",
        "date:[2015-01-01 TO 2016-12-31]",
        "cuba date:[2020 TO]",
        "title:security date:[TO 2012-12-31]",
        "hurricane date:{2018-01-01 TO 2020-01-01}",
        "date:2023-05",
        "government date:[2010 TO 2014]",
        '"human rights" date:[2017 TO 2019]',
        "title:cuba",
    ],
    "other": [
        "cuba NOT migration",
        "Kennedy OR hurricane",
        "cuba ANDNOT embargo",
        "gov*nt",
        "(refugees OR migrants) AND NOT cuba",
        "source:granma",
        "govern* AND cuba",
        "migra* date:[2019 TO 2021]",
        "*",
        "Castro~ OR embargo",
    ],
}
SORTED_BY_DATE = ["cuba", "govern*", '"human rights"', "title:cuba date:[2022-01-01 TO 2023-12-31]"]


def _digest(spans: tuple[tuple[int, int], ...]) -> str:
    return hashlib.sha256(json.dumps(spans).encode()).hexdigest()[:16]


def _result(searcher: Searcher, text: str, sort: str = "relevance") -> dict:
    results = searcher.search(text, limit=20, sort=sort)  # type: ignore[arg-type]
    return {
        "total": results.total,
        "notes": list(results.notes),
        "hits": [
            {
                "id": hit.id,
                # Every match offset, as a count and a digest (all of them, for "a*", would
                # be megabytes), plus the first few to read in a diff.
                "spans": [len(hit.spans), _digest(hit.spans), [list(s) for s in hit.spans[:4]]],
                "snippet": hit.snippet.text,
                "snippet_spans": [list(s) for s in hit.snippet.spans],
            }
            for hit in results.hits
        ],
    }


def _all_results(searcher: Searcher) -> dict:
    out: dict = {"generator": GENERATOR_VERSION, "count": COUNT, "seed": SEED}
    for kind, texts in QUERIES.items():
        out[kind] = {text: _result(searcher, text) for text in texts}
    out["by date"] = {text: _result(searcher, text, sort="date") for text in SORTED_BY_DATE}
    return out


def _dumps(results: dict) -> str:
    """JSON with one line per hit: a diff then shows which hits moved."""
    text = json.dumps(results, indent=1, ensure_ascii=False)
    # Collapse every hit object (the innermost {...} blocks) onto one line.
    return re.sub(
        r"\{\n\s+\"id\"[^{}]*?\n\s*\}",
        lambda m: json.dumps(json.loads(m.group()), ensure_ascii=False),
        text,
    )


@pytest.fixture(scope="module")
def pinned_searcher(generated_index):
    return Searcher(generated_index)


@pytest.fixture(scope="module")
def golden(pinned_searcher):
    if os.environ.get("BRIEFING_REPIN"):
        GOLDEN.write_text(_dumps(_all_results(pinned_searcher)))
    return json.loads(GOLDEN.read_text())


def test_golden_made_from_this_corpus(golden):
    assert (golden["generator"], golden["count"], golden["seed"]) == (
        GENERATOR_VERSION,
        COUNT,
        SEED,
    ), "the generator changed: repin (see the module docstring) and review the diff"


@pytest.mark.parametrize(
    ("kind", "text"),
    [(kind, text) for kind, texts in QUERIES.items() for text in texts]
    + [("by date", text) for text in SORTED_BY_DATE],
)
def test_same_hits_offsets_and_snippets(pinned_searcher, golden, kind, text):
    sort = "date" if kind == "by date" else "relevance"
    got = _result(pinned_searcher, text, sort)
    assert pinned_searcher.fallback is None  # our evaluator ranked it, not Whoosh's collector
    want = golden[kind][text]
    assert got["total"] == want["total"]
    assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]]
    assert got == want


def test_queries_are_not_trivial(golden):
    """Most pinned queries find something, and some find more than a page."""
    found = [r for kind in QUERIES for r in golden[kind].values() if r["hits"]]
    assert len(found) >= 60
    assert sum(r["total"] > 20 for r in found) >= 30
