"""`briefing annotate`, `tag`, `annotations` and `show`'s highlights: quotes found or
refused, re-anchoring after the article changes, concurrent and killed writers, searches
that follow annotations, and bad YAML reported in one line and never overwritten.

Most commands run in-process through `main()` (interpreter start-up is most of a real
call's cost); the concurrency tests and one error check run the real command."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from seeds import SEED_CORPUS

from briefing.cli import main
from briefing.core.annotations import AnnotationStore, find_quote

S002 = "002_1f6b0f63a8b626fd"
S004 = "004_3568823fae90f6fc"
KEPT = "The talks followed the historic reestablishment of diplomatic relations between the two countries."
REWORDED = "In 2017, the two countries signed a cooperation agreement in the aforementioned areas."
HIGHLIGHT_KEYS = {"id", "quote", "start", "end", "note", "tags", "color", "status"}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture
def run(corpus: Path, capsys: pytest.CaptureFixture[str]):
    """run(*args) -> (exit status, stdout, stderr) of `briefing --corpus CORPUS ARGS`."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--corpus", str(corpus), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_json(run, *args: str):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def cli_command(corpus: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "--corpus", str(corpus), *args]


def yaml_file(corpus: Path, article_id: str = S002) -> Path:
    return corpus.parent / "annotations" / f"{article_id}.yaml"


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- finding the quote ------------------------------------------------------------------


def test_find_quote_exact_then_across_whitespace():
    text = "One fine day.\nThe cat sat.  The cat\nsat again."
    assert find_quote(text, "The cat") == [(14, 21), (28, 35)]
    assert find_quote(text, "day. The cat sat") == [(9, 25)]  # copied across a line break
    assert find_quote(text, "  cat sat again. ") == [(32, 46)]
    assert find_quote(text, "aa") == [] and find_quote("aaa", "aa") == [(0, 2), (1, 3)]
    assert find_quote(text, "   ") == []


def test_find_quote_reads_other_unicode_forms_and_invisible_characters():
    text = "Bruno Rodríguez met the delegation in Havana."
    at = text.index("Rodríguez")
    assert find_quote(text, "Rodri\u0301guez") == [(at, at + len("Rodríguez"))]  # decomposed
    assert find_quote(text, "Rodrí\u00adguez") == [(at, at + len("Rodríguez"))]  # soft hyphen
    at = text.index("the delegation")
    assert find_quote(text, "the\u00a0dele\u200bgation") == [(at, at + len("the delegation"))]


def test_find_quote_in_any_case_only_when_asked():
    text = "Bruno Rodríguez said so. BRUNO RODRÍGUEZ said it again."
    assert find_quote(text, "bruno rodríguez") == []
    assert find_quote(text, "bruno  rodríguez", ignore_case=True) == [(0, 15), (25, 40)]


def test_a_quote_typed_in_other_case_highlights_the_articles_own_text(run, corpus):
    code, out, err = run("annotate", S002, "--quote", "the cuban FOREIGN minister, bruno rodríguez")
    assert code == 0, err
    [h] = run_json(run, "show", S002)["highlights"]
    assert h["quote"] == "the Cuban Foreign Minister, Bruno Rodríguez"  # as the article has it
    saved = yaml.safe_load(yaml_file(corpus).read_text("utf-8"))
    assert saved["highlights"][0]["target"]["exact"] == h["quote"]
    # Exact case first: "The State" stands once as typed (and twice in other case).
    code, _, err = run("annotate", S002, "--quote", "The State")
    assert code == 0, err
    code, _, err = run("annotate", S002, "--quote", "THE TWO COUNTRIES")
    line = one_error_line(err)
    assert code == 2 and "occurs 4 times" in line and "other case" in line
    assert "--occurrence" in line
    code, _, err = run("annotate", S002, "--quote", "THE TWO COUNTRIES", "--occurrence", "2")
    assert code == 0, err
    quotes = sorted(h["quote"] for h in run_json(run, "show", S002)["highlights"])
    assert quotes == [
        "The State",
        "the Cuban Foreign Minister, Bruno Rodríguez",
        "the two countries",
    ]


