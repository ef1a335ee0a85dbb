"""`briefing show ID --removed [--json]`: every line cleaning left out of an article, with
its line number in the file and the rule (file and pattern) or metadata that took it, so an
analyst can audit cleaning and write an exception; and the issue 10 inputs end to end.

Commands run in-process through `main()`: interpreter start-up is most of a real call."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from seeds import S001, S002, SEED_CORPUS

from briefing.cli import main
from briefing.core.corpus import decode, normalise, strip_markdown

REMOVED_KEYS = {"line", "text", "reason", "rules", "metadata", "cut_at"}
STORM = """\
---
title: No
tags: [GB, NO, SE]
---
By Jane Roe | January 5, 2023

Share this article

The storm reached the coast on Tuesday night and cut power to thousands of homes.

Residents were urged to sign up for the county's emergency text alerts before the storm arrived.

Copyright lawyers said the ruling would reshape the industry.

The report, which can be read in 4 languages, was published on Monday.

Read more: Cuba and US agree to new talks

Officials said the clean-up would take weeks, and schools would stay closed.

Advertisement

The county has opened three shelters for families whose homes were flooded.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    (tmp_path / "corpus" / "storm.md").write_text(STORM, encoding="utf-8")
    return tmp_path / "corpus"


@pytest.fixture
def run(corpus: Path, capsys: pytest.CaptureFixture[str]):
    """run(*args) -> (exit status, stdout, stderr) of `briefing --corpus CORPUS ARGS`."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--corpus", str(corpus), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def removed(run, aid: str) -> dict:
    code, out, err = run("show", aid, "--removed", "--json")
    assert code == 0, err
    return json.loads(out)


def test_removed_json_names_line_rule_and_file(run, corpus):
    data = removed(run, S001)
    assert data["id"] == S001
    assert Path(data["path"]) == corpus / f"{S001}.txt"
    entries = {e["line"]: e for e in data["removed"]}
    for entry in entries.values():
        assert set(entry) == REMOVED_KEYS
    # Each entry is the file's own line, markdown stripped, at the number given.
    raw = normalise(decode(Path(data["path"]).read_bytes(), "x").text).split("\n")
    for number, entry in entries.items():
        assert strip_markdown(raw[number - 1]).strip() == entry["text"]
    note = entries[73]
    assert note["text"].startswith("Note to readers: Please click the share buttons above.")
    assert note["reason"] == "drop_lines"
    assert {r["file"] for r in note["rules"]} == {"cleaning.yaml (packaged)"}
    assert any(r["pattern"].startswith("follow us on ") for r in note["rules"])
    assert (entries[7]["reason"], entries[7]["metadata"]) == ("metadata", "byline")
    disclaimer = entries[86]
    assert disclaimer["text"].startswith("Disclaimer:")
    assert disclaimer["reason"] == "drop_lines"
    assert disclaimer["rules"][0]["pattern"].startswith("disclaimer: the contents of this")
    assert all(e["reason"] != "cut_from" for e in data["removed"])


def test_removed_for_people(run):
    code, out, err = run("show", S001, "--removed")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("21 lines of ")
    assert lines[0].endswith(f"not in the text of {S001}:")
    at = next(i for i, line in enumerate(lines) if line.startswith("73  Note to readers"))
    assert "cleaning.yaml (packaged), drop_lines: " in lines[at + 1]
    assert "'follow us on " in lines[at + 1]
    assert " 7  By Al Mayadeen" in lines
    assert "    metadata: byline" in lines
    assert "keep_lines" in lines[-1]

    code, out, err = run("show", S002, "--removed")
    assert code == 0, err
    assert "25  You May Also Like" in out.splitlines()
    assert "27  Recommended for you" in out.splitlines()
    assert (
        "after the cut at line 25 (cleaning.yaml (packaged), cut_from: 'you may also like')" in out
    )


def test_the_issue_inputs_end_to_end(run):
    """Front matter kept as written, story sentences shown and found, cruft and the dated
    byline gone from the text and listed."""
    code, out, err = run("show", "storm", "--json")
    assert code == 0, err
    article = json.loads(out)
    assert article["title"] == "No"
    assert article["tags"] == ["GB", "NO", "SE"]
    assert (article["byline"], article["date"]) == ("Jane Roe", "2023-01-05")
    text = article["text"]
    for sentence in (
        "Residents were urged to sign up for the county's emergency text alerts before the "
        "storm arrived.",
        "Copyright lawyers said the ruling would reshape the industry.",
        "The report, which can be read in 4 languages, was published on Monday.",
    ):
        assert sentence in text
    for cruft in ("Share this article", "Read more", "Advertisement", "Jane Roe"):
        assert cruft not in text

    for query in ('"emergency text alerts"', '"copyright lawyers"', '"read in 4 languages"'):
        code, out, err = run("search", query, "--json")
        assert [hit["id"] for hit in json.loads(out)] == ["storm"], query

    entries = [(e["line"], e["text"], e["reason"]) for e in removed(run, "storm")["removed"]]
    assert entries == [
        (5, "By Jane Roe | January 5, 2023", "metadata"),
        (7, "Share this article", "drop_lines"),
        (17, "Read more: Cuba and US agree to new talks", "drop_lines"),
        (21, "Advertisement", "drop_lines"),
    ]


def test_a_user_rule_is_named_by_its_file_and_an_exception_brings_the_line_back(run, corpus):
    rules = corpus / ".briefing" / "cleaning.yaml"
    rules.parent.mkdir()
    rules.write_text("drop_lines:\n  - 'officials said .*'\n", encoding="utf-8")
    entry = next(e for e in removed(run, "storm")["removed"] if e["line"] == 19)
    assert entry["rules"] == [
        {"file": str(rules), "key": "drop_lines", "pattern": "officials said .*"}
    ]

    rules.write_text("keep_lines:\n  - 'advertisement'\n", encoding="utf-8")
    assert 21 not in [e["line"] for e in removed(run, "storm")["removed"]]
    code, out, _ = run("show", "storm", "--json")
    assert "Advertisement" in json.loads(out)["text"]


def test_removed_for_an_unknown_id_is_one_line_and_exit_2(run):
    for args in (("--removed",), ("--removed", "--json")):
        code, out, err = run("show", "999_nope", *args)
        assert code == 2
        assert err.strip().count("\n") == 0
        assert "999_nope" in err
