"""Turning the bytes of a corpus file into safe, normalised text.

Web-copied files arrive in any encoding, with Windows line ends, terminal escapes and stray
control characters. Everything downstream (the index, the reader, anchoring) works on the
text this module returns, so it must be the same for the same bytes, every time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from briefing.core.errors import Failure

# CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and lone escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]?"  # two-byte escapes, or a bare ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 controls other than newline and tab; DEL; bidi overrides that can reorder a
# terminal line and hide text from the reader.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Characters that are invisible and, inside a word, split it for search and quoting:
# soft hyphen, zero-width space and non-joiner, word joiner, BOM (a stray one mid-text),
# Mongolian vowel separator, invisible operators. Removed outright.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u2060\ufeff\u180e\u2061-\u2064]")
# The zero-width joiner builds emoji (👨‍👩‍👧) and must stay there; next to a letter or
# digit it only splits a word.
_JOINER_IN_WORD = re.compile(r"(?<=\w)\u200d|\u200d(?=\w)")

_BINARY_SAMPLE = 8192
# Control bytes other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


class UnreadableFile(Failure):
    """The file is not text we can show (binary, or not readable at all)."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte, or mostly control bytes, in its head."""
    head = data[:_BINARY_SAMPLE]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.1


def decode(data: bytes, name: str) -> DecodedText:
    """Decode file bytes: UTF-8 (with or without BOM), else cp1252, else latin-1 with a warning.

    Raises UnreadableFile for binary data. `name` only labels the warnings.
    """
    if looks_binary(data):
        raise UnreadableFile(f"{name}: binary file, skipped")
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    # cp1252 is what "latin-1" text from the web usually is; it leaves five bytes undefined,
    # and latin-1 decodes anything, so it is the last resort.
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return DecodedText(text, encoding, (f"{name}: not UTF-8, read as {encoding}",))
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def strip_invisible(text: str) -> str:
    """*text* without the invisible characters that split words (soft hyphens, zero-width
    spaces and non-joiners, word joiners, stray BOMs); a zero-width joiner stays inside
    emoji. Everything that is matched against the clean text (queries, quotes, imported
    selectors) goes through this, as the clean text itself did."""
    return _JOINER_IN_WORD.sub("", _INVISIBLE.sub("", text))


def normalise_for_match(text: str) -> str:
    """Text typed or imported to be found in the clean text: NFC, invisible characters
    removed (see :func:`strip_invisible`). Offsets are not kept: use it on quotes and
    queries, never on the clean text's own slices."""
    return strip_invisible(unicodedata.normalize("NFC", text))


def normalise(text: str) -> str:
    """Line ends to \\n, terminal escapes, control and invisible characters removed, tabs
    expanded, NFC.

    NFC matters: "Rodríguez" typed with a combining accent must be the same string as the
    precomposed one, or search, offsets and anchoring disagree.
    """
    # U+2028/2029 and NEL are line breaks to str.splitlines() (and so to the reader's
    # TextArea): counted as anything else, every offset after them would be off by a line.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    text = _ANSI.sub("", text)
    text = _CONTROL.sub("", text)
    text = text.expandtabs(4)
    return strip_invisible(unicodedata.normalize("NFC", text))
