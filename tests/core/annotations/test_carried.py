"""Highlights carried across copies: one made on a copy of a wire story shows on the others
where the passage stands, and only there."""

from __future__ import annotations

from pathlib import Path

import wire_story

from briefing.core.workspace import Workspace

A, B, C, D = wire_story.VARIANT_IDS


def workspace(tmp_path: Path) -> Workspace:
    corpus = tmp_path / "corpus"
    wire_story.write_corpus(corpus)
    ws = Workspace(corpus, annotations=tmp_path / "annotations", index=tmp_path / "index")
    ws.update()
    return ws


def test_a_highlight_on_one_copy_appears_on_the_others_at_the_right_offsets(tmp_path: Path):
    ws = workspace(tmp_path)
    quote = wire_story.PARAGRAPHS[1]  # in all four variants
    made = ws.highlight_quote(A, quote, note="check the bonus dates", tags=["labour"])
    for other in (B, C, D):
        shown = ws.require_article(other)
        (carried,) = ws.carried(shown)
        assert shown.text[carried.start : carried.end] == quote
        assert carried.id == made.id and carried.source_id == A
        assert carried.source_title == wire_story.HEADLINE
        assert carried.highlight.note == "check the bonus dates"
    assert ws.carried(ws.require_article(A)) == []  # its own highlight is not carried
    ws.close()


def test_the_added_paragraph_carries_only_where_it_exists(tmp_path: Path):
    ws = workspace(tmp_path)
    ws.highlight_quote(D, wire_story.ADDED)
    ws.highlight_quote(D, wire_story.PARAGRAPHS[5])  # trimmed from C
    for other, expected in ((A, 1), (B, 1), (C, 0)):
        carried = ws.carried(ws.require_article(other))
        assert [c.quote for c in carried] == [wire_story.PARAGRAPHS[5]][:expected]
    ws.close()


def test_a_span_taken_onto_this_copy_is_not_carried_twice(tmp_path: Path):
    ws = workspace(tmp_path)
    quote = wire_story.PARAGRAPHS[2]
    ws.highlight_quote(A, quote)
    ws.highlight_quote(B, quote)  # the same passage, marked on B too (taken, say)
    shown = ws.require_article(C)
    assert len(ws.carried(shown)) == 1  # one passage, one mark
    assert ws.carried(ws.require_article(B)) == []
    ws.close()
