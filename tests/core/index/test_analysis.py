"""The one-pass analyzer gives exactly what the reference chain gives (Whoosh's own filters
after a plain bigram tokenizer), on Latin, CJK and mixed text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.index.analysis import (
    FoldingAnalyzer,
    distinct_words,
    fold,
    index_words,
    is_cjk,
    reference_analyzer,
)

PIECES = [
    "Rodríguez",
    "the",
    "U.S.",
    "Obama's",
    "traffickers",
    "and",
    "May",
    "US",
    "x",
    "Cuba.Havana",
    "ÉLITE",
    "of",
    "governments",
    "42",
    "it",
    " ",
    ", ",
    ".\n",
    "—",
    "'",
    # CJK: runs of every length, the four scripts, punctuation between, glued to Latin
    "哈瓦那",
    "美",
    "古巴",
    "美国代表团周二抵达哈瓦那",
    "，",
    "。",
    "東京で",
    "ドナルド・トランプ",
    "서울에서",
    "한",
    "Havana哈瓦那2023",
    "ｶﾀｶﾅ",
    "𠀀𠀁",
    "x.哈",
]


def tokens(analyzer, text: str, **options) -> list[tuple]:
    return [
        (
            t.text,
            getattr(t, "pos", None),
            getattr(t, "startchar", None),
            getattr(t, "endchar", None),
            t.stopped,
            getattr(t, "original", None),
        )
        for t in analyzer(text, **options)
    ]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(PIECES), max_size=30),
    glue=st.sampled_from([" ", ""]),
    positions=st.booleans(),
    chars=st.booleans(),
    removestops=st.booleans(),
    tokenize=st.booleans(),
    start_pos=st.integers(0, 5),
)
def test_folding_analyzer_equals_the_filter_chain(
    parts, glue, positions, chars, removestops, tokenize, start_pos
):
    text = glue.join(parts)
    options = dict(
        positions=positions,
        chars=chars,
        removestops=removestops,
        tokenize=tokenize,
        start_pos=start_pos,
        keeporiginal=True,
    )
    assert tokens(FoldingAnalyzer(), text, **options) == tokens(
        reference_analyzer(), text, **options
    )


def test_cjk_runs_are_bigrams_with_exact_offsets():
    text = "美国代表团周二抵达哈瓦那，与古巴官员会谈。美 Havana哈瓦那2023"
    got = [
        (t.text, t.pos, text[t.startchar : t.endchar])
        for t in FoldingAnalyzer()(text, positions=True, chars=True)
    ]
    assert got[:3] == [("美国", 0, "美国"), ("国代", 1, "国代"), ("代表", 2, "代表")]
    assert ("哈瓦", 9, "哈瓦") in got and ("瓦那", 10, "瓦那") in got
    # Punctuation ends a run; a lone character stays itself; Latin and digits are words.
    assert [g[0] for g in got[-6:]] == ["会谈", "美", "havana", "哈瓦", "瓦那", "2023"]
    assert [g[1] for g in got] == list(range(len(got)))


@given(st.text(alphabet="哈瓦那美国古巴ぁカ한ab 。.", max_size=40))
def test_cjk_terms_fold_to_themselves(text):
    for start, end, word, cjk in index_words(text):
        assert text[start:end] == word
        if cjk:
            assert fold(word) == word and is_cjk(word)


@given(st.text(alphabet="哈瓦那美ぁカ한abcé. 。", max_size=40))
def test_distinct_words_are_the_other_words_of_the_index(text):
    assert distinct_words(text) == {w for _s, _e, w, cjk in index_words(text) if not cjk}
