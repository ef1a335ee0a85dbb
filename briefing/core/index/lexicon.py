"""The unstemmed vocabulary of the corpus, for fuzzy, prefix and wildcard terms.

The index holds stems ("govern"), and a misspelling is usually several edits from a stem
but one from the word ("government"); a prefix may be longer than the stem ("immigra*"
against "immigr"). So these terms are matched against this sorted word list (fuzzy ones
with a Levenshtein automaton), then searched as the stems of the words found. Whoosh
can keep such a list itself (`spelling=True`), but measured here that made the first build
4x slower, and its fuzzy lookup over a multi-segment index scans every term.
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left
from collections.abc import Iterable

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from briefing.core.index.analysis import distinct_words, fold_unstemmed

_WILDCARD = re.compile(r"[*?\[]")


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

    def starting(self, prefix: str) -> list[str]:
        """Every word starting with `prefix` (case and accents folded), in order."""
        prefix = fold_unstemmed(prefix)
        first = bisect_left(self.words, prefix)
        return self.words[first : bisect_left(self.words, prefix + "\U0010ffff", first)]

    def matching(self, glob: str) -> list[str]:
        """Every word matching the glob `glob` (``gov*nt``, ``rodr?guez``), in order.

        Only the words sharing the glob's literal start are tried: a leading wildcard
        (``*ment``) reads the whole list.
        """
        glob = fold_unstemmed(glob)
        pattern = re.compile(fnmatch.translate(glob))
        head = _WILDCARD.split(glob, maxsplit=1)[0]
        return [w for w in self.starting(head) if pattern.match(w)]
