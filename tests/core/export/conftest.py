"""Fixtures of the interoperability tests: see interop.py for what they hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from interop import AUTHOR, ORPHAN, PLAN, WEB_TEXT, hid, highlight
from seeds import S001

from briefing.core.annotations import AnnotationStore, ArticleAnnotations, Highlight
from briefing.core.index import CorpusIndex


@pytest.fixture
def interop_corpus(seed_corpus: Path) -> Path:
    (seed_corpus / "web").mkdir()
    (seed_corpus / "web" / "cuba-talks.md").write_text(WEB_TEXT, encoding="utf-8")
    return seed_corpus


@pytest.fixture
def interop_index(interop_corpus: Path, make_index: Callable[..., CorpusIndex]) -> CorpusIndex:
    return make_index(interop_corpus)


@pytest.fixture
def interop_store(tmp_path: Path, interop_index: CorpusIndex) -> AnnotationStore:
    """Every article of PLAN annotated as it says; 001 also has an orphan."""
    store = AnnotationStore(tmp_path / "annotations", author=AUTHOR)
    n = 0
    for article_id, (marks, tags, note, corrections) in PLAN.items():
        article = interop_index.article(article_id)
        assert article is not None, article_id
        highlights = []
        for needle, hl_note, hl_tags, color in marks:
            n += 1
            highlights.append(
                highlight(article, n, needle, note=hl_note, tags=hl_tags, color=color)
            )
        if article_id == S001:
            stamp = "2025-03-20T09:00:00Z"
            highlights.append(
                Highlight(
                    hid(99), stamp, stamp, AUTHOR, "key-fact", "Where did it go?", ["cuba"], ORPHAN
                )
            )

        def mutate(
            ann: ArticleAnnotations,
            highlights=highlights,
            tags=tags,
            note=note,
            corrections=corrections,
        ) -> None:
            ann.highlights.extend(highlights)
            ann.tags, ann.note, ann.overrides = list(tags), note, dict(corrections)

        store.update(article_id, mutate)
    return store
