"""Cleaning drops short standalone boilerplate, never a sentence of the story, and says what
it dropped: every removed line with its line number in the file and the rule (file and
pattern) or the metadata that took it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from seeds import SEED_CORPUS, SEED_IDS

from briefing.core.corpus import (
    RulesError,
    article_from_bytes,
    decode,
    load_rules,
    normalise,
    read_article_report,
    strip_markdown,
)
from briefing.core.corpus.rules import PACKAGED
from briefing.core.index import CorpusIndex, Searcher

# Sentences of stories that looser built-in rules once deleted (issue 10, item 8).
STORY_SENTENCES = (
    "Residents were urged to sign up for the county's emergency text alerts before the "
    "storm arrived.",
    "Copyright lawyers said the ruling would reshape the industry.",
    "The report, which can be read in 4 languages, was published on Monday.",
)
# Story sentences that open with a boilerplate's words but run long: no built-in rule may
# take a line that ends a sentence and runs past its cap.
LONG_OPENERS = (
    "Follow us on a walk through the flooded streets of the old town, where shopkeepers are "
    "bailing out their cellars by hand.",
    "Sign up for our free classes was the slogan the union painted on every wall of the "
    "port, and hundreds of dockers did.",
    "Disclaimer: the company said in its filing that no customer data had been lost in the "
    "attack on its servers last week.",
    "Tags: the small labels sewn into garments were found to contain traces of the banned "
    "dye, inspectors said on Friday.",
    "Share prices fell sharply on Monday after the central bank raised interest rates for "
    "the third time this year.",
    "Related stories of hardship came from every province, the minister told parliament.",
    "Read more: the council voted on Tuesday to close the library, a decision that angered "
    "many residents.",
    "All our articles can be read in 3 languages, the editor said, and more will follow "
    "once the new translators start work in the spring.",
)
# Short, but a call to action that the story reports is news, not a button.
REPORTED_CALLS = (
    "Follow us on Twitter for updates, the police said.",
    "Subscribe to our alerts, the mayor urged residents.",
    "Become a member of the union, organisers told workers.",
)
CRUFT = (
    "Share this article",
    "Share this:",
    "Share on Facebook",
    "Read more: Cuba and US agree to new talks",
    "Read more",
    "Follow us on Twitter",
    "Sign up for our daily newsletter.",
    "Subscribe to our YouTube channel!",
    "Click to share on Twitter (Opens in new window)",
    "Copyright © 2023 Reuters",
    "© 2023 Reuters. All rights reserved.",
    "Copyright 2023 The Associated Press. All rights reserved.",
    "All rights reserved.",
    "Advertisement",
    "Related: Read more",
    "Tags: Cuba, US",
    "* * *",
)


def _article(text: str, rules=None, name: str = "story.txt"):
    root = Path("/corpus")
    return article_from_bytes(text.encode("utf-8"), root / name, root, rules)


def _story(*middle: str) -> str:
    """A small article: title, an opening paragraph, *middle* lines, a closing paragraph."""
    parts = [
        "Storm Hits the Coast",
        "The storm reached the coast on Tuesday night and cut power to thousands of homes.",
        *middle,
        "Officials said the clean-up would take weeks, and schools would stay closed.",
        "The county has opened three shelters for families whose homes were flooded.",
        "Forecasters expect calmer weather by the end of the week.",
    ]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("sentence", STORY_SENTENCES)
def test_story_sentences_are_not_dropped(sentence):
    article = _article(_story(sentence))
    assert sentence in article.text


@pytest.mark.parametrize("sentence", STORY_SENTENCES)
def test_story_sentences_inside_a_paragraph_are_not_dropped(sentence):
    paragraph = f"The emergency services were busy all night. {sentence} More rain is due."
    assert paragraph in _article(_story(paragraph)).text


@pytest.mark.parametrize("sentence", LONG_OPENERS)
def test_a_long_sentence_is_never_dropped_by_a_built_in_rule(sentence):
    assert sentence in _article(_story(sentence)).text


@pytest.mark.parametrize("sentence", REPORTED_CALLS)
def test_a_call_to_action_the_story_reports_is_kept(sentence):
    assert sentence in _article(_story(sentence)).text


@pytest.mark.parametrize("line", CRUFT)
def test_short_boilerplate_lines_are_dropped(line):
    article = _article(_story(line))
    assert line not in article.text
    assert article.text.count("\n\n") == 3  # the four story paragraphs, nothing between


def test_story_sentences_can_be_searched(tmp_path, make_index):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "storm.txt").write_text(_story(*STORY_SENTENCES), encoding="utf-8")
    index = make_index(corpus)
    searcher = Searcher(index)
    for phrase in ('"emergency text alerts"', '"copyright lawyers"', '"read in 4 languages"'):
        assert [h.id for h in searcher.search(phrase).hits] == ["storm"], phrase


def test_a_line_of_boilerplate_sentences_goes_and_one_story_sentence_keeps_it():
    boilerplate = "Follow us on Twitter. Feel free to repost and share widely."
    mixed = "Follow us on Twitter. Residents were told to stay indoors until noon."
    article = _article(_story(boilerplate, mixed))
    assert "Feel free" not in article.text
    assert mixed in article.text


def test_every_built_in_rule_is_anchored_and_capped():
    """A rule that may start anywhere (a leading `.*`) or match any length can take a
    sentence of a story; each built-in rule is anchored at the line's start and capped at
    80 characters, or writes out a whole sentence of its boilerplate to go past that."""
    rules = load_rules()
    for rule in rules.drop_lines + rules.cut_from:
        assert rule.file == PACKAGED
        assert not rule.pattern.startswith((".*", "(.*", ".+")), rule.pattern
        assert rule.max_length is not None, rule.pattern
        if rule.max_length > 80 or rule.whole_line:
            assert re.search(r"[a-z ,']{50}", rule.pattern), rule.pattern


def test_a_sites_disclaimer_paragraph_goes_whole_but_not_a_story_about_one():
    disclaimer = (
        "Disclaimer: The contents of this article are of sole responsibility of the "
        "author(s). The Centre for Research on Globalization will not be responsible for "
        "any inaccurate or incorrect statement in this article."
    )
    story = (
        "Disclaimer: the contents of the report were disputed. The ministry said the "
        "figures were wrong and asked for them to be withdrawn by Friday."
    )
    text = _article(_story(disclaimer, story)).text
    assert "Centre for Research" not in text
    assert story in text


def test_a_user_rule_may_match_a_whole_line(tmp_path):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(
        "drop_lines:\n  - {pattern: 'about the wire: .*', whole_line: yes}\n", encoding="utf-8"
    )
    line = "About the wire: We are a cooperative. We publish in 4 languages. Join us."
    assert line not in _article(_story(line), load_rules([rules_file])).text
    assert line in _article(_story(line)).text


def test_byline_with_a_date_gives_both_and_leaves_the_text():
    article = _article("Storm Hits the Coast\n\nBy Jane Roe | January 5, 2023\n\nThe storm came.\n")
    assert article.byline == "Jane Roe"
    assert article.date == "2023-01-05"
    assert article.text == "The storm came."


@pytest.mark.parametrize(
    ("line", "byline", "date"),
    [
        ("By Jane Roe, January 5, 2023", "Jane Roe", "2023-01-05"),
        ("By Jane Roe · Published Jan. 5, 2023", "Jane Roe", "2023-01-05"),
        (
            "By Jane Roe and John Doe | 5 January 2023, 10:30 AM",
            "Jane Roe and John Doe",
            "2023-01-05",
        ),
        ("By Jane Roe, Reuters | Thursday, January 5, 2023", "Jane Roe, Reuters", "2023-01-05"),
        ("BY JANE ROE — 2023-01-05", "JANE ROE", "2023-01-05"),
        ("By Jane Roe", "Jane Roe", None),
    ],
)
def test_byline_forms(line, byline, date):
    article = _article(f"Storm Hits the Coast\n\n{line}\n\nThe storm came ashore at dawn.\n")
    assert (article.byline, article.date) == (byline, date)
    assert line not in article.text


def test_a_sentence_starting_with_by_is_not_a_byline():
    line = "By January 5, 2023 the water had receded from most streets."
    article = _article(f"Storm Hits the Coast\n\n{line}\n\nThe storm came ashore at dawn.\n")
    assert article.byline is None
    assert line in article.text


# -- exceptions and lengths in rules files ----------------------------------------------------


def test_keep_lines_is_an_exception_to_every_rule(tmp_path):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(
        "keep_lines:\n  - 'advertisement'\n  - 'you may also like'\n", encoding="utf-8"
    )
    rules = load_rules([rules_file])
    raw = _story("Advertisement") + "\nYou May Also Like\n\nAnother story entirely.\n"
    article = _article(raw, rules)
    assert "Advertisement" in article.text
    assert "Another story entirely." in article.text  # the marker kept: nothing cut
    assert "Advertisement" not in _article(raw).text


def test_a_rule_in_a_user_file_may_have_its_own_length(tmp_path):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(
        "max_length: 30\ndrop_lines:\n  - 'with inputs from .*'\n"
        "  - {pattern: 'wire copy: .*', max_length: 200}\n",
        encoding="utf-8",
    )
    rules = load_rules([rules_file])
    short, long = "With inputs from agencies", "With inputs from agencies in Havana and Miami"
    wire = "Wire copy: " + "x" * 100
    lines = _article(_story(short, long, wire), rules).text.split("\n")
    assert short not in lines
    assert long in lines  # longer than the file's 30
    assert wire not in lines


@pytest.mark.parametrize(
    "content",
    [
        "max_length: many\n",
        "max_length: -3\n",
        "drop_lines:\n  - {pattern: 'x', max_length: 0}\n",
        "drop_lines:\n  - {max_length: 10}\n",
        "drop_lines:\n  - {pattern: 'x', whole_line: maybe}\n",
    ],
)
def test_bad_lengths_are_a_one_line_error_naming_the_file(tmp_path, content):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules([rules_file])
    assert str(rules_file) in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "rules_text",
    [
        "drop_lines: ['(?i)wire staff', 'aa b']\ncut_from: ['(?s)the end']\n",
        "drop_lines: ['wire staff', '(a)\\1 b']\ncut_from: ['(?P<x>t)he end(?P=x)?']\n",
    ],
)
def test_patterns_that_do_not_combine_still_work(tmp_path, rules_text):
    """The rules are tried together as one alternation first; flags and back-references
    that cannot be combined must not break or blind that."""
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(rules_text, encoding="utf-8")
    rules = load_rules([rules_file])
    text = _article(_story("Wire staff", "aa b") + "\nThe End\n\nGone.\n", rules).text
    assert "Wire staff" not in text and "aa b" not in text and "Gone." not in text


def test_keep_lines_change_the_fingerprint(tmp_path):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text("keep_lines: ['advertisement']\n", encoding="utf-8")
    assert load_rules([rules_file]).fingerprint != load_rules().fingerprint


# -- the report --------------------------------------------------------------------------------


def test_report_names_line_numbers_rules_and_metadata(tmp_path):
    user_rules = tmp_path / "cleaning.yaml"
    user_rules.write_text("drop_lines:\n  - 'with inputs from agencies'\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "storm.md"
    path.write_text(
        "---\n"  # 1
        "source: Wire\n"  # 2
        "---\n"  # 3
        "# Storm Hits the Coast\n"  # 4
        "\n"  # 5
        "By Jane Roe | January 5, 2023\n"  # 6
        "\n"  # 7
        "**[Share this article](#)**\n"  # 8
        "The storm reached the coast on Tuesday night and cut power to homes.\n"  # 9
        "Residents were urged to sign up for the county's emergency text alerts.\n"  # 10
        "With inputs from agencies\n"  # 11
        "Officials said the clean-up would take weeks, and schools would close.\n"  # 12
        "The county opened three shelters for families whose homes were flooded.\n"  # 13
        "You May Also Like\n"  # 14
        "Another story\n",  # 15
        encoding="utf-8",
    )
    article, report = read_article_report(path, corpus, load_rules([user_rules]))
    assert article.title == "Storm Hits the Coast"
    assert (article.byline, article.date) == ("Jane Roe", "2023-01-05")
    got = {r.line: r for r in report}
    assert sorted(got) == [4, 6, 8, 11, 14, 15]
    assert (got[4].reason, got[4].metadata, got[4].text) == ("metadata", "title", article.title)
    assert (got[6].reason, got[6].metadata) == ("metadata", "byline and date")
    assert got[8].text == "Share this article"
    assert got[8].reason == "drop_lines"
    assert [(r.file, r.key) for r in got[8].rules] == [(PACKAGED, "drop_lines")]
    assert got[8].rules[0].regex.fullmatch("share this article")
    assert [(r.file, r.pattern) for r in got[11].rules] == [
        (str(user_rules), "with inputs from agencies")
    ]
    assert (got[14].reason, got[14].cut_at) == ("cut_from", 14)
    assert (got[15].reason, got[15].cut_at) == ("cut_from", 14)
    assert got[15].rules == got[14].rules
    assert "emergency text alerts" in article.text


def test_a_leading_labelled_date_is_reported_as_the_start_of_its_line():
    path = SEED_CORPUS / f"{SEED_IDS[0]}.txt"
    article, report = read_article_report(path, SEED_CORPUS)
    assert [(r.line, r.text, r.metadata) for r in report] == [(1, "date 2023-01-14", "date")]
    assert article.text.startswith("The US declared")


@pytest.mark.parametrize("aid", SEED_IDS)
def test_every_line_with_words_is_shown_or_reported(aid):
    """Nothing vanishes unaccounted for: each line of a seed file that has words is in the
    clean text, or the report names its line (the leading date: the start of its line)."""
    path = SEED_CORPUS / f"{aid}.txt"
    article, report = read_article_report(path, SEED_CORPUS)
    shown = {line.strip() for line in article.text.split("\n")}
    reported = {r.line: r for r in report}
    raw = normalise(decode(path.read_bytes(), path.name).text)
    for number, line in enumerate(raw.split("\n"), start=1):
        probe = strip_markdown(line).strip()
        if not any(c.isalnum() for c in probe):
            continue
        if number in reported:
            r = reported[number]
            assert probe == r.text or (probe.startswith(r.text) and r.reason == "metadata")
        else:
            assert probe in shown, (number, probe)


def test_report_of_an_index_free_read_matches_the_indexed_text(tmp_path, seed_corpus):
    """`show --removed` re-reads one file; it must clean it exactly as the index did."""
    index = CorpusIndex.open(seed_corpus, tmp_path / "index")
    try:
        index.update()
        for aid in SEED_IDS:
            article, _ = read_article_report(seed_corpus / f"{aid}.txt", seed_corpus)
            indexed = index.article(aid)
            assert indexed is not None
            assert article.text == indexed.text
    finally:
        index.close()
