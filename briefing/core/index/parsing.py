"""From the text the user typed to the Whoosh query that means it.

Three steps, each for a way Whoosh alone would be silently wrong on our index:

1. :func:`~briefing.core.index.query.prepare_query` checks the text and rewrites what
   Whoosh misreads (field-name case, colons that are text, date ranges).
2. Whoosh's parser, adjusted (:class:`_Parser`): a stop word typed among other words is
   dropped from every field, not turned into a required tag (``talks on law`` found
   nothing: "on" became ``tag:on``); the text of prefix, wildcard and fuzzy terms is kept
   unstemmed (``generous*`` was read as the stem ``gener*``).
3. :func:`rewrite` turns prefix, wildcard and fuzzy terms over stemmed fields into the
   stems they stand for. The index holds Porter stems ("immigr" for "immigration"), so
   ``immigra*`` compared with stems finds nothing; compared with the corpus's unstemmed
   vocabulary (:class:`~briefing.core.index.lexicon.Lexicon`) it finds "immigration",
   "immigrants", whose stems are then searched, and marked in the text by the Matcher.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import qparser, query
from whoosh.qparser import syntax

from briefing.core.index.analysis import (
    FoldingAnalyzer,
    fold,
    fold_unstemmed,
    has_cjk,
    index_words,
    is_cjk,
)
from briefing.core.index.lexicon import Lexicon
from briefing.core.index.query import SEARCH_FIELDS

# How many words one prefix or wildcard may stand for. A short prefix ("a*") matches
# thousands of words; an OR of thousands of terms is slow to run and mostly noise. Over
# the cap the words whose stems are in the most articles are kept, and the results say so.
EXPANSION_CAP = 300

_WILDCARDS = re.compile(r"[*?]")
# Fields every article has (a title is made from the text when the file gives none, and
# an empty file is no article): `*` over them is every article. Whoosh's Every(field)
# instead reads the postings of every word of the field, seconds on a big vocabulary,
# where Every() lists the documents.
_IN_EVERY_ARTICLE = frozenset({"title", "body"})


@dataclass
class Rewrite:
    """What rewriting a query found out: notes for the user (an expansion was capped)."""

    notes: list[str] = field(default_factory=list)


class _Multifield(qparser.MultifieldPlugin):
    """Whoosh's plugin, less the tag copy of a word the text fields ignore.

    The text fields drop "on" (a stop word) and "&" (no word at all); the tag field keeps
    both, so "talks on law" became ``... AND tag:on AND ...`` and found nothing. Such a
    word is now ignored by the default search; an explicit ``tag:on`` still searches tags.
    """

    def __init__(self, fieldnames: list[str], stemmed: frozenset[str]):
        super().__init__(fieldnames)
        self.stemmed = stemmed

    def do_multifield(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_multifield(parser, node)
            elif node.has_fieldname and node.fieldname is None:
                names = self.fieldnames
                if isinstance(node, syntax.WordNode) and not _has_terms(node.text):
                    names = [f for f in names if f in self.stemmed]
                copies = []
                for name in names:
                    new = copy.copy(node)
                    new.set_fieldname(name)
                    new.set_boost(self.boosts.get(name, 1.0))
                    copies.append(new)
                group[i] = self.group(copies)
        return group


def _has_terms(text: str) -> bool:
    """True if the text fields index anything of `text` (not only stop words, punctuation)."""
    return any(cjk or fold(word) is not None for _s, _e, word, cjk in index_words(text))


class _Parser(qparser.QueryParser):
    """Whoosh's parser over SEARCH_FIELDS, reading term texts as our index needs them."""

    def __init__(self, schema):
        self.stemmed = frozenset(
            name for name in SEARCH_FIELDS if isinstance(schema[name].analyzer, FoldingAnalyzer)
        )
        super().__init__(None, schema)
        self.add_plugin(_Multifield(list(SEARCH_FIELDS), self.stemmed))
        self.add_plugin(qparser.FuzzyTermPlugin())

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in self.stemmed and termclass in (
            query.Prefix,
            query.Wildcard,
            query.FuzzyTerm,
        ):
            # The spelling, not the stem: rewrite() matches it against the vocabulary.
            return termclass(fieldname, fold_unstemmed(text), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        if any(is_cjk(t) for t in texts):
            # A CJK word is the bigrams of its run: they must stand together, in order.
            return query.Phrase(fieldname, texts, boost=boost)
        return super().multitoken_query(spec, texts, fieldname, termclass, boost)


def make_parser(schema) -> qparser.QueryParser:
    """The Whoosh parser of our query language over `schema` (the fields of schema.py)."""
    return _Parser(schema)


def rewrite(
    q: query.Query,
    lexicon: Callable[[], Lexicon],
    doc_frequency: Callable[[str, str], int],
    stemmed: frozenset[str],
    found: Rewrite,
    frequencies: Callable[[str, str], dict[str, int]] | None = None,
) -> query.Query:
    """`q` with prefix, wildcard and fuzzy terms of `stemmed` fields as the stems they
    stand for, and ``a ANDNOT b`` as ``a AND NOT b``.

    `lexicon()` gives the corpus vocabulary (loaded on first need); `doc_frequency(field,
    term)` ranks the words when a prefix or wildcard matches more than EXPANSION_CAP, and
    `frequencies(field, prefix)`, when given, the {term: document frequency} of every
    term of the field starting with `prefix` in one pass: 60k words looked up one by one
    took ~3 s a field, so the cap did not bound a search's cost.
    A term that matches no word becomes NullQuery (no hits: left unnormalised, an AND
    holding it finds nothing). Notes for the user are added to `found`.
    """
    expansions: dict[tuple[str, str], list[str]] = {}

    def words_for(node: query.Query) -> list[str]:
        """Unstemmed words the term stands for, per (kind, text): fields share them."""
        kind = type(node).__name__
        key = (kind, node.text)
        if key not in expansions:
            if isinstance(node, query.FuzzyTerm):
                expansions[key] = lexicon().within(node.text, node.maxdist, node.prefixlength)
            elif isinstance(node, query.Prefix):
                expansions[key] = lexicon().starting(node.text)
            else:
                expansions[key] = lexicon().matching(node.text)
        return expansions[key]

    def stems_for(node: query.Query) -> list[str]:
        words = words_for(node)
        if len(words) > EXPANSION_CAP:
            df: dict[str | None, int] = {}
            start = _literal_start(node)
            known = frequencies(node.fieldname, start) if frequencies else None
            for word in words:
                stem = fold(word)
                if stem is not None and stem not in df:
                    if known is not None and stem.startswith(start):
                        df[stem] = known.get(stem, 0)  # not there: in no article's field
                    else:  # a stem that does not start as its word does: asked alone
                        df[stem] = doc_frequency(node.fieldname, stem)
            # Stable: among equally common words, the first in alphabetical order.
            words = sorted(words, key=lambda w: -df.get(fold(w), 0))[:EXPANSION_CAP]
            shown = node.text + {"Prefix": "*", "FuzzyTerm": "~"}.get(type(node).__name__, "")
            note = (
                f"{shown} matches {len(words_for(node)):,} words; searched the "
                f"{EXPANSION_CAP} found in most articles: type more letters to narrow it."
            )
            if note not in found.notes:
                found.notes.append(note)
        return sorted({s for w in words if (s := fold(w)) is not None})

    def walk(node: query.Query) -> query.Query:
        if isinstance(node, query.Every) and node.fieldname in _IN_EVERY_ARTICLE:
            return query.Every(boost=node.boost)
        if isinstance(node, query.Or):
            applied = node.apply(walk)
            # `*` alone: title:* and body:* are one Every() scoring what the two did (each
            # scores its boost), so the ranking by fields present stays as it was.
            every = [
                p for p in applied.subqueries if isinstance(p, query.Every) and p.fieldname is None
            ]
            if len(every) > 1:
                rest = [p for p in applied.subqueries if p not in every]
                merged = query.Every(boost=sum(p.boost for p in every))
                applied = query.Or(
                    [merged, *rest],
                    boost=applied.boost,
                    minmatch=applied.minmatch,
                    scale=applied.scale,
                )
            return applied
        if isinstance(node, query.Wildcard | query.Prefix | query.FuzzyTerm):
            if node.fieldname not in stemmed or node.text == "*":
                return node
            if has_cjk(node.text):
                return _cjk_literal(node)
            stems = stems_for(node)
            if not stems:
                return query.NullQuery
            if len(stems) == 1:
                return query.Term(node.fieldname, stems[0], boost=node.boost)
            return query.Or([query.Term(node.fieldname, s, boost=node.boost) for s in stems])
        if isinstance(node, query.AndNot):
            # Whoosh 2.7's AndNotMatcher skips the exclusion for the first document when the
            # two sides start on different documents ("a ANDNOT b" kept a doc holding b);
            # the equivalent And/Not runs on a matcher that is right.
            return query.And([walk(node.a), query.Not(walk(node.b))])
        if node.is_leaf():
            return node
        return node.apply(walk)

    return walk(q)


def _literal_start(node: query.Query) -> str:
    """What every word a prefix, wildcard or fuzzy term stands for begins with, folded as
    the vocabulary is (a fuzzy term keeps its first `prefixlength` letters)."""
    if isinstance(node, query.FuzzyTerm):
        start = node.text[: node.prefixlength]
    elif isinstance(node, query.Prefix):
        start = node.text
    else:
        start = _WILDCARDS.split(node.text, maxsplit=1)[0]
    return fold_unstemmed(start)


def _cjk_literal(node: query.Query) -> query.Query:
    """A prefix, wildcard or fuzzy term holding CJK, as the text between its wildcards.

    The index has no CJK words, only bigrams of runs that may hold many words, so a CJK
    prefix is already "these characters, then anything"; edit distances over bigrams mean
    nothing, so a fuzzy CJK term is searched as typed.
    """
    parts = []
    for piece in _WILDCARDS.split(node.text):
        terms = [t for _s, _e, w, cjk in index_words(piece) if (t := w if cjk else fold(w))]
        if len(terms) == 1:
            parts.append(query.Term(node.fieldname, terms[0], boost=node.boost))
        elif terms:
            parts.append(query.Phrase(node.fieldname, terms, boost=node.boost))
    if not parts:
        return query.NullQuery
    return parts[0] if len(parts) == 1 else query.And(parts)
