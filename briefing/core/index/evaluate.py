"""Running a parsed query over Whoosh's postings ourselves: every match scored as Whoosh
scores it, the best few taken with a heap, the rest counted when asked.

Whoosh's own collector walks a tree of matcher objects one document at a time, asking
each leaf for its field length through a file read (see ``postings``). Profiled at 20k
articles, that walk was 70-90 % of every query (``govern*``: 148 of 164 ms). Here each
part of the query becomes a :class:`Part`, built from decoded posting arrays, and And /
Or / Not are dict and set operations. The scores are Whoosh's: BM25F with its parameters
and statistics, the same arithmetic in the same order per term, summed as its matchers
sum them (an Or adds its parts in order, as Whoosh's array union does; Whoosh's matcher
trees may add three or more parts in another order, which can move a score in its last
bit). Ties go to the lower document number, as in Whoosh.

A phrase is the one part whose matches cost more than its postings: each candidate's
positions must be decoded (13,000 pickles for ``"human rights"`` at 20k). Its score is
known before that (the sum of its words' scores), so the best candidates are checked
first and checking stops once no candidate left can reach the top; the rest are
checked only if the total is asked for (:meth:`Part.count`).

Whoosh's TopCollector also stopped counting documents once it could tell they would not
reach the top (``UnionMatcher.replace``), so ``len(results)`` said 1,279 hits for
``government`` at 20k where 12,279 match: counting here is exact.

Parts this module does not know (prefix and fuzzy terms on the tag field, ``*``, a NOT
inside OR, ...) are run by Whoosh's own matchers, segment by segment, and joined in the
same way; a shape it cannot join (an Or with a coordination ``scale``, another scoring
model) raises :class:`Unsupported` and the caller runs the whole query through Whoosh.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

from whoosh import query
from whoosh.query.qcore import _NullQuery
from whoosh.scoring import BM25F

from briefing.core.index.postings import SearcherData, TermPostings, length_norms

Matches = dict[int, float]  # global docnum -> score
Check = Callable[[list[int]], dict[int, float | None]]  # docnums -> score, None: no match

_BATCH = 16  # phrase candidates checked at once (positions are read a block at a time)
_SLACK = 1e-9  # a bound's float sum may differ from the exact one in its last bits


class Unsupported(Exception):
    """A query this evaluator leaves to Whoosh as a whole."""


class Part:
    """The documents one part of a query may match, each with the score it gets if it
    does (*bounds*; exact when *check* is None), and *check*, which says for a list of
    them whether they match and their exact scores (never more than their bounds)."""

    __slots__ = ("bounds", "check", "_known", "_resolved")

    def __init__(self, bounds: Matches, check: Check | None = None):
        self.bounds = bounds
        self.check = check
        self._known: dict[int, float | None] = {}  # what check() said, kept
        self._resolved: Matches | None = bounds if check is None else None

    def scores(self, docnums: list[int]) -> dict[int, float | None]:
        if self.check is None:
            return {d: self.bounds[d] for d in docnums}
        known = self._known
        unknown = [d for d in docnums if d not in known]
        if unknown:
            known.update(self.check(unknown))
        return {d: known[d] for d in docnums}

    def resolved(self) -> Matches:
        """Every match with its exact score (checks every candidate once)."""
        if self._resolved is None:
            found = self.scores(list(self.bounds))
            self._resolved = {d: s for d, s in found.items() if s is not None}
        return self._resolved

    def count(self) -> int:
        return len(self.resolved())

    def top(self, limit: int | None) -> list[tuple[int, float]]:
        """The best (docnum, score) pairs, best first; equal scores by docnum, as Whoosh."""
        if self.check is None or limit is None or limit >= len(self.bounds):
            return _best(self.resolved(), limit)
        # Candidates by bound, best first; checked a batch at a time until the worst of
        # the best found so far beats every bound left.
        pending = [(-bound, d) for d, bound in self.bounds.items()]
        heapq.heapify(pending)
        best: list[tuple[float, int]] = []  # a min-heap of (score, -docnum)
        while pending:
            if len(best) == limit:
                score, negative = best[0]
                bound, docnum = -pending[0][0], pending[0][1]
                if bound * (1 + _SLACK) < score or (bound == score and docnum > -negative):
                    break
            batch = [heapq.heappop(pending)[1] for _ in range(min(_BATCH, len(pending)))]
            for docnum, found in self.scores(batch).items():
                if found is None:
                    continue
                if len(best) < limit:
                    heapq.heappush(best, (found, -docnum))
                elif (found, -docnum) > best[0]:
                    heapq.heapreplace(best, (found, -docnum))
        return [(-negative, score) for score, negative in sorted(best, reverse=True)]


def _best(matches: Matches, limit: int | None) -> list[tuple[int, float]]:
    if limit is not None and limit < len(matches):
        # The limit-th best score by a plain float heap (C comparisons, no key function:
        # 3x faster at 12k matches), then only the matches that reach it are sorted.
        floor = heapq.nlargest(limit, matches.values())[-1]
        matches = {d: s for d, s in matches.items() if s >= floor}
    ranked = sorted(matches.items(), key=lambda item: (-item[1], item[0]))
    return ranked if limit is None else ranked[:limit]


class Evaluator:
    """Evaluates queries against one searcher's :class:`SearcherData`."""

    def __init__(self, data: SearcherData):
        self.data = data
        self.searcher = data.searcher
        self.schema = self.searcher.schema
        if type(self.searcher.weighting) is not BM25F:
            raise Unsupported("scoring model")
        self.weighting = self.searcher.weighting

    def part(self, q: query.Query) -> Part:
        """What *q* matches, as a Part. Raises Unsupported."""
        if q is query.NullQuery or isinstance(q, _NullQuery):
            return Part({})
        kind = type(q)
        if kind is query.Term:
            return Part(self._cached(q, lambda: self._term(q)))
        if kind is query.Or:
            return self._or(q)
        if kind is query.And:
            return self._and(q)
        # Whoosh's binary queries ignore their own boost (BinaryQuery.matcher): so here.
        if kind is query.AndNot:
            a, b = self.part(q.a), self.part(q.b).resolved()
            return _restrict(a, {d: s for d, s in a.bounds.items() if d not in b})
        if kind is query.AndMaybe:
            return self._and_maybe(self.part(q.a), self.part(q.b).resolved())
        if kind is query.Phrase:  # kept with what its checks found, for the next search
            return self.data.matches(q, lambda: self._phrase(q), lambda p: len(p.bounds))
        if kind in (query.NumericRange, query.DateRange) and self._is_date(q):
            return Part(self._cached(q, lambda: self._dates(q)))
        if q.is_leaf() or kind is query.Not:
            return Part(self._cached(q, lambda: self._whoosh(q)))
        raise Unsupported(kind.__name__)

    # -- compound parts ---------------------------------------------------------------------
    def _or(self, q: query.Or) -> Part:
        if q.scale or q.minmatch:
            raise Unsupported("Or with scale or minmatch")
        parts = [p for p in (self.part(child) for child in q.subqueries) if p.bounds]
        bounds = _sum_in_order([p.bounds for p in parts])
        boost = q.boost
        if all(p.check is None for p in parts):
            return Part(_boosted(bounds, boost))

        def check(docnums: list[int]) -> dict[int, float | None]:
            found = [p.scores([d for d in docnums if d in p.bounds]) for p in parts]
            out: dict[int, float | None] = {}
            for docnum in docnums:
                total = None
                for scores in found:
                    score = scores.get(docnum)
                    if score is not None:
                        total = score if total is None else total + score
                out[docnum] = total if total is None or boost == 1.0 else total * boost
            return out

        return Part(_boosted(bounds, boost), check)

    def _and(self, q: query.And) -> Part:
        parts: list[Part | None] = []  # None: a NOT part (Whoosh scores it 1.0)
        excluded: set[int] = set()
        for child in q.subqueries:
            if type(child) is query.Not:
                excluded.update(self.part(child.query).resolved())
                parts.append(None)
            else:
                parts.append(self.part(child))
        found = [p for p in parts if p is not None]
        if not found:
            raise Unsupported("And of NOTs only")
        smallest: Matches = min((p.bounds for p in found), key=len)
        docnums = set(smallest)
        for part in found:
            docnums.intersection_update(part.bounds)
        docnums -= excluded
        bounds: Matches = {}
        for docnum in docnums:
            score = 0.0
            for p in parts:
                score += 1.0 if p is None else p.bounds[docnum]
            bounds[docnum] = score
        boost = q.boost
        if all(p.check is None for p in found):
            return Part(_boosted(bounds, boost))

        def check(batch: list[int]) -> dict[int, float | None]:
            exact = [None if p is None else p.scores(batch) for p in parts]
            out: dict[int, float | None] = {}
            for docnum in batch:
                scores = [1.0 if e is None else e[docnum] for e in exact]
                if any(s is None for s in scores):
                    out[docnum] = None
                    continue
                total = 0.0
                for s in scores:
                    total += s  # type: ignore[operator]
                out[docnum] = total if boost == 1.0 else total * boost
            return out

        return Part(_boosted(bounds, boost), check)

    def _and_maybe(self, a: Part, b: Matches) -> Part:
        bounds = {d: s + b[d] if d in b else s for d, s in a.bounds.items()}
        if a.check is None:
            return Part(bounds)
        check = a.check

        def checked(batch: list[int]) -> dict[int, float | None]:
            return {d: s if s is None or d not in b else s + b[d] for d, s in check(batch).items()}

        return Part(bounds, checked)

    # -- leaves -----------------------------------------------------------------------------
    def _field(self, name: str):
        """The schema's field *name*, or None (Whoosh matches nothing in an unknown field)."""
        try:
            return self.schema[name]
        except KeyError:
            return None

    def _term(self, q: query.Term) -> Matches:
        field = self._field(q.fieldname)
        if field is None:
            return {}
        try:
            btext = field.to_bytes(q.text)
        except ValueError:
            return {}
        if not field.scorable:
            return self._whoosh(q)
        out: Matches = {}
        for postings in self.data.postings(q.fieldname, btext):
            out.update(self._scores(postings, q.fieldname, btext))
        return _boosted(out, q.boost)

    def _scores(
        self, postings: TermPostings, field: str, btext: bytes, only: set[int] | None = None
    ) -> Matches:
        """{global docnum: Whoosh's BM25F score} of the term in one segment (in the
        segment docnums *only*, if given): ``bm25(idf, tf, fl, avgfl, B, K1)`` with the
        same operations in the same order."""
        leaf, _reader, offset = self.data.leaves[postings.segment]
        scorer = self.weighting.scorer(leaf, field, btext)
        idf, k1 = scorer.idf, scorer.K1
        norms = length_norms(k1, scorer.B, scorer.avgfl)
        lengths = self.data.lengths(postings.segment, field)
        if only is not None:  # a weight per document (dict and zip at C speed), then those
            weight = dict(zip(postings.ids, postings.weights, strict=True))
            return {
                offset + docnum: idf * ((tf * (k1 + 1)) / (tf + norms[lengths[docnum]]))
                for docnum in only
                for tf in (weight[docnum],)
            }
        return {
            offset + docnum: idf * ((tf * (k1 + 1)) / (tf + norms[lengths[docnum]]))
            for docnum, tf in zip(postings.ids, postings.weights, strict=True)
        }

    def _phrase(self, q: query.Phrase) -> Part:
        """Whoosh's Phrase (slop 1): its words at consecutive positions; scored as its
        SpanNear2 matcher scores, the words' scores summed as a binary tree."""
        field = self._field(q.fieldname)
        if field is None:
            return Part({})
        if q.slop != 1 or not field.format or not field.format.supports("positions"):
            return Part(self._whoosh(q))  # Whoosh raises its error for a field without them
        try:
            btexts = [field.to_bytes(word) for word in q.words]
        except ValueError:
            return Part({})
        per_word = [
            {p.segment: p for p in self.data.postings(q.fieldname, b, values=True)} for b in btexts
        ]
        bounds: Matches = {}
        owners: dict[int, int] = {}  # segment of each candidate (global docnum)
        for segment in set.intersection(*(set(p) for p in per_word)):
            both = set.intersection(*(set(p[segment].ids) for p in per_word))
            scores = [
                self._scores(p[segment], q.fieldname, b, both)
                for p, b in zip(per_word, btexts, strict=True)
            ]
            found = _boosted(_tree_sum(scores), q.boost)
            bounds.update(found)
            owners.update(dict.fromkeys(found, segment))
        decode = field.format.decode_positions

        def check(docnums: list[int]) -> dict[int, float | None]:
            out: dict[int, float | None] = {}
            by_segment: dict[int, list[int]] = {}
            for docnum in docnums:
                by_segment.setdefault(owners[docnum], []).append(docnum)
            for segment, found in by_segment.items():
                offset = self.data.leaves[segment][2]
                local = sorted(d - offset for d in found)
                values = [
                    self.data.positions(p[segment], q.fieldname, b, local)
                    for p, b in zip(per_word, btexts, strict=True)
                ]
                for docnum in local:
                    starts = set(decode(values[0][docnum]))
                    for i in range(1, len(values)):
                        starts.intersection_update(p - i for p in decode(values[i][docnum]))
                    out[offset + docnum] = bounds[offset + docnum] if starts else None
            return out

        return Part(bounds, check)

    def _is_date(self, q) -> bool:
        return q.fieldname == "date" and q.constantscore and self._field("date") is not None

    def _dates(self, q) -> Matches:
        """A date range as Whoosh's NumericRange scores it: a constant, its boost."""
        docnums = self.data.dated(q.start, q.end, q.startexcl, q.endexcl)
        return dict.fromkeys(docnums, float(q.boost))

    def _whoosh(self, q: query.Query) -> Matches:
        """Any query part, by Whoosh's own matcher, segment by segment."""
        out: Matches = {}
        for leaf, _reader, offset in self.data.leaves:
            matcher = q.matcher(leaf, self.searcher.context())
            while matcher.is_active():
                out[offset + matcher.id()] = matcher.score()
                matcher.next()
        return out

    def _cached(self, q: query.Query, compute: Callable[[], Matches]) -> Matches:
        try:
            hash(q)
        except TypeError:
            return compute()
        return self.data.matches(q, compute)


