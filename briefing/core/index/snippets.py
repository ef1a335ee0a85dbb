"""Snippets: a short window of an article's clean text around its densest run of hits."""

from __future__ import annotations

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
    """A window of about `width` characters around the densest run of matches."""
    if not text:
        return Snippet("", ())
    if not spans:
        start, end = 0, min(len(text), width)
    else:
        best = max(range(len(spans)), key=lambda i: _span_count(spans, i, width))
        start = max(0, spans[best][0] - width // 4)
        end = min(len(text), start + width)
        start = max(0, min(start, end - width))
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


def _span_count(spans, i, width) -> int:
    limit = spans[i][0] + width
    return sum(1 for s, e in spans[i:] if e <= limit)


def _word_boundary(text: str, pos: int, forward: bool) -> int:
    if pos <= 0 or pos >= len(text):
        return max(0, min(pos, len(text)))
    step = 1 if forward else -1
    moved = pos
    while 0 < moved < len(text) and not text[moved - 1].isspace() and abs(moved - pos) < 20:
        moved += step
    return moved if abs(moved - pos) < 20 else pos


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
