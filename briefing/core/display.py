"""Text for people to read on a terminal: made safe, shortened, counted.

Both front ends show titles, quotes, notes, tags, ids and file names that come from other
people's files. A title holding ``ESC ] 52 ; c ; …`` would, printed raw, set the clipboard
(whose next paste into a shell is code execution) or rename the terminal; a bidi override
reorders what is shown. :func:`for_terminal` is the one sanitiser every printer and every
widget applies to outside text; stored data is kept as it came.
"""

from __future__ import annotations

import re

# One character for one: C0 controls (but tab and newline) as their Unicode control
# pictures (ESC shows as ␛), DEL as ␡, C1 controls and bidi embeddings, overrides and
# isolates as U+FFFD. Offsets into the text stay valid (snippet hit spans rely on it).
# A carriage return ending a line (CSV's CRLF) is a line end; a lone one, which would send
# the cursor back to overwrite what was shown, is shown as ␍ (see for_terminal).
_TERMINAL_SAFE = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_LONE_CR = re.compile("\r(?!\n)")
_TERMINAL_SAFE[0x7F] = 0x2421
_TERMINAL_SAFE.update({c: 0xFFFD for c in range(0x80, 0xA0)})
_TERMINAL_SAFE.update({c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TERMINAL_SAFE) + "]")
# What JSON output must escape besides what json.dumps already escapes (C0, quote,
# backslash): with ensure_ascii=False, C1 controls, DEL and bidi controls pass raw.
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    """*text* with nothing a terminal would act on: control characters, escape sequences
    and bidi controls shown as visible symbols (``␛``, ``␇``, ``�``), one for one, so
    offsets into *text* still hold. Tab, newline and a carriage return before a newline
    are kept."""
    if _UNSAFE.search(text) is None and "\r" not in text:  # the common case
        return text
    return _LONE_CR.sub("\u240d", text.translate(_TERMINAL_SAFE))


def json_for_terminal(json_text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters a
    terminal would act on escaped as JSON unicode escapes: still valid JSON, the same
    data."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def one_line(text: str, width: int) -> str:
    """`text` on one line (white space collapsed), cut with an ellipsis to `width`, safe
    for a terminal (:func:`for_terminal`)."""
    flat = for_terminal(" ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 hit``, ``2 hits``; *many* for irregular plurals (``1 copy``, ``2 copies``)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"
