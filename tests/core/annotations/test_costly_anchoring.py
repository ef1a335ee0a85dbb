"""Re-anchoring costs what it must (issue 14): no approximate matching for quotes longer
than APPROXIMATE_MAX, and a moved or lost highlight is looked for once per process and
text, not at every show."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from briefing.core.annotations import (
    AnchorStatus,
    ArticleAnnotations,
    Highlight,
    TextQuote,
    anchoring,
    place_highlights,
    placing,
    quote_at,
    reanchor,
)
from briefing.core.annotations.anchoring import APPROXIMATE_MAX
from briefing.core.corpus import Article, content_hash

_WORDS = "the government said water policy in havana would change soon officials report".split()


def prose(n: int, seed: int) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < n:
        sentence = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20)))
        out.append(sentence.capitalize() + ".")
        size += len(out[-1]) + 1
    return " ".join(out)[:n]


def article(text: str) -> Article:
    return Article(
        "a", Path("a.md"), "A", None, None, None, None, None, (), text, content_hash(text)
    )


def test_a_long_quote_missing_from_a_long_text_is_an_orphan_at_once(monkeypatch):
    text = prose(2_000_000, seed=1)
    quote = prose(10_000, seed=2)  # the same words, in another order: not in the text
    assert quote not in text
    target = TextQuote(quote, "words before it", "words after it", 5_000, 15_000, "old")
    scans = []
    monkeypatch.setattr(
        anchoring, "_end_scores", lambda *a: scans.append(a) or [len(quote)] * len(text)
    )
    started = time.perf_counter()
    anchor = reanchor(target, text, content_hash(text))
    # The edit-distance scan took 26 s for this quote in an 8 MB article (issue 14).
    assert time.perf_counter() - started < 5
    assert anchor.status is AnchorStatus.ORPHANED
    assert scans == []


def test_a_long_quote_is_still_found_exactly_or_as_the_same_words():
    text = prose(50_000, seed=3)
    start = 10_000
    long_quote = quote_at(text, start, start + 2_000, "old")
    moved = "A new first paragraph. " + text
    anchor = reanchor(long_quote, moved, "new")
    assert anchor.status is AnchorStatus.EXACT
    assert moved[anchor.start : anchor.end] == long_quote.exact
    rewrapped = moved.replace(" ", "\n", 1).replace(" ", "\u00a0")
    anchor = reanchor(long_quote, rewrapped, "newer")
    assert anchor.status is AnchorStatus.FUZZY
    assert " ".join(rewrapped[anchor.start : anchor.end].split()) == " ".join(
        long_quote.exact.split()
    )


@pytest.mark.parametrize("length", [APPROXIMATE_MAX, APPROXIMATE_MAX + 1])
def test_approximate_matching_stops_at_the_bound(length):
    text = prose(20_000, seed=4)
    start = 5_000
    q = quote_at(text, start, start + length, "old")
    at = start + length // 2
    changed = text[:at] + ("X" if text[at] != "X" else "Y") + text[at + 1 :]
    anchor = reanchor(q, changed, "new")
    if length <= APPROXIMATE_MAX:
        assert anchor.status is AnchorStatus.FUZZY and (anchor.start, anchor.end) == (
            q.start,
            q.end,
        )
    else:
        assert anchor.status is AnchorStatus.ORPHANED


def _annotations(*targets: TextQuote) -> ArticleAnnotations:
    return ArticleAnnotations(
        "a", highlights=[Highlight.new(t, author="me", now="2025-01-02T03:04:05Z") for t in targets]
    )


def test_moved_and_lost_highlights_are_anchored_once_per_text(monkeypatch):
    text = prose(20_000, seed=5)
    kept = quote_at(text, 100, 160, "old")
    moved = quote_at(text, 1_000, 1_200, "old")
    lost = TextQuote("Nothing like this sentence is anywhere.", "x", "y", 50, 90, "old")
    ann = _annotations(kept, moved, lost)
    calls = []
    real = placing.reanchor

    def counting(target, text, content_hash):
        calls.append(target)
        return real(target, text, content_hash)

    monkeypatch.setattr(placing, "reanchor", counting)
    placing._ANCHORS = placing._AnchorCache(16)  # nothing from other tests
    shifted = article("A new lead paragraph.\n\n" + text)
    first = place_highlights(shifted, ann)
    assert len(calls) == 3
    again = place_highlights(shifted, ann)
    assert again == first
    assert len(calls) == 3  # all three came from the cache
    # Another text is another key: looked for afresh, and found where it is now.
    edited = article("Another lead.\n\n" + text)
    placed = {p.id: p for p in place_highlights(edited, ann)}
    assert len(calls) == 6
    moved_id = ann.highlights[1].id
    assert edited.text[placed[moved_id].start : placed[moved_id].end] == moved.exact


def test_the_anchor_cache_is_bounded():
    cache = placing._AnchorCache(4)
    text = prose(2_000, seed=6)
    doc = article(text)
    for n in range(10):
        cache.reanchor(TextQuote(f"missing {n}", "", "", 0, 9, "old"), doc)
    assert len(cache._found) == 4
