"""Pilot tests of highlights carried across copies: made on one copy of a wire story, shown
on another with their own mark and a "from <title>" line, taken for real with `y`."""

from __future__ import annotations

from pathlib import Path

import wire_story
import yaml
from pilot_helpers import SIZE

from briefing.core.workspace import Workspace
from briefing.tui.app import BriefingApp
from briefing.tui.messages import OpenArticleRequested
from briefing.tui.panes import ReaderPane

A, B, C, D = wire_story.VARIANT_IDS
QUOTE = wire_story.PARAGRAPHS[2]


def wire_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    wire_story.write_corpus(corpus)
    return corpus


async def open_by_id(app: BriefingApp, pilot, article_id: str) -> ReaderPane:
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.post_message(OpenArticleRequested(article_id))
    await pilot.pause()
    pane = app.query_one("#pane-a", ReaderPane)
    assert pane.article is not None and pane.article.id == article_id
    return pane


def live_highlights(corpus: Path, article_id: str) -> list[dict]:
    path = corpus.parent / "annotations" / f"{article_id}.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text("utf-8"))
    return [h for h in data.get("highlights", []) if not h.get("deleted")]


async def test_a_highlight_on_a_shows_on_b_and_y_takes_it(tmp_path: Path):
    corpus = wire_corpus(tmp_path)
    ws = Workspace(corpus)
    ws.update()
    ws.highlight_quote(A, QUOTE, color="question", note="who cut them?", tags=["labour"])
    ws.close()
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_by_id(app, pilot, B)
        reader = pane.reader
        (carried,) = reader.carried
        assert pane.article is not None
        assert pane.article.text[carried.start : carried.end] == QUOTE
        row, _ = reader.lines.location(carried.start)
        assert "reader--carried" in {m.kind for m in reader._marks_by_row[row]}
        reader.go_to(carried.start + 5)
        await pilot.pause()
        note = str(pane.query_one(".reader-note").render())
        assert note.startswith(f"from {wire_story.HEADLINE}")
        assert "who cut them?" in note

        await pilot.press("y")
        await pilot.pause()
        (taken,) = live_highlights(corpus, B)
        assert taken["target"]["exact"] == QUOTE
        assert (taken["color"], taken["note"], taken["tags"]) == (
            "question",
            "who cut them?",
            ["labour"],
        )
        assert reader.carried == []  # now B's own: one mark, B's colour
        assert [p.quote for p in reader.placed] == [QUOTE]

        await pilot.press("u")
        await pilot.pause()
        assert live_highlights(corpus, B) == []
        assert len(reader.carried) == 1  # carried again
        await pilot.press("q")


async def test_y_where_no_copy_highlights_says_so(tmp_path: Path):
    corpus = wire_corpus(tmp_path)
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_id(app, pilot, B)
        await pilot.press("y")
        await pilot.pause()
        assert live_highlights(corpus, B) == []
        await pilot.press("q")


async def test_compare_on_two_copies_marks_the_added_paragraph_whole(tmp_path: Path):
    corpus = wire_corpus(tmp_path)
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await open_by_id(app, pilot, A)
        workspace = app.workspace
        assert workspace is not None
        app.readers.open(workspace.require_article(D), [], 0, beside=True)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        a = app.query_one("#pane-a", ReaderPane).reader
        d = app.query_one("#pane-b", ReaderPane).reader
        assert a.compare and d.compare and len(a.shared) >= 6
        assert d.article is not None and a.article is not None
        assert [d.article.text[s:e] for s, e in d.only] == [wire_story.ADDED]
        assert a.only == []  # A has nothing D lacks
        row, _ = d.lines.location(d.only[0][0])
        assert "reader--only" in {m.kind for m in d._marks_by_row[row]}
        await pilot.press("c")
        await pilot.pause()
        assert d.only == [] and not d.compare
        await pilot.press("q")


async def test_the_a_view_triage_lists_copies_passages_after_the_keyed_ones(tmp_path: Path):
    """A's last paragraph is highlighted, then trimmed: the orphan's candidates in A keep
    keys 1-3, the copies that kept the paragraph follow as "copy" rows, and 1 re-attaches
    to A's own first candidate, never to a copy's passage."""
    from textual.widgets import DataTable

    corpus = wire_corpus(tmp_path)
    ws = Workspace(corpus)
    ws.update()
    orphan = ws.highlight_quote(A, wire_story.PARAGRAPHS[5])
    ws.close()
    headline, paragraphs = wire_story.VARIANTS[f"{C}.txt"]
    (corpus / f"{A}.txt").write_text(f"{headline}\n\n{wire_story.body(paragraphs)}\n", "utf-8")
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("A")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        screen.query_one("#orphan-table", DataTable).focus()
        await pilot.pause()
        table = screen.query_one("#candidate-table", DataTable)
        keys = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        own = len(screen.candidates)
        assert keys[:own] == [str(n) for n in range(1, own + 1)]
        assert keys[own:] and set(keys[own:]) == {"copy"}
        copy_row = str(table.get_row_at(own)[2])
        titles = (wire_story.HEADLINE, wire_story.VARIANTS[f"{B}.txt"][0])  # D's, B's
        assert any(copy_row.startswith(f"in {title}: Previous stoppages") for title in titles)
        assert all(c.source is None for c in screen.candidates)
        best = screen.candidates[0]
        await pilot.press("1")
        await pilot.pause()
        assert screen.orphans == []
    moved = next(h for h in live_highlights(corpus, A) if h["id"] == orphan.id)
    assert (moved["target"]["start"], moved["target"]["end"]) == (best.start, best.end)
