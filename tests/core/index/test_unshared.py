"""What one copy of a story has that another lacks: whole paragraphs, each one passage."""

from __future__ import annotations

import wire_story

from briefing.core.index import unshared_passages

A, B, C, D = wire_story.VARIANT_IDS


def test_an_added_paragraph_is_one_passage_and_the_original_lacks_nothing():
    texts = wire_story.texts()
    only_d = unshared_passages(texts[D], texts[A])
    assert [texts[D][s:e] for s, e in only_d] == [wire_story.ADDED]
    assert unshared_passages(texts[A], texts[D]) == []


def test_a_trimmed_end_is_the_originals_own_paragraph_by_paragraph():
    texts = wire_story.texts()
    only_a = unshared_passages(texts[A], texts[C])
    assert [texts[A][s:e] for s, e in only_a] == list(wire_story.PARAGRAPHS[4:])
    assert unshared_passages(texts[C], texts[A]) == []


def test_a_short_line_both_hold_word_for_word_is_not_unshared():
    a = "SELMAR, Monday.\n\nDock workers walked out on Monday morning at the port of Selmar."
    b = "SELMAR,  Monday.\n\nDock workers at Selmar walked out on Monday, halting all grain."
    assert [a[s:e] for s, e in unshared_passages(a, b)] == []
    assert unshared_passages(a, "Something else entirely, with other words in it.") != []
