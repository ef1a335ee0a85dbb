"""Running queries and finding their hits in the clean text.

Whoosh finds the articles; the match offsets (`matcher.py`) and snippets (`snippets.py`)
are computed from the query's terms and the catalog's clean text, with the same folding the
index uses. That is much cheaper than Whoosh's highlighter (which re-runs analysis and, for
fuzzy terms, re-expands the term for every hit) and gives exact character offsets for the
reader.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from whoosh import query
from whoosh.query.qcore import _NullQuery

from briefing.core.corpus import normalise_for_match
from briefing.core.index.backend import IndexBusy, IndexDamaged, Sort
from briefing.core.index.catalog import ArticleInfo
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.index.lexicon import Lexicon
from briefing.core.index.matcher import MAX_HIT_SPANS, Matcher
from briefing.core.index.parsing import Rewrite, make_parser, rewrite
from briefing.core.index.query import QueryError, prepare_query
from briefing.core.index.snippets import Snippet, make_snippet

# Terms in these fields are marked in the article text when they occur there.
_TEXT_FIELDS = {"title", "body", "note"}

T = TypeVar("T")
_BUSY_RETRY = 0.2  # seconds before searching again an index another process is rebuilding


def _describe(exc: Exception) -> str:
    """The failure in a few words: its kind, and Whoosh's message when it is a bare
    Exception ("Block tag error")."""
    if isinstance(exc, zlib.error):
        return "zlib.error"
    if type(exc) is Exception and exc.args:
        return str(exc.args[0]).split(" b'")[0][:40]
    return type(exc).__name__


@dataclass(frozen=True)
class Hit:
    info: ArticleInfo
    score: float
    snippet: Snippet
    # Matches in the article's clean text: every one, or the first MAX_HIT_SPANS of them.
    spans: tuple[tuple[int, int], ...]

    @property
    def id(self) -> str:
        return self.info.id


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    matcher: Matcher = field(default_factory=Matcher)
    # One-line notes for the user about how the query was read (a capped prefix).
    notes: tuple[str, ...] = ()
    # Articles read but not searchable yet (an update is indexing them): the hits are
    # those of the rest, `articles` in all.
    pending: int = 0
    articles: int = 0


class Searcher:
    """Runs queries against a CorpusIndex; keeps the parser, reuses the index's searcher."""

    def __init__(self, index: CorpusIndex):
        self.index = index
        self.parser = make_parser(index.ix.schema)
        self._lexicon: tuple[str | None, Lexicon] | None = None

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
        """Run a query; hits carry snippets and the offsets of their matches (code points of
        the clean text; the first MAX_HIT_SPANS of an article's). Raises QueryError for a
        query to fix, IndexDamaged when Whoosh cannot read its files."""
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
        found = Rewrite()
        q = self.parse(text, found)
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
            scores = [relevance.get(hit.docnum) or 0.0 for hit in results]
        else:
            # optimize=False scores every match and so counts them as it goes; the optimised
            # collector skips blocks and then re-runs the query for len(): measured slower.
            results = searcher.search(q, limit=limit, optimize=False)
            scores = [hit.score or 0.0 for hit in results]
        ids = [hit["id"] for hit in results]
        total = len(results)
        matcher = self.matcher(q)
        infos = {info.id: info for info in self.index.catalog.infos(ids)}
        texts = self.index.catalog.texts(ids)
        hits = []
        for aid, score in zip(ids, scores, strict=True):
            if aid not in infos:
                continue  # indexed but not yet in the catalog: a crashed update, redone later
            spans = matcher.spans(texts.get(aid, ""), limit=MAX_HIT_SPANS)
            hits.append(
                Hit(infos[aid], score, make_snippet(texts.get(aid, ""), spans), tuple(spans))
            )
        return SearchResults(text, hits, total, matcher, tuple(found.notes))

    def related(self, article_id: str, limit: int = 10) -> list[tuple[ArticleInfo, float]]:
        """Articles most like this one (Whoosh more-like-this over the body). Raises
        IndexDamaged as `search` does."""
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
