"""The Whoosh schema: which fields are indexed, and how."""

from __future__ import annotations

from whoosh import fields

from briefing.core.index.analysis import make_analyzer

# Bump when the schema, the analyzer or the cleaning code changes what is indexed.
INDEX_VERSION = "11"  # 11: titles made from a first sentence are whole


def make_schema() -> fields.Schema:
    analyzer = make_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, field_boost=2.0),
        source=fields.TEXT(analyzer=analyzer),
        byline=fields.TEXT(analyzer=analyzer),
        date=fields.DATETIME(),
        # Sorting key for "newest first": undated articles get "" and so sort last.
        sortdate=fields.ID(sortable=True),
        # Fuzzy terms are matched against the catalog's unstemmed vocabulary (core.index.lexicon),
        # not Whoosh's spelling field: that made the first build 4x slower.
        body=fields.TEXT(analyzer=analyzer),
        note=fields.TEXT(analyzer=analyzer),
        tag=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )
