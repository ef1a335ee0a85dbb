"""The export formats, and :func:`render` to pick one: the one list both front ends offer."""

from __future__ import annotations

from typing import Literal

from briefing.core.export.csl import to_csl_json
from briefing.core.export.csv_format import to_csv
from briefing.core.export.markdown import to_markdown
from briefing.core.export.model import Briefing, ExportError
from briefing.core.export.obsidian import to_obsidian
from briefing.core.export.readwise import to_readwise_csv
from briefing.core.export.w3c import to_w3c_json

#: Each format and the suffix of its file; "" for a format written as a folder.
FORMAT_SUFFIXES = {
    "markdown": ".md",
    "csv": ".csv",
    "json": ".json",
    "readwise": ".csv",
    "csl-json": ".json",
    "obsidian": "",
}
FORMATS = tuple(FORMAT_SUFFIXES)
#: The formats written as a folder of files (``-o DIR``), not as one file.
FOLDER_FORMATS = frozenset(f for f, suffix in FORMAT_SUFFIXES.items() if not suffix)
#: What a format renders to: the text of one file, or a folder's files (name → text).
Rendered = str | dict[str, str]


def render(
    briefing: Briefing,
    fmt: str,
    *,
    group_by: Literal["tag", "article"] = "tag",
    title: str = "Briefing",
    bom: bool = True,
) -> Rendered:
    """The briefing in one of FORMATS, as the CLI and the app's export dialog write it:
    text, or for :data:`FOLDER_FORMATS` a dict of file names (no folders) to texts.

    *bom*: start CSV with U+FEFF. Excel reads a CSV file without it in the machine's
    legacy code page ("ReuniÃ³n" for "Reunión"); ``briefing export --no-bom`` is for tools
    that take the mark for part of the first header. Markdown, JSON and the Readwise CSV
    (read by Readwise, not a spreadsheet) never get one (RFC 8259 forbids it in JSON).
    Raises :class:`ExportError` for an unknown *fmt*."""
    if fmt == "csv":
        return ("\ufeff" if bom else "") + to_csv(briefing)
    if fmt == "json":
        return to_w3c_json(briefing, title=title)
    if fmt == "markdown":
        return to_markdown(briefing, group_by=group_by, title=title)
    if fmt == "readwise":
        return to_readwise_csv(briefing)
    if fmt == "csl-json":
        return to_csl_json(briefing)
    if fmt == "obsidian":
        return to_obsidian(briefing, title=title)
    raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
