"""One read-only index of the seed corpus per test module of core.index."""

from __future__ import annotations

import shutil

import pytest
from index_helpers import GENERATED
from seeds import SEED_CORPUS

from briefing.core.corpus import load_rules
from briefing.core.index import CorpusIndex, Searcher


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory):
    """One index of the seed corpus for the whole module: these tests only read it."""
    root = tmp_path_factory.mktemp("search")
    corpus = root / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    # Packaged rules only: the module fixture is built before the per-test env isolation.
    index = CorpusIndex.open(corpus, root / "index", rules=load_rules())
    index.update()
    yield index
    index.close()


@pytest.fixture(scope="module")
def searcher(seed_index):
    return Searcher(seed_index)


@pytest.fixture(scope="session")
def generated_index(tmp_path_factory):
    """One index of a generated 400-article corpus (bench's generator, seed 1) for the
    session: the tests that use it only read it."""
    from bench.generate import generate

    root = tmp_path_factory.mktemp("generated")
    generate(root / "corpus", *GENERATED, processes=1)
    index = CorpusIndex.open(root / "corpus", root / "index", rules=load_rules())
    index.update()  # one writer process: one segment, the same document numbers each time
    yield index
    index.close()
