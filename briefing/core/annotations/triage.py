"""Orphan triage: where an orphaned highlight might belong now, best first, with scores.

Re-anchoring (:mod:`.anchoring`) refuses to guess: a passage that was rewritten becomes an
orphan rather than moving onto a lookalike. Triage is the other half: it offers the
analyst the few passages of the current text most like the lost quote, each scored and
explained, to re-attach with one key. Nothing here changes an annotation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from briefing.core.annotations.anchoring import (
    APPROXIMATE_MAX,
    TextQuote,
    approximate_matches,
    quote_at,
    similarity,
)
from briefing.core.annotations.model import Highlight
from briefing.core.annotations.store import AnnotationStore
from briefing.core.corpus import Article, normalise_for_match, segments
from briefing.core.display import plural
from briefing.core.errors import UserError

#: How many candidates triage offers.
CANDIDATES = 3
# Approximate matches may differ in up to this share of the quote's characters here (half,
# as Hypothesis allows): these are suggestions a person confirms, not automatic moves.
TRIAGE_ERROR_RATE = 0.5
# Quotes longer than APPROXIMATE_MAX (as in re-anchoring) are compared by sentence only:
# edit distances over thousands of characters cost seconds and say little more.
# Weights of the combined score (they sum to 1): the quote first, its context next, the
# distance from where it was last.
QUOTE, CONTEXT, NEARNESS = 0.7, 0.2, 0.1


@dataclass(frozen=True)
class Candidate:
    """A passage of the current text that an orphan might be, with why.

    Offsets are code points of the clean text; every score is between 0 and 1.
    """

    start: int
    end: int
    text: str
    score: float
    quote_similarity: float  # the passage against the stored quote
    context_similarity: float  # its surroundings against the stored prefix and suffix
    nearness: float  # 1 where the quote was, falling to 0 at the far end of the text
    #: A copy of the article this passage stands in (its id and title), or None: the
    #: article's own text. Offsets are then that copy's.
    source: str | None = None
    source_title: str = ""


def candidates(target: TextQuote, text: str, limit: int = CANDIDATES) -> list[Candidate]:
    """The *limit* best places for *target* in *text*, best first; none for an empty text
    or quote. Looks at every sentence (and pair of sentences) and, for quotes up to
    APPROXIMATE_MAX characters, at approximate matches within TRIAGE_ERROR_RATE."""
    quote = " ".join(normalise_for_match(target.exact).split())
    if not quote or not text.strip():
        return []
    spans = set(_sentence_windows(text, len(quote)))
    if len(quote) <= APPROXIMATE_MAX:
        budget = int(len(quote) * TRIAGE_ERROR_RATE)
        spans.update((s, e) for s, e, _ in approximate_matches(quote, text, budget))
    scored = [_score(target, quote, text, s, e) for s, e in spans if e > s]
    scored.sort(key=lambda c: (-c.score, c.start))
    chosen: list[Candidate] = []
    for candidate in scored:  # overlapping spans are one place: keep its best reading
        if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
            chosen.append(candidate)
        if len(chosen) == limit:
            break
    return chosen


def triage_in_copies(
    target: TextQuote,
    copies: Iterable[tuple[str, str]],
    article: Callable[[str], Article | None],
    limit: int = CANDIDATES,
) -> list[Candidate]:
    """The *limit* best places for *target* across the texts of the article's copies
    ((id, title), most alike first; *article* gives each one's clean text, None when it is
    gone), best first, each with its ``source``: where a passage lost from an article may
    survive (the copy that kept the end it trimmed). Scored as :func:`candidates` scores
    them, so the two lists compare."""
    found = [
        replace(c, source=copy_id, source_title=title)
        for copy_id, title in copies
        if (copy := article(copy_id)) is not None
        for c in candidates(target, copy.text, limit)
    ]
    return sorted(found, key=lambda c: -c.score)[:limit]


def _sentence_windows(text: str, length: int) -> list[tuple[int, int]]:
    """Each sentence, and each run of two or three sentences when the quote is longer
    than one: quotes are usually a sentence or a few."""
    spans = segments.sentence_spans(text)
    windows = list(spans)
    for size in (2, 3):
        for i in range(len(spans) - size + 1):
            start, end = spans[i][0], spans[i + size - 1][1]
            if end - start <= 2 * length + 40:
                windows.append((start, end))
    return windows


def _score(target: TextQuote, quote: str, text: str, start: int, end: int) -> Candidate:
    shown = text[start:end]
    quote_similarity = similarity(quote, " ".join(shown.split()))
    sides = []
    if target.prefix:
        sides.append(similarity(target.prefix, text[max(0, start - len(target.prefix)) : start]))
    if target.suffix:
        sides.append(similarity(target.suffix, text[end : end + len(target.suffix)]))
    context = sum(sides) / len(sides) if sides else 0.0
    nearness = 1 - min(1.0, abs(start - target.start) / max(1, len(text)))
    score = QUOTE * quote_similarity + CONTEXT * context + NEARNESS * nearness
    return Candidate(start, end, shown, round(score, 4), quote_similarity, context, nearness)


def find_highlight(store: AnnotationStore, highlight_id: str) -> tuple[str, Highlight]:
    """(article id, live highlight) for a highlight id; UserError when none has it."""
    loaded, _ = store.load_all()
    for article_id, found in loaded.items():
        for highlight in found.live_highlights:
            if highlight.id == highlight_id:
                return article_id, highlight
    raise UserError(f"No highlight {highlight_id!r}: see `briefing annotations --orphans --json`.")


def reattach(
    store: AnnotationStore, article: Article | None, highlight_id: str, candidate: int
) -> Highlight:
    """Re-attach the highlight *highlight_id* of *article* (None: gone from the corpus) to
    its *candidate*-th (1-based) candidate in the article's text; its note, tags and
    colour stay. UserError when there is no such candidate or highlight."""
    article_id, highlight = find_highlight(store, highlight_id)
    found = [] if article is None else candidates(highlight.target, article.text)
    if article is None or not 1 <= candidate <= len(found):
        has = plural(len(found), "candidate")
        raise UserError(f"--candidate {candidate}: {highlight_id} has {has}.")
    chosen = found[candidate - 1]
    target = quote_at(article.text, chosen.start, chosen.end, article.content_hash)
    return store.retarget_highlight(article_id, highlight_id, target)
