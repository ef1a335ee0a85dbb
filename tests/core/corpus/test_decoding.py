"""Decoding (issue 12): a byte order mark decides; UTF-16 without one is recognised; text
that reads as mojibake in cp1252 is given to charset-normalizer; binary is a share of
control bytes, not one NUL."""

from __future__ import annotations

import codecs

import pytest
from format_files import RUSSIAN_TEXT, UTF16_TEXT

from briefing.core.corpus import UnreadableFile, decode
from briefing.core.corpus.textio import looks_binary

GREEK = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για τη στήριξη των αγροτών και των εξαγωγέων σιτηρών."


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_a_byte_order_mark_decides(bom, codec):
    decoded = decode(bom + UTF16_TEXT.encode(codec), "notes.txt")
    assert decoded.text == UTF16_TEXT
    assert decoded.encoding == codec
    assert decoded.warnings == ()


def test_utf16_from_windows_notepad_is_not_binary():
    # Notepad's "Unicode": UTF-16 LE with a BOM, a NUL in every other byte of Latin text.
    data = codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le")
    assert decode(data, "notes.txt").text == UTF16_TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [UTF16_TEXT, RUSSIAN_TEXT])
def test_utf16_without_a_byte_order_mark_is_recognised_and_said(codec, text):
    decoded = decode(text.encode(codec), "notes.txt")
    assert decoded.text == text
    assert decoded.encoding == codec
    assert "no byte order mark" in decoded.warnings[0]


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "iso8859-5"])
def test_cyrillic_in_a_legacy_code_page_reads_as_cyrillic(codec):
    decoded = decode(RUSSIAN_TEXT.encode(codec), "moscow.txt")
    assert decoded.text == RUSSIAN_TEXT
    assert decoded.warnings == (f"moscow.txt: not UTF-8, read as {decoded.encoding} (detected)",)


def test_greek_in_iso_8859_7_reads_as_greek():
    assert decode(GREEK.encode("iso8859-7"), "athens.txt").text == GREEK


def test_western_text_keeps_the_cp1252_fast_path():
    text = "Le café de Müller, où l’on parle de la crème brûlée et du thé glacé en été."
    decoded = decode(text.encode("cp1252"), "cafe.txt")
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_a_short_text_is_not_guessed_at():
    # Too few letters to judge: charset-normalizer's guess would be noise.
    assert decode("Привет мир".encode("cp1251"), "hi.txt").encoding == "cp1252"


def test_one_nul_byte_does_not_make_a_file_binary_wherever_it_is():
    story = b"A story about the harbour and its ferries. " * 100
    for data in (b"\x00" + story, story[:100] + b"\x00" + story, story + b"\x00"):
        assert not looks_binary(data)
        assert "harbour" in decode(data, "story.txt").text


def test_binary_is_a_share_of_control_bytes():
    assert looks_binary(bytes(range(256)) * 40)
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02\x03text" * 500)
    # Terminal escapes are text to strip, not a sign of a binary file.
    assert not looks_binary(b"\x1b[31mred\x1b[0m news of the day\n" * 200)
    with pytest.raises(UnreadableFile, match="bin.txt: binary file, skipped"):
        decode(bytes(range(256)) * 40, "bin.txt")


def test_a_large_file_is_sampled_at_its_start_middle_and_end():
    text = b"plain text line\n" * 20_000
    middle = len(text) // 2
    binary_middle = text[:middle] + bytes(range(32)) * 4000 + text[middle:]
    assert not looks_binary(text)
    assert looks_binary(binary_middle)
