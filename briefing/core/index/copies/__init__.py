"""Copies: the same story in several articles, with a new headline, a trimmed end or an
added paragraph (the same wire copy from several outlets, a story re-published).

Why in ``core.index``: a copy is a relation between indexed articles, found when they
are indexed and kept, like the rest of the index, as a rebuildable cache in the catalog's
SQLite file. ``core.corpus`` makes one article from one file and knows no other;
``compare.py`` beside this package answers the finer question of which passages two
articles share.

How: :mod:`.shingles` (runs of five words of the clean text), :mod:`.minhash` (a
one-permutation MinHash signature, cut into bands whose equal keys make candidates),
confirmed by the containment of the shingle sets (:func:`overlap`), and :mod:`.clusters`
(connected components of the confirmed pairs, each named by its smallest article id).
:class:`CopyDetector` keeps them in step with a :class:`CopySource` one article at a time.
"""

from briefing.core.index.copies.detector import (
    CopyDetector,
    CopyReport,
    CopySource,
    Sibling,
    digest,
)
from briefing.core.index.copies.minhash import BINS, ROWS, band_keys, signature
from briefing.core.index.copies.shingles import Overlap, overlap, shingles

__all__ = [
    "BINS",
    "ROWS",
    "CopyDetector",
    "CopyReport",
    "CopySource",
    "Overlap",
    "Sibling",
    "band_keys",
    "digest",
    "overlap",
    "shingles",
    "signature",
]
