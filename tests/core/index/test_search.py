"""Searching: the seed queries of the issue, query syntax, hit offsets and snippets, sorting,
malformed queries, folding (accents, stems, encodings) and related articles."""

from __future__ import annotations

import re

import pytest
from index_helpers import ids
from seeds import RODRIGUEZ, S000, S001, S002, S003, S004, SEED_IDS

from briefing.core.corpus.segments import words
from briefing.core.index import CorpusIndex, QueryError, Searcher, make_snippet
from briefing.core.index.analysis import fold


def _ids_with_word(index: CorpusIndex, predicate) -> set[str]:
    """Articles whose title or clean text has a word whose index term satisfies `predicate`."""
    found = set()
    for info in index.articles():
        article = index.article(info.id)
        for _s, _e, word in words(article.title + "\n" + article.text):
            term = fold(word)
            if term is not None and predicate(term):
                found.add(info.id)
                break
    return found


# -- the "Done when" queries -----------------------------------------------------


@pytest.mark.parametrize("query", ["Rodriguez", "Rodríguez", "rodriguez", "RODRÍGUEZ"])
def test_rodriguez_with_or_without_accent(searcher, query):
    assert ids(searcher, query) == RODRIGUEZ


def test_havana_syndrome_phrase(searcher):
    assert ids(searcher, '"Havana syndrome"') == {S000, S001}


def test_cuba_not_biden(searcher):
    assert ids(searcher, "Cuba NOT Biden") == {S004}


def test_boolean_operators(searcher):
    obama = ids(searcher, "Obama")
    assert RODRIGUEZ & obama and RODRIGUEZ - obama
    assert ids(searcher, "Rodriguez AND Obama") == RODRIGUEZ & obama
    assert ids(searcher, "Rodriguez Obama") == RODRIGUEZ & obama  # AND is the default
    assert ids(searcher, "Rodriguez NOT Obama") == RODRIGUEZ - obama
    assert ids(searcher, "Rodriguez ANDNOT Obama") == RODRIGUEZ - obama
    assert ids(searcher, "Kennedy OR Bolanos") == {S000, S004}
    assert ids(searcher, "(Kennedy OR Bolanos) AND NOT Obama") == set()


def test_stemming_finds_other_forms(searcher):
    assert ids(searcher, "traffickers") == ids(searcher, "trafficking")
    assert ids(searcher, "traffickers") >= {S000, S001, S002, S003}
    hits = searcher.search("traffickers").hits
    for hit in hits:
        text = searcher.index.article(hit.id).text
        assert {text[s:e].lower() for s, e in hit.spans} <= {"trafficking", "traffickers"}


# -- fields, dates, prefix, fuzzy ---------------------------------------------------------


def test_title_field(searcher):
    assert ids(searcher, "title:Biden") == {S002}
    # 000 and 004 have no title line: the title is the whole first sentence ("... over law
    # enforcement problems.", "... with Cuba in Havana this week."), once cut before that.
    assert ids(searcher, "title:Havana") == {S003, S004}
    assert ids(searcher, 'title:"law enforcement"') == {S000, S001}
    assert ids(searcher, "title:Restart") == {S001}


def test_source_field(searcher):
    assert ids(searcher, "source:EFE") == {S004}
    assert ids(searcher, 'source:"Latin america News"') == {S003}
    assert ids(searcher, 'source:"Global Research"') == {S001}


def test_date_year_and_month_and_day(searcher):
    assert ids(searcher, "date:2023") == {S000, S001}
    assert ids(searcher, "date:2023-01") == {S000, S001}
    assert ids(searcher, "date:2023-01-16") == {S001}
    assert ids(searcher, "date:2022") == set()


def test_date_range(searcher):
    assert ids(searcher, "date:[2023-01-01 TO 2023-01-15]") == {S000}
    assert ids(searcher, "date:[2023-01-01 TO 2023-01-31]") == {S000, S001}
    assert ids(searcher, "Cuba date:[2023-01-15 TO 2023-01-31]") == {S001}


