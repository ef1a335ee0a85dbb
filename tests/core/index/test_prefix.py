"""Prefix, wildcard and fuzzy terms against a stemmed index (issue 10, item 3), and stop
words among other words: the query finds what the text says and marks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import ids
from seeds import S001, S003, S004

from briefing.core.corpus.segments import words
from briefing.core.index import CorpusIndex, Searcher
from briefing.core.index.analysis import fold_unstemmed
from briefing.core.index.parsing import EXPANSION_CAP


def spelled(index: CorpusIndex, predicate) -> dict[str, set[str]]:
    """Article id -> the words of its clean text whose folded spelling satisfies `predicate`."""
    found: dict[str, set[str]] = {}
    for info in index.articles():
        article = index.article(info.id)
        for _s, _e, word in words(article.title + "\n" + article.text):
            if predicate(fold_unstemmed(word)):
                found.setdefault(info.id, set()).add(word)
    return found


@pytest.mark.parametrize(
    ("query", "prefix", "expected"),
    [
        ("immigra*", "immigra", {S001, S003, S004}),
        ("investigat*", "investigat", {S001}),
        ("Immigra*", "immigra", {S001, S003, S004}),
        ("govern*", "govern", None),
    ],
)
def test_a_prefix_longer_than_the_stem_finds_and_marks_its_words(
    searcher, seed_index, query, prefix, expected
):
    # "immigration" is indexed as the stem "immigr": the prefix is matched against words.
    by_article = spelled(seed_index, lambda w: w.startswith(prefix))
    assert expected is None or set(by_article) == expected
    results = searcher.search(query)
    assert {hit.id for hit in results.hits} == set(by_article)
    for hit in results.hits:
        text = seed_index.article(hit.id).text
        marked = [text[s:e] for s, e in hit.spans]
        assert marked, hit.id
        assert all(fold_unstemmed(m).startswith(prefix[:6]) for m in marked)
        expected_marks = {w for _s, _e, w in words(text) if fold_unstemmed(w).startswith(prefix)}
        assert expected_marks <= set(marked)
        assert results.notes == ()


def test_a_prefix_snippet_marks_the_expanded_word(searcher):
    (hit,) = searcher.search("investigat*").hits
    assert "**Investigation**" in hit.snippet.marked()


@pytest.mark.parametrize(
    ("query", "marks"),
    [
        ("gov*nt", {"government", "Government"}),
        ("Rodr?guez", {"Rodriguez", "Rodríguez"}),
        ("*ment", {"government", "statement", "agreement"}),
    ],
)
def test_wildcards_in_the_middle_keep_working(searcher, seed_index, query, marks):
    results = searcher.search(query)
    assert results.hits
    marked = {
        seed_index.article(h.id).text[s:e].rstrip("s") for h in results.hits for s, e in h.spans
    }
    assert marks <= marked


def test_a_prefix_and_another_word_must_both_match(searcher):
    assert ids(searcher, "Cuba immigra*") == {S001, S003, S004}
    assert ids(searcher, "Cuba zzzz*") == set()
    assert ids(searcher, "immigra* NOT Bolanos") == {S001, S003}


def test_fuzzy_terms_are_read_unstemmed(searcher):
    # "immigrants" stems to "immigr", which is no word: one edit from "immigrant" is.
    assert ids(searcher, "immigrants~") == {S001, S003, S004}


def test_prefixes_reach_the_source_field(searcher):
    assert ids(searcher, "source:Glob*") == {S001}
    assert ids(searcher, "source:EF?") == {S004}


def test_a_stop_word_among_words_is_not_a_required_tag(searcher):
    # "on" is a stop word for the text fields, "&" no word; each used to become a required
    # tag ("tag:on") and find nothing.
    assert ids(searcher, "Restart Talks on Law Enforcement") == {S001}
    assert ids(searcher, "talks on law enforcement") == ids(searcher, "talks law enforcement")
    assert ids(searcher, "the law of the sea") == ids(searcher, "law sea")
    assert ids(searcher, "Cuba & Havana — talks") == ids(searcher, "Cuba Havana talks") != set()
    assert ids(searcher, "tag:on") == set()  # asked for explicitly, still the tag


# Ten words in every article and ten of its own in each of 40: "zq*" matches 410 words,
# over the expansion cap, and the common ten must be among those kept.
COMMON = [f"zqc{n:02d}" for n in range(10)]


def broad_prefix_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in range(40):
        rare = " ".join(f"zqr{doc:02d}x{n:02d}" for n in range(10))
        (corpus / f"d{doc:02d}.txt").write_text(
            f"Doc {doc}\n\n{' '.join(COMMON)} and {rare}.\n", "utf-8"
        )
    return corpus


def test_a_broad_prefix_keeps_the_most_common_words_and_says_so(tmp_path: Path, make_index):
    searcher = Searcher(make_index(broad_prefix_corpus(tmp_path)))
    results = searcher.search("zq*", limit=100)
    assert len(results.notes) == 1
    assert "zq* matches 410 words" in results.notes[0]
    assert f"searched the {EXPANSION_CAP}" in results.notes[0]
    assert results.total == 40  # the common words are kept, so every article is found
    assert {fold_unstemmed(w) for w in COMMON} <= results.matcher.terms
    assert len(results.matcher.terms) == EXPANSION_CAP
    assert searcher.search("zqc*").notes == ()


def test_a_broad_prefix_reads_its_words_frequencies_in_one_pass(
    tmp_path: Path, make_index, monkeypatch
):
    """Ranking 60k matching words one lookup at a time took ~3 s a field, so the cap did
    not bound a search's cost: the field's terms are read in one pass instead, and only a
    stem that does not start with the prefix is looked up alone."""
    from whoosh.reading import IndexReader

    searcher = Searcher(make_index(broad_prefix_corpus(tmp_path)))
    lookups = []
    for cls in {type(searcher.index.searcher().reader()), IndexReader}:
        original = cls.doc_frequency
        monkeypatch.setattr(
            cls,
            "doc_frequency",
            lambda self, field, text, original=original: (
                lookups.append(text) or original(self, field, text)
            ),
        )
    results = searcher.search("zq*", limit=100)
    assert lookups == []  # every stem starts with "zq": all read in the one pass
    assert results.total == 40
    assert {fold_unstemmed(w) for w in COMMON} <= results.matcher.terms
    assert len(results.matcher.terms) == EXPANSION_CAP


@pytest.mark.parametrize("text", ["*", "title:*", "body:*"])
def test_a_lone_star_is_every_article_without_reading_the_vocabulary(searcher, text):
    """`*` (the empty query's own hint: "or * for every article") once read the postings
    of every word of six fields: 8 s on a 20-article corpus of 60k distinct words."""
    from whoosh import query

    parsed = searcher.parse(text)
    if text == "*":  # title and body in one Every() worth both; the small fields as before
        assert parsed.subqueries[0] == query.Every(boost=2.0)
        assert {q.fieldname for q in parsed.subqueries[1:]} == {"source", "byline", "note", "tag"}
    else:
        assert parsed == query.Every()
    assert searcher.search(text, limit=100).total == 5  # the five seed articles
