"""The export formats, and :func:`render` to pick one: the one list both front ends offer."""

from __future__ import annotations

from typing import Literal

from briefing.core.export.csv_format import to_csv
from briefing.core.export.markdown import to_markdown
from briefing.core.export.model import Briefing, ExportError
from briefing.core.export.w3c import to_w3c_json

FORMAT_SUFFIXES = {"markdown": ".md", "csv": ".csv", "json": ".json"}
FORMATS = tuple(FORMAT_SUFFIXES)


def render(
    briefing: Briefing,
    fmt: str,
    *,
    group_by: Literal["tag", "article"] = "tag",
    title: str = "Briefing",
    bom: bool = True,
) -> str:
    """The briefing in one of FORMATS, as the CLI and the app's export dialog write it.

    *bom*: start CSV with U+FEFF. Excel reads a CSV file without it in the machine's
    legacy code page ("ReuniÃ³n" for "Reunión"); ``briefing export --no-bom`` is for tools
    that take the mark for part of the first header. Markdown and JSON never get one
    (RFC 8259 forbids it in JSON). Raises :class:`ExportError` for an unknown *fmt*."""
    if fmt == "csv":
        return ("\ufeff" if bom else "") + to_csv(briefing)
    if fmt == "json":
        return to_w3c_json(briefing, title=title)
    if fmt == "markdown":
        return to_markdown(briefing, group_by=group_by, title=title)
    raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
