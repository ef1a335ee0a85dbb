"""HTML pages: the main text and its metadata through trafilatura, never a fetch.

trafilatura is given the page's text and nothing else (no URL), so it cannot download
anything; it drops navigation, share bars, "You may also like" boxes, comments and
footers, which is the part a home-made extractor gets wrong. Its metadata gives the
title, the author (-> byline), the date, the site name (-> source) and the canonical URL.

HTML fragments (a feed entry's content, say) are not pages: :func:`fragment_text` turns
them into text with the standard library's parser, keeping every word.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from briefing.core.corpus.formats.base import Extracted, Skip, clean_field, iso_day, paragraphs
from briefing.core.corpus.textio import UnreadableFile, decode

# <meta charset="..."> or <meta http-equiv=... content="text/html; charset=...">, looked
# for in the head only, as browsers do (the first 1024 bytes, with room to spare).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEAD_BYTES = 4096


def looks_like_html(text: str) -> bool:
    """Whether decoded *text* (a ``.txt`` file, say) is an HTML document: it starts with
    a doctype or ``<html>``, or with a tag and has a ``<head>`` or ``<body>`` near the top."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith("<") and ("<head" in head or "<body" in head)


def decode_html(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """(the page's text, warnings): a byte order mark first, then the charset its head
    declares, then the guesses every text file gets (:func:`..textio.decode`).
    Raises Skip for binary data."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _META_CHARSET.search(data[:_HEAD_BYTES])
        if declared:
            try:
                codec = codecs.lookup(declared.group(1).decode("ascii")).name
                return data.decode(codec), ()
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown label: guess as for any text
    try:
        decoded = decode(data, name)
    except UnreadableFile as exc:
        raise Skip(exc.reason) from None
    return decoded.text, decoded.warnings


def read_html(data: bytes, name: str) -> list[Extracted]:
    """The article of one HTML page (see :func:`html_article`). Raises Skip."""
    markup, warnings = decode_html(data, name)
    return [html_article(markup, warnings)]


def html_article(markup: str, warnings: tuple[str, ...] = ()) -> Extracted:
    """The main text and metadata of the page *markup*. Raises Skip when trafilatura finds
    no main text (an empty page, a page that is all navigation)."""
    import trafilatura  # here, not at the top: only the reading process needs it

    doc = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        # Only dates the page states as its own, not one guessed from its text or links.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) or ""
    if doc is None or isinstance(doc, dict) or not text.strip():
        raise Skip("no article text found in the page")
    return Extracted(
        "html",
        paragraphs(text.split("\n")),
        title=clean_field(doc.title),
        byline=clean_field(doc.author),
        date=iso_day(doc.date),
        source=clean_field(doc.sitename) or clean_field(doc.hostname),
        url=clean_field(doc.url, 2000),
        warnings=warnings,
    )


# Elements after which a fragment's text starts a new block.
_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header "
    "footer figure figcaption dd dt hr".split()
)
_INVISIBLE = frozenset(("script", "style", "template", "noscript", "head", "title"))


class _FragmentText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.blocks.append([])

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.blocks[-1].append(data)


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment, one paragraph per block element; nothing dropped but
    scripts and styles."""
    parser = _FragmentText()
    parser.feed(markup)
    parser.close()
    return paragraphs(" ".join("".join(block).split()) for block in parser.blocks)
