"""Turning the bytes of a corpus file into safe, normalised text.

Web-copied files arrive in any encoding, with Windows line ends, terminal escapes and stray
control characters. Everything downstream (the index, the reader, anchoring) works on the
text this module returns, so it must be the same for the same bytes, every time.
"""

from __future__ import annotations

import codecs
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

# Binary detection looks at this much of a file (start, middle and end of a larger one),
# and calls it binary when control bytes are more than this share of what it saw. Text has
# none but the odd stray one (a NUL, a form feed); random or compressed bytes have ~10 %
# (25 of 256 values), structured binaries more. One NUL once made a whole article
# "binary, skipped" when it sat in the first 8 KB, and vanished when it sat after them.
_BINARY_SAMPLE = 1 << 16
_BINARY_SHARE = 0.02
# Control bytes other than tab, line feed, vertical tab, form feed, carriage return and
# escape (a terminal escape is text we strip, see _ANSI, not a sign of a binary file).
_CONTROL_BYTES = bytes([*range(9), *range(14, 27), *range(28, 32)])
# A byte order mark says what the file is, before anything is guessed. UTF-32 first: its
# little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Decoded text is "implausible" when more than this share of its letters are non-ASCII:
# French or German in cp1252 has a few per cent; Russian in cp1251 read as cp1252 is
# "Ïðàâèòåëüñòâî", all of it. Below _PLAUSIBLE_MIN_LETTERS there is too little to judge.
_IMPLAUSIBLE_SHARE = 0.3
_PLAUSIBLE_MIN_LETTERS = 20


class UnreadableFile(Failure):
    """A corpus file gives no article: binary, empty, of a type no reader takes, or not
    readable at all. ``str()``: "<path>: <reason>, skipped", one line; *path* and *reason*
    are kept apart for reports (``briefing index --json``)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}, skipped")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _sample(data: bytes) -> bytes:
    if len(data) <= 3 * _BINARY_SAMPLE:
        return data
    middle = len(data) // 2
    return data[:_BINARY_SAMPLE] + data[middle : middle + _BINARY_SAMPLE] + data[-_BINARY_SAMPLE:]


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: control bytes (NUL and the like) make up more than
    2 % of it (of a sample of its start, middle and end when it is large)."""
    sample = _sample(data)
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > _BINARY_SHARE


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 text without a byte order mark, or None.

    Text in one script has its high bytes in a few values (0x00 for Latin, 0x04 for
    Cyrillic, 0x03 for Greek, all with 0x00 for spaces and digits) and its low bytes in
    many; binary data has no such column. The decoded text must hold no controls either.
    """
    sample = _sample(data)[: 1 << 14]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for high, low, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if _few_values(high) and not _few_values(low):
            try:
                text = sample.decode(codec)
            except UnicodeDecodeError:
                continue
            if len(_CONTROL.findall(text)) <= _BINARY_SHARE * len(text):
                return codec
    return None


def _few_values(column: bytes) -> bool:
    """Whether three byte values make up 90 % of *column*."""
    counts = sorted((column.count(bytes([v])) for v in set(column)), reverse=True)
    return sum(counts[:3]) >= 0.9 * len(column)


def _plausible(text: str) -> bool:
    """False for text that reads like mojibake: most of its letters outside ASCII."""
    letters = [c for c in text[: 1 << 16] if c.isalpha()]
    if len(letters) < _PLAUSIBLE_MIN_LETTERS:
        return True
    foreign = sum(1 for c in letters if c > "\x7f")
    return foreign / len(letters) <= _IMPLAUSIBLE_SHARE


def _letter_share(text: str) -> float:
    sample = "".join(text[: 1 << 16].split())
    return sum(c.isalpha() for c in sample) / max(len(sample), 1)


def _detected(data: bytes, fallback: str) -> tuple[str, str] | None:
    """(text, encoding) as charset-normalizer reads *data*, when that reads better than
    *fallback* (more of it letters: a wrong guess shows box-drawing characters)."""
    from charset_normalizer import from_bytes  # only for the rare file that needs it

    best = from_bytes(data).best()
    if best is None or best.encoding in ("cp1252", "latin_1", "ascii", "utf_8"):
        return None
    text = str(best)
    if _letter_share(text) < _letter_share(fallback):
        return None
    return text, best.encoding.replace("_", "-")


def decode(data: bytes, name: str) -> DecodedText:
    """Decode file bytes: as its byte order mark says (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
    else UTF-16 when every other byte is NUL; else UTF-8, else cp1252 (latin-1 for its five
    undefined bytes), unless that reads as mojibake and charset-normalizer finds better
    (Cyrillic or Greek in cp1251, KOI8-R, ISO-8859-7...). Every guess is warned about.

    Raises UnreadableFile for binary data (see :func:`looks_binary`). `name` only labels
    the warnings.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return DecodedText(body.decode(encoding), encoding)
            except UnicodeDecodeError:
                text = body.decode(encoding, "replace")
                why = f"{name}: not valid {encoding} after its byte order mark; bad bytes shown as \ufffd"
                return DecodedText(text, encoding, (why,))
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
            return DecodedText(text, utf16, (f"{name}: no byte order mark, read as {utf16}",))
        except UnicodeDecodeError:
            pass
    if looks_binary(data):
        raise UnreadableFile(name, "binary file")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # cp1252 is what "latin-1" text from the web usually is; it leaves five bytes undefined,
    # and latin-1 decodes anything, so it is the last resort.
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    if not _plausible(text):
        found = _detected(data, text)
        if found:
            text, encoding = found
            return DecodedText(
                text, encoding, (f"{name}: not UTF-8, read as {encoding} (detected)",)
            )
    return DecodedText(text, encoding, (f"{name}: not UTF-8, read as {encoding}",))


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
