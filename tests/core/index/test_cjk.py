"""Chinese, Japanese and Korean words are found inside longer runs, and marked exactly
(issue 10, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import ids

from briefing.core.index import Searcher, make_snippet

ZH = "美国代表团周二抵达哈瓦那，与古巴官员会谈。双方同意继续合作！下一轮会谈何时举行？"
ARTICLES = {
    "zh": f"古巴会谈\n\n{ZH}\n",
    "mixed": "Mixed\n\nThe delegation reached Havana 哈瓦那 2023 and met.\n",
    "glued": "Glued\n\nHavana哈瓦那2023 was the place.\n",
    "ja": "会議\n\n東京で会議が開かれた。ドナルド・トランプ氏が出席した。\n",
    "ko": "회담\n\n서울에서 회담이 열렸다.\n",
    "en": "English\n\nThe Havana talks went on.\n",
    "long": "Long\n\n" + "双方同意继续合作。" * 40 + ZH + "下一轮会谈何时举行？" * 40 + "\n",
}


@pytest.fixture
def cjk(tmp_path: Path, make_index):
    corpus = tmp_path / "cjk"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / f"{name}.txt").write_text(text, "utf-8")
    index = make_index(corpus)
    return index, Searcher(index)


def marked(index, results) -> dict[str, list[str]]:
    """Article id -> the text of each span marked in it."""
    out = {}
    for hit in results.hits:
        text = index.article(hit.id).text
        out[hit.id] = [text[s:e] for s, e in hit.spans]
    return out


def test_a_chinese_word_inside_a_clause_is_found_and_marked_exactly(cjk):
    index, searcher = cjk
    results = searcher.search("哈瓦那")
    assert marked(index, results) == {
        "zh": ["哈瓦那"],
        "long": ["哈瓦那"],
        "mixed": ["哈瓦那"],
        "glued": ["哈瓦那"],
    }
    text = index.article("zh").text
    (hit,) = [h for h in results.hits if h.id == "zh"]
    assert hit.spans == ((text.index("哈瓦那"), text.index("哈瓦那") + 3),)


@pytest.mark.parametrize(
    ("query", "expected", "marks"),
    [
        ("古巴", {"zh", "long"}, ["古巴"]),  # one bigram
        ('"哈瓦那"', {"zh", "long", "mixed", "glued"}, ["哈瓦那"]),
        ("title:古巴", {"zh"}, ["古巴"]),
        ("美国代表团周二抵达哈瓦那", {"zh", "long"}, ["美国代表团周二抵达哈瓦那"]),
        ("トランプ", {"ja"}, ["トランプ"]),
        ("東京", {"ja"}, ["東京"]),
        ("서울", {"ko"}, ["서울"]),
        ("哈瓦*", {"zh", "long", "mixed", "glued"}, ["哈瓦"]),
    ],
)
def test_cjk_words_in_every_script(cjk, query, expected, marks):
    index, searcher = cjk
    results = searcher.search(query)
    assert {h.id for h in results.hits} == expected
    for hit_marks in marked(index, results).values():
        assert hit_marks == marks


def test_characters_that_do_not_stand_together_do_not_match(cjk):
    _index, searcher = cjk
    assert ids(searcher, "那哈") == set()
    assert ids(searcher, "哈那") == set()
    assert ids(searcher, "古巴 NOT 合作") == set()


def test_mixed_text_works_both_ways(cjk):
    index, searcher = cjk
    assert ids(searcher, "Havana") == {"mixed", "glued", "en"}
    assert marked(index, searcher.search("Havana"))["glued"] == ["Havana"]
    assert ids(searcher, "Havana 哈瓦那") == {"mixed", "glued"}
    assert ids(searcher, "Havana哈瓦那") == {"mixed", "glued"}
    assert ids(searcher, "哈瓦那 2023") == {"mixed", "glued"}
    assert marked(index, searcher.search("Havana 哈瓦那"))["mixed"] == ["Havana", "哈瓦那"]


def test_the_snippet_is_around_the_cjk_hit(cjk):
    index, searcher = cjk
    (hit,) = [h for h in searcher.search("哈瓦那").hits if h.id == "long"]
    snippet = hit.snippet
    assert "**哈瓦那**" in snippet.marked()
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    ((start, end),) = snippet.spans
    assert snippet.text[start:end] == "哈瓦那"
    # Measured in columns (a CJK character takes two): no wider than a Latin snippet.
    assert len(snippet.text) < 100
    assert 10 < start < len(snippet.text) - 20


def test_make_snippet_cuts_cjk_text_beside_any_character():
    text = "双方同意继续合作。" * 40 + "哈瓦那" + "下一轮会谈何时举行？" * 40
    start = text.index("哈瓦那")
    snippet = make_snippet(text, [(start, start + 3)], width=40)
    ((s, e),) = snippet.spans
    assert snippet.text[s:e] == "哈瓦那"
    # A quarter of 40 columns before the hit is 5 characters of two columns, after the "…";
    # the whole window is 20 characters.
    assert s == 1 + 5
    assert len(snippet.text) == 1 + 20 + 1
