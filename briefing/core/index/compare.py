"""Finding the passages two articles share: the same wire copy, the same quoted statement.

Sentences are compared as sets of folded terms (the index's folding: case, accents, stems,
stop words), so "Rodríguez said the two countries benefit" and "Rodriguez ... benefits both
countries" meet. A pair counts when the sets overlap strongly (Dice coefficient) and share
enough words that the match cannot be a stock phrase.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.corpus import segments
from briefing.core.index.analysis import fold

MIN_SHARED_TERMS = 5
MIN_DICE = 0.5


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    terms: frozenset[str]


@dataclass(frozen=True)
class SharedPassage:
    """A sentence of article A that closely matches one of article B."""

    a: tuple[int, int]
    b: tuple[int, int]
    score: float


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` with their offsets and folded terms."""
    out = []
    for start, end in segments.sentence_spans(text):
        terms = frozenset(t for _, _, w in segments.words(text[start:end]) if (t := fold(w)))
        out.append(Sentence(start, end, terms))
    return out


def shared_passages(text_a: str, text_b: str) -> list[SharedPassage]:
    """Pairs of closely matching sentences, in the order they appear in `text_a`.

    Each sentence of A is paired with its best match in B, if that match is close enough.
    """
    b_sentences = [s for s in sentences(text_b) if len(s.terms) >= MIN_SHARED_TERMS]
    # An inverted index keeps this linear in practice: only sentences sharing a term meet.
    by_term: dict[str, list[int]] = {}
    for i, s in enumerate(b_sentences):
        for term in s.terms:
            by_term.setdefault(term, []).append(i)
    passages = []
    for a in sentences(text_a):
        if len(a.terms) < MIN_SHARED_TERMS:
            continue
        shared_counts: dict[int, int] = {}
        for term in a.terms:
            for i in by_term.get(term, ()):
                shared_counts[i] = shared_counts.get(i, 0) + 1
        best, best_score = None, 0.0
        for i, shared in shared_counts.items():
            if shared < MIN_SHARED_TERMS:
                continue
            score = 2 * shared / (len(a.terms) + len(b_sentences[i].terms))
            if score > best_score:
                best, best_score = b_sentences[i], score
        if best is not None and best_score >= MIN_DICE:
            passages.append(SharedPassage((a.start, a.end), (best.start, best.end), best_score))
    return passages


def unshared_passages(
    text_a: str, text_b: str, passages: list[SharedPassage] | None = None
) -> list[tuple[int, int]]:
    """What `text_a` has that `text_b` lacks: (start, end) code points of `text_a`, in order.

    A sentence of A counts when no sentence of B closely matches it (`passages`, from
    :func:`shared_passages` of A against B, computed if not given) and, for one too short
    to be compared by its terms (a dateline, "Reuters"), when B does not hold it word for
    word either. Such sentences next to each other in one paragraph make one span, so an
    added paragraph is one passage, whole.
    """
    if passages is None:
        passages = shared_passages(text_a, text_b)
    covered = [p.a for p in passages]
    words_of_b = f" {' '.join(text_b.split())} "
    spans: list[tuple[int, int]] = []
    for s in sentences(text_a):
        if any(start < s.end and s.start < end for start, end in covered):
            continue
        if (
            len(s.terms) < MIN_SHARED_TERMS
            and f" {' '.join(text_a[s.start : s.end].split())} " in words_of_b
        ):
            continue
        if not text_a[s.start : s.end].strip():
            continue
        gap = text_a[spans[-1][1] : s.start] if spans else None
        # Joined only within a paragraph: a blank line between two unshared paragraphs
        # keeps them two passages, as the reader steps through them.
        if gap is not None and not gap.strip() and "\n\n" not in gap:
            spans[-1] = (spans[-1][0], s.end)
        else:
            spans.append((s.start, s.end))
    return spans
