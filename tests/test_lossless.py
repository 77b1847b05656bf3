"""Property: any text converts losslessly into valid TEI, or is refused with a clear message.

Lossless means more than the same words: the reading of the TEI is the source's text character
for character (every line ending, blank line, indentation, no-break space, combining mark and
astral character), and ``extract`` gives back the file's bytes (byte-order mark and encoding
included, checked against the SHA-256 of the header), under any encoding the reader accepts,
including the legacy ones named with ``--encoding``.
"""

from __future__ import annotations

import codecs
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edition.annotate.registers import Register, RegisterEntry
from edition.config import Config
from edition.convert import ConvertOptions, convert_source
from edition.errors import EditionError
from edition.model.reading import diplomatic_reading, reading_words, source_bytes, texts_of
from edition.model.xmlio import parse_xml, serialize
from edition.validate import validate_tree
from tests.hostile import blocks_of_source

PHRASES = ["Vive la Commune", "27th of March, 2021", "in 1871", "Paris Commune", "Paris",
           "Thiers", "Anti-Thiers", "<b>", "&amp;", "]]>", "<!--", "<?pi?>",
           '<?xml version="1.0"?>', "\n\n", "\r\n", "\r", "\t", "\u00a0", "\u202e", "e\u0301",
           "𝄞", "שלום", "Long live the Commune!", "You are here: Home / 2021 / x", "Act 1: Y",
           # The shapes of verse, letters and drama, which the reader encodes as such.
           "Tyger Tyger, burning bright,\n", "    In the forests of the night;\n", "\u3000",
           "Dear Madam,", "Yours, very sincerely,", "P.S. ", "ACT I", "SCENE II. A room.",
           "BERNARDO. Who's there?\n", "Ham. ", "HAMLET\n", "[Aside]", "Enter Horatio.",
           "Exeunt", "Washington, Nov. 21, 1864."]
# Short lines, indented or not: verse, addresses, speeches.
LINES = st.lists(st.tuples(st.sampled_from(["", "  ", "\t", "\u00a0", "    "]),
                           st.text(min_size=1, max_size=30),
                           st.sampled_from(["\n", "\r\n", "\r", "\n\n", " \n"])),
                 max_size=8).map(lambda ls: "".join(i + t + e for i, t, e in ls))
TEXTS = st.lists(st.one_of(st.text(), st.sampled_from(PHRASES), LINES), max_size=12).map("".join)
# The refusals a source can meet, each with its place: bytes that are not the encoding (E011),
# characters XML cannot hold (E012), nothing to encode (E014), UTF-16 without its mark (E015).
REFUSALS = {"E011", "E012", "E014", "E015"}
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def register() -> Register:
    entries = {
        "paris": RegisterEntry("place", "paris", "Paris", [], [], {}, {}),
        "commune": RegisterEntry("event", "commune", "Paris Commune", [], [], {}, {}),
        "thiers": RegisterEntry("person", "thiers", "Adolphe Thiers", ["Thiers"], [], {}, {}),
    }
    return Register(entries)


