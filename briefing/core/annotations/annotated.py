"""An article as the analyst sees it: corrections applied, highlights placed, editable or not.

The one place where an article meets its annotations. The reader, ``briefing show``,
``briefing annotations``, the ``A`` view and export all go through :func:`annotate_article`,
so they agree on the title shown, the tags and where each highlight is.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.annotations.model import AnnotationError, ArticleAnnotations
from briefing.core.annotations.placing import PlacedHighlight, apply_overrides, place_highlights
from briefing.core.corpus import Article


@dataclass(frozen=True)
class AnnotatedArticle:
    """An article with its annotations.

    ``article`` has the analyst's metadata corrections and tags applied (its text is the
    corpus file's clean text, untouched); ``highlights`` are the live highlights placed in
    that text (offsets in code points; orphans last, with ``None`` offsets). ``problem`` is
    the one-line reason the annotations cannot be changed (their file does not parse), in
    which case ``annotations`` is empty and nothing may be saved over the file.
    """

    article: Article
    annotations: ArticleAnnotations
    highlights: tuple[PlacedHighlight, ...]
    problem: str | None = None

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def editable(self) -> bool:
        return self.problem is None

    @property
    def orphans(self) -> tuple[PlacedHighlight, ...]:
        return tuple(p for p in self.highlights if p.orphaned)

    def highlight_at(self, offset: int) -> PlacedHighlight | None:
        """The innermost placed highlight under *offset* (the shortest, when they overlap)."""
        under = [p for p in self.highlights if p.contains(offset)]
        return min(under, key=lambda p: (p.end or 0) - (p.start or 0)) if under else None


def annotate_article(
    article: Article, annotations: ArticleAnnotations | AnnotationError
) -> AnnotatedArticle:
    """*article* with *annotations* applied and placed; given the error a broken file
    raised instead, the article as it is, no highlights, and the error as its problem."""
    if isinstance(annotations, AnnotationError):
        empty = ArticleAnnotations(article.id)
        return AnnotatedArticle(article, empty, (), problem=str(annotations))
    return AnnotatedArticle(
        apply_overrides(article, annotations),
        annotations,
        tuple(place_highlights(article, annotations)),
    )
