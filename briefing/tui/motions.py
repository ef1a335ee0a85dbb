"""Where the cursor lands for word, sentence and paragraph motions (offsets in clean text).

Plain functions over the text, so the selection keys (`w` `b` `)` `(` `}` `{`) are tested
without a terminal.
"""

from __future__ import annotations

import re

_WORD_START = re.compile(r"(?<!\w)\w")
_WORD_END = re.compile(r"\w(?!\w)")
# After a sentence: . ! ? then closing quotes/brackets, then space. Or a paragraph break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def next_word(text: str, offset: int) -> int:
    """The end of the word at or after `offset` (so a selection covers whole words)."""
    m = _WORD_END.search(text, offset)
    return m.end() if m else len(text)


def previous_word(text: str, offset: int) -> int:
    """The start of the word before `offset`."""
    starts = [m.start() for m in _WORD_START.finditer(text, 0, max(0, offset))]
    before = [s for s in starts if s < offset]
    return before[-1] if before else 0


def next_sentence(text: str, offset: int) -> int:
    """Just past the end of the sentence holding `offset`."""
    m = _SENTENCE_END.search(text, offset)
    if not m:
        return len(text)
    end = m.end()
    return end if end > offset else min(len(text), end + 1)


def previous_sentence(text: str, offset: int) -> int:
    """The start of the sentence before `offset` (or of this one, if inside it)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, max(0, offset - 1))]
    start = ends[-1] if ends else 0
    while start < offset and text[start].isspace():
        start += 1
    return start


def next_paragraph(text: str, offset: int) -> int:
    """The end of the paragraph holding `offset` (before the blank line)."""
    m = _PARAGRAPH_BREAK.search(text, offset + 1)
    return m.start() if m else len(text)


def previous_paragraph(text: str, offset: int) -> int:
    """The start of the paragraph holding `offset`, or of the one before if already there."""
    starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, max(0, offset - 1))]
    return starts[-1] if starts else 0


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_span(text: str, offset: int) -> tuple[int, int] | None:
    """The sentence under `offset`, trimmed of surrounding space; None on blank text."""
    if not text.strip():
        return None
    offset = max(0, min(offset, len(text) - 1))
    start = previous_sentence(text, offset + 1) if offset else 0
    start, end = trim(text, start, next_sentence(text, offset))
    return (start, end) if end > start else None
