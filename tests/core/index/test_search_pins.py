"""Rankings, snippets and hit offsets pinned: what a query returns must not move when the
way snippets and spans are computed changes (issue 14: snippet choice made linear).

The golden file was written by the code before that change. Two corpora: the five seed
articles, and 60 articles shuffled from the seeds' sentences with a fixed seed, so that a
limit of 20 cuts a longer ranking. Set BRIEFING_UPDATE_GOLDEN=1 to rewrite the golden file
after an intended change (and say why in the commit).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from seeds import SEED_CORPUS

from briefing.core.corpus import load_rules
from briefing.core.index import CorpusIndex, Searcher

GOLDEN = Path(__file__).parent / "golden" / "search_pins.json"

SEED_QUERIES = [
    "Rodriguez",
    "Rodríguez",
    '"Havana syndrome"',
    "Cuba",
    "Cuba NOT Biden",
    "govern*",
    "governmnt~",
    "traffickers",
    "Cuba Havana",
    "Kennedy OR Bolanos",
    "title:Havana",
    "source:EFE",
    "migrants OR remittances OR embassy",
]
MIXED_QUERIES = [
    "Cuba",
    "Havana",
    "government",
    "Rodriguez OR Obama",
    '"Havana syndrome"',
    "govern*",
    "said",
]


def _mixed_corpus(target: Path) -> None:
    """60 articles of sentences drawn from the seeds with a fixed seed."""
    rng = random.Random(14)
    sentences = [
        s.strip() + "."
        for p in sorted(SEED_CORPUS.iterdir())
        for s in p.read_text(encoding="utf-8").replace("\n", " ").split(". ")
        if len(s.split()) > 3
    ]
    target.mkdir()
    for n in range(60):
        body = " ".join(rng.sample(sentences, rng.randint(3, 25)))
        title = " ".join(rng.sample(sentences, 1)[0].split()[:6])
        (target / f"mixed_{n:03d}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")


def _pins(searcher: Searcher, queries: list[str], sort: str = "relevance") -> dict:
    out = {}
    for q in queries:
        results = searcher.search(q, limit=20, sort=sort)  # type: ignore[arg-type]
        out[q] = {
            "total": results.total,
            "hits": [
                {
                    "id": h.id,
                    "score": round(h.score, 4),
                    "snippet": h.snippet.text,
                    "snippet_spans": [list(s) for s in h.snippet.spans],
                    "spans": [list(s) for s in h.spans],
                }
                for h in results.hits
            ],
        }
    return out


@pytest.fixture(scope="module")
def pinned(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("pins")
    shutil.copytree(SEED_CORPUS, root / "seed")
    _mixed_corpus(root / "mixed")
    found = {}
    for name, queries in (("seed", SEED_QUERIES), ("mixed", MIXED_QUERIES)):
        index = CorpusIndex.open(root / name, root / f"index-{name}", rules=load_rules())
        index.update()
        searcher = Searcher(index)
        found[name] = _pins(searcher, queries)
        found[f"{name} by date"] = _pins(searcher, queries[:3], sort="date")
        index.close()
    return found


def test_rankings_snippets_and_offsets_are_pinned(pinned: dict) -> None:
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(pinned, indent=1, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert expected.keys() == pinned.keys()
    for corpus, queries in expected.items():
        for q, want in queries.items():
            got = pinned[corpus][q]
            assert got["total"] == want["total"], (corpus, q)
            assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]], (corpus, q)
            assert got["hits"] == want["hits"], (corpus, q)


def test_the_mixed_corpus_cuts_a_ranking_at_twenty(pinned: dict) -> None:
    assert any(v["total"] > 20 for v in pinned["mixed"].values())
