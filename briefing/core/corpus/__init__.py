"""Corpus files -> :class:`Article`: reading, decoding, normalising, cleaning, metadata.

A reader per format (:mod:`.formats`: text, HTML, PDF, e-mail, RSS/Atom, Word) turns a
file's bytes into text and metadata; a feed gives one article per entry
(:func:`articles_from_bytes`, :func:`holds_many`). Extracted text is kept by content hash
in an :class:`ExtractionCache`.

:func:`read_article_report` also says what the clean text leaves out (a
:class:`CleaningReport` of :class:`RemovedLine`), each line with the :class:`Rule` or the
metadata that took it, so that no sentence vanishes unaccounted for.

The corpus is the user's data and is only ever read. Everything downstream (the index, the
reader, anchoring, export) works on ``Article.text``, the clean text this package makes, and
counts offsets in its code points. :mod:`.segments` is the one definition of word, sentence
and paragraph.
"""

from briefing.core.corpus import segments
from briefing.core.corpus.article import Article, article_id, content_hash
from briefing.core.corpus.cleaning import strip_markdown
from briefing.core.corpus.find import find_all, fold_for_find
from briefing.core.corpus.formats import (
    FORMATS,
    ExtractionCache,
    holds_many,
    unsupported_reason,
)
from briefing.core.corpus.metadata import parse_iso_date
from briefing.core.corpus.reading import (
    article_from_bytes,
    articles_from_bytes,
    parse_article,
    parse_article_report,
    read_article,
    read_article_report,
)
from briefing.core.corpus.report import CleaningReport, RemovedLine
from briefing.core.corpus.rules import CleaningRules, Rule, RulesError, load_rules
from briefing.core.corpus.scan import (
    ARTICLE_SUFFIXES,
    CorpusFile,
    CorpusScan,
    is_article_name,
    iter_article_files,
    real_path,
    safe_name,
    scan_corpus,
)
from briefing.core.corpus.tags import clean_tags, tag_key
from briefing.core.corpus.textio import (
    UnreadableFile,
    decode,
    normalise,
    normalise_for_match,
    strip_invisible,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "FORMATS",
    "Article",
    "CleaningReport",
    "CleaningRules",
    "CorpusFile",
    "CorpusScan",
    "ExtractionCache",
    "RemovedLine",
    "Rule",
    "RulesError",
    "UnreadableFile",
    "article_from_bytes",
    "article_id",
    "articles_from_bytes",
    "clean_tags",
    "content_hash",
    "decode",
    "find_all",
    "fold_for_find",
    "holds_many",
    "is_article_name",
    "iter_article_files",
    "load_rules",
    "normalise",
    "normalise_for_match",
    "parse_article",
    "parse_article_report",
    "parse_iso_date",
    "read_article",
    "read_article_report",
    "real_path",
    "safe_name",
    "scan_corpus",
    "segments",
    "strip_invisible",
    "strip_markdown",
    "tag_key",
    "unsupported_reason",
]
