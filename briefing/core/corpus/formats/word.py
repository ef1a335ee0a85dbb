"""Word documents (``.docx``) through python-docx: paragraphs and tables in document order;
title, author and creation date from the core properties.

A ``.docx`` is a zip: before python-docx opens it, the sizes it would unpack to are added
up, so a zip bomb is refused by its numbers instead of filling the memory.
"""

from __future__ import annotations

import io
import zipfile

from briefing.core.corpus.formats.base import Extracted, Skip, clean_field, iso_day, paragraphs

MAX_UNPACKED = 256 * 1024 * 1024


def read_docx(data: bytes, name: str) -> list[Extracted]:
    """The one article of a Word document. Raises Skip for a file that is not one (an old
    binary ``.doc`` renamed, a damaged zip) or that holds no text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Skip("not a Word document (.docx) that can be read") from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise Skip(f"unpacks to more than {MAX_UNPACKED >> 20} MB")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise Skip("not a Word document (no word/document.xml inside)")
    import docx  # here: only the reading process needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged file
        raise Skip(f"not a Word document that can be read ({type(exc).__name__})") from None
    blocks, title = [], None
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            blocks += [" | ".join(c.text.strip() for c in row.cells) for row in item.rows]
            continue
        if title is None and (item.style is not None and item.style.name == "Title"):
            title = clean_field(item.text)
        blocks.append(item.text)
    text = paragraphs(blocks)
    if not text:
        raise Skip("a Word document with no text")
    props = document.core_properties
    return [
        Extracted(
            "docx",
            text,
            title=clean_field(props.title) or title,
            byline=clean_field(props.author),
            date=iso_day(props.created),
        )
    ]
