"""How text becomes index terms: one definition for Whoosh and for our own hit offsets.

The index and the highlighter must agree on what a word is and what it folds to, or a hit
is found but not marked. Both are built here from the same pieces: the Whoosh analyzer for
indexing and query parsing, and `fold` for finding hits in the clean text quickly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from briefing.core.corpus.segments import WORD_PATTERN

_WORD = re.compile(WORD_PATTERN)

# Whoosh's stop list less the words that matter in news: "US", "May", "will", "can".
STOP_WORDS = frozenset(
    "a an and are as at be by for from have if in is it of on or that the this to we when "
    "with yet you your".split()
)


def reference_analyzer() -> Analyzer:
    """Case folding, stop words, accent folding and Porter stemming, in that order, as a
    chain of Whoosh's own filters: what FoldingAnalyzer must equal (the tests hold it)."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | CharsetFilter(accent_map)
        | StemFilter(stemfn=stem, cachesize=100_000)
    )


class FoldingAnalyzer(Tokenizer):
    """reference_analyzer() in one pass, with each distinct word folded once (cached).

    Five chained generators per token were a third of the first build's time; this gives
    the same tokens, positions and offsets (stop words renumbered away as StopFilter does).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # noqa: PLR0913 - Whoosh's analyzer signature
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        matches: Iterable[tuple[int, str, int, int]]
        if not tokenize:  # wildcard and prefix text: the whole value is one token
            matches = [(0, value, 0, len(value))]
        else:
            matches = (
                (i, m.group(), m.start(), m.end()) for i, m in enumerate(_WORD.finditer(value))
            )
        pos = None
        for index, word, start, end in matches:
            term = fold(word) if word else None  # StopFilter's minsize=1 drops ""
            if term is None:  # a stop word
                if removestops:
                    continue
                t.stopped = True
                t.text = word.lower().translate(accent_map)
                if positions:
                    t.pos = start_pos + index
            else:
                t.stopped = False
                t.text = term
                if positions:
                    pos = start_pos + index if pos is None else pos + 1
                    t.pos = pos
            if keeporiginal:
                t.original = word
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def make_analyzer() -> Analyzer:
    """The analyzer of every text field: case, stop words, accents, Porter stems."""
    return FoldingAnalyzer()


@lru_cache(maxsize=200_000)
def fold(word: str) -> str | None:
    """The index term for one word as the analyzer makes it, or None for a stop word."""
    lowered = word.lower()
    if lowered in STOP_WORDS:
        return None
    return stem(lowered.translate(accent_map))


@lru_cache(maxsize=50_000)
def fold_unstemmed(word: str) -> str:
    """The spelling form of a word: case and accents folded, not stemmed."""
    return word.lower().translate(accent_map)


def distinct_words(text: str) -> set[str]:
    """The distinct words of `text`, unfolded (one C-speed pass)."""
    return set(_WORD.findall(text))


def find_words(text: str, forms: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every whole-word occurrence of any of `forms` (exact spellings)."""
    if not forms:
        return
    # Longest first, and the same word edges as WORD_PATTERN: "Cuba" is not found inside
    # "Cubans" nor inside the single token "Cuba.Havana".
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    pattern = re.compile(rf"(?<!\w)(?<!\w\.)(?:{alternatives})(?!\w)(?!\.\w)")
    for m in pattern.finditer(text):
        yield m.start(), m.end()
