"""The one definition of word, sentence and paragraph, for everything that needs them.

Selection motions and `h` in the reader, compare mode's shared passages, titles made from a
first sentence, and the index's tokens all cut text here, so a "sentence" is the same thing
on screen, in a highlight and in an export. Offsets are code points of the clean text.

Sentences end at ``.`` ``!`` ``?`` (then any closing quotes or brackets) before white space,
at the CJK full stops ``。！？`` (no space needed), and at a line break. A full stop after a
common abbreviation (``Mr.``, ``Jan.``, ``No.``), an initial (``J.``) or a dotted acronym
(``U.S.``) does not end a sentence unless a line break or the end of the text follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Words, with inner dots kept ("U.S") and apostrophes splitting ("Obama's" -> "Obama", "s"),
# so that "Obama" finds "Obama's". The index tokenises with this same pattern.
WORD_PATTERN = r"\w+(?:\.\w+)*"
_WORD = re.compile(WORD_PATTERN)

# Abbreviations after which a full stop rarely ends a sentence in news text (case-folded,
# without the dot). Dotted acronyms (U.S., U.N., e.g.) and single initials are caught by
# shape instead of by list.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres
    rev hon messrs mme mlle sra sr no nos vol vols fig figs art sec ch pp p op cf vs etc al
    approx est dept univ corp inc ltd co bros jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun""".split()
)

_CLOSERS = "\"'”’)]}»」』）】"
# A candidate end: terminal punctuation, then closers; followed by space or the end of text.
_LATIN_END = re.compile(rf"[.!?…][{re.escape(_CLOSERS)}]*(?=\s|\Z)")
_CJK_END = re.compile(rf"[。！？][{re.escape(_CLOSERS)}]*")
_TOKEN_BEFORE = re.compile(r"(\S+)\.[" + re.escape(_CLOSERS) + r"]*\Z")
_ACRONYM = re.compile(r"(?:\w\.)+\w\Z|\w\Z")  # "U.S" (its last dot stripped), "J"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for every word of `text`, offsets in code points."""
    for m in _WORD.finditer(text):
        yield m.start(), m.end(), m.group()


_WORD_START = re.compile(r"(?<!\w)\w")
_WORD_END = re.compile(r"\w(?!\w)")


def next_word(text: str, offset: int) -> int:
    """The end of the word at or after `offset` (so a selection covers whole words)."""
    m = _WORD_END.search(text, offset)
    return m.end() if m else len(text)


def previous_word(text: str, offset: int) -> int:
    """The start of the word before `offset`."""
    starts = [m.start() for m in _WORD_START.finditer(text, 0, max(0, offset))]
    before = [s for s in starts if s < offset]
    return before[-1] if before else 0


def _abbreviation_stop(text: str, punct_end: int) -> bool:
    """True when the `.` ending at `punct_end` closes an abbreviation, initial or acronym."""
    head = text[max(0, punct_end - 40) : punct_end]
    m = _TOKEN_BEFORE.search(head)
    if m is None:
        return False
    token = m.group(1).lstrip("(\"'“‘[")
    if token.casefold() in ABBREVIATIONS:
        return True
    return bool(_ACRONYM.fullmatch(token)) and token[-1:].isalpha()


def _ends(text: str) -> Iterator[int]:
    """Offsets just past each sentence end (punctuation and closers), in order."""
    candidates = sorted(
        [(m.end(), m.group()[0]) for m in _LATIN_END.finditer(text)]
        + [(m.end(), "。") for m in _CJK_END.finditer(text)]
        + [(m.start(), "\n") for m in re.finditer("\n", text)]
    )
    for end, kind in candidates:
        if kind == ".":
            nxt = text[end : end + 2]
            at_break = end >= len(text) or nxt.startswith("\n") or nxt.lstrip(" \t")[:1] == "\n"
            if not at_break and _abbreviation_stop(text, end - _closers_len(text, end)):
                continue
        yield end


def _closers_len(text: str, end: int) -> int:
    n = 0
    while end - n - 1 >= 0 and text[end - n - 1] in _CLOSERS:
        n += 1
    return n


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, trimmed of surrounding white space."""
    spans, start = [], 0
    for end in [*_ends(text), len(text)]:
        s, e = trim(text, start, end)
        if e > s:
            spans.append((s, e))
        start = max(start, end)
    return spans


def sentence_at(text: str, offset: int) -> tuple[int, int] | None:
    """The sentence holding `offset` (or the next one, from white space between them)."""
    if not text.strip():
        return None
    offset = max(0, min(offset, len(text) - 1))
    spans = sentence_spans(text)
    for start, end in spans:
        if offset < end:
            return start, end
    return spans[-1] if spans else None


def next_sentence(text: str, offset: int) -> int:
    """Just past the end of the sentence holding `offset`."""
    for end in _ends(text):
        if end > offset:
            return end
    return len(text)


def previous_sentence(text: str, offset: int) -> int:
    """The start of the sentence before `offset` (or of this one, if inside it)."""
    start = 0
    for end in _ends(text):
        if end >= offset - 1:  # at a sentence's start already: go to the one before
            break
        start = end
    while start < offset and start < len(text) and text[start].isspace():
        start += 1
    return start


def first_sentence(text: str) -> str:
    """The first sentence of `text`, white space collapsed."""
    spans = sentence_spans(text)
    if not spans:
        return ""
    start, end = spans[0]
    return " ".join(text[start:end].split())


def next_paragraph(text: str, offset: int) -> int:
    """The end of the paragraph holding `offset` (before the blank line)."""
    m = _PARAGRAPH_BREAK.search(text, offset + 1)
    return m.start() if m else len(text)


def previous_paragraph(text: str, offset: int) -> int:
    """The start of the paragraph holding `offset`, or of the one before if already there."""
    starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, max(0, offset - 1))]
    return starts[-1] if starts else 0


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards past surrounding white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