def test_annotate_prints_the_id_and_show_lists_the_highlight(run, corpus):
    code, out, err = run(
        "annotate", S002, "--quote", KEPT, "--note", "since 2015", "--tag", "us", "--color", "2"
    )
    assert code == 0, err
    new_id = out.strip()
    article = run_json(run, "show", S002)
    [h] = article["highlights"]
    assert set(h) == HIGHLIGHT_KEYS
    assert h["id"] == new_id
    assert article["text"][h["start"] : h["end"]] == h["quote"] == KEPT
    assert (h["note"], h["tags"], h["color"], h["status"]) == (
        "since 2015",
        ["us"],
        "claim",
        "exact",
    )
    saved = yaml.safe_load(yaml_file(corpus).read_text("utf-8"))
    assert saved["highlights"][0]["target"]["exact"] == KEPT
    code, out, _ = run("show", S002)
    assert "Highlights (1):" in out and "[exact]" in out and "since 2015" in out


def test_quote_across_a_line_break_is_found(run):
    code, out, err = run("annotate", S002, "--quote", "two countries.\n\nIn 2017, the two")
    assert code == 0, err
    [h] = run_json(run, "show", S002)["highlights"]
    assert h["quote"] == "two countries.\n\nIn 2017, the two"


def test_missing_and_ambiguous_quotes_are_usage_errors(run, corpus):
    code, out, err = run("annotate", S002, "--quote", "no such words anywhere")
    assert code == 2 and not out
    assert "not found" in one_error_line(err)

    code, out, err = run("annotate", S002, "--quote", "Cuba")
    assert code == 2 and not out
    line = one_error_line(err)
    assert "times" in line and "--occurrence" in line

    code, _, err = run("annotate", S002, "--quote", "Cuba", "--occurrence", "999")
    assert code == 2 and "only" in one_error_line(err)
    code, _, err = run("annotate", "999_nope", "--quote", "Cuba")
    assert code == 2 and "999_nope" in one_error_line(err)
    assert not yaml_file(corpus).exists()  # nothing written by a refusal

    code, out, err = run("annotate", S002, "--quote", "Cuba", "--occurrence", "3")
    assert code == 0, err
    [h] = run_json(run, "show", S002)["highlights"]
    text = run_json(run, "show", S002)["text"]
    assert h["start"] == [i for i in range(len(text)) if text.startswith("Cuba", i)][2]


def test_unknown_label_is_saved_with_a_warning(run):
    code, out, err = run("annotate", S002, "--quote", KEPT, "--color", "hot-take")
    assert code == 0 and "hot-take" in one_error_line(err)
    assert run_json(run, "show", S002)["highlights"][0]["color"] == "hot-take"


# --- Done when #2: re-anchoring after the article changes ---------------------------------


def test_highlights_follow_edits_fuzzy_when_reworded_orphaned_when_gone(run, corpus):
    kept_id = run("annotate", S002, "--quote", KEPT)[1].strip()
    reworded_id = run("annotate", S002, "--quote", REWORDED, "--note", "check the year")[1].strip()
    before = run_json(run, "show", S002)
    old_start = {h["id"]: h["start"] for h in before["highlights"]}

    path = corpus / f"{S002}.txt"
    original = path.read_text("utf-8")
    assert original.count("Authorities from") == 1 and original.count(REWORDED) == 1
    new_paragraph = "Editor's note: this story was updated with comments from both governments.\n\n"
    edited = original.replace("Authorities from", new_paragraph + "Authorities from").replace(
        REWORDED, "In 2017, both countries signed a cooperation accord in the aforementioned areas."
    )
    path.write_text(edited, "utf-8")

    after = run_json(run, "show", S002)
    by_id = {h["id"]: h for h in after["highlights"]}
    kept, fuzzy = by_id[kept_id], by_id[reworded_id]
    assert kept["status"] == "exact"
    assert after["text"][kept["start"] : kept["end"]] == kept["quote"] == KEPT
    assert kept["start"] > old_start[kept_id]  # moved down by the new paragraph
    assert fuzzy["status"] == "fuzzy"
    assert after["text"][fuzzy["start"] : fuzzy["end"]].startswith("In 2017, both countries")

    sentence = "In 2017, both countries signed a cooperation accord in the aforementioned areas. "
    path.write_text(edited.replace(sentence, ""), "utf-8")
    gone = run_json(run, "show", S002)
    by_id = {h["id"]: h for h in gone["highlights"]}
    assert by_id[reworded_id]["status"] == "orphaned"
    assert by_id[reworded_id]["start"] is None and by_id[reworded_id]["end"] is None
    assert by_id[reworded_id]["note"] == "check the year"
    assert by_id[kept_id]["status"] == "exact"
    saved = yaml.safe_load(yaml_file(corpus).read_text("utf-8"))
    assert {h["id"] for h in saved["highlights"]} == {kept_id, reworded_id}
    assert not any(h.get("deleted") for h in saved["highlights"])
    code, out, _ = run("annotations")
    assert code == 0 and "[orphaned]" in out


