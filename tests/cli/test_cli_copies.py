"""`briefing copies [ID] [--json]`: the clusters of copies, or one article's copies, found
as the corpus is indexed and kept up to date as files come, change and go.

Commands run in-process through `main()`: interpreter start-up is most of a real call."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import wire_story
from seeds import S002, S003, SEED_CORPUS

from briefing.cli import main

A, B, C, D = wire_story.VARIANT_IDS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The seed articles and the wire story in its four variants, with an unrelated story."""
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    wire_story.write_corpus(tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def run(corpus: Path, capsys: pytest.CaptureFixture[str]):
    """run(*args) -> (exit status, stdout, stderr) of `briefing --corpus CORPUS ARGS`."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--corpus", str(corpus), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def clusters(run) -> dict[str, list[str]]:
    code, out, err = run("copies", "--json")
    assert code == 0, err
    return {c["cluster"]: [a["id"] for a in c["articles"]] for c in json.loads(out)}


def test_every_cluster_listed_for_people(run):
    code, out, err = run("copies")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "1 cluster of copies, 4 articles."
    assert lines[2] == f"{A}  (4 articles)"
    assert lines[3:] == [
        f"  {A}  {wire_story.HEADLINE}",
        f"  {B}  Selmar dockers strike over bonus cuts",
        f"  {C}  {wire_story.HEADLINE}",
        f"  {D}  {wire_story.HEADLINE}",
    ]


def test_clusters_as_json_leave_out_articles_without_copies(run):
    code, out, _ = run("copies", "--json")
    data = json.loads(out)
    assert data == [
        {
            "cluster": A,
            "articles": [
                {"id": A, "title": wire_story.HEADLINE},
                {"id": B, "title": "Selmar dockers strike over bonus cuts"},
                {"id": C, "title": wire_story.HEADLINE},
                {"id": D, "title": wire_story.HEADLINE},
            ],
        }
    ]


def test_one_articles_copies_with_what_they_share(run):
    code, out, err = run("copies", D)
    assert code == 0, err
    assert out.splitlines() == [
        f"{D}: 3 copies (cluster {A})",
        "Shared: how much of the shorter article's text the other one holds.",
        f"  100%  {C}  {wire_story.HEADLINE}",
        f"   97%  {A}  {wire_story.HEADLINE}",
        f"   97%  {B}  Selmar dockers strike over bonus cuts",
    ]
    code, out, _ = run("copies", D, "--json")
    data = json.loads(out)
    assert (data["id"], data["cluster"]) == (D, A)
    assert [c["id"] for c in data["copies"]] == [C, A, B]
    assert set(data["copies"][0]) == {"id", "title", "similarity", "jaccard"}
    assert data["copies"][0]["similarity"] == 1.0
    assert 0.5 < data["copies"][0]["jaccard"] < 0.6  # D is the trimmed C and then some


def test_articles_that_share_passages_are_not_copies(run):
    for aid in (S002, S003, wire_story.UNRELATED_ID):
        code, out, _ = run("copies", aid)
        assert (code, out) == (0, f"No copies of {aid}.\n")
    code, out, _ = run("copies", S002, "--json")
    assert json.loads(out) == {"id": S002, "cluster": None, "copies": []}


def test_an_unknown_id_is_a_one_line_user_error(run):
    code, out, err = run("copies", "no_such_article")
    assert code == 2 and out == ""
    assert err == "briefing: No article with id 'no_such_article': see `briefing list`.\n"


def test_clusters_follow_files_added_changed_and_deleted(run, corpus):
    assert clusters(run) == {A: [A, B, C, D]}
    # A new outlet's copy joins the cluster; the smallest id names it.
    shutil.copy(corpus / f"{C}.txt", corpus / "aaa_outlet.txt")
    assert clusters(run) == {"aaa_outlet": ["aaa_outlet", A, B, C, D]}
    # Rewritten into another story, an article leaves its cluster; deleted, it is gone.
    (corpus / "aaa_outlet.txt").write_text(
        "Other news\n\n" + wire_story.body(wire_story.UNRELATED[1])
    )
    (corpus / f"{A}.txt").unlink()
    assert clusters(run) == {
        "aaa_outlet": ["aaa_outlet", wire_story.UNRELATED_ID],
        B: [B, C, D],
    }


def test_copy_settings_come_from_the_config(run, isolated_dirs):
    assert clusters(run) == {A: [A, B, C, D]}
    config = isolated_dirs["BRIEFING_CONFIG"]
    config.mkdir(parents=True, exist_ok=True)
    # C (120 words) falls under min_words; A and B hold 0.978 of D, under the threshold.
    (config / "config.yaml").write_text("copies:\n  threshold: 0.99\n  min_words: 150\n")
    assert clusters(run) == {A: [A, B]}
    (config / "config.yaml").write_text("copies:\n  threshold: 2\n")
    code, _, err = run("copies")
    assert code == 0  # a bad config warns and the defaults apply
    assert "'copies.threshold' must be a number above 0, at most 1" in err
    assert clusters(run) == {A: [A, B, C, D]}


def test_an_orphans_triage_lists_where_its_copies_still_hold_the_passage(run, corpus):
    """A's end is trimmed after a highlight on its last paragraph: the orphan's candidates
    in A are weak, and `in_copies` names the copies that kept the paragraph, best first."""
    lost = wire_story.PARAGRAPHS[5]
    code, out, err = run("annotate", A, "--quote", lost)
    assert code == 0, err
    headline, paragraphs = wire_story.VARIANTS[f"{C}.txt"]
    (corpus / f"{A}.txt").write_text(f"{headline}\n\n{wire_story.body(paragraphs)}\n", "utf-8")
    code, out, err = run("annotations", "--orphans", "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert all(c["score"] < 0.9 for c in row["candidates"])
    in_copies = row["in_copies"]
    assert {c["article_id"] for c in in_copies} <= {B, D} and len(in_copies) >= 2
    best = in_copies[0]
    assert best["text"] == lost and best["score"] > 0.9 and best["title"]
    assert [c["score"] for c in in_copies] == sorted((c["score"] for c in in_copies), reverse=True)
    code, out, _ = run("annotations", "--orphans")
    assert f"in copy {in_copies[0]['article_id']}" in out