def expected_text(data: bytes, encoding: str | None) -> str:
    """What the source says, decoded by Python alone: by its byte-order mark, else as named."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec)
    return data.decode(encoding or "utf-8")


def check(data: bytes, encoding: str | None = None, replace_invalid: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.txt"
        path.write_bytes(data)
        config = Config(seeds=Path(folder))
        options = ConvertOptions(encoding=encoding, replace_invalid=replace_invalid)
        try:
            converted = convert_source(path, config, register(), options)
        except EditionError as error:
            [message] = error.messages           # one refusal, with its place and a hint
            assert message.code in REFUSALS and message.path == str(path)
            assert message.text and message.hint
            assert message.line > 0 or message.code in {"E014", "E015"}
            return
        written = parse_xml(serialize(converted.tree), path)
        assert validate_tree(written, path) == []
        [(_, text)] = texts_of(written)
        source = expected_text(data, encoding)
        if replace_invalid:
            replaced = [w for w in converted.warnings if w.code == "W012"]
            assert len(replaced) == len(NOT_XML.findall(source))
            source = NOT_XML.sub("\ufffd", source)
        assert reading_words(text) == source.split()
        assert blocks_of_source(diplomatic_reading(text)) == blocks_of_source(source)
        assert diplomatic_reading(text) == source
        if replace_invalid and NOT_XML.search(expected_text(data, encoding)):
            try:
                source_bytes(text, path)
            except EditionError as error:
                assert [m.code for m in error.messages] == ["E107"]
            else:
                raise AssertionError("extract gave bytes that are not the source's")
        else:
            assert source_bytes(text, path) == ("t.txt", data)


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


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                               codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]))
def test_any_text_behind_any_byte_order_mark_reads_the_same(text: str, bom: bytes) -> None:
    codec = {b"": "utf-8", codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le",
             codecs.BOM_UTF16_BE: "utf-16-be", codecs.BOM_UTF32_LE: "utf-32-le",
             codecs.BOM_UTF32_BE: "utf-32-be"}[bom]
    check(bom + text.encode(codec, "surrogatepass"))


LEGACY = ["cp1252", "latin-1", "mac-roman", "koi8-r", "cp437"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LEGACY), st.data())
def test_text_in_a_legacy_encoding_is_lossless_when_named(encoding: str, data: st.DataObject) -> None:
    # Only the characters the encoding has, so that the file can be written in it.
    alphabet = st.characters().filter(lambda c: _encodable(c, encoding))
    text = data.draw(st.lists(st.one_of(st.text(alphabet), st.sampled_from(
        [p for p in PHRASES if all(_encodable(c, encoding) for c in p)])), max_size=10).map("".join))
    check(text.encode(encoding), encoding=encoding)


def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(TEXTS, st.sampled_from(["\x00", "\x07", "\x0c", "\x1b[0m", "\ufffe"])),
                max_size=6).map("".join))
def test_characters_xml_cannot_hold_are_replaced_one_warning_each_when_asked(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"), replace_invalid=True)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300).filter(lambda b: not b.startswith((b"\xff\xfe", b"\xfe\xff"))))
def test_arbitrary_bytes_named_as_latin1_are_lossless_or_refused(data: bytes) -> None:
    """latin-1 gives every byte a character: what remains to refuse is what XML cannot hold."""
    check(data, encoding="latin-1")


# ---------------------------------------------------------------- extract, byte for byte

def test_extract_gives_back_every_bundled_seed_from_its_tei_and_from_the_corpus(
        built_tei, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from edition.cli import app
    from tests.conftest import SEEDS

    runner = CliRunner()
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds:
        result = runner.invoke(app, ["extract", str(built_tei.out / "tei" / f"{seed.stem}.xml")])
        assert result.exit_code == 0 and result.stdout_bytes == seed.read_bytes(), seed.name
    out = tmp_path / "sources"
    result = runner.invoke(app, ["extract", str(built_tei.out / "edition.xml"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [s.name for s in seeds]
    assert all((out / s.name).read_bytes() == s.read_bytes() for s in seeds)


def test_extract_refuses_with_e107_a_text_edited_since_it_was_made(built_tei, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from edition.cli import app

    tei = next((built_tei.out / "tei").glob("*.xml"))
    edited = tmp_path / "edited.xml"
    head, body = tei.read_bytes().split(b"<body", 1)
    edited.write_bytes(head + b"<body" + body.replace(b"Commune", b"Kommune", 1))
    result = CliRunner().invoke(app, ["extract", str(edited)])
    assert result.exit_code == 1 and result.stdout_bytes == b""
    assert f"{edited}:" in result.stderr and ": error: E107:" in result.stderr
    assert "hint: extract the words with --reading" in result.stderr
    assert "Traceback" not in result.stderr
    reading = CliRunner().invoke(app, ["extract", "--reading", str(edited)])
    assert reading.exit_code == 0 and "Kommune" in reading.stdout
