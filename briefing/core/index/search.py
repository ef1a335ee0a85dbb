"""Running queries and finding their hits in the clean text.

Whoosh finds the articles; the match offsets (`matcher.py`) and snippets (`snippets.py`)
are computed from the query's terms and the catalog's clean text, with the same folding the
index uses. That is much cheaper than Whoosh's highlighter (which re-runs analysis and, for
fuzzy terms, re-expands the term for every hit) and gives exact character offsets for the
reader.
"""

from __future__ import annotations

import gc
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TypeVar

from whoosh import query
from whoosh.query.qcore import _NullQuery

from briefing.core.corpus import normalise_for_match
from briefing.core.index.backend import IndexBusy, IndexDamaged, Sort
from briefing.core.index.catalog import ArticleInfo
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.index.evaluate import Evaluator
from briefing.core.index.lexicon import Lexicon
from briefing.core.index.matcher import MAX_HIT_SPANS, Matcher
from briefing.core.index.parsing import Rewrite, make_parser, rewrite
from briefing.core.index.postings import SearcherData
from briefing.core.index.query import QueryError, prepare_query
from briefing.core.index.snippets import Snippet, make_snippet

# Terms in these fields are marked in the article text when they occur there.
_TEXT_FIELDS = {"title", "body", "note"}

T = TypeVar("T")
_BUSY_RETRY = 0.2  # seconds before searching again an index another process is rebuilding
# Queries kept parsed (with their matcher) per searcher: the user retypes and pages.
_PARSED = 64
# Hits whose clean text one catalog query reads when a snippet is first asked for: a
# screenful. The app lists 200 hits and shows ~20; their snippets were 100 ms at 100k.
_TEXTS_AT_ONCE = 25


def _describe(exc: Exception) -> str:
    """The failure in a few words: its kind, and Whoosh's message when it is a bare
    Exception ("Block tag error")."""
    if isinstance(exc, zlib.error):
        return "zlib.error"
    if type(exc) is Exception and exc.args:
        return str(exc.args[0]).split(" b'")[0][:40]
    return type(exc).__name__


@dataclass(frozen=True, eq=False)
class Hit:
    """One article a query matched, its relevance score, and (computed when first asked
    for, from the catalog's clean text) the offsets of every match and a snippet."""

    info: ArticleInfo
    score: float
    _text: Callable[[], str] = field(repr=False)
    _matcher: Matcher = field(repr=False)

    @property
    def id(self) -> str:
        return self.info.id

    @cached_property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Code-point offsets (start, end) of every match in the article's clean text."""
        return tuple(self._matcher.spans(self._text(), limit=MAX_HIT_SPANS))

    @cached_property
    def snippet(self) -> Snippet:
        """A window of the clean text around the densest run of matches."""
        return make_snippet(self._text(), list(self.spans))


def _frequencies(reader, field: str, prefix: str) -> dict[str, int]:  # noqa: ANN001
    """{term: documents holding it} for every term of *field* starting with *prefix*,
    summed over the segments: each segment's terms streamed in order, where asking term
    by term seeks once per term."""
    found: dict[str, int] = {}
    for leaf, _offset in reader.leaf_readers():
        for text, info in leaf.iter_prefix(field, prefix):
            term = text.decode("utf-8") if isinstance(text, bytes) else text
            found[term] = found.get(term, 0) + info.doc_frequency()
    return found


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """The cyclic garbage collector held off while a search decodes postings: a search
    makes ~100k short-lived objects (pickled blocks, score dicts), and the collections
    they set off made 1 run in 15 take 1.5-2.5 times the median at 20k (prefix: 31 ms,
    then 79). Nothing a search makes is cyclic; collection resumes after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Texts:
    """Clean texts of a search's hits, read from the catalog a screenful at a time."""

    def __init__(self, index: CorpusIndex, ids: list[str]):
        self.index, self.ids = index, ids
        self.position = {aid: i for i, aid in enumerate(ids)}
        self.texts: dict[str, str] = {}
        self.lock = threading.Lock()  # the app asks from its event loop and a worker

    def text(self, aid: str) -> str:
        with self.lock:
            if aid not in self.texts:
                start = self.position[aid]
                wanted = [
                    i for i in self.ids[start : start + _TEXTS_AT_ONCE] if i not in self.texts
                ]
                found = self.index.catalog.texts(wanted)
                self.texts.update({i: found.get(i, "") for i in wanted})
            return self.texts[aid]


@dataclass
class SearchResults:
    """A query's hits, best first (or newest first), and how many articles match.

    *counted* is that number, or a function that counts them: a phrase's top hits are
    known before every candidate is checked (see core.index.evaluate), so the count is
    made when `total` is first read, from a worker in the app.
    """

    query: str
    hits: list[Hit]
    counted: int | Callable[[], int]
    matcher: Matcher = field(default_factory=Matcher)
    # One-line notes for the user about how the query was read (a capped prefix).
    notes: tuple[str, ...] = ()
    # Articles read but not searchable yet (an update is indexing them): the hits are
    # those of the rest, `articles` in all.
    pending: int = 0
    articles: int = 0

    @property
    def total(self) -> int:
        """Articles matching the query (not only those in `hits`)."""
        if callable(self.counted):
            self.counted = self.counted()
        return self.counted


