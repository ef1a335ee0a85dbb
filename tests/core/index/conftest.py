"""One read-only index of the seed corpus per test module of core.index."""

from __future__ import annotations

import shutil

import pytest
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