# --- Done when #3: concurrent and killed writers ------------------------------------------

# A process making `briefing annotate` calls one after another: each call is a fresh
# `main()` (its own store, a fresh read under the lock). Interpreter start-up is paid once, so
# the calls of two such processes really overlap, and a kill lands among saves, not imports.
# Says "ready" once imported, then waits for a line on stdin; COUNT < 0 means forever.
ANNOTATOR = """
import sys
from briefing.cli import main
corpus, article, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
print("ready", flush=True)
sys.stdin.readline()
n = 0
while count < 0 or n < count:
    args = ["--corpus", corpus, "annotate", article, "--quote", "the"]
    code = main([*args, "--occurrence", str(first + n)])
    if code:
        sys.exit(code)
    sys.stdout.flush()
    n = (n + 1) % 24 if count < 0 else n + 1
"""


def start_annotators(corpus: Path, firsts: list[int], count: int) -> list[subprocess.Popen[str]]:
    """Start annotator processes at once, wait until all are ready, then let them go."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", ANNOTATOR, str(corpus), S002, str(first), str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in firsts
    ]
    for process in processes:
        assert process.stdout.readline() == "ready\n"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    return processes


def test_two_processes_making_12_annotate_calls_each_keep_all_24(corpus):
    writers = start_annotators(corpus, [1, 13], 12)
    printed = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        printed += out.split()
    assert len(set(printed)) == 24
    saved = yaml.safe_load(yaml_file(corpus).read_text("utf-8"))
    assert sorted(h["id"] for h in saved["highlights"]) == sorted(printed)
    assert len({h["target"]["start"] for h in saved["highlights"]}) == 24


def test_writers_killed_at_random_moments_lose_nothing_saved(run, corpus):
    rng = random.Random(15)
    saved = {run("annotate", S002, "--quote", quote)[1].strip() for quote in (KEPT, REWORDED)}
    writers = start_annotators(corpus, [rng.randint(1, 24) for _ in range(15)], -1)
    path = yaml_file(corpus)
    rng.shuffle(writers)
    for writer in writers:
        time.sleep(rng.uniform(0, 0.3))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        saved.update(out.split())  # an id is printed only once its save returned
        doc = yaml.safe_load(path.read_text("utf-8"))  # parses after every kill
        assert saved <= {h["id"] for h in doc["highlights"]}
    assert len(saved) > 2 + 5  # the kills did land among saves
    store = AnnotationStore(corpus.parent / "annotations", author="Tester")
    assert saved <= {h.id for h in store.load(S002).live_highlights}
    # The store and the index still work after the carnage (stale temp file, dropped locks).
    code, out, err = run("annotate", S002, "--quote", "Craig", "--occurrence", "1")
    assert code == 2 and "not found" in err  # Craig is in 004: the command really ran
    code, out, err = run("annotate", S002, "--quote", "Havana meetings")
    assert code == 0, err
    assert saved | {out.strip()} <= {h.id for h in store.load(S002).live_highlights}


# --- searches and the library follow annotations --------------------------------------


def test_note_and_tag_searches_find_annotations_without_rebuild(run, corpus):
    assert run_json(run, "search", "note:reestablishment") == []
    run(
        "annotate",
        S002,
        "--quote",
        KEPT,
        "--note",
        "Reestablishment under Obama",
        "--tag",
        "history",
    )
    code, out, err = run("tag", S004, "migration", "Talks")
    assert code == 0 and out.strip() == "migration, Talks"
    assert [h["id"] for h in run_json(run, "search", "note:reestablishment")] == [S002]
    assert [h["id"] for h in run_json(run, "search", "tag:history")] == [S002]
    assert [h["id"] for h in run_json(run, "search", "tag:talks")] == [S004]
    listed = {i["id"]: i for i in run_json(run, "list")}
    assert listed[S004]["tags"] == ["migration", "Talks"]
    assert run_json(run, "show", S004)["tags"] == ["migration", "Talks"]

    yaml_file(corpus).unlink()
    assert run_json(run, "search", "note:reestablishment") == []
    assert run_json(run, "show", S002)["highlights"] == []


def test_metadata_corrections_show_in_list_search_and_show(run, corpus):
    store = AnnotationStore(corpus.parent / "annotations", author="Tester")
    store.set_overrides(S004, date="2010-02-18", source="EFE", title="Migration talks in Havana")
    listed = {i["id"]: i for i in run_json(run, "list")}
    assert (listed[S004]["date"], listed[S004]["source"], listed[S004]["title"]) == (
        "2010-02-18",
        "EFE",
        "Migration talks in Havana",
    )
    hits = {h["id"]: h for h in run_json(run, "search", "date:2010-02-18")}
    assert hits[S004]["title"] == "Migration talks in Havana"
    assert run_json(run, "show", S004)["date"] == "2010-02-18"


# --- the annotations listing -------------------------------------------------------------


def test_annotations_json_shape_and_tag_filter(run):
    run("annotate", S002, "--quote", KEPT, "--tag", "History", "--note", "n1")
    run("annotate", S002, "--quote", REWORDED, "--color", "question")
    run("annotate", S004, "--quote", "Craig Kelly", "--tag", "people")
    run("tag", S004, "migration")
    rows = run_json(run, "annotations")
    assert len(rows) == 3
    assert {
        "article_id",
        "title",
        "id",
        "quote",
        "start",
        "end",
        "note",
        "tags",
        "color",
        "status",
        "article_tags",
    } == set(rows[0])
    assert [r["article_id"] for r in rows] == [S002, S002, S004]
    assert rows[0]["title"].startswith("Under Biden")
    assert {r["quote"] for r in rows} == {KEPT, REWORDED, "Craig Kelly"}
    assert {r["status"] for r in rows} == {"exact"}

    assert [r["quote"] for r in run_json(run, "annotations", "--tag", "history")] == [KEPT]
    # An article tag selects every highlight of that article.
    assert [r["quote"] for r in run_json(run, "annotations", "--tag", "migration")] == [
        "Craig Kelly"
    ]
    assert run_json(run, "annotations", "--tag", "nothing-tagged") == []
    code, out, _ = run("annotations", "--tag", "people")
    assert code == 0 and "Craig Kelly" in out and KEPT[:20] not in out


# --- bad annotation files ------------------------------------------------------------------


def test_corrupt_yaml_is_reported_in_one_line_and_never_overwritten(run, corpus):
    run("annotate", S004, "--quote", "Craig Kelly")
    path = yaml_file(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    broken = b"highlights: [unclosed\n  - and: {worse\n"
    path.write_bytes(broken)

    code, out, err = run("annotate", S002, "--quote", KEPT)
    assert code == 1 and not out
    assert path.name in one_error_line(err)
    code, _, err = run("tag", S002, "x")
    assert code == 1 and path.name in one_error_line(err)
    assert path.read_bytes() == broken

    # Everything else still works: the index builds, the other file is listed.
    assert len(run_json(run, "list")) == 5
    code, out, err = run("annotations", "--json")
    assert code == 0 and path.name in one_error_line(err)
    assert [r["quote"] for r in json.loads(out)] == ["Craig Kelly"]
    code, out, err = run("show", S002, "--json")
    assert code == 0 and json.loads(out)["highlights"] == []
    assert path.name in one_error_line(err)
    assert path.read_bytes() == broken


def test_real_command_errors_have_no_traceback(corpus):
    path = yaml_file(corpus)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not utf-8")
    done = subprocess.run(
        cli_command(corpus, "annotate", S002, "--quote", KEPT), capture_output=True, text=True
    )
    assert done.returncode == 1 and path.name in one_error_line(done.stderr)
    assert path.read_bytes() == b"\xff\xfe not utf-8"


def test_unwritable_annotations_folder_is_one_line(run, corpus):
    # A file where the folder should be: fails for root too, unlike a chmod.
    (corpus.parent / "annotations").write_text("not a folder")
    code, out, err = run("annotate", S002, "--quote", KEPT)
    assert code == 1 and not out
    assert "annotations" in one_error_line(err)
    assert len(run_json(run, "list")) == 5  # the index does not care


# --- text that cannot be UTF-8 (issue 11, item 5) --------------------------------------------


def test_latin1_bytes_in_tag_and_note_are_exit_2_and_write_nothing(run, corpus):
    latin1 = b"caf\xe9".decode("utf-8", "surrogateescape")  # as Python gets it from argv
    code, out, err = run("tag", S002, "fine", latin1)
    assert code == 2 and not out
    line = one_error_line(err)
    assert "article tag" in line and "caf\\udce9" in line
    code, out, err = run("annotate", S002, "--quote", KEPT, "--note", f"Tone check {latin1}")
    assert code == 2 and not out and "note" in one_error_line(err)
    code, out, err = run("annotate", S002, "--quote", KEPT, "--tag", latin1)
    assert code == 2 and "tag" in one_error_line(err)
    assert not yaml_file(corpus).exists()

    run("annotate", S002, "--quote", KEPT, "--note", "first")
    before = yaml_file(corpus).read_bytes()
    code, _, err = run("annotate", S002, "--quote", "Cuba", "--occurrence", "1", "--note", latin1)
    assert code == 2 and "note" in one_error_line(err)
    assert yaml_file(corpus).read_bytes() == before


def test_latin1_terminal_bytes_through_the_real_command(corpus):
    done = subprocess.run(
        [*cli_command(corpus, "tag", S002), b"caf\xe9"],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""},
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and "caf\\udce9" in one_error_line(err)
    assert not yaml_file(corpus).exists()


def test_annotate_and_tag_report_json(run, corpus):
    highlight = run_json(run, "annotate", S002, "--quote", KEPT, "--tag", "us")
    assert highlight["article_id"] == S002 and highlight["quote"] == KEPT
    assert highlight["status"] == "exact" and highlight["tags"] == ["us"]
    tagged = run_json(run, "tag", S004, "migration", "Talks")
    assert tagged == {"article_id": S004, "tags": ["migration", "Talks"]}


def test_orphans_come_with_scored_candidates_and_reattach_to_one(run, corpus):
    """A highlighted sentence is rewritten beyond re-anchoring: the orphan's candidates
    start with the rewritten sentence, and `reattach --candidate 1` puts it there."""
    orphan_id = run("annotate", S002, "--quote", REWORDED, "--note", "check the year")[1].strip()
    path = corpus / f"{S002}.txt"
    rewritten = "Both governments later agreed, in 2017, to sign accords covering those areas."
    path.write_text(path.read_text("utf-8").replace(REWORDED, rewritten), "utf-8")
    (row,) = run_json(run, "annotations", "--orphans")
    assert row["id"] == orphan_id and row["status"] == "orphaned"
    first = row["candidates"][0]
    assert first["candidate"] == 1 and rewritten.startswith(first["text"][:20])
    assert 0 < first["score"] <= 1 and len(row["candidates"]) <= 3
    assert [c["score"] for c in row["candidates"]] == sorted(
        (c["score"] for c in row["candidates"]), reverse=True
    )
    # The text a person reads names the id to act on, and how.
    code, out, _ = run("annotations", "--orphans")
    shown_ids = [line.split()[1] for line in out.splitlines() if line.strip().startswith("id ")]
    assert code == 0 and shown_ids == [orphan_id]
    assert "briefing reattach ID --candidate N" in out
    code, out, err = run("reattach", shown_ids[0], "--candidate", "1")
    assert code == 0, err
    assert orphan_id in out
    assert orphan_id in run("show", S002)[1]
    assert run_json(run, "annotations", "--orphans") == []
    placed = {h["id"]: h for h in run_json(run, "show", S002)["highlights"]}[orphan_id]
    assert placed["status"] == "exact" and placed["note"] == "check the year"
    code, _, err = run("reattach", orphan_id, "--candidate", "9")
    assert code == 2 and "candidate" in err
