"""Finding a query's matches in an article's clean text, as the index found the article.

The query's positive terms and phrases, folded as the index folds them, are looked for in
the text; the result is code-point spans the reader and the snippets paint directly.
A search asks only for the first MAX_HIT_SPANS of an article's spans, and then the text is
read a piece at a time until that many are found: a common word in a 50 MB article costs
what is shown, not the whole article (issue 14).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.core.index.analysis import (
    distinct_words,
    find_cjk,
    find_words,
    fold,
    index_words,
    is_cjk,
)

# A hit carries at most this many spans: its snippet shows a few, and the reader finds
# the rest itself when it opens a longer one. A 1 MB article with 47k matches of a common
# word took 27 s to choose its snippet from every span (issue 14).
MAX_HIT_SPANS = 10_000
# How much text a capped search reads before it checks whether it has enough: finding the
# distinct words costs ~0.1 s a megabyte, folding every token for a phrase ~0.3 s.
_PIECE = 1 << 18
_SPACE = re.compile(r"\s")

Span = tuple[int, int]
_Token = tuple[int, int, str]


@dataclass(frozen=True)
class Matcher:
    """The positive terms of a query, folded as the index folds them, to find in text."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def spans(self, text: str, limit: int | None = None) -> list[Span]:
        """Code-point offsets (start, end) of every match in `text`, sorted, non-overlapping;
        with `limit`, the first `limit` of them (the same as cutting the whole list).

        A term is marked where the index has it: a word wherever it folds to the term, a
        CJK bigram wherever its two characters stand together; a phrase from its first
        word's start to its last word's end (for CJK, exactly the characters typed).
        With a limit, the text is read in pieces, and reading stops once enough are found.
        """
        if not self:
            return []
        if limit is None or len(text) <= _PIECE:
            return self._spans(text)[:limit]
        if self.phrases:
            return self._phrase_spans_capped(text, limit)
        found: list[Span] = []
        for start, end in _pieces(text):
            # A piece ends before white space, so no word (nor match) crosses a cut.
            found += [(s + start, e + start) for s, e in self._term_spans(text[start:end])]
            if len(found) >= limit:
                break
        return found[:limit]

    def _spans(self, text: str) -> list[Span]:
        if not self.phrases:
            return self._term_spans(text)
        if any(is_cjk(word) for phrase in self.phrases for word in phrase):
            return self._spans_by_token(text)
        # Each place a phrase's first word stands, then the words after it (stop words
        # skipped, as the index numbers positions without them): a phrase costs about what
        # a term does. Folding every token of the article instead cost ~1 ms a hit at
        # 3,600 characters, 20 ms of a 20-hit phrase search.
        other = {t for t in self.terms if not is_cjk(t)}
        wanted = other | {phrase[0] for phrase in self.phrases}
        forms = {w for w in distinct_words(text) if fold(w) in wanted}
        found = list(find_words(text, {w for w in forms if fold(w) in other}))
        if len(other) < len(self.terms):
            found += find_cjk(text, set(self.terms) - other)
        for phrase in self.phrases:
            starts = find_words(text, {w for w in forms if fold(w) == phrase[0]})
            found += (
                span for start, end in starts if (span := _phrase_at(text, start, end, phrase))
            )
        return _merge(found)

    def _spans_by_token(self, text: str) -> list[Span]:
        """_spans by folding every token: for phrases holding CJK bigrams, and the
        reference the faster path is tested against."""
        tokens = _tokens(text, 0)
        found = [(s, e) for s, e, term in tokens if term in self.terms]
        for phrase in self.phrases:
            found += _phrase_spans(tokens, phrase)
        return _merge(found)

    def _term_spans(self, text: str) -> list[Span]:
        # Fold each distinct word once, then find the matching spellings with one regex:
        # ~5x faster than folding every word, and this runs for every hit of a query.
        other = {t for t in self.terms if not is_cjk(t)}
        forms = {w for w in distinct_words(text) if fold(w) in other} if other else set()
        found = list(find_words(text, forms))
        if len(other) < len(self.terms):
            return _merge(found + find_cjk(text, set(self.terms) - other))
        return found

    def _phrase_spans_capped(self, text: str, limit: int) -> list[Span]:
        """The first `limit` spans of a query with phrases, reading `text` in pieces.

        A phrase may run across a cut, so each piece is read with the last tokens of the
        one before it (one fewer than the longest phrase has); a span is final once it
        ends before those carried tokens, since no later match can reach back over them.
        """
        carried = max(len(p) for p in self.phrases) - 1
        carry: list[_Token] = []
        found: list[Span] = []
        for start, end in _pieces(text):
            new = _tokens(text[start:end], start)
            found += [(s, e) for s, e, term in new if term in self.terms]
            tokens = carry + new
            for phrase in self.phrases:
                found += _phrase_spans(tokens, phrase)
            found = _merge(found)  # a phrase inside the carry is found twice: merged here
            carry = tokens[len(tokens) - carried :] if carried else []
            settled = carry[0][0] if carry else end
            if sum(1 for _s, e in found if e < settled) >= limit:
                break
        return found[:limit]


def _tokens(text: str, offset: int) -> list[_Token]:
    """(start, end, term) of the tokens the index makes of `text`, stop words left out,
    offsets moved by `offset`."""
    tokens = []
    for start, end, word, cjk in index_words(text):
        term = word if cjk else fold(word)
        if term is not None:
            tokens.append((start + offset, end + offset, term))
    return tokens


def _pieces(text: str) -> Iterator[Span]:
    """(start, end) of consecutive pieces of about _PIECE code points that cover `text`,
    each cut just before white space: no word, CJK run or match crosses a cut, and a
    word's edges look the same from inside its piece as from the whole text."""
    start = 0
    while start < len(text):
        cut = _SPACE.search(text, start + _PIECE) if start + _PIECE < len(text) else None
        end = cut.start() if cut else len(text)
        yield start, end
        start = end


def _phrase_at(text: str, start: int, end: int, phrase: tuple[str, ...]) -> Span | None:
    """(start, end of its last word) when *phrase* goes on after its first word, which
    stands at text[start:end]; else None."""
    rest = iter(phrase[1:])
    wanted = next(rest, None)
    if wanted is None:
        return start, end
    for _s, word_end, word, cjk in index_words(text, end):
        term = word if cjk else fold(word)
        if term is None:
            continue
        if term != wanted:
            return None
        wanted = next(rest, None)
        if wanted is None:
            return start, word_end
    return None


def _phrase_spans(tokens: list[_Token], phrase: tuple[str, ...]) -> list[Span]:
    n = len(phrase)
    return [
        (tokens[i][0], tokens[i + n - 1][1])
        for i in range(len(tokens) - n + 1)
        if tokens[i][2] == phrase[0] and tuple(t[2] for t in tokens[i : i + n]) == phrase
    ]


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