def test_prefix(searcher, seed_index):
    expected = _ids_with_word(seed_index, lambda term: term.startswith("govern"))
    assert expected == {S001, S002, S003, S004}
    assert ids(searcher, "govern*") == expected
    for hit in searcher.search("govern*").hits:
        text = seed_index.article(hit.id).text
        assert hit.spans
        assert all(fold(text[s:e]).startswith("govern") for s, e in hit.spans)


def test_fuzzy(searcher, seed_index):
    expected = _ids_with_word(seed_index, lambda term: term == fold("government"))
    assert expected
    assert ids(searcher, "governmnt~") == expected
    for hit in searcher.search("governmnt~").hits:
        text = seed_index.article(hit.id).text
        assert hit.spans
        assert all(fold(text[s:e]) == fold("government") for s, e in hit.spans)


def test_tag_field_from_front_matter(messy_corpus, make_index):
    searcher = Searcher(make_index(messy_corpus))
    assert ids(searcher, "tag:migration") == {"frontmatter"}
    assert ids(searcher, "tag:Havana") == {"frontmatter"}
    assert ids(searcher, "tag:nothing") == set()


# -- sorting ------------------------------------------------------------------------------


def test_sort_by_relevance(searcher):
    hits = searcher.search("Cuba Havana").hits
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0


def test_sort_by_date_newest_first_undated_last(searcher):
    hits = searcher.search("Cuba", sort="date").hits
    assert {hit.id for hit in hits} == set(SEED_IDS)
    dates = [hit.info.date for hit in hits]
    dated = [d for d in dates if d]
    assert dated == ["2023-01-16", "2023-01-14"]
    assert dates[: len(dated)] == dated  # every undated article after every dated one
    assert all(d is None for d in dates[len(dated) :])
    # Sorted hits still carry their relevance score, not the sort key.
    relevance = {hit.id: hit.score for hit in searcher.search("Cuba").hits}
    for hit in hits:
        assert isinstance(hit.score, float)
        assert hit.score == pytest.approx(relevance[hit.id])


def test_limit_and_total(searcher):
    results = searcher.search("Cuba", limit=2)
    assert len(results.hits) == 2
    assert results.total == 5


# -- hits: offsets and snippets -----------------------------------------------------------


@pytest.mark.parametrize("query", ["Rodriguez", "Rodríguez"])
def test_every_span_is_a_query_term_in_the_clean_text(searcher, seed_index, query):
    for hit in searcher.search(query).hits:
        text = seed_index.article(hit.id).text
        assert hit.spans, hit.id
        for start, end in hit.spans:
            assert text[start:end].lower() in {"rodriguez", "rodríguez"}
        # Every occurrence is marked, not only the first.
        expected = len(re.findall(r"(?i)\brodr[ií]guez\b", text))
        assert len(hit.spans) == expected


def test_phrase_spans_cover_the_phrase(searcher, seed_index):
    for hit in searcher.search('"Havana syndrome"').hits:
        text = seed_index.article(hit.id).text
        assert hit.spans
        assert {text[s:e].lower() for s, e in hit.spans} == {"havana syndrome"}


def test_spans_are_sorted_and_disjoint(searcher):
    for hit in searcher.search("Cuba OR Havana OR Biden").hits:
        assert list(hit.spans) == sorted(hit.spans)
        for (_s1, e1), (s2, _e2) in zip(hit.spans, hit.spans[1:], strict=False):
            assert e1 <= s2


def test_negated_terms_are_not_marked(searcher, seed_index):
    (hit,) = searcher.search("Cuba NOT Biden").hits
    text = seed_index.article(hit.id).text
    assert {text[s:e] for s, e in hit.spans} == {"Cuba"}


@pytest.mark.parametrize("query", ["Rodriguez", "Rodríguez"])
def test_snippet_marks_the_match(searcher, query):
    for hit in searcher.search(query).hits:
        marked = hit.snippet.marked()
        assert "**Rodríguez**" in marked or "**Rodriguez**" in marked
        assert len(hit.snippet.text) <= 200
        for start, end in hit.snippet.spans:
            assert hit.snippet.text[start:end].lower() in {"rodriguez", "rodríguez"}


