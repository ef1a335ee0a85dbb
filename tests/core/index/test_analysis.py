"""The one-pass analyzer gives exactly what Whoosh's own filter chain gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.core.index.analysis import FoldingAnalyzer, reference_analyzer

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
    positions=st.booleans(),
    chars=st.booleans(),
    removestops=st.booleans(),
    tokenize=st.booleans(),
    start_pos=st.integers(0, 5),
)
def test_folding_analyzer_equals_the_filter_chain(
    parts, positions, chars, removestops, tokenize, start_pos
):
    text = " ".join(parts)
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
