"""`briefing export` / `briefing import` through their argparse wiring, called the way
briefing.cli calls them: `run(args, workspace)` on an up-to-date index."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.cli import COMMANDS, build_parser
from briefing.core.annotations import AnnotationStore, quote_at
from briefing.core.errors import BriefingError
from briefing.core.export import ExportError
from briefing.core.index import CorpusIndex
from briefing.core.workspace import Workspace

ARTICLE = "002_1f6b0f63a8b626fd"
OTHER = "000_2e4ab08a31a0e250"


def run(argv: list[str], index: CorpusIndex, store: AnnotationStore) -> int:
    """One command on a workspace over *index*'s corpus and *store*'s folder."""
    args = build_parser().parse_args(["--corpus", str(index.corpus), *argv])
    workspace = Workspace(index.corpus, annotations=store.root, index=index.location)
    workspace.store = store  # the test's clock and author
    try:
        return COMMANDS[args.command].run(args, workspace)
    finally:
        workspace.close()


class Clock:
    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> str:
        self.t += 1
        return f"2025-03-01T10:00:{self.t:02d}Z"


@pytest.fixture
def index(seed_corpus: Path, make_index: Callable[..., CorpusIndex]) -> CorpusIndex:
    return make_index(seed_corpus)


@pytest.fixture
def store(tmp_path: Path, index: CorpusIndex) -> AnnotationStore:
    store = AnnotationStore(tmp_path / "annotations", author="Ana Rodríguez", clock=Clock())
    for aid, needle, tags, note in [
        (ARTICLE, "Homeland Security and Justice", ["cuba"], 'a note, with "quotes"\nand lines'),
        (ARTICLE, "combat human and drug trafficking", ["crime"], ""),
        (OTHER, "The US declared to send a delegation", [], ""),
    ]:
        article = index.article(aid)
        start = article.text.index(needle)
        target = quote_at(article.text, start, start + len(needle), article.content_hash)
        store.add_highlight(aid, target, note=note, tags=tags)
    return store


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".locks" not in p.parts
    }


def test_a_title_made_from_the_first_sentence_is_exported_whole(index, store, capsys):
    whole = (
        "The US declared to send a delegation to Cuba in the upcoming week to revive "
        "discussions between the two administrations over law enforcement problems."
    )
    for fmt in ("markdown", "csv", "readwise", "csl-json"):
        assert run(["export", "--format", fmt, "--article", OTHER], index, store) == 0
        out = capsys.readouterr().out
        assert whole in out, fmt
        assert "revive…" not in out


def test_markdown_to_stdout_by_default(index, store, capsys) -> None:
    assert run(["export"], index, store) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Briefing\n")
    assert "> Homeland Security and Justice" in out and "## cuba" in out
    assert "`corpus/002_1f6b0f63a8b626fd.txt:5`" in out


def test_format_from_output_suffix_and_atomic_write(tmp_path: Path, index, store, capsys) -> None:
    out = tmp_path / "out" / "briefing.csv"
    assert run(["export", "-o", str(out)], index, store) == 0
    assert capsys.readouterr().out == f"Wrote 3 highlights from 2 articles to {out}.\n"
    rows = csv_rows(out.read_text(encoding="utf-8"))
    assert [r["quote"] for r in rows][:1] == ["The US declared to send a delegation"]
    assert 'a note, with "quotes"\nand lines' in [r["note"] for r in rows]
    assert sorted(p.name for p in out.parent.iterdir()) == ["briefing.csv"]  # no temp file

    js = tmp_path / "briefing.json"
    run(["export", "-o", str(js), "--title", "Weekly"], index, store)
    doc = json.loads(js.read_text(encoding="utf-8"))
    assert doc["label"] == "Weekly" and doc["total"] == 3

    md = tmp_path / "briefing.txt"
    run(["export", "--format", "markdown", "--group-by", "article", "-o", str(md)], index, store)
    assert md.read_text(encoding="utf-8").startswith("# Briefing\n")


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # the byte order mark, on stdout as in a file
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_filters(index, store, capsys) -> None:
    run(["export", "--format", "csv", "--tag", "cuba", "--tag", "crime"], index, store)
    rows = csv_rows(capsys.readouterr().out)
    assert {r["tags"] for r in rows} == {"cuba", "crime"}
    run(["export", "--format", "csv", "--article", OTHER], index, store)
    rows = csv_rows(capsys.readouterr().out)
    assert [r["article_id"] for r in rows] == [OTHER]
    run(["export", "--format", "csv", "--since", "2025-03-02"], index, store)
    assert capsys.readouterr().out.count("\r\n") == 1  # the header only


def test_csv_has_a_bom_unless_no_bom(tmp_path: Path, index, store, capsys) -> None:
    out = tmp_path / "b.csv"
    run(["export", "-o", str(out)], index, store)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfarticle_id,")
    assert "Rodríguez".encode() in raw  # UTF-8, which the BOM announces
    run(["export", "-o", str(out), "--force", "--no-bom"], index, store)
    assert out.read_bytes() == raw[3:]
    capsys.readouterr()
    run(["export", "--format", "csv", "--no-bom"], index, store)
    assert capsys.readouterr().out.startswith("article_id,")
    run(["export", "--format", "json", "-o", str(tmp_path / "b.json")], index, store)
    assert (tmp_path / "b.json").read_bytes().startswith(b"{")  # BOMs are for CSV only


def test_existing_output_is_replaced_only_with_force(tmp_path: Path, index, store, capsys) -> None:
    existing = tmp_path / "existing.md"
    existing.write_text("the analyst's own notes\n")
    for fmt in ("markdown", "csv", "json"):
        with pytest.raises(BriefingError) as err:
            run(["export", "--format", fmt, "-o", str(existing)], index, store)
        assert err.value.exit_code == 2
        assert str(err.value) == (
            f"{existing} already exists: pass --force to replace it, or choose another name."
        )
        assert existing.read_text() == "the analyst's own notes\n"
    link = tmp_path / "dangling.md"
    link.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(BriefingError, match="already exists"):
        run(["export", "-o", str(link)], index, store)
    assert link.is_symlink() and not (tmp_path / "nowhere.md").exists()
    capsys.readouterr()
    assert run(["export", "-o", str(existing), "--force"], index, store) == 0
    assert existing.read_text(encoding="utf-8").startswith("# Briefing\n")
    assert capsys.readouterr().out.startswith("Wrote 3 highlights")


def test_existing_output_through_main_is_exit_2_and_one_line(
    tmp_path: Path, index, store, capsys
) -> None:
    from briefing.cli import main

    existing = tmp_path / "existing.md"
    existing.write_bytes(b"keep me")
    argv = ["--corpus", str(index.corpus), "--annotations", str(store.root), "export"]
    assert main([*argv, "-o", str(existing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert existing.read_bytes() == b"keep me"
    assert main([*argv, "-o", str(existing), "--force"]) == 0
    assert existing.read_bytes().startswith(b"# Briefing")


def test_bad_filters(index, store, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(["export", "--since", "yesterday"], index, store)
    assert exit_.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(ExportError, match="no article with id 'nope'"):
        run(["export", "--article", "nope"], index, store)


def test_unwritable_output_is_one_line_and_writes_nothing(tmp_path: Path, index, store) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    before = snapshot(store.root)
    for target in (blocker / "briefing.md", tmp_path):  # under a file; a folder
        with pytest.raises(BriefingError) as err:
            run(["export", "-o", str(target)], index, store)
        text = str(err.value)
        assert "\n" not in text
        assert text.startswith((f"cannot write {target}:", f"{target} is a folder"))
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "annotations", "corpus"]
    assert not (tmp_path.parent / f".{tmp_path.name}.tmp").exists()  # the temp file went too
    assert snapshot(store.root) == before


def test_import_prints_counts_and_is_idempotent(tmp_path: Path, index, store, capsys) -> None:
    exported = tmp_path / "theirs.json"
    run(["export", "-o", str(exported)], index, store)
    fresh = AnnotationStore(tmp_path / "fresh", author="Someone")
    capsys.readouterr()
    assert run(["import", str(exported)], index, fresh) == 0
    assert capsys.readouterr().out == "3 added, 0 updated, 0 unchanged, 0 orphaned\n"
    before = snapshot(fresh.root)
    run(["import", str(exported)], index, fresh)
    assert capsys.readouterr().out == "0 added, 0 updated, 3 unchanged, 0 orphaned\n"
    assert snapshot(fresh.root) == before


def test_import_reports_skipped_annotations(tmp_path: Path, index, store, capsys) -> None:
    exported = tmp_path / "theirs.json"
    run(["export", "-o", str(exported)], index, store)
    doc = json.loads(exported.read_text(encoding="utf-8"))
    target = doc["first"]["items"][0]["target"]
    target["source"], target["briefing:path"] = "urn:briefing:article:gone", "gone.txt"
    target["briefing:article"] = "urn:briefing:article:gone"
    target["selector"][0]["exact"] = "A quote no article here holds"  # else found by it
    exported.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    run(["import", str(exported)], index, AnnotationStore(tmp_path / "fresh"))
    out, err = capsys.readouterr()
    assert out == "2 added, 0 updated, 0 unchanged, 0 orphaned, 1 skipped\n"
    assert "skipped: " in err and "urn:briefing:article:gone is not in this corpus" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), (b"{oops", "not valid JSON"), (b'{"type": "x"}', "@context")],
)
def test_bad_import_file_is_one_line_and_changes_nothing(
    tmp_path: Path, index, store, content: bytes | None, message: str
) -> None:
    path = tmp_path / "theirs.json"
    if content is not None:
        path.write_bytes(content)
    before = snapshot(store.root)
    with pytest.raises(BriefingError) as err:
        run(["import", str(path)], index, store)
    text = str(err.value)
    assert "\n" not in text and text.startswith(f"{path}: ") and message in text
    assert snapshot(store.root) == before


def test_export_and_import_through_the_briefing_command(seed_corpus, tmp_path):
    """The real entry point: annotate, export all three formats, import into a new folder."""
    import json as _json
    import subprocess
    import sys as _sys

    def briefing(*argv: str, annotations: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                _sys.executable,
                "-m",
                "briefing",
                "--corpus",
                str(seed_corpus),
                "--annotations",
                str(annotations),
                *argv,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    mine = tmp_path / "mine"
    done = briefing(
        "annotate",
        "002_1f6b0f63a8b626fd",
        "--quote",
        "Bruno Rodríguez",
        "--note",
        'a, "quoted"\nnote',
        "--tag",
        "minister",
        annotations=mine,
    )
    assert done.returncode == 0, done.stderr
    for fmt, name in (("markdown", "b.md"), ("csv", "b.csv"), ("json", "b.json")):
        out = tmp_path / name
        done = briefing("export", "--format", fmt, "-o", str(out), annotations=mine)
        assert done.returncode == 0, done.stderr
        assert "Bruno Rodríguez" in out.read_text("utf-8")
    data = _json.loads((tmp_path / "b.json").read_text("utf-8"))
    assert data["type"] == "AnnotationCollection"

    theirs = tmp_path / "theirs"
    first = briefing("import", str(tmp_path / "b.json"), annotations=theirs)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("1 added")
    second = briefing("import", str(tmp_path / "b.json"), annotations=theirs)
    assert second.stdout.startswith("0 added, 0 updated, 1 unchanged")

    bad = briefing("export", "-o", str(tmp_path / "b.md" / "nested.md"), annotations=mine)
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_export_options_that_cannot_be_utf8_are_exit_2(tmp_path: Path, index, store, capsys):
    from briefing.cli import main

    latin1 = b"caf\xe9".decode("utf-8", "surrogateescape")  # a latin-1 terminal's bytes
    argv = ["--corpus", str(index.corpus), "--annotations", str(store.root), "export"]
    out = tmp_path / "b.md"
    for option in ("--title", "--tag", "--article"):
        assert main([*argv, option, latin1, "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"briefing: {option}: ")
        assert "caf\\udce9" in err and "Traceback" not in err
    assert not out.exists()


def test_a_file_name_in_latin1_is_written_and_reported(tmp_path: Path, index, store, capsys):
    name = tmp_path / b"caf\xe9.md".decode("utf-8", "surrogateescape")
    assert run(["export", "-o", str(name)], index, store) == 0
    assert (tmp_path / "caf\udce9.md").exists()
    out = capsys.readouterr().out
    assert out.endswith("caf\\udce9.md.\n")
    out.encode("utf-8")  # printable


def test_import_reports_json(tmp_path: Path, index, store, capsys) -> None:
    exported = tmp_path / "theirs.json"
    run(["export", "-o", str(exported)], index, store)
    fresh = AnnotationStore(tmp_path / "fresh", author="Someone")
    capsys.readouterr()
    assert run(["import", str(exported), "--json"], index, fresh) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["updated"], report["unchanged"]) == (3, 0, 0)
    assert report["unmatched_file"] is None and report["skipped"] == []