def test_snippet_of_a_field_only_query_is_the_opening(searcher, seed_index):
    (hit,) = searcher.search("source:EFE").hits
    assert hit.spans == ()
    assert seed_index.article(S004).text.startswith(hit.snippet.text.rstrip("…"))


def test_make_snippet_maps_offsets_through_collapsed_whitespace():
    text = "alpha  beta\n\ngamma   Rodríguez   delta"
    start = text.index("Rodríguez")
    snippet = make_snippet(text, [(start, start + len("Rodríguez"))], width=500)
    assert snippet.text == "alpha beta gamma Rodríguez delta"
    assert snippet.marked("<", ">") == "alpha beta gamma <Rodríguez> delta"


# -- malformed queries --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "(a OR", "date:foo", "titel:x", "Cuba AND", "", "   ", "OR Cuba", "title:"],
)
def test_malformed_query_is_a_one_line_error(searcher, query):
    with pytest.raises(QueryError) as info:
        searcher.search(query)
    message = str(info.value)
    assert message and "\n" not in message


def test_bad_date_range_is_an_error(searcher):
    with pytest.raises(QueryError, match="date"):
        searcher.search("date:[2023-01-01 TO tomorrow]")


def test_no_hits_is_not_an_error(searcher):
    results = searcher.search("xylophone")
    assert results.hits == [] and results.total == 0


# -- folding: encodings, composition ------------------------------------------------------


@pytest.mark.parametrize("query", ["café", "cafe", "CAFÉ", "Müller", "Muller"])
def test_latin1_text_is_searchable(messy_corpus, make_index, query):
    index = make_index(messy_corpus)
    hits = Searcher(index).search(query).hits
    assert [hit.id for hit in hits] == ["latin1"]
    text = index.article("latin1").text
    assert all(text[s:e] in {"café", "Müller"} for s, e in hits[0].spans)


def test_markup_is_searchable_as_words(messy_corpus, make_index):
    searcher = Searcher(make_index(messy_corpus))
    assert ids(searcher, "capital") == {"markup"}
    assert ids(searcher, "governance") == {"sub/nested"}


def test_decomposed_accents_are_found_both_ways(seed_corpus, make_index):
    (seed_corpus / "nfd.txt").write_text(
        "Decomposed Accents\n\nMinister Bruno Rodri\u0301guez spoke in Havana.\n", encoding="utf-8"
    )
    index = make_index(seed_corpus)
    searcher = Searcher(index)
    assert "nfd" in ids(searcher, "Rodríguez")
    assert "nfd" in ids(searcher, "Rodriguez")
    assert "nfd" in ids(searcher, "Rodri\u0301guez")
    (hit,) = [h for h in searcher.search("Rodriguez").hits if h.id == "nfd"]
    text = index.article("nfd").text
    assert [text[s:e] for s, e in hit.spans] == ["Rodríguez"]


# -- related articles ---------------------------------------------------------------------


@pytest.mark.parametrize("aid", SEED_IDS)
def test_related_returns_other_articles(searcher, aid):
    related = searcher.related(aid, limit=3)
    assert related
    assert len(related) <= 3
    related_ids = [info.id for info, _score in related]
    assert aid not in related_ids
    assert set(related_ids) <= set(SEED_IDS)
    assert len(set(related_ids)) == len(related_ids)


def test_related_of_unknown_id_is_empty(searcher):
    assert searcher.related("no/such/article") == []


def test_impossible_dates_in_queries_are_named(seed_corpus, make_index):
    from briefing.core.index import QueryError, Searcher

    searcher = Searcher(make_index(seed_corpus))
    for bad in ("date:2023-13", "date:2023-02-30", "date:[2023-01-01 TO 2023-13-01]"):
        with pytest.raises(QueryError, match="is not a date"):
            searcher.search(bad)
