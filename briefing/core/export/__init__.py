"""Briefings out, colleagues' annotations in: collect, render, import.

:func:`collect` gathers the highlights to export into a :class:`Briefing` (the model every
writer reads); :func:`render` writes it in one of :data:`FORMATS`; :func:`import_w3c_file`
merges a W3C annotation file into the store (which alone writes annotation files). Export
itself writes no file: the workspace decides where output may go.
"""

from briefing.core.export.collect import ArticleLookup, collect, source_lines
from briefing.core.export.model import (
    ARTICLE_IRI,
    ArticleRef,
    Briefing,
    ExportEntry,
    ExportError,
    ExportFilter,
    parse_since,
)
from briefing.core.export.render import FORMAT_SUFFIXES, FORMATS, render
from briefing.core.export.w3c_import import (
    ImportFileError,
    ImportReport,
    ImportTextError,
    import_w3c_file,
    import_w3c_json,
)

__all__ = [
    "ARTICLE_IRI",
    "FORMATS",
    "FORMAT_SUFFIXES",
    "ArticleLookup",
    "ArticleRef",
    "Briefing",
    "ExportEntry",
    "ExportError",
    "ExportFilter",
    "ImportFileError",
    "ImportReport",
    "ImportTextError",
    "collect",
    "import_w3c_file",
    "import_w3c_json",
    "parse_since",
    "render",
    "source_lines",
]
