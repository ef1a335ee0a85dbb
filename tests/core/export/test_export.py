"""Export and import: collecting highlights, Markdown (golden files), CSV, W3C JSON, and
merging an export back in. Annotations are built with fixed ids, times and author so every
output is byte-for-byte reproducible.

Set BRIEFING_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefing.core.annotations import (
    AnchorStatus,
    AnnotationFileError,
    AnnotationStore,
    ArticleAnnotations,
    Highlight,
    TextQuote,
    quote_at,
)
from briefing.core.corpus import Article, strip_markdown
from briefing.core.export import (
    Briefing,
    ExportError,
    ImportFileError,
    collect,
    import_w3c_file,
    import_w3c_json,
)
from briefing.core.export.csv_format import CSV_FIELDS, to_csv
from briefing.core.export.markdown import to_markdown
from briefing.core.export.mdescape import md_code, md_lines
from briefing.core.export.w3c import ANNO_CONTEXT, to_w3c, to_w3c_json
from briefing.core.index import CorpusIndex

GOLDEN = Path(__file__).parent / "golden"
NOW = "2025-03-10 12:00 UTC"
AUTHOR = "Zoë Ødegård"
TRICKY = "005_tricky"
TRICKY_TEXT = """\
---
title: "Costs *soar*: $5 <b>bold</b> [draft] #1"
source: Wire_Service | Desk
date: 2023-02-01
---
#Hashtags lead the story, and 3 * 4 = 12 is not emphasis.

