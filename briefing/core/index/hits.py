"""Finding a query's matches in an article's clean text: the offsets the reader paints
and snippets are cut around.

Whoosh finds the articles; the offsets are found here from the query's positive terms
and phrases, folded as the index folds words, so a match is marked exactly where the
index has it. This runs for every hit shown, so the common cases avoid folding every
word of the article (see :meth:`Matcher.spans`).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.index.analysis import (
    distinct_words,
    find_cjk,
    find_words,
    fold,
    index_words,
    is_cjk,
)


@dataclass(frozen=True)
class Matcher:
    """The positive terms of a query, folded as the index folds them, to find in text."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Code-point offsets (start, end) of every match in `text`, sorted, non-overlapping.

        A term is marked where the index has it: a word wherever it folds to the term, a
        CJK bigram wherever its two characters stand together; a phrase from its first
        word's start to its last word's end (for CJK, exactly the characters typed).
        """
        if not self:
            return []
        if any(is_cjk(word) for phrase in self.phrases for word in phrase):
            return self._spans_by_token(text)
        # Fold each distinct word once, then find the matching spellings with one regex:
        # ~5x faster than folding every word, and this runs for every hit of a query.
        other = {t for t in self.terms if not is_cjk(t)}
        firsts = {phrase[0] for phrase in self.phrases}
        wanted = other | firsts
        forms = {w for w in distinct_words(text) if fold(w) in wanted} if wanted else set()
        found = list(find_words(text, {w for w in forms if fold(w) in other}))
        if len(other) < len(self.terms):
            found += find_cjk(text, set(self.terms) - other)
        for phrase in self.phrases:
            # Each place the phrase's first word stands, then the words after it (stop
            # words skipped, as the index numbers positions without them): a phrase
            # costs about what a term does instead of folding the whole article (~1 ms
            # a hit at 3,600 characters).
            starts = find_words(text, {w for w in forms if fold(w) == phrase[0]})
            found += (
                span for start, end in starts if (span := _phrase_at(text, start, end, phrase))
            )
        return _merge(found) if self.phrases or len(other) < len(self.terms) else found

    def _spans_by_token(self, text: str) -> list[tuple[int, int]]:
        """spans() by folding every token: for phrases holding CJK bigrams."""
        tokens: list[tuple[int, int, str]] = []
        found = []
        for start, end, word, cjk in index_words(text):
            term = word if cjk else fold(word)
            if term is None:
                continue
            tokens.append((start, end, term))
            if term in self.terms:
                found.append((start, end))
        for phrase in self.phrases:
            found += _phrase_spans(tokens, phrase)
        return _merge(found)


def _phrase_at(text: str, start: int, end: int, phrase: tuple[str, ...]) -> tuple[int, int] | None:
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


def _phrase_spans(tokens, phrase) -> list[tuple[int, int]]:
    n = len(phrase)
    return [
        (tokens[i][0], tokens[i + n - 1][1])
        for i in range(len(tokens) - n + 1)
        if tokens[i][2] == phrase[0] and tuple(t[2] for t in tokens[i : i + n]) == phrase
    ]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
