"""Finding a stored quote again in text that may have changed since it was highlighted.

A highlight stores a `TextQuote`: the quoted text, up to `CONTEXT_CHARS` of context on each
side, the offsets and the article's content hash. `reanchor` finds it again in the order the
Hypothesis web annotator uses: trust the offsets if they still hold, else pick among the exact
occurrences by context, else among approximate matches within an edit budget, else give up and
report an orphan (the caller keeps orphans; nothing here deletes anything).

Offsets are Python `str` indices (code points) throughout. Pure Python, stdlib only.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate

from briefing.core.corpus import normalise_for_match

CONTEXT_CHARS = 32

# Approximate matches may differ from the quote in at most this fraction of its characters.
# A quarter absorbs a reworded phrase or a changed figure in a sentence-long quote (typically
# 5-15 % of its characters) with room to spare, while an unrelated stretch of prose differs
# from a quote in roughly half its characters, so it cannot pass as the highlight. Hypothesis
# allows one half; we prefer an honest orphan to a highlight silently moved to the wrong place.
# Quotes shorter than 4 characters get no budget at all: exact matches only.
MAX_ERROR_RATE = 0.25

# Scoring as in Hypothesis' match-quote: the quote dominates and the context decides between
# comparable matches. Nearness to the old offset is only a tie-break (see `_best`).
QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0

# An approximate match must also be where the quote was: its prefix or its suffix at least
# this similar to the stored context. Without it a lookalike elsewhere (the same sentence
# about Team Beta instead of Team Alpha) wins when the highlighted passage is rewritten,
# and a note written about one claim is exported under another: an orphan is better.
CONTEXT_SUPPORT = 0.75

# Quotes shorter than this (code points) move to another exact occurrence only with context
# support too; a sentence-long quote is its own evidence.
SHORT_QUOTE = 40

# Approximate candidates scored at most, best edit distance first: bounds the work for short
# quotes in long texts, where the budget can admit hundreds of weak matches.
MAX_CANDIDATES = 64

# Quotes longer than this (code points) are matched exactly or as the same words only, never
# approximately: the edit-distance scan costs one big-int step per quote character over the
# whole text, and an imported 10,000-character quote missing from an 8 MB article made every
# `show` of it take 26 s (issue 14). A passage that long, rewritten, is better triaged by hand.
APPROXIMATE_MAX = 400


class AnchorStatus(StrEnum):
    """How a highlight was found again: where it was, near enough, or not at all."""

    EXACT = "exact"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class TextQuote:
    """What is stored per highlight (a W3C TextQuoteSelector plus TextPositionSelector)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    content_hash: str


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found in the current text; `None` offsets for an orphan."""

    start: int | None
    end: int | None
    status: AnchorStatus


_ORPHAN = Anchor(None, None, AnchorStatus.ORPHANED)


def quote_at(text: str, start: int, end: int, content_hash: str) -> TextQuote:
    """Describe `text[start:end]` with up to `CONTEXT_CHARS` of context on either side.

    Raises ValueError unless 0 <= start <= end <= len(text).
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} is outside a text of {len(text)} characters")
    return TextQuote(
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
        content_hash=content_hash,
    )


def reanchor(target: TextQuote, text: str, content_hash: str) -> Anchor:
    """Find `target` in `text` (whose hash is `content_hash`) and say how well it was found.

    EXACT: `text[start:end] == target.exact`. FUZZY: the span reads as the quote with other
    white space or Unicode form, or (for quotes of at most `APPROXIMATE_MAX` code points)
    differs from it in at most `MAX_ERROR_RATE` of its length and stands where the quote
    stood (its context at least `CONTEXT_SUPPORT` similar). ORPHANED (offsets None): no
    acceptable match, or the quote is empty or blank. `content_hash` is the current text's
    hash; because the stored slice is verified either way, a matching hash is a hint that
    does not change the result. Offsets are code points of `text`.
    """
    exact, start, end = target.exact, target.start, target.end
    if not exact.strip():
        return _ORPHAN
    # An unchanged hash says the offsets should hold, but it is not trusted alone: checking the
    # slice costs nothing and catches offsets computed on other text. And with a changed hash
    # an intact slice is kept too (as Hypothesis keeps a TextPositionSelector that still
    # matches), so both cases come down to this one test.
    if 0 <= start <= end <= len(text) and text[start:end] == exact:
        return Anchor(start, end, AnchorStatus.EXACT)

    spans = _occurrences(exact, text)
    if len(exact) < SHORT_QUOTE and (target.prefix or target.suffix):
        # A word or two recurs all over an article: another "Havana" 1,750 characters on is
        # not the highlighted one unless its surroundings say so. Long quotes carry their
        # own evidence and may move anywhere (a paragraph moved, its context rewritten).
        spans = [s for s in spans if _context_supports(target, text, s[0], s[1])]
    if spans:
        # A candidate whose context is intact on both sides cannot be beaten on score, so the
        # common case (edits elsewhere in the article) skips the edit-distance scoring.
        intact = [s for s in spans if _context_intact(target, text, s[0], s[1])]
        s, e, _ = _best(target, text, intact or spans)
        return Anchor(s, e, AnchorStatus.EXACT)

    # The same words with other white space (no-break spaces, a line break) or in another
    # Unicode form (a decomposed accent, a soft hyphen): the passage is there, unchanged
    # to a reader; FUZZY, since the characters differ.
    spans = _normalised_occurrences(exact, text)
    if spans:
        s, e, _ = _best(target, text, spans)
        return Anchor(s, e, AnchorStatus.FUZZY)

    budget = int(len(exact) * MAX_ERROR_RATE) if len(exact) <= APPROXIMATE_MAX else 0
    spans = approximate_matches(exact, text, budget) if budget else []
    spans = [span for span in spans if _context_supports(target, text, span[0], span[1])]
    if not spans:
        return _ORPHAN
    s, e, _ = _best(target, text, spans)
    return Anchor(s, e, AnchorStatus.FUZZY)


