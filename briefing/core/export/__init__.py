"""Briefings out, colleagues' annotations in: collect, render, import.

:func:`collect` gathers the highlights to export into a :class:`Briefing` (the model every
writer reads); :func:`render` writes it in one of :data:`FORMATS` (Markdown, CSV, W3C
JSON, Readwise CSV, CSL-JSON, an Obsidian folder). :func:`read_import_file` recognises an
import file (W3C JSON, Hypothesis JSON, Readwise CSV) and reads it whole;
:func:`plan_import` matches and checks it, and :meth:`ImportPlan.apply` merges it into the
store (which alone writes annotation files). Export and import write no other file: the
workspace decides where output, and what an import leaves out, may go.
"""

from briefing.core.export.collect import ArticleLookup, collect, source_lines
from briefing.core.export.import_model import (
    ImportFile,
    ImportFileError,
    ImportReport,
    ImportTextError,
)
from briefing.core.export.importing import (
    ImportPlan,
    import_data,
    import_file,
    import_w3c_file,
    import_w3c_json,
    leftovers_path,
    plan_import,
    read_import,
    read_import_file,
)
from briefing.core.export.matching import normalise_url
from briefing.core.export.model import (
    ARTICLE_IRI,
    ArticleRef,
    Briefing,
    ExportEntry,
    ExportError,
    ExportFilter,
    applied_tags,
    parse_since,
)
from briefing.core.export.render import (
    FOLDER_FORMATS,
    FORMAT_SUFFIXES,
    FORMATS,
    Rendered,
    render,
)

__all__ = [
    "ARTICLE_IRI",
    "FOLDER_FORMATS",
    "FORMATS",
    "FORMAT_SUFFIXES",
    "ArticleLookup",
    "ArticleRef",
    "Briefing",
    "ExportEntry",
    "ExportError",
    "ExportFilter",
    "ImportFile",
    "ImportFileError",
    "ImportPlan",
    "ImportReport",
    "ImportTextError",
    "Rendered",
    "applied_tags",
    "collect",
    "import_data",
    "import_w3c_file",
    "import_w3c_json",
    "leftovers_path",
    "normalise_url",
    "parse_since",
    "plan_import",
    "read_import",
    "import_file",
    "read_import_file",
    "render",
    "source_lines",
]
