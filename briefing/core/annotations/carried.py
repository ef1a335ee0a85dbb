"""Highlights carried across copies: what was marked on one copy of a story, shown on another.

A wire story printed by several outlets is one story in several articles (a new headline, a
trimmed end, a paragraph added). An analyst who highlights one copy should see that work on
the others without doing it again. Each sibling's live highlights are placed in this
article's text by the same anchoring rules as its own (:func:`reanchor`: the stored quote,
exact or normalised, chosen by its context); one that would be an orphan here (its passage
was trimmed, or is the sibling's added paragraph) is not shown. Nothing is written: a carried
highlight becomes this article's own only when the analyst takes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefing.core.annotations.anchoring import AnchorStatus, reanchor
from briefing.core.annotations.annotated import AnnotatedArticle
from briefing.core.annotations.model import AnnotationError, ArticleAnnotations, Highlight
from briefing.core.annotations.store import AnnotationStore
from briefing.core.corpus import Article


@dataclass(frozen=True)
class CarriedHighlight:
    """A sibling's highlight placed in this article's text.

    *start*/*end*: code points of this article's clean text (never None: orphans are not
    carried). *source_id*/*source_title*: the copy it was made on. *status*: exact or fuzzy,
    as :func:`reanchor` found it here.
    """

    highlight: Highlight
    source_id: str
    source_title: str
    start: int
    end: int
    status: AnchorStatus

    @property
    def id(self) -> str:
        return self.highlight.id

    @property
    def quote(self) -> str:
        return self.highlight.target.exact

    def contains(self, offset: int) -> bool:
        return self.start <= offset < max(self.end, self.start + 1)


def carry_highlights(
    article: Article,
    own: Iterable[tuple[int, int]],
    siblings: Iterable[tuple[str, str, ArticleAnnotations]],
) -> list[CarriedHighlight]:
    """The live highlights of *siblings* ((id, title, annotations), most alike first) placed
    in *article*'s text, in text order; orphans here are left out.

    A span this article already highlights itself (*own*: (start, end) pairs, code points),
    say one taken from a copy, is not carried again, and of several copies marking the same
    span only the first (most alike) is shown: one passage, one mark.
    """
    seen = set(own)
    carried: list[CarriedHighlight] = []
    for source_id, title, sibling in siblings:
        if source_id == article.id:
            continue
        for highlight in sibling.live_highlights:
            anchor = reanchor(highlight.target, article.text, article.content_hash)
            if anchor.start is None or anchor.end is None:
                continue
            if (anchor.start, anchor.end) in seen:
                continue
            seen.add((anchor.start, anchor.end))
            carried.append(
                CarriedHighlight(
                    highlight, source_id, title, anchor.start, anchor.end, anchor.status
                )
            )
    return sorted(carried, key=lambda c: (c.start, c.end, c.highlight.created, c.id))


def carried_from_store(
    shown: AnnotatedArticle, store: AnnotationStore, siblings: Iterable[tuple[str, str]]
) -> list[CarriedHighlight]:
    """:func:`carry_highlights` for *shown* (its own placed highlights not carried again),
    each sibling's ((id, title) pairs, most alike first) annotations read from *store*; a
    sibling whose file does not parse carries nothing (it says so when that copy is opened)."""
    own = [(p.start, p.end) for p in shown.highlights if p.start is not None and p.end is not None]

    def loaded() -> Iterable[tuple[str, str, ArticleAnnotations]]:
        for sibling_id, title in siblings:
            try:
                yield sibling_id, title, store.load(sibling_id)
            except AnnotationError:
                continue

    return carry_highlights(shown.article, own, loaded())
