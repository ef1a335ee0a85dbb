"""The `briefing` command, run for real in a subprocess: JSON shapes, the seed queries of the
issue, exit statuses, one-line errors without tracebacks, messy corpora and rebuilds."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from seeds import CRUFT, RODRIGUEZ, S000, S001, S002, S003, S004, SEED_CORPUS, SEED_IDS

SEARCH_KEYS = {"id", "title", "source", "date", "score", "snippet", "matches", "path"}
LIST_KEYS = {"id", "title", "source", "date", "path", "tags", "read", "starred"}
SHOW_KEYS = {"id", "title", "source", "date", "byline", "path", "tags", "text"}
CRUFT_SHOWN = ("](", "\\*", "\\$", *CRUFT)


def briefing(*args: str, cwd: Path, env: dict[str, str] | None = None):
    """Run `python -m briefing.cli ARGS` in `cwd` with the (isolated) environment."""
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def briefing_many(*commands: tuple[str, ...], cwd: Path) -> list:
    """Run several independent commands at once (they are mostly interpreter start-up)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda args: briefing(*args, cwd=cwd), commands))


def assert_one_line_error(result, status: int | None = None) -> str:
    if status is None:
        assert result.returncode != 0
    else:
        assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """(work folder holding corpus/, index folder): indexed once, read by many tests.

    Commands here pass --index explicitly so that the per-test isolated BRIEFING_INDEX does
    not force a fresh build each time; they still run under the per-test environment.
    """
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(SEED_CORPUS, root / "corpus")
    index = root / "index"
    env = dict(os.environ)
    env["BRIEFING_CONFIG"] = str(root / "config")  # no user rules, as in every test
    result = briefing("--index", str(index), "index", cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    return root, index


def run_seeded(seeded, *args: str):
    root, index = seeded
    return briefing("--index", str(index), *args, cwd=root)


def search_json(seeded, *query: str) -> list[dict]:
    result = run_seeded(seeded, "search", *query, "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


# -- search -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Rodriguez", "Rodríguez"])
def test_search_rodriguez_json(seeded, name):
    hits = search_json(seeded, name)
    assert {h["id"] for h in hits} == RODRIGUEZ
    assert len(hits) == 4
    for hit in hits:
        assert set(hit) == SEARCH_KEYS
        assert isinstance(hit["score"], float) and hit["score"] > 0
        assert "**Rodríguez**" in hit["snippet"] or "**Rodriguez**" in hit["snippet"]
        assert Path(hit["path"]).is_file()
        assert Path(hit["path"]).name == hit["id"] + ".txt"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def fold_text(text: str) -> str:
    """Case, accents and spacing folded: "Rodríguez" -> "rodriguez"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def test_search_json_gives_each_match_as_offsets_into_the_shown_text(seeded):
    """`matches` are [start, end] code points of the clean text `show --json` gives: each
    is the word searched for (a phrase from its first word to its last)."""
    for query, expected in (("Rodriguez", {"rodriguez"}), ('"human rights"', {"human rights"})):
        hits = search_json(seeded, query)
        assert hits
        for hit in hits:
            shown = run_seeded(seeded, "show", hit["id"], "--json")
            text = json.loads(shown.stdout)["text"]
            found = {fold_text(text[start:end]) for start, end in hit["matches"]}
            assert found == expected, (hit["id"], found)


def test_search_havana_syndrome_phrase(seeded):
    assert {h["id"] for h in search_json(seeded, '"Havana syndrome"')} == {S000, S001}


def test_search_cuba_not_biden_as_separate_words(seeded):
    assert [h["id"] for h in search_json(seeded, "Cuba", "NOT", "Biden")] == [S004]


def test_search_sort_by_date_and_limit(seeded):
    hits = search_json(seeded, "Cuba", "--sort", "date", "--limit", "3")
    assert [h["date"] for h in hits] == ["2023-01-16", "2023-01-14", None]


def test_search_plain_output(seeded):
    result = run_seeded(seeded, "search", "Rodriguez")
    assert result.returncode == 0
    assert "4 articles match" in result.stdout
    for aid in RODRIGUEZ:
        assert aid in result.stdout


def test_no_hits_is_success(seeded):
    assert search_json(seeded, "xylophone") == []


BAD_QUERIES = ('"unclosed', "titel:x", "date:foo")  # the core tests try many more


def test_bad_query_is_exit_2_with_one_line(seeded):
    root, index = seeded
    commands = [("--index", str(index), "search", q, "--json") for q in BAD_QUERIES]
    for query, result in zip(BAD_QUERIES, briefing_many(*commands, cwd=root), strict=True):
        line = assert_one_line_error(result, 2)
        assert line.startswith("briefing: "), query
        assert result.stdout == "", query


NEW_QUERIES = (
    ('"Law Enforcement: State Department"', {S001}),
    ("Title:cuba", None),
    ("immigra*", {S001, S003, S004}),
    ("investigat*", {S001}),
    ("date:[2023-01-15 TO]", {S001}),
)


def test_issue_10_queries_through_the_command(seeded):
    root, index = seeded
    commands = [("--index", str(index), "search", q, "--json") for q, _ in NEW_QUERIES]
    for (query, expected), result in zip(
        NEW_QUERIES, briefing_many(*commands, cwd=root), strict=True
    ):
        assert result.returncode == 0, (query, result.stderr)
        found = {h["id"] for h in json.loads(result.stdout)}
        assert found == (expected or {h["id"] for h in search_json(seeded, "title:cuba")})


@pytest.mark.parametrize(
    "query", ["NOT NOT cuba", "date:[2023-02-01 TO 2023-01-01]", "titel:x", "cuba AND OR x"]
)
def test_query_mistakes_are_one_line_in_our_words(seeded, query):
    line = assert_one_line_error(run_seeded(seeded, "search", query), 2)
    assert "index out of range" not in line and "Traceback" not in line


def test_a_capped_prefix_is_said_on_stderr(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    many = " ".join(f"zq{n:03d}" for n in range(320))
    (corpus / "a.txt").write_text(f"Many\n\n{many}.\n", "utf-8")
    result = briefing("--corpus", str(corpus), "search", "zq*", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [h["id"] for h in json.loads(result.stdout)] == ["a"]
    assert "warning: zq* matches 320 words; searched the 300" in result.stderr


def test_bad_limit_is_exit_2(seeded):
    assert_one_line_error(run_seeded(seeded, "search", "Cuba", "--limit", "-1"), 2)


def test_limit_0_lists_every_hit(seeded):
    assert len(search_json(seeded, "Cuba", "--limit", "0")) == 5
    assert len(search_json(seeded, "Cuba", "--limit", "2")) == 2


def test_bad_usage_is_exit_2(seeded):
    result = run_seeded(seeded, "search", "Cuba", "--sort", "sideways")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# -- list and show ------------------------------------------------------------------------


def test_list_json(seeded):
    result = run_seeded(seeded, "list", "--json")
    assert result.returncode == 0, result.stderr
    items = {item["id"]: item for item in json.loads(result.stdout)}
    assert list(items) == list(SEED_IDS)
    for item in items.values():
        assert set(item) == LIST_KEYS
        assert item["tags"] == []
        assert Path(item["path"]).is_file()
    assert items[S001]["title"] == "US, Cuba to Restart Talks on Law Enforcement: State Department"
    assert (
        items[S002]["title"]
        == "Under Biden, US resumes cooperation with Cuba to fight organized crime"
    )
    assert items[S003]["title"] == "Meeting between US and Cuban officials concludes in Havana"
    assert items[S000]["date"] == "2023-01-14"
    assert items[S001]["date"] == "2023-01-16"
    assert items[S004]["date"] is None
    assert items[S003]["source"] == "Latin america News"
    assert "EFE" in items[S004]["source"]
    assert items[S001]["source"] == "Global Research"


def test_show_json_has_no_cruft(seeded):
    root, index = seeded
    commands = [("--index", str(index), "show", aid, "--json") for aid in SEED_IDS]
    for aid, result in zip(SEED_IDS, briefing_many(*commands, cwd=root), strict=True):
        assert result.returncode == 0, result.stderr
        article = json.loads(result.stdout)
        # Issue 2's shape; later issues add keys (issue 4: "highlights"; issue 12:
        # "format", "url", and "pages" for a PDF, "entry" for a feed's), never take any away.
        assert set(article) >= SHOW_KEYS
        assert set(article) - SHOW_KEYS <= {"highlights", "format", "url"}
        assert article["format"] == "text"
        assert article["id"] == aid
        text = article["text"]
        assert len(text) > 500
        for cruft in CRUFT_SHOWN:
            assert cruft.lower() not in text.lower(), (aid, cruft)
        assert not [line for line in text.splitlines() if line.startswith("#")], aid
        if aid == S001:
            assert article["byline"] == "Al Mayadeen"
            assert article["date"] == "2023-01-16"
            assert "$3.7 billion" in text


def test_show_plain(seeded):
    result = run_seeded(seeded, "show", S003)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Meeting between US and Cuban officials concludes in Havana"
    assert lines[1] == "Latin america News"
    assert "Rodríguez" in result.stdout


def test_show_unknown_id_is_exit_2(seeded):
    line = assert_one_line_error(run_seeded(seeded, "show", "999_nope", "--json"), 2)
    assert "999_nope" in line


# -- indexing -----------------------------------------------------------------------------


def test_messy_corpus_indexes_with_warnings(messy_corpus, tmp_path):
    result = briefing("--corpus", str(messy_corpus), "index", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = result.stderr.strip().splitlines()
    assert all(line.startswith("warning: ") for line in warnings)
    assert any("binary.txt" in line for line in warnings)
    assert any("latin1.txt" in line for line in warnings)
    assert any("empty.txt" in line for line in warnings)
    assert "5 added" in result.stdout

    result = briefing("--corpus", str(messy_corpus), "search", "cafe", "--json", cwd=tmp_path)
    assert result.returncode == 0
    assert [h["id"] for h in json.loads(result.stdout)] == ["latin1"]

    result = briefing("--corpus", str(messy_corpus), "show", "markup", "--json", cwd=tmp_path)
    text = json.loads(result.stdout)["text"]
    assert "[bold]Breaking:[/]" in text and "\x1b" not in text

    result = briefing("--corpus", str(messy_corpus), "list", "--json", cwd=tmp_path)
    items = {i["id"]: i for i in json.loads(result.stdout)}
    assert set(items) == {"crlf", "frontmatter", "latin1", "markup", "sub/nested"}
    assert items["frontmatter"]["tags"] == ["migration", "Havana"]


def test_index_on_demand_incremental_and_rebuilt(seed_corpus, tmp_path):
    # No --corpus: ./corpus of the working folder. No `index` first: search indexes.
    result = briefing("search", "Rodriguez", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {h["id"] for h in json.loads(result.stdout)} == RODRIGUEZ

    result = briefing("index", cwd=tmp_path)  # unchanged: quiet, nothing touched
    assert (result.returncode, result.stderr) == (0, "")
    assert "0 added, 0 changed, 0 deleted, 5 unchanged." in result.stdout

    (seed_corpus / f"{S004}.txt").unlink()
    (seed_corpus / "new.txt").write_text("Zanzibar Story\n\nA zanzibar dhow.\n", "utf-8")
    result = briefing("search", "Rodriguez OR zanzibar", "--json", cwd=tmp_path)
    assert {h["id"] for h in json.loads(result.stdout)} == RODRIGUEZ - {S004} | {"new"}

    result = briefing("index", "--rebuild", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "5 added, 0 changed, 0 deleted, 0 unchanged." in result.stdout
    result = briefing("list", "--json", cwd=tmp_path)
    assert [i["id"] for i in json.loads(result.stdout)] == [*SEED_IDS[:4], "new"]


def test_corrupt_index_is_rebuilt_with_notice(seed_corpus, tmp_path, index_dir):
    assert briefing("index", cwd=tmp_path).returncode == 0
    for path in (index_dir / "whoosh").iterdir():
        path.write_bytes(b"garbage" * 50)
    (index_dir / "catalog.sqlite").write_bytes(b"garbage" * 500)
    result = briefing("search", "Rodriguez", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Rebuilding the index")
    assert len(result.stderr.strip().splitlines()) == 1
    assert {h["id"] for h in json.loads(result.stdout)} == RODRIGUEZ


def test_corpus_files_unchanged_and_index_elsewhere(
    seed_corpus, tmp_path, monkeypatch, isolated_dirs
):
    monkeypatch.delenv("BRIEFING_INDEX")  # the default place: the user cache
    before = _digests(seed_corpus)
    for args in (["index", "--rebuild"], ["search", "Rodriguez"], ["show", S001]):
        assert briefing(*args, cwd=tmp_path).returncode == 0
    assert _digests(seed_corpus) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # no annotations/ either
    catalogs = list(isolated_dirs["BRIEFING_CACHE"].rglob("catalog.sqlite"))
    assert len(catalogs) == 1


# -- failures -----------------------------------------------------------------------------


COMMANDS = (("list",), ("index", "--rebuild"))


def test_missing_corpus_folder_is_one_line(tmp_path):
    missing = str(tmp_path / "nowhere")
    results = briefing_many(*[("--corpus", missing, *c) for c in COMMANDS], cwd=tmp_path)
    for command, result in zip(COMMANDS, results, strict=True):
        line = assert_one_line_error(result)
        assert "nowhere" in line, command


def test_bad_rules_file_is_one_line(seed_corpus, tmp_path):
    (seed_corpus / ".briefing").mkdir()
    (seed_corpus / ".briefing" / "cleaning.yaml").write_text(
        "drop_lines: ['(unclosed']\n", encoding="utf-8"
    )
    for command, result in zip(COMMANDS, briefing_many(*COMMANDS, cwd=tmp_path), strict=True):
        line = assert_one_line_error(result)
        assert "cleaning.yaml" in line, command


def test_unusable_index_location_is_one_line(seed_corpus, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    where = str(blocker / "index")
    results = briefing_many(*[("--index", where, *c) for c in COMMANDS], cwd=tmp_path)
    for command, result in zip(COMMANDS, results, strict=True):
        line = assert_one_line_error(result)
        assert "a-file" in line, command


def test_usage_errors_are_one_line_exit_2(seeded):
    for args in (["search"], ["nosuchcommand"], ["export", "--since", "yesterday"], ["--bogus"]):
        result = run_seeded(seeded, *args)
        line = assert_one_line_error(result, 2)
        assert line.startswith("briefing: ") and "--help" in line, args


def test_index_reports_json(seeded):
    done = run_seeded(seeded, "index", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {
        "added",
        "changed",
        "deleted",
        "unchanged",
        "notice",
        "skipped",
        "warnings",
    }
    assert report["unchanged"] == 5


def test_id_in_a_query_finds_that_article(seeded):
    hits = search_json(seeded, f"id:{S002}")
    assert [h["id"] for h in hits] == [S002]
    both = search_json(seeded, f"id:{S002}", "OR", f"id:{S003}")
    assert sorted(h["id"] for h in both) == sorted([S002, S003])
