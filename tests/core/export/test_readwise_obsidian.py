"""Issue 17: Readwise CSV out and back in; Obsidian notes whose front matter safe-loads and
whose links resolve; file names from hostile titles; the workspace's rules for a folder."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from interop import WEB

from briefing.core.annotations import AnnotationStore
from briefing.core.errors import UserError
from briefing.core.export import collect, import_data, render
from briefing.core.export.obsidian import MAX_NAME_BYTES, note_names, obsidian_escape
from briefing.core.export.readwise import READWISE_FIELDS
from briefing.core.index import CorpusIndex
from briefing.core.workspace import Workspace


def _highlights(store: AnnotationStore) -> set[tuple]:
    loaded, errors = store.load_all()
    assert errors == []
    return {
        (aid, h.target.exact, h.target.start, h.note, tuple(h.tags), h.created)
        for aid, ann in loaded.items()
        for h in ann.live_highlights
    }


def test_readwise_csv_round_trip(
    tmp_path: Path, interop_index: CorpusIndex, interop_store: AnnotationStore
) -> None:
    briefing = collect(interop_index, interop_store)
    text = render(briefing, "readwise")
    assert isinstance(text, str) and not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == READWISE_FIELDS and len(rows) == len(briefing.entries)
    first = next(r for r in rows if r["Highlight"].startswith("The US declared"))
    assert first["Note"] == 'Commas, "quotes"\nand 👍\n.cuba .diplomacy'  # inline tags
    assert any(r["Note"].startswith("'=1+1") for r in rows)  # neutralised
    web = next(r for r in rows if r["URL"])
    assert (web["Author"], web["URL"]) == (
        "Ana Rodríguez",
        "https://www.example.org/news/cuba-talks/",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", first["Date"])

    fresh = AnnotationStore(tmp_path / "fresh")
    report = import_data(text, interop_index, fresh, name="readwise.csv")
    # Orphans have no place to go back to; every placed highlight comes back whole
    # (matched by address or title, the right one of two occurrences by its Location).
    placed = {
        h
        for h in _highlights(interop_store)
        if h[1] != "A sentence that was removed from the article."
    }
    assert report.added == len(briefing.entries)
    assert report.orphaned == 1
    assert placed <= _highlights(fresh)
    again = import_data(text, interop_index, fresh, name="readwise.csv")
    assert (again.added, again.updated) == (0, 0)


READWISE_EXPORT = (
    "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,"
    "Highlighted at,Document tags\r\n"
    '"met in Havana","Cuba and the US talk again","Ana Rodríguez",,"Their note\n.readwise",'
    'yellow,"talks,cuba",offset,,2023-02-03 10:11:12+00:00,\r\n'
    '"Some book passage","A Book Not Here","Someone",B000,,,,location,1200,2023-02-03 10:11:12+00:00,\r\n'
)


def test_readwise_own_export_is_read(tmp_path: Path, interop_index: CorpusIndex) -> None:
    store = AnnotationStore(tmp_path / "annotations")
    report = import_data(READWISE_EXPORT, interop_index, store, name="readwise.csv")
    assert report.added == 1 and len(report.skipped) == 1
    assert "titled 'A Book Not Here' is not in this corpus" in report.skipped[0]
    [h] = store.load(WEB).live_highlights
    assert (h.note, h.tags, h.color, h.created) == (
        "Their note",
        ["talks", "cuba", "readwise"],
        "yellow",
        "2023-02-03T10:11:12Z",
    )


def test_obsidian_folder_of_notes(
    tmp_path: Path, interop_index: CorpusIndex, interop_store: AnnotationStore
) -> None:
    briefing = collect(interop_index, interop_store)
    files = render(briefing, "obsidian", title="Cuba talks")
    assert isinstance(files, dict)
    assert len(files) == len(briefing.articles) + 1 and "Cuba talks.md" in files
    names = {name[: -len(".md")] for name in files}
    for name, text in files.items():
        assert name.endswith(".md") and "/" not in name
        head, body = _front_matter(text)
        meta = yaml.safe_load(head)  # a safe dumper wrote it; it reads back as data
        assert isinstance(meta, dict) and meta["title"]
        for link in re.findall(r"\[\[([^\]|#^]+)\]\]", body):
            assert link in names, (name, link)
    index = files["Cuba talks.md"]
    assert len(re.findall(r"\[\[", index)) == len(briefing.articles)
    web = next(t for t in files.values() if "briefing-id: web/cuba-talks" in t)
    meta = yaml.safe_load(_front_matter(web)[0])
    assert meta == {
        "title": "Cuba and the US talk again",
        "source": "Example News",
        "date": "2023-01-20",
        "url": "https://www.example.org/news/cuba-talks/",
        "tags": ["cuba"],
        "briefing-id": "web/cuba-talks",
        "path": "corpus/web/cuba-talks.md",
    }
    assert "[[Cuba talks]]" in web and "> [!quote] key-fact" in web
    s000 = next(t for t in files.values() if "briefing-id: 000_2e4ab08a31a0e250" in t)
    assert "> [!note] Article note" in s000 and "> \\# not a heading" in s000
    assert "\\#" in obsidian_escape("#tag") and "\\=\\=" in obsidian_escape("==mark==")
    assert obsidian_escape("50%") == "50\\%" and obsidian_escape("\\#") == "\\\\\\#"


def _front_matter(text: str) -> tuple[str, str]:
    assert text.startswith("---\n")
    head, sep, body = text[4:].partition("\n---\n")
    assert sep
    return head, body


HOSTILE = [
    "../../etc/passwd",
    'a/b\\c:d*e?f"g<h>i|j#k^l[m]n',
    "\x1b[31mred\x00\u202eevil",
    ".hidden",
    "CON",
    "",
    "é" * 200,
    "Same title",
    "same TITLE",
]


def test_note_names_are_safe_bounded_and_unique() -> None:
    names = note_names(((str(i), t) for i, t in enumerate(HOSTILE)), taken=["Briefing"])
    values = list(names.values())
    assert len({v.casefold() for v in values}) == len(values)
    for name in values:
        assert name and "/" not in name and "\\" not in name and ".." not in name
        assert not name.startswith(".") and name == name.strip()
        assert not any(ord(c) < 32 or c in "\u202e[]#^|:" for c in name)
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES + len(" (99)")
    assert names["4"] == "Article" and names["5"] == "Article (2)"
    assert (names["7"], names["8"]) == ("Same title", "same TITLE (2)")


def test_a_folder_output_follows_the_workspace_rules(tmp_path: Path, interop_corpus: Path) -> None:
    ws = Workspace(interop_corpus, annotations=tmp_path / "annotations")
    try:
        ws.update()
        files = {"A.md": "a\n", "B.md": "b\n"}
        with pytest.raises(UserError, match="inside the corpus"):
            ws.write_output(interop_corpus / "notes", files)
        with pytest.raises(UserError, match="inside the annotations"):
            ws.write_output(tmp_path / "annotations" / "notes", files)
        (tmp_path / "a-file").write_text("x")
        with pytest.raises(UserError, match="not a folder"):
            ws.check_output(tmp_path / "a-file", folder=True)
        out = tmp_path / "vault" / "briefing"
        ws.write_output(out, files, replace=False)
        assert sorted(p.name for p in out.iterdir()) == ["A.md", "B.md"]
        with pytest.raises(UserError, match="already exists"):
            ws.write_output(out, {"A.md": "changed\n", "C.md": "c\n"}, replace=False)
        assert (out / "A.md").read_text() == "a\n" and not (out / "C.md").exists()
        # A note that is a link into the corpus is refused, even with replace
        (out / "B.md").unlink()
        (out / "B.md").symlink_to(interop_corpus / "000_2e4ab08a31a0e250.txt")
        with pytest.raises(UserError, match="inside the corpus"):
            ws.write_output(out, files)
        assert (out / "A.md").read_text() == "a\n"
    finally:
        ws.close()
