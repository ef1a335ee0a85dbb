"""The vocabulary behind fuzzy terms, and the fast path that finds hits in text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.corpus.segments import words
from briefing.core.index import CorpusIndex, Matcher, Searcher
from briefing.core.index.analysis import fold
from briefing.core.index.lexicon import Lexicon, vocabulary


def test_within_finds_words_by_edit_distance():
    lexicon = Lexicon(vocabulary("The government governs; governments and Rodríguez."))
    assert lexicon.within("governmnt", 1) == ["government"]
    assert set(lexicon.within("governmnt", 2)) == {"government", "governments"}
    assert lexicon.within("Rodriges", 1) == []
    assert lexicon.within("Rodrigues", 1) == ["rodriguez"]  # accents folded
    assert lexicon.within("xovernment", 1, prefix=1) == []


def test_fuzzy_search_sees_words_added_later(tmp_path: Path, index_dir: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\n\nThe government met.\n", "utf-8")
    index = CorpusIndex.open(corpus, index_dir)
    index.update()
    searcher = Searcher(index)
    assert [h.id for h in searcher.search("governmnt~").hits] == ["a"]
    assert searcher.search("zanzibarr~").hits == []
    (corpus / "b.txt").write_text("Title\n\nExports from Zanzibar grew.\n", "utf-8")
    index.update()
    hits = searcher.search("zanzibarr~").hits
    assert [h.id for h in hits] == ["b"]
    assert [hits[0].snippet.text[s:e] for s, e in hits[0].snippet.spans] == ["Zanzibar"]
    index.close()


WORDS = [
    "Cuba",
    "cuban",
    "Cuba's",
    "U.S",
    "U.S.",
    "Rodríguez",
    "rodriguez",
    "the",
    "talks",
    "talking",
    "Havana",
    "of",
    "Cuba.Havana",
    "governments",
    "x",
]


@settings(max_examples=200, deadline=None)
@given(
    tokens=st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    seps=st.lists(
        st.sampled_from([" ", ", ", ".\n", " — ", "\n\n", "'", "-"]), min_size=40, max_size=40
    ),
    wanted=st.sets(st.sampled_from(WORDS), min_size=1, max_size=3),
)
def test_fast_spans_equal_folding_every_word(tokens, seps, wanted):
    text = "".join(t + s for t, s in zip(tokens, seps, strict=False))
    terms = frozenset(t for w in wanted if (t := fold(w)))
    expected = [(s, e) for s, e, w in words(text) if fold(w) in terms]
    assert Matcher(terms).spans(text) == expected
