"""Article -> index -> hits: Whoosh plus a SQLite catalog, analysis, lexicon and search;
copies (:mod:`.copies`: the same story in several articles, clustered as they are indexed).

:class:`SearchBackend` is the seam the workspace talks to; :class:`WhooshBackend` the one
implementation. Hit and snippet offsets are code points of the articles' clean text.
"""

# First, before any module below imports Whoosh (importing one of them runs this file).
from briefing.core.index import _whoosh_warnings  # noqa: F401 - installs the filter
from briefing.core.index.analysis import fold, make_analyzer
from briefing.core.index.backend import (
    AnnotationSource,
    BackendLookup,
    IndexBusy,
    IndexDamaged,
    Progress,
    SearchBackend,
    Sort,
    UpdateReport,
)
from briefing.core.index.catalog import ArticleInfo
from briefing.core.index.compare import SharedPassage, shared_passages, unshared_passages
from briefing.core.index.copies import Sibling
from briefing.core.index.corpus_index import CorpusIndex
from briefing.core.index.matcher import MAX_HIT_SPANS, Matcher
from briefing.core.index.query import (
    QUERY_FIELDS,
    SEARCH_FIELDS,
    QueryError,
    check_syntax,
    prepare_query,
)
from briefing.core.index.search import Hit, Searcher, SearchResults
from briefing.core.index.snippets import Snippet, make_snippet
from briefing.core.index.whoosh_backend import WhooshBackend

__all__ = [
    "MAX_HIT_SPANS",
    "QUERY_FIELDS",
    "SEARCH_FIELDS",
    "AnnotationSource",
    "ArticleInfo",
    "BackendLookup",
    "CorpusIndex",
    "Hit",
    "IndexBusy",
    "IndexDamaged",
    "Matcher",
    "Progress",
    "QueryError",
    "SearchBackend",
    "SearchResults",
    "Searcher",
    "SharedPassage",
    "Sibling",
    "Snippet",
    "Sort",
    "UpdateReport",
    "WhooshBackend",
    "check_syntax",
    "prepare_query",
    "fold",
    "make_analyzer",
    "make_snippet",
    "shared_passages",
    "unshared_passages",
]
