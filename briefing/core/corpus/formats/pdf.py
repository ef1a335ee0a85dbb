"""PDF files: text page by page through pypdf; title, author and date from the document's
metadata.

The pages are joined with a blank line between them and :attr:`Extracted.page_lines`
says where each starts, so a highlight can be cited by page. An encrypted PDF is tried
with the empty password (many are "encrypted" only against printing); one that needs a
real password is skipped by name. A scanned PDF has no text layer and is skipped as such:
OCR is not ours to do.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

from briefing.core.corpus.formats.base import Extracted, Skip, clean_field, iso_day
from briefing.core.corpus.textio import normalise

# Read at most this many pages: a 5,000-page scan of a register is not an article, and
# pypdf takes ~10-50 ms a page.
MAX_PAGES = 2000
# Titles that producers write for every file, which name no article.
_NO_TITLE = re.compile(
    r"(?i)untitled|document\d*|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd|odt|rtf|tex)"
)


def read_pdf(data: bytes, name: str) -> list[Extracted]:
    """The one article of a PDF. Raises Skip for a file pypdf cannot open, one that needs
    a password, and one with no text."""
    from pypdf import PdfReader  # here: only the reading process needs it

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise Skip(f"not a PDF that can be read ({type(exc).__name__})") from None
    if encrypted and not _decrypted(reader):
        raise Skip("encrypted PDF (it needs a password)")
    try:
        pages = reader.pages
        count = len(pages)
    except Exception as exc:
        raise Skip(f"not a PDF that can be read ({type(exc).__name__})") from None
    warnings: list[str] = []
    texts = []
    for number in range(min(count, MAX_PAGES)):
        try:
            texts.append(normalise(pages[number].extract_text() or "").strip("\n"))
        except Exception as exc:  # one bad page loses that page, not the document
            warnings.append(f"{name}: page {number + 1} could not be read ({type(exc).__name__})")
            texts.append("")
    if count > MAX_PAGES:
        warnings.append(f"{name}: only the first {MAX_PAGES} of its {count} pages read")
    if not any(t.strip() for t in texts):
        raise Skip("no text in the PDF (scanned pages? they need OCR first)")
    page_lines, line = [], 1
    for text in texts:
        page_lines.append(line)
        line += text.count("\n") + 2  # its lines, then the blank line between pages
    title, author, day = _metadata(reader)
    return [
        Extracted(
            "pdf",
            "\n\n".join(texts),
            title=title,
            byline=author,
            date=day,
            page_lines=tuple(page_lines),
            warnings=tuple(warnings),
        )
    ]


def _decrypted(reader: object) -> bool:
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # an unknown algorithm, a damaged dictionary: not readable either
        return False


def _metadata(reader: object) -> tuple[str | None, str | None, str | None]:
    """(title, author, ISO creation date) from the document information; each None when
    absent or unreadable. A date that does not parse is ignored, never guessed at."""
    try:
        info = reader.metadata  # type: ignore[attr-defined]
    except Exception:
        return None, None, None
    if info is None:
        return None, None, None
    title = clean_field(_safe(lambda: info.title))
    if title and _NO_TITLE.fullmatch(title):
        title = None
    author = clean_field(_safe(lambda: info.author))
    return title, author, iso_day(_safe(lambda: info.creation_date))


def _safe(get: Callable[[], object]) -> object:
    try:
        return get()
    except Exception:  # a malformed date string raises in pypdf's parser
        return None
