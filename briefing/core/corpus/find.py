"""Finding typed text inside one article (the reader's `f`): case and accents ignored.

Unlike a corpus search this is a plain substring find, as in a browser: "rodriguez" finds
"Rodríguez", "u.s." finds "U.S.". Folding is one character for one, so the spans are
offsets (code points) into the article's clean text itself.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from briefing.core.corpus.textio import normalise_for_match


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character, lower-cased and without its accents, still one character."""
    base = unicodedata.normalize("NFD", char)[0]
    folded = base.casefold()
    return folded if len(folded) == 1 else base.lower()


def fold_for_find(text: str) -> str:
    """*text* folded one character for one (same length, same offsets)."""
    return "".join(_fold_char(c) for c in text)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping occurrence of *needle* in *text*, case and
    accents ignored (offsets are code points of *text*); empty for a blank needle."""
    wanted = fold_for_find(normalise_for_match(needle).strip())
    if not wanted:
        return []
    haystack = fold_for_find(text)
    spans, at = [], haystack.find(wanted)
    while at >= 0:
        spans.append((at, at + len(wanted)))
        at = haystack.find(wanted, at + len(wanted))
    return spans
