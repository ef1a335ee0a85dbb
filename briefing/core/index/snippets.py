"""Snippets: a short window of an article's clean text around its densest run of hits.

The window is measured in terminal columns, not characters: a CJK character takes two, so
180 characters of Chinese would fill two rows of a list meant for one snippet line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SNIPPET_CHARS = 180


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...]  # matched terms, offsets into `text`

    def marked(self, before: str = "**", after: str = "**") -> str:
        """The snippet with each matched term wrapped in `before`/`after`."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """A window of about `width` columns around the densest run of matches.

    `spans` are code-point offsets into `text`; the snippet's spans are offsets into its
    own text (white space collapsed, "…" marking a cut).
    """
    if not text:
        return Snippet("", ())
    if not spans:
        start, end = 0, _advance(text, 0, width)
    else:
        best = max(range(len(spans)), key=lambda i: _span_count(spans, i, width))
        start = _retreat(text, spans[best][0], width // 4)
        end = _advance(text, start, width)
        if end == len(text):  # near the end: use the whole width before it
            start = _retreat(text, end, width)
    start = _word_boundary(text, start, forward=True)
    end = _word_boundary(text, end, forward=False)
    piece = text[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shown = " ".join(piece.split())
    # Collapsing whitespace moves offsets: map them through the collapsed text.
    mapping = _collapse_map(piece)
    inner = tuple(
        (mapping[s - start] + len(lead), mapping[e - start] + len(lead))
        for s, e in spans
        if s >= start and e <= end
    )
    return Snippet(lead + shown + tail, inner)


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _advance(text: str, pos: int, columns: int) -> int:
    """The offset `columns` terminal columns after `pos` (or the end of the text)."""
    while pos < len(text) and columns > 0:
        columns -= _columns(text[pos])
        pos += 1
    return pos


def _retreat(text: str, pos: int, columns: int) -> int:
    """The offset `columns` terminal columns before `pos` (or 0)."""
    while pos > 0 and columns > 0:
        pos -= 1
        columns -= _columns(text[pos])
    return pos


def _span_count(spans, i, width) -> int:
    limit = spans[i][0] + width
    return sum(1 for s, e in spans[i:] if e <= limit)


def _word_boundary(text: str, pos: int, forward: bool) -> int:
    if pos <= 0 or pos >= len(text):
        return max(0, min(pos, len(text)))
    step = 1 if forward else -1
    moved = pos
    while 0 < moved < len(text) and not _breakable(text, moved) and abs(moved - pos) < 20:
        moved += step
    return moved if abs(moved - pos) < 20 else pos


def _breakable(text: str, pos: int) -> bool:
    """True where a snippet may be cut: after white space, or beside a wide (CJK)
    character, since CJK text has no spaces between words."""
    return text[pos - 1].isspace() or _columns(text[pos - 1]) == 2 or _columns(text[pos]) == 2


def _collapse_map(piece: str) -> list[int]:
    """For each offset in `piece`, its offset in " ".join(piece.split())."""
    mapping, out, in_space, started = [], 0, False, False
    for char in piece:
        if char.isspace():
            in_space = True
            mapping.append(out)
            continue
        if in_space and started:
            out += 1
        mapping.append(out)
        out += 1
        in_space, started = False, True
    mapping.append(out)
    return mapping
