"""Issue 17 through `briefing export` / `briefing import`: the new formats, a folder for
Obsidian, and what an import leaves out kept in a file (refused where output may not go)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli_export import ARTICLE, OTHER, run

from briefing.core.annotations import AnnotationStore, quote_at
from briefing.core.errors import BriefingError, UserError
from briefing.core.index import CorpusIndex


@pytest.fixture
def index(seed_corpus: Path, make_index: Callable[..., CorpusIndex]) -> CorpusIndex:
    return make_index(seed_corpus)


@pytest.fixture
def store(tmp_path: Path, index: CorpusIndex) -> AnnotationStore:
    store = AnnotationStore(tmp_path / "annotations", author="Ana")
    article = index.article(ARTICLE)
    start = article.text.index("Bruno Rodríguez")
    target = quote_at(article.text, start, start + len("Bruno Rodríguez"), article.content_hash)
    store.add_highlight(ARTICLE, target, note="the minister", tags=["crime"])
    store.set_article_tags(OTHER, ["only-on-an-article"])
    return store


def test_obsidian_needs_a_folder_and_writes_one(tmp_path: Path, index, store, capsys) -> None:
    with pytest.raises(UserError, match="-o DIR"):
        run(["export", "--format", "obsidian"], index, store)
    out = tmp_path / "vault"
    assert run(["export", "--format", "obsidian", "-o", str(out)], index, store) == 0
    assert capsys.readouterr().out.startswith("Wrote 1 highlight from 2 articles to ")
    names = sorted(p.name for p in out.iterdir())
    assert "Briefing.md" in names and len(names) == 3
    with pytest.raises(BriefingError, match="already exists"):
        run(["export", "--format", "obsidian", "-o", str(out)], index, store)
    assert run(["export", "--format", "obsidian", "-o", str(out), "--force"], index, store) == 0


def test_readwise_and_csl_to_stdout(index, store, capsys) -> None:
    run(["export", "--format", "readwise"], index, store)
    out = capsys.readouterr().out
    assert out.startswith("Highlight,Title,Author,URL,Note,Location,Date\r\n")
    assert "Bruno Rodríguez" in out and ".crime" in out
    run(["export", "--format", "csl-json"], index, store)
    items = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in items] == [ARTICLE]


def test_import_keeps_what_it_leaves_out(tmp_path: Path, index, store, capsys) -> None:
    rows = [
        {
            "id": "abc",
            "uri": "https://nowhere.example/x",
            "text": "",
            "tags": [],
            "target": [
                {
                    "source": "https://nowhere.example/x",
                    "selector": [{"type": "TextQuoteSelector", "exact": "nowhere at all"}],
                }
            ],
        }
    ]
    theirs = tmp_path / "hyp.json"
    theirs.write_text(json.dumps({"total": 1, "rows": rows}), encoding="utf-8")
    capsys.readouterr()
    assert run(["import", str(theirs)], index, store) == 0
    out, err = capsys.readouterr()
    assert out == "0 added, 0 updated, 0 unchanged, 0 orphaned, 1 skipped\n"
    kept = tmp_path / "hyp.unmatched.json"
    assert f"not imported, kept in {kept}" in err
    assert json.loads(kept.read_text())["rows"] == rows
    # Again: the same leftovers, nothing to replace; elsewhere: refused unless --force
    assert run(["import", str(theirs)], index, store) == 0
    other = tmp_path / "other.json"
    other.write_text("mine")
    with pytest.raises(UserError, match="already exists"):
        run(["import", str(theirs), "--unmatched", str(other)], index, store)
    assert other.read_text() == "mine"
    with pytest.raises(UserError, match="inside the annotations folder"):
        run(["import", str(theirs), "--unmatched", str(store.root / "x.json")], index, store)
    assert run(["import", str(theirs), "--unmatched", str(other), "--force"], index, store) == 0
    assert json.loads(other.read_text())["total"] == 1
