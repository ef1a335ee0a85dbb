"""The unstemmed vocabulary of the corpus, for fuzzy terms (`governmnt~`).

The index holds stems ("govern"), and a misspelling is usually several edits from a stem
but one from the word ("government"). So fuzzy terms are matched against this sorted word
list with a Levenshtein automaton, then searched as the stems of the words found. Whoosh
can keep such a list itself (`spelling=True`), but measured here that made the first build
4x slower, and its fuzzy lookup over a multi-segment index scans every term.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from briefing.core.index.analysis import distinct_words, fold_unstemmed


def vocabulary(*texts: str) -> set[str]:
    """The folded (case, accents), unstemmed words of `texts`."""
    return {fold_unstemmed(word) for text in texts for word in distinct_words(text)}


class Lexicon:
    """A sorted list of words, searchable by edit distance."""

    def __init__(self, vocabulary: Iterable[str]):
        self.words = sorted(set(vocabulary))

    def __len__(self) -> int:
        return len(self.words)

    def _first_at_or_after(self, key: str) -> str | None:
        i = bisect_left(self.words, key)
        return self.words[i] if i < len(self.words) else None

    def within(self, word: str, maxdist: int, prefix: int = 0) -> list[str]:
        """Every word within `maxdist` edits of `word` sharing its first `prefix` characters.

        The automaton skips through the sorted list, so the cost grows with the matches,
        not with the size of the vocabulary.
        """
        word = fold_unstemmed(word)
        dfa = levenshtein_automaton(word, maxdist, prefix).to_dfa()
        return list(find_all_matches(dfa, self._first_at_or_after))
