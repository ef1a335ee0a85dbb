"""Highlights placed in an article's current text: where each stored quote is now.

The YAML keeps what the analyst marked (quote, context, old offsets); this module finds
each one again in today's clean text and says how sure it is (exact / fuzzy / orphaned).
The reader, the CLI and export all show highlights through here, so they agree.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

from briefing.core.annotations.anchoring import Anchor, AnchorStatus, TextQuote, reanchor
from briefing.core.annotations.model import NO_DATE, ArticleAnnotations, Highlight
from briefing.core.corpus import Article, clean_tags, normalise_for_match
from briefing.core.errors import UserError


@dataclass(frozen=True)
class PlacedHighlight:
    highlight: Highlight
    start: int | None  # None for orphans
    end: int | None
    status: AnchorStatus

    @property
    def id(self) -> str:
        return self.highlight.id

    @property
    def quote(self) -> str:
        return self.highlight.target.exact

    @property
    def orphaned(self) -> bool:
        return self.status is AnchorStatus.ORPHANED

    def contains(self, offset: int) -> bool:
        if self.start is None or self.end is None:
            return False
        return self.start <= offset < max(self.end, self.start + 1)


def place_highlights(article: Article, annotations: ArticleAnnotations) -> list[PlacedHighlight]:
    """Every live highlight of `annotations`, anchored in `article.text`.

    Placed ones come first in text order, orphans after them in creation order. A highlight
    whose offsets no longer hold is looked for once per process and text (see _AnchorCache).
    """
    placed = []
    for highlight in annotations.live_highlights:
        anchor = _ANCHORS.reanchor(highlight.target, article)
        placed.append(PlacedHighlight(highlight, anchor.start, anchor.end, anchor.status))
    return sorted(
        placed,
        key=lambda p: (p.start is None, p.start or 0, p.highlight.created, p.id),
    )


class _AnchorCache:
    """Re-anchoring results by (content hash, highlight), in memory, least recently used out.

    A highlight whose stored offsets still hold is found at once and not kept here; one
    that has moved or is lost costs a search of the whole text every time the article is
    shown, and with many orphans in a long article that adds up. The key holds the text's
    content hash (a hash of the clean text, so the same hash is the same text) and the
    stored target (quote, context, offsets): the result is a function of the two. Shared
    by the TUI's worker threads, hence the lock.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._found: OrderedDict[tuple[str, int, TextQuote], Anchor] = OrderedDict()
        self._lock = threading.Lock()

    def reanchor(self, target: TextQuote, article: Article) -> Anchor:
        text = article.text
        if 0 <= target.start <= target.end <= len(text) and text[target.start : target.end] == (
            target.exact
        ):
            return reanchor(target, text, article.content_hash)  # the offsets hold: no search
        key = (article.content_hash, len(text), target)
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        found = reanchor(target, text, article.content_hash)
        with self._lock:
            self._found[key] = found
            if len(self._found) > self.size:
                self._found.popitem(last=False)
        return found


# A few thousand moved or orphaned highlights: the keys hold their quotes, not the texts.
_ANCHORS = _AnchorCache(4096)


def line_number(text: str, offset: int) -> int:
    """1-based line of `offset` in `text` (for citations)."""
    return text.count("\n", 0, offset) + 1


def apply_overrides(article: Article, annotations: ArticleAnnotations) -> Article:
    """The article with the analyst's metadata corrections (title, date, source) applied."""
    fixed = annotations.overrides
    tags = tuple(clean_tags([*article.tags, *annotations.tags]))
    if not any(fixed.get(k) for k in ("title", "date", "source")) and tags == article.tags:
        return article
    return replace(
        article,
        title=fixed.get("title") or article.title,
        date=None if fixed.get("date") == NO_DATE else fixed.get("date") or article.date,
        source=fixed.get("source") or article.source,
        tags=tags,
    )


def find_quote(text: str, quote: str, *, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Every (start, end) of `quote` in `text`: exact occurrences, else the same words with
    any white space between them (a quote copied across a line break, no-break spaces), in
    NFC and without invisible characters (a decomposed accent, a soft hyphen). With
    *ignore_case*, the same words in any case (one character for one, so the spans are
    the article's own text)."""
    spans: list[tuple[int, int]] = []
    i = text.find(quote) if quote and not ignore_case else -1
    while i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    words = normalise_for_match(quote).split()
    if spans or not words:
        return spans
    pattern = r"\s+".join(map(re.escape, words))
    flags = re.IGNORECASE if ignore_case else 0
    return [(m.start(1), m.end(1)) for m in re.finditer(f"(?=({pattern}))", text, flags)]


def locate_quote(
    article_id: str, text: str, quote: str, occurrence: int | None = None
) -> tuple[int, int]:
    """(start, end) of the *occurrence*-th (1-based) place *quote* stands in *text*, as
    :func:`find_quote` finds it; failing that, in other case than typed (the span, and so
    the stored quote, is the article's text, not what was typed). Raises UserError (one
    line, naming *article_id*) when it is not there, or is there more than once and no
    occurrence is given."""
    spans = find_quote(text, quote)
    other_case = not spans
    if other_case:
        spans = find_quote(text, quote, ignore_case=True)
    short = " ".join(quote.split())[:60]
    if not spans:
        raise UserError(
            f"Quote not found in {article_id}: {short!r}; copy it from `briefing show {article_id}`."
        )
    if occurrence is None and len(spans) > 1:
        case = " in other case than typed" if other_case else ""
        narrow = "type it as the article has it, or " if other_case else ""
        raise UserError(
            f"The quote occurs {len(spans)} times in {article_id}{case}: "
            f"{narrow}pass --occurrence N (1-{len(spans)}) to pick one."
        )
    n = occurrence or 1
    if not 1 <= n <= len(spans):
        times = "once" if len(spans) == 1 else f"{len(spans)} times"
        raise UserError(f"--occurrence {n}: the quote occurs only {times} in {article_id}.")
    return spans[n - 1]
