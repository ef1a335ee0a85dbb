"""What a search reads from Whoosh's segments, read once per searcher and kept.

Whoosh scores a document by asking, per posting, for the field length of that document:
with ``supports_mmap=False`` (see corpus_index) that is a seek and a read of one byte, and
at 20k articles it was about a third of every query's time. Decoding a posting block
(zlib, then a pickle of ids, weights and positions) is most of the rest, and the same
terms come back while the user refines a query. So, per searcher (one commit):

- each segment's field lengths are read once, whole (one byte per document and field);
- a term's postings are decoded once into two arrays (ids, weights) and kept in a small
  least-recently-used cache, bounded by postings held, not by terms;
- the articles' dates are read once from the ``sortdate`` column into one sorted array,
  so a date range is two bisections instead of Whoosh's numeric-trie terms (62 of the
  72 ms of ``title:cuba date:[2022-01-01 TO 2023-12-31]`` at 20k).

Block decoding uses the internals of Whoosh 2.7's posting reader (``W3LeafMatcher``);
any other matcher (inlined postings of a rare term, another codec) is read through the
public matcher API, slower but the same.
"""

from __future__ import annotations

import io
import pickle
import struct
import threading
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate, repeat

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3LeafMatcher,
    _lenfield,
)
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

# Postings kept decoded, over all cached terms: 12 bytes each (an int and a double array
# entry), so ~12 MB at most. At 100k articles "govern" alone has ~60k postings in the body.
CACHE_POSTINGS = 1_000_000
# Matches kept per query part (a phrase's, a date range's): ~100 bytes each in a dict.
CACHE_MATCHES = 150_000
# Encoded positions kept from the posting blocks a phrase check decoded (~60 bytes each).
CACHE_BLOCK_VALUES = 50_000

_INT = struct.Struct("!i")  # whoosh.system's int: a block's size


class _Bounded:
    """A least-recently-used mapping bounded by the total size of its values."""

    def __init__(self, cap: int):
        self.cap = cap
        self.held = 0
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        found = self.items.get(key)
        if found is not None:
            self.items.move_to_end(key)
        return found

    def put(self, key, value, size: int) -> None:
        if key in self.items:
            self.held -= self.items.pop(key)[1]
        self.items[key] = (value, size)
        self.held += size
        while self.held > self.cap and len(self.items) > 1:
            _key, (_value, old) = self.items.popitem(last=False)
            self.held -= old

    def clear(self) -> None:
        self.items.clear()
        self.held = 0


