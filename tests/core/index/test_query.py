"""Query syntax the user means, not what Whoosh would silently read: colons, field names,
date ranges and operators (issue 10, item 4)."""

from __future__ import annotations

import pytest
from index_helpers import ids
from seeds import S000, S001, S002

from briefing.core.index import QueryError, prepare_query

# -- colons and field names ---------------------------------------------------------------


def test_a_colon_inside_quotes_is_text(searcher):
    # The title of S001 is "US, Cuba to Restart Talks on Law Enforcement: State Department".
    assert ids(searcher, '"Law Enforcement: State Department"') == {S001}
    assert ids(searcher, '"law enforcement: state department"') == {S001}


@pytest.mark.parametrize(
    "query", ["Law Enforcement: State Department", "Restart Talks on Law Enforcement:"]
)
def test_an_unknown_word_then_colon_then_space_is_text(searcher, query):
    assert S001 in ids(searcher, query)


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("Title:cuba", "title:cuba"),
        ("TITLE:Biden", "title:Biden"),
        ("Date:2023-01", "date:2023-01"),
        ("Source:EFE", "source:EFE"),
        ('Title:"law enforcement"', 'title:"law enforcement"'),
        ("Title:(Biden OR Havana)", "title:(Biden OR Havana)"),
    ],
)
def test_field_names_are_case_insensitive(searcher, query, same_as):
    expected = ids(searcher, same_as)
    assert expected
    assert ids(searcher, query) == expected


@pytest.mark.parametrize("query", ["titel:x", "Titel:x", "cuba sorce:EFE", "https://x.org"])
def test_an_unknown_field_with_a_value_is_an_error_naming_the_fields(searcher, query):
    with pytest.raises(QueryError, match="Unknown field") as info:
        searcher.search(query)
    assert "title, body, source, byline, note, tag, date" in str(info.value)


def test_a_known_field_without_a_value_is_an_error(searcher):
    with pytest.raises(QueryError, match="needs a value"):
        searcher.search("title: cuba")


# -- date ranges --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:[2023-01-15 TO]", {S001}),
        ("date:[2023-01-14 TO]", {S000, S001}),
        ("date:[TO 2023-01-31]", {S000, S001}),
        ("date:[TO 2023-01-15]", {S000}),
        ("date:[TO 2023-01-13]", set()),
        ("date:[2023 to]", {S000, S001}),
        ("date:[2023-01-15 TO *]", {S001}),  # Lucene's way of leaving an end open
        ("date:[* TO 2023-01-15]", {S000}),
    ],
)
def test_open_date_ranges(searcher, query, expected):
    assert ids(searcher, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:{2023-01-14 TO 2023-01-16}", set()),  # the 15th alone
        ("date:{2023-01-13 TO 2023-01-16}", {S000}),
        ("date:{2023-01-14 TO 2023-01-17}", {S001}),
        ("date:{2023-01-13 TO 2023-01-17}", {S000, S001}),
        ("date:{2022 TO 2024}", {S000, S001}),
        ("date:{2022-12 TO 2023-02}", {S000, S001}),
        ("date:{2023-01 TO 2023-03}", set()),  # February only
        ("date:{2023-01-14 TO}", {S001}),
        ("date:{TO 2023-01-16}", {S000}),
        ("date:[2023-01-14 TO 2023-01-16}", {S000}),  # one end in, the other out
        ("date:{2023-01-14 TO 2023-01-16]", {S001}),
    ],
)
def test_braces_exclude_the_ends_of_a_range(searcher, query, expected):
    assert ids(searcher, query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date:[2023-02-01 TO 2023-01-01]", "ends before it starts"),
        ("date:[2024 TO 2023]", "ends before it starts"),
        ("date:{2023-02 TO 2023-01}", "ends before it starts"),
        ("date:{2023-01-14 TO 2023-01-15}", "no day between its ends"),
        ("date:{2023 TO 2024}", "no day between its ends"),
        ("date:[2023]", "not a range"),
        ("date:(2023 OR 2024)", "one date or a range"),
    ],
)
def test_impossible_ranges_are_one_line_errors(searcher, query, message):
    with pytest.raises(QueryError, match=message) as info:
        searcher.search(query)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("query", "prepared"),
    [
        ("date:{2023-01-14 TO 2023-01-16}", "date:[2023-01-15 TO 2023-01-15]"),
        ("date:{2023-01 TO 2023-03}", "date:[2023-02-01 TO 2023-02-28]"),
        ("date:{2024-02 TO}", "date:[2024-03-01 TO]"),
        ("date:{TO 2024-03}", "date:[TO 2024-02-29]"),
        ("DATE:[2023 to 2024]", "date:[2023-01-01 TO 2024-12-31]"),
        ("date:[2023-01-15 TO]", "date:[2023-01-15 TO]"),
        ("Title:cuba Law: x", "title:cuba Law  x"),
        ('"date:foo" "x:y"', '"date:foo" "x:y"'),
        ("at 10:30", "at 10:30"),
    ],
)
def test_prepare_query_rewrites(query, prepared):
    assert prepare_query(query) == prepared


# -- operators ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["NOT NOT cuba", "cuba NOT NOT biden", "cuba AND OR biden", "(AND cuba)", "(cuba OR)"]
)
def test_misplaced_operators_are_said_in_our_words(searcher, query):
    with pytest.raises(QueryError) as info:
        searcher.search(query)
    message = str(info.value)
    assert "\n" not in message and "index out of range" not in message
    assert "operators in a row" in message or "needs a word" in message


@pytest.mark.parametrize("query", ["Cuba AND NOT Biden", "Cuba OR NOT Biden", "(NOT Biden) Cuba"])
def test_not_after_another_operator_is_fine(searcher, query):
    searcher.search(query)


def test_whoosh_errors_never_reach_the_user(searcher, monkeypatch):
    def broken(text):
        raise IndexError("list index out of range")

    monkeypatch.setattr(searcher.parser, "parse", broken)
    with pytest.raises(QueryError) as info:
        searcher.search("cuba")
    assert str(info.value) == (
        "Cannot read the query 'cuba': check its operators, brackets and quotes."
    )


def test_seed_queries_still_read_the_same(searcher):
    assert ids(searcher, "title:cuba") == ids(searcher, "Title:Cuba")
    assert ids(searcher, "date:2023-01") == {S000, S001}
    assert ids(searcher, "title:Biden") == {S002}