def _normalised_occurrences(exact: str, text: str) -> list[tuple[int, int, int]]:
    """Spans of `text` that read as `exact`: the same words (NFC, invisible characters
    dropped) separated by any run of white space."""
    normal = normalise_for_match(exact)
    words = normal.split()
    if not words:
        return []
    # White space at either end of the quote is part of it: it must be there too.
    lead = r"\s+" if normal[:1].isspace() else ""
    trail = r"\s+" if normal[-1:].isspace() else ""
    pattern = lead + r"\s+".join(re.escape(w) for w in words) + trail
    return [(m.start(), m.end(), 0) for m in re.finditer(pattern, text)]


def _context_supports(target: TextQuote, text: str, start: int, end: int) -> bool:
    """True when the span stands where the quote stood: its prefix or suffix is at least
    CONTEXT_SUPPORT similar to the stored one. An empty stored side (the quote began or
    ended the text) supports a span that also begins or ends the text."""
    sides = []
    if target.prefix:
        before = text[max(0, start - len(target.prefix)) : start]
        sides.append(similarity(target.prefix, before))
    else:
        sides.append(1.0 if start == 0 else 0.0)
    if target.suffix:
        sides.append(similarity(target.suffix, text[end : end + len(target.suffix)]))
    else:
        sides.append(1.0 if end == len(text) else 0.0)
    return max(sides) >= CONTEXT_SUPPORT


def _occurrences(exact: str, text: str) -> list[tuple[int, int, int]]:
    """Every (start, end, 0 errors) where `exact` occurs, overlapping ones included."""
    spans, i = [], text.find(exact)
    while i >= 0:
        spans.append((i, i + len(exact), 0))
        i = text.find(exact, i + 1)
    return spans


def _context_intact(target: TextQuote, text: str, start: int, end: int) -> bool:
    before = text[max(0, start - len(target.prefix)) : start]
    return before == target.prefix and text[end : end + len(target.suffix)] == target.suffix


def _best(target: TextQuote, text: str, spans: list[tuple[int, int, int]]) -> tuple[int, int, int]:
    """The (start, end, errors) span scoring highest; nearest the old span among equals."""
    m = len(target.exact)

    def key(span: tuple[int, int, int]) -> tuple[float, int]:
        start, end, errors = span
        before = text[max(0, start - len(target.prefix)) : start]
        after = text[end : end + len(target.suffix)]
        score = (
            QUOTE_WEIGHT * (1 - errors / m)
            + PREFIX_WEIGHT * similarity(target.prefix, before)
            + SUFFIX_WEIGHT * similarity(target.suffix, after)
        )
        # Nearness counts both ends, so among equals a span as long as the quote wins too.
        return score, -abs(start - target.start) - abs(end - target.end)

    return max(spans, key=key)


def similarity(expected: str, found: str) -> float:
    """1.0 for identical strings, falling linearly with the edit distance to 0.0."""
    if expected == found:
        return 1.0
    return 1 - _prefix_distances(expected, found)[-1] / max(len(expected), len(found))


def approximate_matches(pattern: str, text: str, budget: int) -> list[tuple[int, int, int]]:
    """Spans of `text` within `budget` edits of `pattern`: (start, end, errors), best first.

    Ends within the budget come in runs around each match; each run contributes its
    best-scoring ends, and each end the starts that achieve that score. Context scoring then
    chooses between the slightly different spans of one match as well as between matches.
    """
    if not text:
        return []
    scores = _end_scores(pattern, text)
    ends = [j for j, d in enumerate(scores) if d <= budget]
    runs: list[list[int]] = []
    for j in ends:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    best_ends: list[tuple[int, int]] = []
    for run in runs:
        least = min(scores[j] for j in run)
        best_ends.extend((least, j) for j in run if scores[j] == least)
    best_ends.sort()

    reversed_pattern, m = pattern[::-1], len(pattern)
    spans: list[tuple[int, int, int]] = []
    for errors, end in best_ends:
        # No span longer than m + errors can be within `errors` edits, so this window holds
        # every start; matching reversed strings anchors the alignment at `end`.
        lo = max(0, end - m - errors)
        distances = _prefix_distances(reversed_pattern, text[lo:end][::-1])
        spans.extend((end - c, end, d) for c, d in enumerate(distances) if d == errors)
        if len(spans) >= MAX_CANDIDATES:
            break
    return spans[:MAX_CANDIDATES]


