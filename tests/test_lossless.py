"""Property: any text converts losslessly into valid TEI, or is refused with a clear message."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.annotate.registers import Register, RegisterEntry
from edition.config import Config
from edition.convert import convert_source
from edition.errors import EditionError
from edition.model.reading import reading_words, texts_of
from edition.model.xmlio import parse_xml, serialize
from edition.validate import validate_tree

PHRASES = ["Vive la Commune", "27th of March, 2021", "in 1871", "Paris Commune", "Paris",
           "Thiers", "Anti-Thiers", "<b>", "&amp;", "]]>", "<!--", "<?pi?>",
           '<?xml version="1.0"?>', "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u202e", "e\u0301",
           "𝄞", "שלום", "Long live the Commune!", "You are here: Home / 2021 / x", "Act 1: Y"]
TEXTS = st.lists(st.one_of(st.text(), st.sampled_from(PHRASES)), max_size=12).map("".join)


def register() -> Register:
    entries = {
        "paris": RegisterEntry("place", "paris", "Paris", [], [], {}, {}),
        "commune": RegisterEntry("event", "commune", "Paris Commune", [], [], {}, {}),
        "thiers": RegisterEntry("person", "thiers", "Adolphe Thiers", ["Thiers"], [], {}, {}),
    }
    return Register(entries)


def check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.txt"
        path.write_bytes(data)
        config = Config(seeds=Path(folder))
        try:
            converted = convert_source(path, config, register())
        except EditionError as error:
            assert error.messages and all(m.code and m.path and m.text for m in error.messages)
            assert {m.code for m in error.messages} <= {"E011", "E012", "E014"}
            return
        written = parse_xml(serialize(converted.tree), path)
        assert validate_tree(written, path) == []
        [(_, text)] = texts_of(written)
        source = data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode("utf-16")
        assert reading_words(text) == source.split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_unicode_text_is_lossless_or_refused(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_lossless_or_refused(data: bytes) -> None:
    check(data)


@settings(max_examples=50, deadline=None)
@given(TEXTS)
def test_utf16_with_bom_reads_the_same_words(text: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    check(b"\xff\xfe" + text.encode("utf-16-le"))