class Searcher:
    """Runs queries against a CorpusIndex; keeps the parser, reuses the index's searcher."""

    def __init__(self, index: CorpusIndex):
        self.index = index
        self.parser = make_parser(index.ix.schema)
        self._lexicon: tuple[str | None, Lexicon] | None = None
        # Why the last search was left to Whoosh's own collector (None: it was not).
        self.fallback: str | None = None
        # What one searcher (one commit) has read: lengths, postings, dates, parsed queries.
        self._data: SearcherData | None = None
        self._parsed: OrderedDict[str, tuple[query.Query, tuple[str, ...], Matcher]] = OrderedDict()

    def data(self) -> SearcherData:
        """What the current searcher has read so far (new after every commit)."""
        searcher = self.index.searcher()
        if self._data is None or self._data.searcher is not searcher:
            self._data = SearcherData(searcher)
            self._parsed.clear()
        return self._data

    def clear_caches(self) -> None:
        """Forget parsed queries and everything read from the index (cold measurements)."""
        self.data().clear()
        self._parsed.clear()

    def prepared(self, text: str) -> tuple[query.Query, tuple[str, ...], Matcher]:
        """The Whoosh query for *text*, the notes on how it was read, and its Matcher;
        kept while the searcher and the vocabulary stay the same. QueryError to fix."""
        self.data()  # a new commit forgets the queries parsed on the old one
        key = f"{self.index.catalog.get_meta('lexicon')}\n{text}"
        found = self._parsed.get(key)
        if found is None:
            notes = Rewrite()
            q = self.parse(text, notes)
            found = (q, tuple(notes.notes), self.matcher(q))
            self._parsed[key] = found
            while len(self._parsed) > _PARSED:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(key)
        return found

    def lexicon(self) -> Lexicon:
        """The corpus vocabulary, loaded on the first query that needs it and after updates."""
        generation = self.index.catalog.get_meta("lexicon")
        if self._lexicon is None or self._lexicon[0] != generation:
            self._lexicon = (generation, Lexicon(self.index.catalog.words()))
        return self._lexicon[1]

    def parse(self, text: str, found: Rewrite | None = None) -> query.Query:
        """The Whoosh query for `text` (see core.index.parsing); QueryError to fix it."""
        # The index holds NFC text: a decomposed "Rodri\u0301guez" (macOS input, some
        # pastes) would otherwise split into "rodri" and "guez" and find nothing.
        text = normalise_for_match(text)
        prepared = prepare_query(text)
        try:
            parsed = self.parser.parse(prepared)
        except Exception as exc:  # Whoosh's parser raises plain Exceptions on odd input
            # Its text ("list index out of range") means nothing to the user: say ours.
            raise QueryError(
                f"Cannot read the query {text!r}: check its operators, brackets and quotes."
            ) from exc
        if isinstance(parsed, _NullQuery):
            raise QueryError(f"{text!r} has nothing to search for (only stop words?).")
        reader = self.index.searcher().reader()
        return rewrite(
            parsed,
            self.lexicon,
            reader.doc_frequency,
            self.parser.stemmed,
            found if found is not None else Rewrite(),
            lambda field, prefix: _frequencies(reader, field, prefix),
        )

    def matcher(self, q: query.Query) -> Matcher:
        terms: set[str] = set()
        phrases: list[tuple[str, ...]] = []
        reader = self.index.searcher().reader()

        def walk(node: query.Query) -> None:
            if isinstance(node, query.Not):
                return
            if isinstance(node, query.AndNot):
                walk(node.a)
                return
            if isinstance(node, query.Phrase):
                if node.fieldname in _TEXT_FIELDS:
                    phrases.append(tuple(node.words))
                return
            if isinstance(node, query.Term):
                if node.fieldname in _TEXT_FIELDS and isinstance(node.text, str):
                    terms.add(node.text)
                return
            if isinstance(node, query.MultiTerm):
                if node.fieldname in _TEXT_FIELDS:
                    terms.update(t.decode("utf-8") for t in node._btexts(reader))
                return
            if not node.is_leaf():
                for child in node.children():
                    walk(child)

        walk(q)
        return Matcher(frozenset(terms), tuple(phrases))

    def search(self, text: str, limit: int | None = 20, sort: Sort = "relevance") -> SearchResults:
        """Run a query; hits carry snippets and the offsets of every match. Raises
        QueryError for a query to fix, IndexDamaged when Whoosh cannot read its files."""
        with self.index.search_lock, _no_gc_pauses():
            results = self._guarded(lambda: self._search(text, limit, sort))
        pending = self.index.pending()
        if pending:
            results.pending, results.articles = pending, self.index.catalog.count()
        return results

    def _guarded(self, run: Callable[[], T]) -> T:
        """*run*, with Whoosh's failures told apart: a searcher left on files another
        process replaced is reopened and *run* tried again; an error that stays on the
        newest commit means damaged files (``zlib.error``, "Block tag error", a struct
        error...), so the index is marked damaged for the next update to rebuild. While
        an update is writing the index (rows pending), a failure is its doing, not damage:
        IndexBusy."""
        generation = self.index.generation()
        try:
            return run()
        except QueryError:
            raise
        except Exception as first:  # noqa: BLE001 - Whoosh raises anything on damage
            self.index.refresh()
            busy = self.index.pending() > 0
            if self.index.generation() == generation and not busy:
                raise IndexDamaged(self.index.mark_damaged(_describe(first))) from first
            if busy:
                time.sleep(_BUSY_RETRY)  # a rebuild between removing and recreating
        try:
            return run()
        except QueryError:
            raise
        except Exception as again:  # noqa: BLE001
            if self.index.pending() > 0:
                raise IndexBusy(
                    "The index is being rebuilt by another briefing process: search again "
                    "when it is done."
                ) from again
            raise IndexDamaged(self.index.mark_damaged(_describe(again))) from again

    def _search(self, text: str, limit: int | None, sort: Sort) -> SearchResults:
        q, notes, matcher = self.prepared(text)
        searcher = self.index.searcher()
        if sort == "date":
            results = searcher.search(q, limit=limit, sortedby="sortdate", reverse=True)
            # A sorted search's hit.score is its sort key (bytes), not a relevance score:
            # score the same hits by relevance so that every hit carries a real score.
            shown = {hit.docnum for hit in results}
            relevance = (
                {hit.docnum: hit.score for hit in searcher.search(q, limit=None, filter=shown)}
                if shown
                else {}
            )
            ranked = [(hit.docnum, relevance.get(hit.docnum) or 0.0) for hit in results]
            total: int | Callable[[], int] = len(results)  # the sorting collector sees all
        else:
            ranked, total = self._ranked(q, limit)
        ids = [searcher.stored_fields(docnum)["id"] for docnum, _score in ranked]
        infos = {info.id: info for info in self.index.catalog.infos(ids)}
        texts = _Texts(self.index, [aid for aid in ids if aid in infos])
        hits = [
            Hit(infos[aid], score, partial(texts.text, aid), matcher)
            for aid, (_docnum, score) in zip(ids, ranked, strict=True)
            # not in the catalog: indexed by an update that crashed, redone by the next
            if aid in infos
        ]
        return SearchResults(text, hits, total, matcher, notes)

    def _ranked(
        self, q: query.Query, limit: int | None
    ) -> tuple[list[tuple[int, float]], int | Callable[[], int]]:
        """(docnum, score) of the best *limit* matches, best first, and how many match
        (or how to count them)."""
        data = self.data()
        self.fallback = None
        try:
            part = Evaluator(data).part(q)
            ranked = part.top(limit)
        except Exception as exc:  # noqa: BLE001 - Whoosh's own search is the reference
            # A query shape the evaluator leaves to Whoosh (Unsupported), or a fault of
            # its own: Whoosh answers. Damage makes Whoosh fail too, and is reported so.
            self.fallback = f"{type(exc).__name__}: {exc}"
            return self._whoosh_ranked(data.searcher, q, limit)
        if part.check is None:
            return ranked, len(part.bounds)

        def count() -> int:
            try:
                return part.count()
            except Exception as exc:  # noqa: BLE001 - as above: Whoosh counts
                # (on the newest commit: counted after a commit, the part's is closed)
                self.fallback = f"{type(exc).__name__}: {exc}"
                return sum(1 for _ in self.index.searcher().docs_for_query(q))

        def counted() -> int:
            # a phrase's positions are read from Whoosh's files
            with self.index.search_lock, _no_gc_pauses():
                return self._guarded(count)

        return ranked, counted

    @staticmethod
    def _whoosh_ranked(searcher, q: query.Query, limit: int | None):
        results = searcher.search(q, limit=limit)
        # len(results) of a limited search misses the matches Whoosh skipped as unable
        # to reach the top: count them all, unscored.
        total = sum(1 for _ in searcher.docs_for_query(q))
        return [(hit.docnum, hit.score or 0.0) for hit in results], total

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        """Articles most like this one (Whoosh more-like-this over the body). Raises
        IndexDamaged as `search` does."""
        with self.index.search_lock:
            return self._guarded(lambda: self._related(article_id, limit))

    def _related(self, article_id: str, limit: int) -> list[tuple[ArticleInfo, float]]:
        article = self.index.article(article_id)
        searcher = self.index.searcher()
        docnum = searcher.document_number(id=article_id)
        if article is None or docnum is None:
            return []
        results = searcher.more_like(docnum, "body", text=article.text, top=limit, numterms=12)
        ids = [hit["id"] for hit in results]
        scores = dict(zip(ids, (hit.score for hit in results), strict=True))
        return [(info, scores[info.id]) for info in self.index.catalog.infos(ids)]