def _end_scores(pattern: str, text: str) -> list[int]:
    """scores[j] = fewest edits turning `pattern` into some substring of `text` ending at j.

    Myers' bit-parallel algorithm (1999, in Hyyrö's formulation) with the two strings' roles
    swapped: the bit vectors run along the text, one bit per position (Python ints have no
    width limit), and the loop runs along the pattern. The Python loop then has len(pattern)
    steps of a dozen big-int operations done in C, instead of len(text) steps of interpreted
    code: about 5x faster overall for a 200-character quote in a 100,000-character article.
    """
    n, m = len(text), len(pattern)
    eq = _position_masks(pattern, text)
    # pv/mv: the +1/-1 steps along the text of the current DP row (one row per pattern
    # character). Row 0 is all zeros, since a match may start anywhere: no steps at all.
    pv = mv = 0
    for ch in pattern:
        e = eq[ch]
        xv = e | mv
        xh = (((e & pv) + pv) ^ pv) | e
        ph = mv | ~(xh | pv)
        mh = pv & xh
        # Column 0 holds the row number (the whole pattern prefix deleted): it steps by +1.
        ph = (ph << 1) | 1
        mh <<= 1
        # Bits above n are junk but never flow down (carries and shifts only go up), so one
        # mask at the end replaces one per step.
        pv = mh | ~(xv | ph)
        mv = ph & xv
    full = (1 << n) - 1
    plus = format(pv & full, f"0{n}b").encode()[::-1]
    minus = format(mv & full, f"0{n}b").encode()[::-1]
    # Last row, column 0 = m; a running sum of the steps gives every other entry.
    return list(accumulate(map(operator.sub, plus, minus), initial=m))


# Byte codes for the pattern's characters: 0 means "not in the pattern" and b"?" is what
# encoding turns characters beyond Latin-1 into, so neither may name a pattern character.
_UNKNOWN = ord("?")
_CODES = [b for b in range(1, 256) if b != _UNKNOWN]
# _BIT_TABLES[b] maps a code byte to b"1" if bit b of the code is set, else to b"0"; b"?" has
# no bits set, so it reads as 0 whichever planes a batch uses.
_BIT_TABLES = [
    bytes(48 + (code >> b & 1 and code != _UNKNOWN) for code in range(256)) for b in range(8)
]


def _position_masks(pattern: str, text: str) -> dict[str, int]:
    """For each character of `pattern`, an int with bit j set where `text[j]` is that char.

    Building one mask per character by scanning the text costs ~0.4 ms each at 100k. Instead
    the text is coded once as one byte per position, split into bit planes (one scan per code
    bit), and each character's mask is the AND of the planes, or their complements, that spell
    its code: a handful of C-speed big-int operations per character.
    """
    n = len(text)
    full = (1 << n) - 1
    chars = sorted(set(pattern))
    masks: dict[str, int] = {}
    for i in range(0, len(chars), len(_CODES)):  # more than 254 distinct chars: several passes
        batch = dict(zip(chars[i : i + len(_CODES)], _CODES, strict=False))
        table = dict.fromkeys(range(256), 0)
        table.update((ord(ch), code) for ch, code in batch.items())
        # Reversed so that text[j] lands on bit j when the bytes are read as a binary numeral.
        coded = text.translate(table).encode("latin-1", "replace")[::-1]
        planes = []
        for b in range(max(batch.values()).bit_length()):
            plane = int(coded.translate(_BIT_TABLES[b]), 2)
            planes.append((plane ^ full, plane))
        for ch, code in batch.items():
            mask = full
            for b, pair in enumerate(planes):
                mask &= pair[code >> b & 1]
            masks[ch] = mask
    return masks


def _prefix_distances(pattern: str, text: str) -> list[int]:
    """d[c] = edit distance between `pattern` and `text[:c]`, for c in 0..len(text).

    Myers' algorithm in its usual orientation (bits along the pattern), anchored at both
    starts: used on short strings (contexts, and windows around a match) only.
    """
    m = len(pattern)
    if m == 0:
        return list(range(len(text) + 1))
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | 1 << i
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out = [m]
    for ch in text:
        e = peq.get(ch, 0)
        xv = e | mv
        xh = (((e & pv) + pv) ^ pv) | e
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) | 1  # row 0 is 0, 1, 2, ...: the text side is anchored at 0 too
        mh <<= 1
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        out.append(score)
    return out
