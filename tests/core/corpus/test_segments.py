"""One segmenter: sentences, words and paragraphs as `h`, motions, compare and titles see them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.core.corpus import segments

US = (
    "In Havana the delegation said it would work to better protect U.S. citizens and bring "
    "transnational criminals to justice. The talks resume in March."
)


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segments.sentence_spans(text)]


def test_abbreviations_do_not_end_a_sentence():
    first, second = sentences(US)
    assert first.endswith("bring transnational criminals to justice.")
    assert second == "The talks resume in March."
    text = "Mr. Smith met Dr. Jones on Jan. 5 (see No. 3). U.N. officials and J. Doe agreed."
    assert sentences(text) == [
        "Mr. Smith met Dr. Jones on Jan. 5 (see No. 3).",
        "U.N. officials and J. Doe agreed.",
    ]


def test_sentence_at_covers_the_whole_sentence_under_the_cursor():
    start, end = segments.sentence_at(US, US.index("citizens"))
    assert US[start:end].startswith("In Havana") and US[start:end].endswith("justice.")
    start, end = segments.sentence_at(US, US.index("(") if "(" in US else US.index("U.S."))
    assert US[start:end].endswith("justice.")


def test_sentence_motions_step_over_abbreviations():
    end = segments.next_sentence(US, 0)
    assert US[:end].endswith("justice.")
    assert segments.previous_sentence(US, len(US)) == US.index("The talks")


def test_cjk_full_stops_end_sentences_without_spaces():
    text = "美国代表团周二抵达哈瓦那，与古巴官员会谈。双方同意继续合作！下一轮会谈何时举行？"
    assert sentences(text) == [
        "美国代表团周二抵达哈瓦那，与古巴官员会谈。",
        "双方同意继续合作！",
        "下一轮会谈何时举行？",
    ]
    start, end = segments.sentence_at(text, text.index("合作"))
    assert text[start:end] == "双方同意继续合作！"


def test_line_breaks_end_sentences_and_closing_quotes_stay_with_them():
    text = "“It was a good year,” he said. “Really.”\nA heading\nNext line."
    assert sentences(text) == [
        "“It was a good year,” he said.",
        "“Really.”",
        "A heading",
        "Next line.",
    ]


def test_a_sentence_ending_in_a_number_still_ends():
    assert sentences("Exports grew by 5. Imports fell.") == ["Exports grew by 5.", "Imports fell."]


def test_first_sentence_collapses_white_space():
    assert segments.first_sentence("  One  two.\nThree.") == "One two."


@given(st.text(alphabet="ab .!?\n。U.S", max_size=60))
def test_sentences_are_ordered_trimmed_and_within_the_text(text: str):
    spans = segments.sentence_spans(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        last = end