class SearcherData:
    """Lengths, postings and dates of one Whoosh searcher's segments, read on demand.

    *searcher* is a top-level ``whoosh.searching.Searcher``; it must stay open as long
    as this object is used. Safe to share between threads (one lock for the caches).
    """

    def __init__(self, searcher, cache_postings: int = CACHE_POSTINGS):
        self.searcher = searcher
        # (leaf searcher, its reader, docnum offset) per segment
        self.leaves = [(leaf, leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._lock = threading.Lock()
        self._lengths: dict[tuple[int, str], bytes] = {}
        self._deleted: dict[int, frozenset[int]] = {}
        self._postings = _Bounded(cache_postings)
        self._matches = _Bounded(CACHE_MATCHES)
        self._blocks = _Bounded(CACHE_BLOCK_VALUES)  # decoded positions, by posting block
        self._dates: tuple[list[int], list[list[int]]] | None = None

    def clear(self) -> None:
        """Forget every posting list and match kept, as before a query never run (the
        benchmark's first runs). What is read once per commit (lengths, dates) stays."""
        with self._lock:
            self._postings.clear()
            self._matches.clear()
            self._blocks.clear()

    def matches(self, key, compute, size=len):
        """What one part of a query matches (*key*: the Whoosh query node), made by
        *compute()* the first time and kept while *size* of it fits. The caller must not
        change what it gets."""
        with self._lock:
            found = self._matches.get(key)
        if found is not None:
            return found[0]
        value = compute()
        with self._lock:
            self._matches.put(key, value, size(value))
        return value

    # -- per segment ------------------------------------------------------------------
    def lengths(self, segment: int, field: str) -> bytes:
        """The encoded length (Whoosh's one-byte code) of *field* in every document of
        segment *segment*, indexed by the segment's own docnum."""
        key = (segment, field)
        found = self._lengths.get(key)
        if found is None:
            reader = self.leaves[segment][1]
            found = _read_lengths(reader, field)
            self._lengths[key] = found
        return found

    def deleted(self, segment: int) -> frozenset[int]:
        """Segment-relative docnums deleted but not yet merged away."""
        found = self._deleted.get(segment)
        if found is None:
            reader = self.leaves[segment][1]
            found = frozenset()
            if reader.has_deletions():
                # As SegmentReader.postings reads them (the reader has no public list).
                perdoc = getattr(reader, "_perdoc", None)
                found = frozenset(
                    perdoc.deleted_docs()
                    if perdoc is not None
                    else (d for d in range(reader.doc_count_all()) if reader.is_deleted(d))
                )
            self._deleted[segment] = found
        return found

    # -- postings ---------------------------------------------------------------------
    def postings(self, field: str, btext: bytes, values: bool = False) -> list[TermPostings]:
        """The term's postings in each segment holding it, deleted documents left out;
        with *values*, their encoded positions too (a phrase's words: the blocks are
        decoded whole anyway, and reading them again for a few documents cost more)."""
        key = (field, btext)
        with self._lock:
            found = self._postings.get(key)
        if found is not None and (not values or all(p.values is not None for p in found[0])):
            return found[0]
        value = [
            _read_postings(reader, field, btext, segment, self.deleted(segment), values)
            for segment, (_leaf, reader, _offset) in enumerate(self.leaves)
            if (field, btext) in reader
        ]
        # Positions are ~60 bytes a posting where ids and weights are 12: counted so.
        size = sum(len(p.ids) * (6 if values else 1) for p in value)
        with self._lock:
            self._postings.put(key, value, size)
        return value

    def positions(self, postings: TermPostings, field: str, btext: bytes, wanted: list[int]):
        """{segment docnum: encoded positions} of the term in the *wanted* documents
        (segment docnums it holds): only the blocks holding them are decoded."""
        if postings.values is not None:
            ids, stored = postings.ids, postings.values
            return {d: stored[bisect_left(ids, d)] for d in wanted}
        reader = self.leaves[postings.segment][1]
        matcher = reader.postings(field, btext)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        found: dict[int, bytes] = {}
        if type(matcher) is not W3LeafMatcher or not postings.block_offsets:
            wanted_set = set(wanted)
            while matcher.is_active():
                if matcher.id() in wanted_set:
                    found[matcher.id()] = matcher.value()
                matcher.next()
            return found
        blocks: dict[int, list[int]] = {}
        for docnum in wanted:
            blocks.setdefault(bisect_left(postings.block_ends, docnum), []).append(docnum)
        for block, docnums in sorted(blocks.items()):
            # A phrase's best candidates are checked in batches: their blocks come back.
            key = (field, btext, postings.segment, block)
            with self._lock:
                cached = self._blocks.get(key)
            if cached is None:
                matcher._goto(postings.block_offsets[block])
                matcher._read_ids()
                matcher._read_values()
                values = dict(zip(matcher._ids, matcher._values, strict=True))
                with self._lock:
                    self._blocks.put(key, values, len(values))
            else:
                values = cached[0]
            found.update({docnum: values[docnum] for docnum in docnums})
        return found

    # -- dates ------------------------------------------------------------------------
    def dated(self, start: int | None, end: int | None, startexcl: bool, endexcl: bool):
        """Global docnums of the articles whose date (as Whoosh's DATETIME field holds it:
        microseconds since ``datetime.min``) lies in the range; None ends are open."""
        keys, groups = self._date_index()
        first = 0
        if start is not None:
            first = (bisect_right if startexcl else bisect_left)(keys, start)
        last = len(keys)
        if end is not None:
            last = (bisect_left if endexcl else bisect_right)(keys, end)
        return [docnum for group in groups[first:last] for docnum in group]

    def _date_index(self) -> tuple[list[int], list[list[int]]]:
        """The distinct dates (ascending) and the docnums of each: grouped in one pass
        and only the few thousand distinct days sorted and converted (sorting 100k
        (date, docnum) pairs was most of the first date search)."""
        with self._lock:
            if self._dates is not None:
                return self._dates
        by_value: dict[bytes, list[int]] = {}
        for segment, (_leaf, reader, offset) in enumerate(self.leaves):
            deleted = self.deleted(segment)
            for docnum, value in enumerate(_column_values(reader, "sortdate")):
                if value and docnum not in deleted:  # undated: in no range, as in Whoosh
                    by_value.setdefault(value, []).append(offset + docnum)
        # As updating._document gives Whoosh's DATETIME field its value.
        dated = sorted(
            (datetime_to_long(datetime.fromisoformat(value.decode("utf-8"))), docnums)
            for value, docnums in by_value.items()
        )
        dates = ([number for number, _d in dated], [docnums for _n, docnums in dated])
        with self._lock:
            self._dates = dates
        return dates


def _parse_blocks(matcher: W3LeafMatcher, out: TermPostings) -> None:
    """Every posting block of *matcher*'s term, from one read of its bytes.

    The layout W3LeafMatcher reads (whoosh.codec.whoosh3, Whoosh 2.7): a magic tag, then
    per block a signed int (the block's size; negative for the last), a pickled info
    tuple (count, last id, max weight, compression, min and max length codes) and the
    data: a pickle, zlib-compressed when the info says so, of (delta-coded ids, weights,
    values). Whoosh reads each block with several small reads through its file layers:
    a third of decoding "govern" at 20k.
    """
    start, length = matcher._startoffset, matcher._length
    if isinstance(length, tuple):  # W3TermInfo keeps it as struct.unpack gave it
        (length,) = length
    buffer = matcher._postfile.get(start, length)
    if buffer[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a W3 posting list")
    stream = io.BytesIO(buffer)
    position = 4
    while True:
        size = _INT.unpack_from(buffer, position)[0]
        stream.seek(position + 4)
        count, last_id, _weight, compression, _low, _high = pickle.load(stream)
        data = buffer[stream.tell() : position + 4 + abs(size)]
        ids, weights, values = pickle.loads(zlib.decompress(data) if compression else data)
        ids = ids if matcher._byteids else accumulate(ids)
        out.ids.extend(ids)
        if weights is None:
            out.weights.extend(repeat(1.0, count))
        elif isinstance(weights, float):
            out.weights.extend(repeat(weights, count))
        else:
            out.weights.extend(weights)
        if out.values is not None:
            if values is None or isinstance(values, bytes):  # fixed-size values: not ours
                raise ValueError("fixed-size posting values")
            out.values.extend(values)
        out.block_ends.append(last_id)
        out.block_offsets.append(start + position)
        if size < 0:
            return
        position += 4 + size


def _read_blocks(matcher: W3LeafMatcher, out: TermPostings) -> None:
    """The blocks through Whoosh's own reader (a block at a time)."""
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    offset = matcher._baseoffset
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        weights = matcher._weights  # a tuple, or an array("f") when all are equal
        out.ids.extend(matcher._ids)
        out.weights.extend(weights.tolist() if isinstance(weights, array) else weights)
        if out.values is not None:
            matcher._read_values()
            out.values.extend(matcher._values)
        out.block_ends.append(matcher._maxid)
        out.block_offsets.append(offset)
        if matcher._lastblock:
            break
        offset = matcher._nextoffset
        matcher._goto(offset)


def _column_values(reader, field: str) -> list[bytes]:
    """Every document's value in a variable-length column, as bytes: read in one piece
    (per document, as Whoosh's reader does, 10k values took ~40 ms here)."""
    column = reader.column_reader(field, translate=False)
    try:
        lengths, data_file, start = column._lengths, column._dbfile, column._basepos
    except AttributeError:  # another column type: Whoosh's reader, a value at a time
        return list(column)
    data = data_file.get(start, sum(lengths))
    values, position = [], 0
    for length in lengths:
        values.append(data[position : position + length])
        position += length
    return values


def _read_lengths(reader, field: str) -> bytes:
    """One byte per document: Whoosh's length code of *field* (0 when absent)."""
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return bytes(count)
    try:  # the column's bytes in one read: a fixed one-byte column with trailing 0s cut
        data = column._dbfile.get(column._basepos, column._count)
    except AttributeError:  # another column layout: ask per document (slow, right)
        data = bytes(column[i] for i in range(count))
    return bytes(data[:count]) + bytes(max(0, count - len(data)))


@dataclass
class TermPostings:
    """A term's postings in one segment: segment docnums (ascending) and weights, and
    where each posting block starts in the file, with its last docnum (to read a
    document's positions again without reading the blocks before it)."""

    segment: int
    ids: array = field(default_factory=lambda: array("i"))
    weights: array = field(default_factory=lambda: array("d"))
    block_ends: array = field(default_factory=lambda: array("i"))
    block_offsets: array = field(default_factory=lambda: array("q"))
    values: list[bytes] | None = None  # encoded positions, when asked for


def _read_postings(
    reader, field: str, btext: bytes, segment: int, deleted, values: bool = False
) -> TermPostings:
    out = TermPostings(segment, values=[] if values else None)
    matcher = reader.postings(field, btext)
    if isinstance(matcher, FilterMatcher):  # deletions: taken out below
        matcher = matcher.child
    if type(matcher) is not W3LeafMatcher:  # a rare term's postings inlined, say
        while matcher.is_active():
            out.ids.append(matcher.id())
            out.weights.append(matcher.weight())
            if out.values is not None:
                out.values.append(matcher.value())
            matcher.next()
    else:
        try:
            _parse_blocks(matcher, out)
        except Exception:  # noqa: BLE001 - not the layout read below: Whoosh reads it
            out = TermPostings(segment, values=[] if values else None)
            _read_blocks(reader.postings(field, btext), out)
    if deleted:
        kept = [i for i, docnum in enumerate(out.ids) if docnum not in deleted]
        out.ids = array("i", (out.ids[i] for i in kept))
        out.weights = array("d", (out.weights[i] for i in kept))
        if out.values is not None:
            out.values = [out.values[i] for i in kept]
    return out


def length_norms(k1: float, b: float, avgfl: float) -> list[float]:
    """BM25's length part ``K1 * ((1 - B) + B * fl / avgfl)`` for each one-byte length
    code, computed exactly as ``whoosh.scoring.bm25`` computes it (same operations, same
    order), so scores equal Whoosh's to the last bit."""
    return [k1 * ((1 - b) + b * byte_to_length(code) / avgfl) for code in range(256)]
