"""Copy detection: shingles, signatures and bands, and clusters kept one article at a time."""

from __future__ import annotations

import random
import sqlite3
import zlib
from collections.abc import Iterable

import pytest
import wire_story
from seeds import S002, S003, SEED_CORPUS

from briefing.core.config import CopySettings
from briefing.core.corpus import normalise_for_match, read_article
from briefing.core.index.copies import (
    BINS,
    ROWS,
    CopyDetector,
    band_keys,
    digest,
    overlap,
    shingles,
    signature,
)

A, B, C, D = wire_story.VARIANT_IDS


class Texts:
    """A CopySource over a dict the test changes."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.by_id = dict(texts)

    def content_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        wanted = self.by_id if ids is None else [i for i in ids if i in self.by_id]
        return {aid: digest(self.by_id[aid]) for aid in wanted}

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {aid: self.by_id[aid] for aid in ids if aid in self.by_id}


def detector(texts: dict[str, str], settings: CopySettings | None = None) -> CopyDetector:
    return CopyDetector(sqlite3.connect(":memory:"), Texts(texts), settings)


def add(found: CopyDetector, article_id: str, text: str) -> None:
    found.source.by_id[article_id] = text  # type: ignore[attr-defined]
    with found.db:
        found.add(article_id, text, digest(text))


# -- shingles, signatures, bands ---------------------------------------------------------
def test_shingles_are_runs_of_words_folded_and_stable():
    text = "The Minister said on Monday that talks would go on."
    assert len(shingles(text, 5)) == 10 - 5 + 1
    assert shingles(text) == shingles(text.upper())
    assert shingles("two words", 5) == frozenset()
    # Stable across processes (band keys are stored): CRC-32 of the words joined by spaces.
    assert shingles("a b c d e", 5) == {zlib.crc32(b"a b c d e")}


def test_clean_text_needs_no_second_normalisation():
    for path in sorted(SEED_CORPUS.iterdir()):
        text = read_article(path, SEED_CORPUS).text
        assert shingles(normalise_for_match(text)) == shingles(text)


def test_overlap_is_containment_and_jaccard():
    texts = wire_story.texts()
    original, trimmed = shingles(texts[A]), shingles(texts[C])
    found = overlap(original, trimmed)
    assert found.containment == 1.0
    assert found.jaccard == pytest.approx(len(trimmed) / len(original))
    assert overlap(original, frozenset()).containment == 0.0


def test_signature_agreement_estimates_jaccard():
    rng = random.Random(7)
    base = [rng.getrandbits(32) for _ in range(2000)]
    a, b = frozenset(base[:1500]), frozenset(base[500:])  # Jaccard 1000/2000 = 0.5
    sa, sb = signature(a), signature(b)
    assert len(sa) == BINS and all(0 <= v < 2**32 for v in sa)
    agree = sum(x == y for x, y in zip(sa, sb, strict=True)) / BINS
    assert agree == pytest.approx(0.5, abs=0.15)
    assert signature(frozenset()) == ()


def test_a_short_text_still_has_a_full_signature():
    few = shingles("one two three four five six seven eight nine ten eleven twelve")
    assert len(signature(few)) == BINS


def test_band_keys_are_per_band():
    keys = band_keys(signature(shingles(wire_story.texts()[A])))
    assert len(keys) == BINS // ROWS
    assert [k >> 32 for k in keys] == list(range(BINS // ROWS))
    assert band_keys(()) == []


# -- clusters ----------------------------------------------------------------------------
def test_wire_story_variants_make_one_cluster_and_the_other_story_none():
    found = detector(wire_story.texts())
    report = found.sync()
    assert report.matched == 5 and report.complete
    assert found.clusters() == {A: [A, B, C, D]}
    assert found.cluster(wire_story.UNRELATED_ID) == wire_story.UNRELATED_ID
    siblings = found.siblings(C)
    assert [s.id for s in siblings] == [A, B, D]  # each wholly holds the trimmed text
    assert siblings[0].similarity == 1.0 and siblings[0].jaccard < 1.0
    assert found.siblings(wire_story.UNRELATED_ID) == []


def test_seed_articles_that_share_passages_are_not_copies():
    texts = {p.stem: read_article(p, SEED_CORPUS).text for p in sorted(SEED_CORPUS.iterdir())}
    found = detector(texts)
    found.sync()
    assert found.clusters() == {}
    assert found.cluster(S002) == S002 and found.cluster(S003) == S003
    assert overlap(shingles(texts[S002]), shingles(texts[S003])).containment < 0.1


def test_adding_one_article_joins_its_cluster_without_reclustering():
    texts = wire_story.texts()
    found = detector({k: texts[k] for k in (B, C)})
    found.sync()
    assert found.clusters() == {B: [B, C]}
    add(found, D, texts[D])
    assert found.clusters() == {B: [B, C, D]}
    add(found, A, texts[A])  # the smallest id now: the cluster takes its name
    assert found.clusters() == {A: [A, B, C, D]}
    assert found.cluster(C) == A


def test_adding_an_article_can_join_two_clusters():
    texts = wire_story.texts()
    # Two halves of the story, each a copy of the whole but not of each other.
    first = "\n\n".join(wire_story.PARAGRAPHS[:3])
    second = "\n\n".join(wire_story.PARAGRAPHS[3:])
    found = detector({"x_first": first, "y_second": second, "x_first_too": first})
    found.sync()
    assert found.clusters() == {"x_first": ["x_first", "x_first_too"]}
    add(found, "z_whole", texts[A])
    assert found.clusters() == {"x_first": ["x_first", "x_first_too", "y_second", "z_whole"]}


def test_removing_the_link_splits_a_cluster():
    texts = wire_story.texts()
    first = "\n\n".join(wire_story.PARAGRAPHS[:3])
    second = "\n\n".join(wire_story.PARAGRAPHS[3:])
    found = detector({"m_whole": texts[A], "n_first": first, "o_second": second})
    found.sync()
    assert found.clusters() == {"m_whole": ["m_whole", "n_first", "o_second"]}
    with found.db:
        found.remove("m_whole")
    assert found.clusters() == {}
    assert found.cluster("o_second") == "o_second"
    assert found.cluster("m_whole") is None


def test_sync_follows_changes_and_deletions():
    source = wire_story.texts()
    found = detector(source)
    found.sync()
    assert found.sync().matched == 0  # nothing changed: nothing matched again
    texts = found.source.by_id  # type: ignore[attr-defined]
    texts[B] = texts[wire_story.UNRELATED_ID]  # B now carries the other story
    del texts[D]
    report = found.sync()
    assert (report.matched, report.removed) == (1, 1)
    other = wire_story.UNRELATED_ID  # the smaller id of the two: the cluster's name
    assert found.clusters() == {A: [A, C], other: [other, B]}
    assert found.sync(only=[A]).matched == 0


def test_a_cancelled_sync_carries_on_next_time():
    found = detector(wire_story.texts())
    calls = iter(range(100))
    report = found.sync(cancelled=lambda: next(calls) >= 2)
    assert not report.complete and report.matched == 2
    assert found.sync().matched == 3
    assert found.clusters() == {A: [A, B, C, D]}


def test_settings_come_into_force_at_the_next_sync():
    source = Texts(wire_story.texts())
    db = sqlite3.connect(":memory:")
    CopyDetector(db, source).sync()
    strict = CopyDetector(db, source, CopySettings(threshold=0.99))
    assert strict.sync().matched == 5  # every article matched again
    # D holds 0.978 of A: under 0.99 it is no copy; the trimmed C links it to the rest.
    assert strict.siblings(D)[-1].similarity < 0.99
    too_short = CopyDetector(db, source, CopySettings(min_words=150))
    too_short.sync()
    assert too_short.clusters() == {A: [A, B, D]}  # C has 120 words


# -- applying an index update ------------------------------------------------------------
def test_apply_matches_what_an_update_writes():
    texts = wire_story.texts()
    found = detector({A: texts[A]})
    assert found.stale()
    assert found.apply([A]).matched == 1
    found.source.by_id.update({aid: texts[aid] for aid in (B, C, D)})  # type: ignore[attr-defined]
    report = found.apply([B, C, D])
    assert (report.matched, report.removed, report.pairs) == (3, 0, 6)
    assert found.clusters() == {A: [A, B, C, D]}
    assert found.apply([B, C, D]).matched == 0  # redone after a crash: nothing to do
    del found.source.by_id[D]  # type: ignore[attr-defined]
    assert found.apply([], [D]).removed == 1
    assert found.clusters() == {A: [A, B, C]}
    assert not found.stale()


def test_a_cleared_catalog_meta_makes_the_tables_again():
    texts = wire_story.texts()
    found = detector(texts)
    assert found.apply([]).matched == 5  # new tables: every article of the source
    assert found.clusters() == {A: [A, B, C, D]}
    with found.db:
        found.db.execute("DELETE FROM meta")  # what Catalog.clear() does
    del found.source.by_id[B]  # type: ignore[attr-defined]
    assert found.apply([]).matched == 4
    assert found.clusters() == {A: [A, C, D]}