1998. That was the year prices rose from $5 to $10 for *each* unit.
- a dash that looks like a list
+ a plus too
> a quote mark in the text
<script>alert(1)</script> &amp; entities &copy; stay literal ~~not struck~~ and a | pipe
Back\\slash and `code` and under_score_words too.
"""
CSV_NOTE = 'Commas, "quotes", and\na second line; Zoë said: 5 > 3 & 2 < 4'
TRICKY_NOTE = "# not a heading\n- not a list\n1. not numbered\n*not emphasis* costs $5"
ARTICLE_NOTE = "Leans on Reuters; check *who* the source is.\nSecond line."


def hid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


class Clock:
    """Fixed times after every highlight in the fixture, one second apart."""

    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> str:
        self.t += 1
        return f"2025-04-01T00:00:{self.t:02d}Z"


def highlight(
    article: Article,
    n: int,
    needle: str,
    *,
    until: str | None = None,
    created: str,
    note: str = "",
    tags: tuple[str, ...] = (),
    color: str = "key-fact",
    deleted: bool = False,
) -> Highlight:
    """A highlight of *needle* (or from it through *until*) with fixed id and times."""
    start = article.text.index(needle)
    end = article.text.index(until, start) + len(until) if until else start + len(needle)
    return Highlight(
        id=hid(n),
        created=created,
        modified=created,
        author=AUTHOR,
        color=color,
        note=note,
        tags=list(tags),
        target=quote_at(article.text, start, end, article.content_hash),
        deleted=deleted,
    )


def put(store: AnnotationStore, article_id: str, *highlights: Highlight, **fields: object):
    def mutate(ann: ArticleAnnotations) -> None:
        for h in highlights:
            ann.put(h)
        for key, value in fields.items():
            setattr(ann, key, value)

    store.update(article_id, mutate)


ORPHAN = TextQuote("This sentence was removed from the article.", "", "", 10, 53, "old")


@pytest.fixture
def corpus(seed_corpus: Path) -> Path:
    (seed_corpus / f"{TRICKY}.txt").write_text(TRICKY_TEXT, encoding="utf-8")
    return seed_corpus


@pytest.fixture
def index(corpus: Path, make_index: Callable[..., CorpusIndex]) -> CorpusIndex:
    return make_index(corpus)


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations", author=AUTHOR, clock=Clock())


@pytest.fixture
def annotated(index: CorpusIndex, store: AnnotationStore) -> AnnotationStore:
    """Eight live highlights on six articles, a tombstone, notes, tags and overrides."""
    a = {i: index.article(i) for i in (x.id for x in index.articles())}
    put(
        store,
        "000_2e4ab08a31a0e250",
        highlight(
            a["000_2e4ab08a31a0e250"],
            1,
            "The US declared to send a delegation to Cuba",
            created="2025-03-01T09:00:00Z",
            note=CSV_NOTE,
            tags=("cuba", "diplomacy"),
        ),
        highlight(
            a["000_2e4ab08a31a0e250"],
            2,
            "Following the strenuous events, former President John F Kennedy declared",
            created="2025-03-02T09:00:00Z",
            color="contradiction",
        ),
    )
    put(
        store,
        "001_8031e908e71e3b1e",
        highlight(
            a["001_8031e908e71e3b1e"],
            3,
            "Reuters cites a source as saying",
            created="2025-03-03T09:00:00Z",
            tags=("talks",),
            color="question",
        ),
        highlight(
            a["001_8031e908e71e3b1e"],
            4,
            "However, the official noted",
            until="The spokesperson said the talks",
            created="2025-03-03T12:00:00Z",
            tags=("cuba", "talks"),
        ),
        Highlight(
            id=hid(9),
            created="2025-03-04T09:00:00Z",
            modified="2025-03-04T09:30:00Z",
            author=AUTHOR,
            color="key-fact",
            note="Where did it go?",
            tags=["cuba"],
            target=ORPHAN,
        ),
        tags=["law-enforcement"],
        note=ARTICLE_NOTE,
    )
    put(
        store,
        "002_1f6b0f63a8b626fd",
        highlight(
            a["002_1f6b0f63a8b626fd"],
            5,
            "Washington severed its relationship with the island",
            created="2025-03-05T09:00:00Z",
            tags=("Cuba",),
        ),
    )
    put(
        store,
        "003_6feb70dea2efb894",
        highlight(
            a["003_6feb70dea2efb894"],
            6,
            "climate of respect",
            created="2025-03-05T10:00:00Z",
            tags=("cuba",),
            deleted=True,
        ),
        note="Compare with 002.",
    )
    put(
        store,
        "004_3568823fae90f6fc",
        highlight(
            a["004_3568823fae90f6fc"],
            7,
            "Led by Craig Kelly",
            created="2024-12-31T23:59:59Z",
            tags=("migration",),
        ),
        overrides={"title": "Obama-era talks on migration", "date": "2010-02-18", "source": "EFE"},
    )
    put(
        store,
        TRICKY,
        highlight(
            a[TRICKY],
            8,
            "#Hashtags",
            until="a | pipe",
            created="2025-03-06T09:00:00Z",
            note=TRICKY_NOTE,
            tags=("c#", "under_score"),
            color="follow-up",
        ),
    )
    return store


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every annotations file (locks aside): its bytes and inode (a rewrite changes it)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
        for p in sorted(folder.rglob("*.yaml"))
        if ".locks" not in p.parts
    }


def golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return path.read_bytes().decode("utf-8")


# --- collecting ---------------------------------------------------------------------------


def test_entries_ordered_by_article_date_then_position_orphans_last(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    briefing = collect(index, annotated)
    assert [e.id for e in briefing.entries] == [hid(n) for n in (7, 1, 2, 3, 4, 9, 8, 5)]
    # 004's corrected date puts it first; undated articles come last, by id; 003 only has
    # an article note (its highlight is deleted).
    assert [a.id for a in briefing.articles] == [
        "004_3568823fae90f6fc",
        "000_2e4ab08a31a0e250",
        "001_8031e908e71e3b1e",
        TRICKY,
        "002_1f6b0f63a8b626fd",
        "003_6feb70dea2efb894",
    ]
    assert briefing.orphans == 1 and briefing.warnings == ()
    first = briefing.entries[0].article
    assert (first.title, first.date, first.source) == (
        "Obama-era talks on migration",
        "2010-02-18",
        "EFE",
    )
    assert first.cited_path == "corpus/004_3568823fae90f6fc.txt"


def test_entries_are_placed_in_the_current_text(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    for e in collect(index, annotated).entries:
        if e.orphaned:
            assert (e.start, e.end, e.line) == (None, None, None)
            assert e.quote == ORPHAN.exact
            continue
        text = index.article(e.article.id).text
        assert e.status is AnchorStatus.EXACT
        assert text[e.start : e.end] == e.quote == e.highlight.target.exact


def test_citation_lines_are_lines_of_the_corpus_file(
    corpus: Path, index: CorpusIndex, annotated: AnnotationStore
) -> None:
    lines = {}
    for e in collect(index, annotated).entries:
        if e.orphaned:
            continue
        file_lines = (corpus / e.article.path).read_text(encoding="utf-8").split("\n")
        first = e.quote.split("\n")[0].strip()
        assert first in strip_markdown(file_lines[e.line - 1])
        lines[e.id] = e.line
    # 001 starts with two blank lines and a heading: the clean text's line 1 is file line 5.
    assert lines[hid(3)] == 5
    assert lines[hid(8)] == 6  # after four lines of front matter and the closing ---


def test_tag_filter_matches_highlight_or_article_tags_any_of(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    def ids(*tags: str) -> list[str]:
        return [e.id for e in collect(index, annotated, tags=tags).entries]

    # Case-insensitive: 002's highlight is tagged "Cuba".
    assert ids("cuba") == [hid(1), hid(4), hid(9), hid(5)]
    # An article tag selects all of the article's highlights.
    assert ids("law-enforcement") == [hid(3), hid(4), hid(9)]
    assert ids("talks", "migration") == [hid(7), hid(3), hid(4)]
    assert ids("no-such-tag") == []
    briefing = collect(index, annotated, tags=["cuba"])
    # Article notes come along only for articles in the export.
    assert "003_6feb70dea2efb894" not in [a.id for a in briefing.articles]


def test_article_and_since_filters(index: CorpusIndex, annotated: AnnotationStore) -> None:
    only = collect(index, annotated, article_ids=["001_8031e908e71e3b1e", "004_3568823fae90f6fc"])
    assert [e.id for e in only.entries] == [hid(7), hid(3), hid(4), hid(9)]
    since = collect(index, annotated, since="2025-03-03")
    assert [e.id for e in since.entries] == [hid(3), hid(4), hid(9), hid(8), hid(5)]
    # Notes carry no date, so a note-only article drops out of a --since export.
    assert "003_6feb70dea2efb894" not in [a.id for a in since.articles]
    assert collect(index, annotated, since="2030-01-01").entries == ()
    with pytest.raises(ExportError, match="no article with id 'nope'") as err:
        collect(index, annotated, article_ids=["nope"])
    assert "\n" not in str(err.value)
    for bad in ("2025-13-01", "March 3", "2025-3-3"):
        with pytest.raises(ExportError, match="YYYY-MM-DD"):
            collect(index, annotated, since=bad)


def test_broken_annotation_file_is_a_warning(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    annotated.path_for("002_1f6b0f63a8b626fd").write_text("highlights: [unclosed\n")
    briefing = collect(index, annotated)
    assert hid(5) not in [e.id for e in briefing.entries]
    assert len(briefing.warnings) == 1 and "002_1f6b0f63a8b626fd.yaml" in briefing.warnings[0]


# --- CSV ------------------------------------------------------------------------------------


def test_csv_parses_back_into_the_same_fields(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    briefing = collect(index, annotated)
    text = to_csv(briefing)
    assert text.startswith(",".join(CSV_FIELDS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(briefing.entries) == 8
    for row, e in zip(rows, briefing.entries, strict=True):
        h, a = e.highlight, e.article
        assert row == {
            "article_id": a.id,
            "title": a.title,
            "source": a.source or "",
            "date": a.date or "",
            "quote": e.quote,
            "note": h.note,
            "tags": ";".join(h.tags),
            "color": h.color,
            "start": "" if e.start is None else str(e.start),
            "end": "" if e.end is None else str(e.end),
            "status": e.status.value,
            "created": h.created,
            "modified": h.modified,
            "author": AUTHOR,
            "file": a.cited_path,
            "line": "" if e.line is None else str(e.line),
            "url": "",
            "article_tags": ";".join(a.tags),
            "article_note": a.note,
        }
    by_id = {row["created"]: row for row in rows}
    assert by_id["2025-03-01T09:00:00Z"]["note"] == CSV_NOTE
    assert by_id["2025-03-01T09:00:00Z"]["tags"] == "cuba;diplomacy"
    assert by_id["2025-03-04T09:00:00Z"]["status"] == "orphaned"
    assert by_id["2024-12-31T23:59:59Z"]["title"] == "Obama-era talks on migration"
    # The citation: file and line of the corpus file, the article's own tags and note.
    reuters = by_id["2025-03-03T09:00:00Z"]
    assert (reuters["file"], reuters["line"]) == ("corpus/001_8031e908e71e3b1e.txt", "5")
    assert (reuters["article_tags"], reuters["article_note"]) == ("law-enforcement", ARTICLE_NOTE)
    assert by_id["2025-03-04T09:00:00Z"]["line"] == ""  # an orphan: no line to cite
    # RFC 4180: quoted fields, doubled quotes, line breaks kept inside quotes.
    assert '"Commas, ""quotes"", and\na second line;' in text
    text.encode("utf-8")  # nothing unencodable


def test_empty_export(index: CorpusIndex, store: AnnotationStore) -> None:
    briefing = collect(index, store)
    assert to_csv(briefing) == ",".join(CSV_FIELDS) + "\r\n"
    assert "No highlights match." in to_markdown(briefing, now=NOW)
    doc = to_w3c(briefing)
    assert doc["total"] == 0 and "first" not in doc


# --- W3C JSON -------------------------------------------------------------------------------


def test_w3c_json_has_what_the_model_requires(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    briefing = collect(index, annotated)
    text = to_w3c_json(briefing, title="Cuba talks")
    doc = json.loads(text)
    assert ANNO_CONTEXT in doc["@context"]
    assert doc["type"] == "AnnotationCollection"
    assert doc["id"].startswith("urn:uuid:") and doc["label"] == "Cuba talks"
    page = doc["first"]
    assert page["type"] == "AnnotationPage" and page["id"].startswith("urn:uuid:")
    assert page["partOf"] == {"id": doc["id"], "label": "Cuba talks", "total": 12}
    assert page["startIndex"] == 0
    # The eight highlights, then what the analyst wrote of articles themselves, in
    # export order: 004's corrections, 001's tags and note, 003's note.
    items, article_items = page["items"][:8], page["items"][8:]
    assert doc["total"] == len(page["items"]) == 12
    for item, e in zip(items, briefing.entries, strict=True):
        h = e.highlight
        assert item["id"] == f"urn:uuid:{h.id}"
        assert item["type"] == "Annotation" and item["motivation"] == "highlighting"
        assert (item["created"], item["modified"]) == (h.created, h.modified)
        assert item["creator"] == {"type": "Person", "name": AUTHOR}
        bodies = item["body"]
        assert all(b["type"] == "TextualBody" for b in bodies)
        comments = [b for b in bodies if b["purpose"] == "commenting"]
        assert [b["value"] for b in comments] == ([h.note] if h.note else [])
        assert all(b["format"] == "text/plain" for b in comments)
        assert [b["value"] for b in bodies if b["purpose"] == "tagging"] == h.tags
        assert [b["value"] for b in bodies if b["purpose"] == "classifying"] == [h.color]
        target = item["target"]
        assert target["source"] == f"urn:briefing:article:{e.article.id}"  # no url: here
        assert target["briefing:article"] == f"urn:briefing:article:{e.article.id}"
        assert target["briefing:path"] == e.article.path
        kinds = [s["type"] for s in target["selector"]]
        quote = target["selector"][0]
        assert quote == {
            "type": "TextQuoteSelector",
            "exact": e.quote,
            "prefix": e.prefix,
            "suffix": e.suffix,
        }
        if e.orphaned:
            assert kinds == ["TextQuoteSelector"]
        else:
            assert kinds == ["TextQuoteSelector", "TextPositionSelector"]
            assert target["selector"][1]["start"] == e.start
            assert target["selector"][1]["end"] == e.end
        assert item["briefing:status"] == e.status.value
    assert [(i["motivation"], i["target"]["briefing:path"]) for i in article_items] == [
        ("editing", "004_3568823fae90f6fc.txt"),
        ("tagging", "001_8031e908e71e3b1e.txt"),
        ("commenting", "001_8031e908e71e3b1e.txt"),
        ("commenting", "003_6feb70dea2efb894.txt"),
    ]
    edits, tags, note, _ = article_items
    assert tags["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "law-enforcement"}
    ]
    assert note["body"][0]["value"] == ARTICLE_NOTE and "selector" not in note["target"]
    assert [(b["briefing:field"], b["value"]) for b in edits["body"]] == [
        ("title", "Obama-era talks on migration"),
        ("date", "2010-02-18"),
        ("source", "EFE"),
    ]
    # Deterministic: the same annotations give the same bytes.
    assert to_w3c_json(collect(index, annotated), title="Cuba talks") == text


# --- Markdown -------------------------------------------------------------------------------


@pytest.mark.parametrize("group_by", ["tag", "article"])
def test_markdown_matches_golden(
    index: CorpusIndex, annotated: AnnotationStore, group_by: str
) -> None:
    text = to_markdown(collect(index, annotated), group_by=group_by, title="Cuba talks", now=NOW)
    assert text == golden(f"briefing_by_{group_by}.md", text)


def test_markdown_holds_every_quote_note_tag_and_citation(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    briefing = collect(index, annotated)
    for group_by in ("tag", "article"):
        rendered = _plain(to_markdown(briefing, group_by=group_by, now=NOW))
        assert "3 orphaned" not in rendered and "1 orphaned" in rendered
        assert "8 highlights, 6 articles" in rendered
        for e in briefing.entries:
            assert _squash(e.quote) in rendered
            assert _squash(e.highlight.note) in rendered
            for tag in e.highlight.tags:
                assert tag in rendered
            a = e.article
            cite = ", ".join(x for x in (a.title, a.source, a.date) if x)
            assert _squash(cite) in rendered
            assert e.article.cited_path + (f":{e.line}" if e.line else "") in rendered
        for a in briefing.articles:
            assert _squash(a.note) in rendered


def test_markdown_sections(index: CorpusIndex, annotated: AnnotationStore) -> None:
    briefing = collect(index, annotated)
    by_tag = to_markdown(briefing, now=NOW)
    headings = re.findall(r"^## (.*)$", by_tag, re.M)
    # One section per tag whatever its case ("Cuba" on 002 joins "cuba"); 001's article
    # tag files its highlights under "law-enforcement" too.
    assert headings == [
        "c\\#",
        "cuba",
        "diplomacy",
        "law-enforcement",
        "migration",
        "talks",
        "under\\_score",
        "Untagged",
        "Article notes",
        "Orphaned highlights",
    ]
    # A highlight with two tags is under each of them.
    assert by_tag.count("> The US declared to send a delegation to Cuba") == 2
    law = by_tag.split("## law-enforcement")[1].split("## ")[0]
    assert "> Reuters cites a source as saying" in law and "> However, the official" in law
    assert "> Washington severed" in by_tag.split("## cuba")[1].split("## ")[0]
    orphans = by_tag.split("## Orphaned highlights")[1]
    assert ORPHAN.exact in orphans and "not found in the current text" in orphans
    assert ORPHAN.exact not in by_tag.split("## Orphaned highlights")[0]

    by_article = to_markdown(briefing, group_by="article", now=NOW)
    headings = re.findall(r"^## (.*)$", by_article, re.M)
    assert headings[-1] == "Orphaned highlights"
    assert headings[:2] == [
        "Obama-era talks on migration",
        "The US declared to send a delegation to Cuba in the upcoming week to revive "
        "discussions between the two administrations over law enforcement problems.",
    ]
    assert by_article.count("> The US declared to send a delegation to Cuba") == 1
    with pytest.raises(ValueError):
        to_markdown(briefing, group_by="colour")  # type: ignore[arg-type]

    filtered = to_markdown(collect(index, annotated, tags=["talks"], since="2025-01-01"), now=NOW)
    assert "Filter: tag talks · highlighted since 2025-01-01" in filtered


MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _plain(markdown: str) -> str:
    """The visible text of rendered Markdown, whitespace squashed."""
    rendered = re.sub(r"</?(em|strong|code)>", "", MD.render(markdown))
    return _squash(html.unescape(re.sub(r"<[^>]+>", " ", rendered)))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _rendered_lines(markdown: str) -> str:
    """Rendered Markdown back to text: a hard break or paragraph break is a newline."""
    rendered = MD.render(markdown)
    rendered = re.sub(r"<br />\n?", "\n", rendered)
    rendered = re.sub(r"</p>\s*<p>", "\n\n", rendered)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip("\n")


def _expected_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip("\n").split("\n"))


def test_markdown_shows_article_text_literally(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    briefing = collect(index, annotated)
    tricky = next(e for e in briefing.entries if e.article.id == TRICKY)
    doc = to_markdown(briefing, now=NOW)
    tree = MD.parse(doc)
    # Only our own structure: no emphasis, HTML, code or lists from the article's text.
    kinds = {t.type for t in tree}
    assert not kinds & {"bullet_list_open", "ordered_list_open", "html_block", "hr", "code_block"}
    inline = {c.type for t in tree if t.children for c in t.children}
    assert "html_inline" not in inline and "s_open" not in inline
    assert _rendered_lines("\n".join(md_lines(tricky.quote))) == _expected_lines(tricky.quote)
    assert _rendered_lines("\n".join(md_lines(TRICKY_NOTE))) == TRICKY_NOTE
    assert "Costs *soar*: $5 <b>bold</b> [draft] #1" in _plain(doc)


@pytest.mark.parametrize(
    "text",
    [
        "# heading?",
        "#hashtag and ## two",
        "> quoted",
        "- dash\n+ plus\n* star",
        "1998. A year\n2) second",
        "---\n===\n___\n***",
        "Setext\n===",
        "Setext too\n---",
        "$5 and $10 *each* _under_ `code` [link](x) ![img](y) <b>tag</b> <http://a.b>",
        "&amp; &copy; &#35; &#x23; & alone",
        "~~strike~~ a | b\n--- | ---",
        "back\\slash\\",
        "    indented code?\n\tand a tab",
        "a line\n\nnew paragraph\n\n\n\nafter several blank lines",
        "```\nfence\n```",
        "~~~\nfence\n~~~",
        "[ref]: http://example.org\n[ref]",
    ],
)
def test_md_lines_renders_literally(text: str) -> None:
    assert _rendered_lines("\n".join(md_lines(text))) == _normalised(text)
    quoted = "\n".join(f"> {line}" if line else ">" for line in md_lines(text))
    assert _rendered_lines(quoted) == _normalised(text)


def _normalised(text: str) -> str:
    """What the rendering keeps of *text*: lines stripped, runs of blank lines as one."""
    return re.sub(r"\n{3,}", "\n\n", _expected_lines(text.expandtabs(4))).strip("\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 #*_`[]()<>!&;~|$\\-+=.:\n", max_size=40))
def test_md_lines_renders_any_text_literally(text: str) -> None:
    if not text.strip():
        return
    assert _rendered_lines("\n".join(md_lines(text))) == _normalised(text)


def test_md_code_fences_backticks() -> None:
    assert md_code("corpus/a.txt:3") == "`corpus/a.txt:3`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x") == "`` `x ``"
    assert _plain(md_code("a``b")) == "a``b"


# --- import ---------------------------------------------------------------------------------


def _export(index: CorpusIndex, store: AnnotationStore) -> str:
    return to_w3c_json(collect(index, store))


def _live(store: AnnotationStore) -> dict[str, tuple]:
    loaded, errors = store.load_all()
    assert errors == []
    return {
        h.id: (aid, h.target.exact, h.note, h.tags, h.color, h.author, h.created, h.modified)
        for aid, ann in loaded.items()
        for h in ann.live_highlights
    }


def test_round_trip_into_a_fresh_folder(
    tmp_path: Path, index: CorpusIndex, annotated: AnnotationStore
) -> None:
    exported = _export(index, annotated)
    fresh = AnnotationStore(tmp_path / "fresh", author="someone else")
    report = import_w3c_json(exported, index, fresh, name="cuba.json")
    assert (report.added, report.updated, report.unchanged, report.orphaned) == (12, 0, 0, 1)
    assert report.skipped == []
    assert report.summary() == "12 added, 0 updated, 0 unchanged, 1 orphaned"
    assert _live(fresh) == _live(annotated)
    # Placed highlights got offsets and hashes of the local text; the orphan stays one.
    briefing = collect(index, fresh)
    assert sorted(e.id for e in briefing.entries) == [hid(n) for n in (1, 2, 3, 4, 5, 7, 8, 9)]
    for e in briefing.entries:
        t = e.highlight.target
        if e.orphaned:
            assert e.id == hid(9)
            continue
        article = index.article(e.article.id)
        assert article.text[t.start : t.end] == t.exact and t.content_hash == article.content_hash

    # The same file again changes nothing: not a byte, not a rewrite.
    before = files(fresh.root)
    again = import_w3c_json(exported, index, fresh, name="cuba.json")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 12)
    assert files(fresh.root) == before
    # Exporting the imported annotations gives the same file: article-level data (004's
    # corrected date, which orders the export) travelled too.
    assert _export(index, fresh) == exported


def test_import_into_the_same_folder_changes_nothing(
    index: CorpusIndex, annotated: AnnotationStore
) -> None:
    before = files(annotated.root)
    report = import_w3c_json(_export(index, annotated), index, annotated)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 12)
    assert files(annotated.root) == before


def test_newer_modified_wins_and_tombstones_are_respected(
    tmp_path: Path, index: CorpusIndex, annotated: AnnotationStore
) -> None:
    exported = json.loads(_export(index, annotated))
    # After the export: one highlight deleted here, another's note edited here.
    annotated.delete_highlight("000_2e4ab08a31a0e250", hid(1))
    annotated.set_note("001_8031e908e71e3b1e", hid(3), "edited here, later")
    # The colleague edited a third one after our copy of it.
    items = exported["first"]["items"]
    theirs = next(i for i in items if i["id"] == f"urn:uuid:{hid(2)}")
    theirs["modified"] = "2030-01-01T00:00:00Z"
    theirs["body"].insert(0, {"type": "TextualBody", "purpose": "commenting", "value": "theirs"})

    report = import_w3c_json(exported, index, annotated)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 11)
    ann = annotated.load("000_2e4ab08a31a0e250")
    assert ann.get(hid(1)).deleted  # an older live copy does not resurrect it
    assert ann.get(hid(2)).note == "theirs" and ann.get(hid(2)).modified == "2030-01-01T00:00:00Z"
    assert annotated.load("001_8031e908e71e3b1e").get(hid(3)).note == "edited here, later"


def test_import_reanchors_in_changed_local_text(
    tmp_path: Path,
    corpus: Path,
    index: CorpusIndex,
    annotated: AnnotationStore,
) -> None:
    exported = _export(index, annotated)
    path = corpus / "000_2e4ab08a31a0e250.txt"
    path.write_text(
        "A new first paragraph.\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8"
    )
    index.update()
    fresh = AnnotationStore(tmp_path / "fresh")
    import_w3c_json(exported, index, fresh)
    article = index.article("000_2e4ab08a31a0e250")
    for h in fresh.load(article.id).live_highlights:
        t = h.target
        assert article.text[t.start : t.end] == t.exact
        assert t.start > len("A new first paragraph.") and t.content_hash == article.content_hash


def test_articles_are_matched_by_source_then_path_else_skipped(
    tmp_path: Path, index: CorpusIndex, annotated: AnnotationStore
) -> None:
    doc = json.loads(_export(index, annotated))
    items = doc["first"]["items"]
    items[0]["target"]["source"] = "https://example.org/their/copy"  # path still matches
    del items[0]["target"]["briefing:article"]
    items[1]["target"]["source"] = "https://example.org/elsewhere"
    del items[1]["target"]["briefing:path"], items[1]["target"]["briefing:article"]
    # (a quote one article alone holds would still find it: the Readwise round trip)
    items[1]["target"]["selector"][0]["exact"] = "Words of no article in this corpus"
    items[2]["target"] = "https://example.org/a-whole-page"
    fresh = AnnotationStore(tmp_path / "fresh")
    report = import_w3c_json(doc, index, fresh)
    assert report.added == 6 + 4  # and the four article-level annotations
    assert len(report.skipped) == 2
    assert (
        f"{hid(1)}: its article https://example.org/elsewhere is not in this corpus"
        in report.skipped
    )
    assert any("whole document" in s for s in report.skipped)
    assert hid(7) in _live(fresh)


def test_foreign_annotations_are_read_leniently(tmp_path: Path, index: CorpusIndex) -> None:
    """A single Annotation as another tool might write it: no position, bodyValue, a
    creator IRI, no classifying body, an unknown body type."""
    doc = {
        "@context": ANNO_CONTEXT,
        "id": "http://example.org/anno/1",
        "type": "Annotation",
        "bodyValue": "From elsewhere",
        "body": ["http://example.org/image.png", {"type": "TextualBody", "value": "reply"}],
        "creator": "http://example.org/people/ana",
        "target": {
            "source": "urn:briefing:article:002_1f6b0f63a8b626fd",
            "selector": {"type": "TextQuoteSelector", "exact": "Homeland Security and Justice"},
        },
    }
    fresh = AnnotationStore(tmp_path / "fresh")
    report = import_w3c_json(doc, index, fresh)
    assert (report.added, report.orphaned) == (1, 0)
    [h] = fresh.load("002_1f6b0f63a8b626fd").live_highlights
    assert h.id == "http://example.org/anno/1"
    assert h.note == "From elsewhere\n\nreply" and h.color == "key-fact"
    assert h.author == "http://example.org/people/ana" and h.created == h.modified == ""
    assert import_w3c_json(doc, index, fresh).unchanged == 1


def _valid_item() -> dict:
    return {
        "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
        "type": "Annotation",
        "target": {
            "source": "urn:briefing:article:002_1f6b0f63a8b626fd",
            "selector": [{"type": "TextQuoteSelector", "exact": "Homeland Security"}],
        },
    }


def _collection(*items: object) -> dict:
    return {
        "@context": ANNO_CONTEXT,
        "id": "urn:x",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": list(items)},
    }


BAD_FILES = [
    (b"{not json", "not valid JSON (Expecting property name"),
    (b"\xff\xfe{}", "not UTF-8 text"),
    (b"[]", "expected a JSON object"),
    (json.dumps({"@context": "http://example.org/other", "type": "Annotation"}), "@context"),
    (json.dumps({"@context": ANNO_CONTEXT, "type": "Thing"}), "type should be"),
    (json.dumps(_collection(_valid_item(), {"type": "Annotation", "id": "x"})), "has no target"),
    (json.dumps(_collection(_valid_item(), "nope")), "items[1] should be an object"),
    (json.dumps(_collection(_valid_item(), {**_valid_item(), "type": "Note"})), "type Annotation"),
    (json.dumps(_collection(_valid_item(), _valid_item())), "appears twice"),
    (
        json.dumps(
            _collection(
                _valid_item(),
                {
                    **_valid_item(),
                    "id": "urn:uuid:2",
                    "target": {
                        "source": "urn:briefing:article:002_1f6b0f63a8b626fd",
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": "Cuba"},
                            {"type": "TextPositionSelector", "start": 9, "end": 3},
                        ],
                    },
                },
            )
        ),
        "starts after it ends",
    ),
    (
        json.dumps(_collection({**_valid_item(), "body": {"type": "TextualBody", "value": 3}})),
        "body[0].value should be a string",
    ),
    (
        json.dumps({**_collection(), "first": "http://example.org/page1"}),
        "only embedded pages can be imported",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_import_file_is_one_line_and_changes_nothing(
    tmp_path: Path, index: CorpusIndex, annotated: AnnotationStore, data: bytes | str, message: str
) -> None:
    path = tmp_path / "theirs.json"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    before = files(annotated.root)
    with pytest.raises(ImportFileError) as err:
        import_w3c_file(path, index, annotated)
    text = str(err.value)
    assert "\n" not in text and text.startswith(f"{path}: ") and message in text
    assert files(annotated.root) == before


def test_unreadable_import_file(tmp_path: Path, index: CorpusIndex, store: AnnotationStore) -> None:
    with pytest.raises(ImportFileError, match="cannot read"):
        import_w3c_file(tmp_path / "missing.json", index, store)
    assert not store.root.exists()


def test_broken_local_file_stops_the_import_before_any_change(
    tmp_path: Path, index: CorpusIndex, annotated: AnnotationStore
) -> None:
    exported = _export(index, annotated)
    fresh = AnnotationStore(tmp_path / "fresh")
    broken = fresh.path_for("002_1f6b0f63a8b626fd")
    broken.parent.mkdir(parents=True)
    broken.write_text("highlights: [unclosed\n")
    with pytest.raises(AnnotationFileError):
        import_w3c_json(exported, index, fresh)
    assert [p.name for p in fresh.root.glob("*.yaml")] == [broken.name]


_TIMES = ["2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "2025-01-01T00:00:00+00:00", "junk"]


@settings(max_examples=80, deadline=None)
@given(
    local=st.none() | st.tuples(st.sampled_from(_TIMES), st.booleans(), st.sampled_from("ab")),
    theirs=st.tuples(st.sampled_from(_TIMES), st.booleans(), st.sampled_from("ab")),
)
def test_batch_merge_agrees_with_one_by_one(
    local: tuple[str, bool, str] | None, theirs: tuple[str, bool, str]
) -> None:
    """Import merges a whole article in one update (merge_highlights); it must decide
    exactly as AnnotationStore.merge_highlight does, one highlight at a time."""

    def make(modified: str, deleted: bool, note: str) -> Highlight:
        target = TextQuote("quote", "", "", 0, 5, "h")
        return Highlight(
            hid(1), "2025-01-01T00:00:00Z", modified, "a", "claim", note, [], target, deleted
        )

    incoming = make(*theirs)
    results, contents = [], []
    with tempfile.TemporaryDirectory() as folder:
        for name, merge in [
            ("by-store", lambda store: store.merge_highlight("x", incoming)),
            ("batched", lambda store: store.merge_highlights("x", [incoming])[0]),
        ]:
            store = AnnotationStore(Path(folder) / name, author="a")
            if local is not None:
                put(store, "x", make(*local))
            results.append(merge(store))
            contents.append(store.path_for("x").read_bytes())
    assert results[0] == results[1] and contents[0] == contents[1]


def test_briefing_type_is_what_writers_take(index: CorpusIndex, annotated: AnnotationStore) -> None:
    briefing = collect(index, annotated)
    assert isinstance(briefing, Briefing)
    only = Briefing(entries=briefing.entries[:1], articles=briefing.articles[:1])
    assert to_csv(only).count("\r\n") == 2
