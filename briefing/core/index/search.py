"""Running queries and finding their hits in the clean text.

Whoosh finds the articles; the match offsets (`matcher.py`) and snippets (`snippets.py`)
are computed from the query's terms and the catalog's clean text, with the same folding the
index uses. That is much cheaper than Whoosh's highlighter (which re-runs analysis and, for
fuzzy terms, re-expands the term for every hit) and gives exact character offsets for the
reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query
from whoosh.query.qcore import _NullQuery

from briefing.core.corpus import normalise_for_match
from briefing.core.index.backend import Sort
from briefing.core.index.catalog import ArticleInfo
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.index.lexicon import Lexicon
from briefing.core.index.matcher import MAX_HIT_SPANS, Matcher
from briefing.core.index.parsing import Rewrite, make_parser, rewrite
from briefing.core.index.query import QueryError, prepare_query
from briefing.core.index.snippets import Snippet, make_snippet

# Terms in these fields are marked in the article text when they occur there.
_TEXT_FIELDS = {"title", "body", "note"}


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
        the clean text; the first MAX_HIT_SPANS of an article's). QueryError to fix it."""
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
        """Articles most like this one (Whoosh more-like-this over the body)."""
        article = self.index.article(article_id)
        searcher = self.index.searcher()
        docnum = searcher.document_number(id=article_id)
        if article is None or docnum is None:
            return []
        results = searcher.more_like(docnum, "body", text=article.text, top=limit, numterms=12)
        ids = [hit["id"] for hit in results]
        scores = dict(zip(ids, (hit.score for hit in results), strict=True))
        return [(info, scores[info.id]) for info in self.index.catalog.infos(ids)]
