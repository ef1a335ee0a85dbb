"""How text becomes index terms: one definition for Whoosh and for our own hit offsets.

The index and the highlighter must agree on what a word is and what it folds to, or a hit
is found but not marked. Both are built here from the same pieces: the Whoosh analyzer for
indexing and query parsing, and `fold` for finding hits in the clean text quickly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

# Words, with inner dots kept ("U.S") and apostrophes splitting ("Obama's" -> "obama", "s"),
# so that "Obama" finds "Obama's".
WORD_PATTERN = r"\w+(?:\.\w+)*"
_WORD = re.compile(WORD_PATTERN)

# Whoosh's stop list less the words that matter in news: "US", "May", "will", "can".
STOP_WORDS = frozenset(
    "a an and are as at be by for from have if in is it of on or that the this to we when "
    "with yet you your".split()
)


def make_analyzer() -> Analyzer:
    """Case folding, stop words, accent folding and Porter stemming, in that order."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | CharsetFilter(accent_map)
        | StemFilter(stemfn=stem, cachesize=100_000)
    )


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


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word of `text`, offsets in code points."""
    for m in _WORD.finditer(text):
        yield m.start(), m.end(), m.group()
