"""Copies in the index: matched as articles are written, kept with the catalog, found again
in a catalog made before them without rebuilding the index."""

from __future__ import annotations

from pathlib import Path

import wire_story

from briefing.core.config import CopySettings
from briefing.core.corpus import load_rules
from briefing.core.index import CorpusIndex

A, B, C, D = wire_story.VARIANT_IDS


def open_index(corpus: Path, location: Path, **kwargs) -> CorpusIndex:
    return CorpusIndex.open(corpus, location, rules=load_rules(), **kwargs)


def test_a_catalog_from_before_copies_gets_them_without_a_rebuild(tmp_path: Path):
    corpus = tmp_path / "corpus"
    wire_story.write_corpus(corpus)
    index = open_index(corpus, tmp_path / "index")
    index.update()
    with index.catalog.db as db:  # as an older version left it: no copy tables
        for table in ("copy_articles", "copy_bands", "copy_pairs"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM meta WHERE key = 'copies'")
    index.close()
    index = open_index(corpus, tmp_path / "index")
    report = index.update()
    assert report.notice is None and report.added == report.changed == 0
    assert index.copies.clusters() == {A: [A, B, C, D]}
    index.close()


def test_copy_settings_reach_the_index(tmp_path: Path):
    corpus = tmp_path / "corpus"
    wire_story.write_corpus(corpus)
    index = open_index(corpus, tmp_path / "index", copy_settings=CopySettings(min_words=150))
    index.update()
    assert index.copies.clusters() == {A: [A, B, D]}  # C has 120 words
    index.close()
