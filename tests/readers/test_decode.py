"""Decoding refuses rather than guesses, and names the place of every problem."""

from __future__ import annotations

import codecs

import pytest

from edition.errors import EditionError
from edition.readers.decode import decode_source, line_col


def test_utf8_without_and_with_bom() -> None:
    assert decode_source("Commune é".encode(), "x.txt").text == "Commune é"
    decoded = decode_source(codecs.BOM_UTF8 + "Commune é".encode(), "x.txt")
    assert (decoded.text, decoded.bom) == ("Commune é", True)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_source(bom + "Vive la Commune 𝄞".encode(codec), "x.txt").text == "Vive la Commune 𝄞"


def test_latin1_is_refused_with_the_byte_offset() -> None:
    with pytest.raises(EditionError) as raised:
        decode_source("Café crème".encode("latin-1"), "legacy.txt")
    [message] = raised.value.messages
    assert message.code == "E011"
    assert "offset 3" in message.text and "0xE9" in message.text
    assert "--encoding" in message.hint


def test_latin1_is_read_when_named() -> None:
    assert decode_source("Café".encode("latin-1"), "x.txt", encoding="latin-1").text == "Café"


def test_unknown_encoding_name_is_an_error() -> None:
    with pytest.raises(EditionError) as raised:
        decode_source(b"x", "x.txt", encoding="no-such-codec")
    assert raised.value.messages[0].code == "E013"


def test_control_character_is_refused_with_line_column_and_code_point() -> None:
    with pytest.raises(EditionError) as raised:
        decode_source(b"first line\nsec\x00ond", "x.txt")
    [message] = raised.value.messages
    assert (message.code, message.line, message.col) == ("E012", 2, 4)
    assert "U+0000" in message.text


def test_control_character_replaced_only_when_asked_with_a_warning() -> None:
    decoded = decode_source(b"a\x07b", "x.txt", replace_invalid=True)
    assert decoded.text == "a\ufffdb"
    assert [w.code for w in decoded.warnings] == ["W012"]


def test_line_col_counts_every_line_ending() -> None:
    assert line_col("a\r\nb\rc\nd", 7) == (4, 1)
