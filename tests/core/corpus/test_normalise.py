"""Normalisation of text that is matched: the corpus's clean text, queries and quotes."""

from __future__ import annotations

from briefing.core.corpus import normalise, normalise_for_match


def test_invisible_characters_do_not_split_words():
    assert normalise("Rodrí\u00adguez and dele\u200bgation") == "Rodríguez and delegation"
    assert normalise("word\u2060joined, a\u200cb, \ufeffbom") == "wordjoined, ab, bom"
    family = "👨\u200d👩\u200d👧"
    assert normalise(f"the {family} emoji") == f"the {family} emoji"  # the joiner stays
    assert normalise("in\u200dside") == "inside"
    assert normalise_for_match("Rodri\u0301\u00adguez") == "Rodríguez"