def _sum_in_order(parts: list[Matches]) -> Matches:
    """Every document of *parts* with its scores added in the parts' order (as Whoosh's
    array union adds them). When the others are small beside the largest part ("govern"
    in 12k bodies, 300 titles) the largest is copied whole (C speed) and only the
    others' documents summed again; else the parts are added one after another."""
    if not parts:
        return {}
    largest = max(range(len(parts)), key=lambda i: len(parts[i]))
    others = [p for i, p in enumerate(parts) if i != largest]
    if sum(map(len, others)) * 4 < len(parts[largest]):
        out = dict(parts[largest])  # parts may come from a cache: never changed in place
        for docnum in set().union(*others):
            total = None
            for part in parts:
                score = part.get(docnum)
                if score is not None:
                    total = score if total is None else total + score
            # found in one part at least, so never None
            out[docnum] = total  # type: ignore[assignment]
        return out
    out = dict(parts[0])
    get = out.get
    for part in parts[1:]:
        for docnum, score in part.items():
            out[docnum] = get(docnum, 0.0) + score
    return out


def _restrict(part: Part, bounds: Matches) -> Part:
    return Part(bounds, part.check)


def _boosted(matches: Matches, boost: float) -> Matches:
    """Whoosh's WrappingMatcher: a compound part's boost multiplies its scores."""
    if boost == 1.0:
        return matches
    return {docnum: score * boost for docnum, score in matches.items()}


def _tree_sum(parts: list[Matches]) -> Matches:
    """The documents in every one of *parts*, their scores added as
    ``whoosh.matching.make_binary_tree`` pairs matchers (halves, then add)."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    left, right = _tree_sum(parts[:half]), _tree_sum(parts[half:])
    if len(left) > len(right):
        return {d: left[d] + s for d, s in right.items() if d in left}
    return {d: s + right[d] for d, s in left.items() if d in right}
