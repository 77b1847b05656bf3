"""Verse, letters and drama from plain text: the TEI a TEI editor would write (P5 ch. 6, §4.2,
ch. 7), each inference the automatic layer's and overridable, every source given back byte for byte.

The texts in ``tests/data/plain/`` are public-domain texts laid out as plain-text editions lay
them out (the essay's prose is written for the test; the verse it quotes is Wordsworth's). Their
expected ``<text>`` is in ``tests/data/golden/plain/`` as canonical XML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from edition.annotate.registers import Register
from edition.cli import app
from edition.config import Config
from edition.convert import Converted, convert_source
from edition.errors import EditionError
from edition.model.reading import source_text
from edition.model.tei import NS
from edition.model.xmlio import parse_xml, serialize
from edition.validate import validate_tree
from tests.conftest import DATA
from tests.tools import jing, tei_all_path

PLAIN = DATA / "plain"
GOLDEN = DATA / "golden" / "plain"
TEXTS = sorted(p.name for p in PLAIN.glob("*.txt"))
AUTO = "#resp-auto"
runner = CliRunner()


def convert(path: Path) -> Converted:
    return convert_source(path, Config(seeds=path.parent), Register({}))


def text_of(converted: Converted) -> etree._Element:
    return converted.tree.getroot().find("tei:text", NS)


def convert_text(tmp_path: Path, text: str, sidecar: str = "", name: str = "t") -> etree._Element:
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    if sidecar:
        source.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return text_of(convert(source))


def xpath(element: etree._Element, path: str) -> list:
    return element.xpath(path, namespaces=NS)


def words(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.parametrize("name", TEXTS)
def test_each_plain_text_gives_the_tei_of_its_golden_file(name: str, update_golden: bool) -> None:
    converted = convert(PLAIN / name)
    assert validate_tree(parse_xml(serialize(converted.tree), name), name) == []
    actual = etree.tostring(text_of(converted), method="c14n") + b"\n"
    golden = GOLDEN / name.replace(".txt", ".xml")
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert actual == golden.read_bytes(), "check the change, then run pytest --update-golden"


def test_every_plain_text_is_valid_tei_all_with_jing(tmp_path: Path) -> None:
    outputs = []
    for name in TEXTS:
        out = tmp_path / name.replace(".txt", ".xml")
        out.write_bytes(serialize(convert(PLAIN / name).tree))
        outputs.append(out)
    result = jing(tei_all_path(), *outputs)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", TEXTS)
def test_extract_gives_back_each_plain_text_byte_for_byte(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    assert runner.invoke(app, ["-q", "convert", str(PLAIN / name), "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["extract", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (PLAIN / name).read_bytes()


# ---------------------------------------------------------------- verse

def test_the_tyger_is_a_poem_of_six_stanzas_with_its_title_and_byline() -> None:
    text = text_of(convert(PLAIN / "the-tyger.txt"))
    body = text[0]
    assert words(xpath(body, "tei:head")[0]) == "The Tyger"
    assert words(xpath(body, "tei:byline")[0]) == "William Blake"
    stanzas = xpath(body, "tei:lg")
    assert [s.get("type") for s in stanzas] == ["stanza"] * 6
    assert all(s.get("resp") == AUTO for s in stanzas)
    assert [len(xpath(s, "tei:l")) for s in stanzas] == [4] * 6
    lines = xpath(body, ".//tei:l")
    assert [line.get("n") for line in lines] == [str(n) for n in range(1, 25)]
    assert words(lines[0]) == "Tyger Tyger, burning bright,"
    assert not xpath(body, ".//tei:p")


def test_the_indented_couplet_of_the_sonnet_keeps_its_indent_in_rend() -> None:
    text = text_of(convert(PLAIN / "sonnet-18.txt"))
    [sonnet] = xpath(text, ".//tei:lg")
    lines = xpath(sonnet, "tei:l")
    assert len(lines) == 14
    assert [line.get("rend") for line in lines] == [None] * 12 + ["indent-2"] * 2
    # The indentation itself is the source's, between the lines.
    assert lines[11].tail == "\n  "


def test_a_poem_without_title_has_stanzas_and_a_supplied_head() -> None:
    text = text_of(convert(PLAIN / "untitled-poem.txt"))
    assert xpath(text, "tei:body/tei:head/tei:supplied")
    assert len(xpath(text, "tei:body/tei:lg[@type='stanza']")) == 2


def test_verse_quoted_in_prose_is_a_quotation_of_lines_between_the_paragraphs() -> None:
    body = text_of(convert(PLAIN / "essay-quoting-verse.txt"))[0]
    assert [etree.QName(e).localname for e in body] == ["head", "p", "quote", "p"]
    [quote] = xpath(body, "tei:quote")
    lines = xpath(quote, "tei:lg/tei:l")
    assert len(lines) == 9 and all(line.get("n") is None for line in lines)
    assert [line.get("rend") for line in lines].count("indent-4") == 2


def test_prose_wrapped_at_a_measure_is_not_verse(tmp_path: Path) -> None:
    prose = ("It was the best of times, it was the worst of times, it was the age\n"
             "of wisdom, it was the age of foolishness, it was the epoch of belief,\n"
             "it was the epoch of incredulity, it was the season of Light, it was\n"
             "the season of Darkness, it was the spring of hope, it was the winter.\n")
    text = convert_text(tmp_path, f"A Tale\n\n{prose}\nAnd more prose follows here, long enough.\n")
    assert not xpath(text, ".//tei:lg") and len(xpath(text, ".//tei:p")) == 2


# ---------------------------------------------------------------- letters

def test_the_letter_has_its_opener_body_and_closer() -> None:
    body = text_of(convert(PLAIN / "letter-bixby.txt"))[0]
    [opener] = xpath(body, "tei:opener")
    assert opener.get("resp") == AUTO
    assert [etree.QName(e).localname for e in opener] == ["dateline", "address", "salute"]
    assert [words(a) for a in xpath(opener, "tei:address/tei:addrLine")] == [
        "Mrs. Bixby,", "Boston, Massachusetts."]
    assert words(xpath(opener, "tei:salute")[0]) == "Dear Madam,"
    assert xpath(opener, "tei:dateline/tei:lb")      # the dateline's two lines
    assert len(xpath(body, "tei:p")) == 3
    [closer] = xpath(body, "tei:closer")
    assert [(etree.QName(e).localname, words(e)) for e in closer] == [
        ("salute", "Yours, very sincerely and respectfully,"), ("signed", "A. Lincoln.")]


def test_a_postscript_after_the_signature_is_a_postscript(tmp_path: Path) -> None:
    letter = ("London, 3rd of May, 1851\n\nDear Sir,\n\nI write to thank you for the parcel of "
              "books, which came safely and gave us all great pleasure.\n\nYours faithfully,\n\n"
              "J. Smith\n\nP.S. The second volume was missing; perhaps it follows.\n")
    body = convert_text(tmp_path, letter)[0]
    assert [etree.QName(e).localname for e in body] == [
        "head", "opener", "p", "closer", "postscript"]
    assert words(xpath(body, "tei:postscript/tei:p")[0]).startswith("P.S. The second")
    assert [etree.QName(e).localname for e in xpath(body, "tei:closer")[0]] == ["salute", "signed"]


def test_a_salute_after_the_address_set_in_the_sidecar_opens_the_letter(tmp_path: Path) -> None:
    """The case of the issue: no W031, and the salute where the sidecar put it."""
    source = tmp_path / "t.txt"
    source.write_text("Mrs. Bixby\nBoston\n\nMadam\n\nI have been shown in the files of the War "
                      "Department a statement of the Adjutant General.\n", encoding="utf-8")
    source.with_suffix(".toml").write_text(
        '[[structure]]\nanchor = "Mrs. Bixby"\nas = "address"\n\n'
        '[[structure]]\nanchor = "Madam"\nas = "salute"\n', encoding="utf-8")
    converted = convert(source)
    assert not [w for w in converted.warnings if w.code == "W031"]
    [opener] = xpath(text_of(converted), "tei:body/tei:opener")
    assert opener.get("resp") == "#ed"
    assert [etree.QName(e).localname for e in opener] == ["address", "salute"]


# ---------------------------------------------------------------- drama

def test_a_scene_with_prefixes_in_capitals_has_speeches_directions_act_and_scene() -> None:
    body = text_of(convert(PLAIN / "hamlet-prefixes.txt"))[0]
    [act] = xpath(body, "tei:div[@type='act']")
    assert words(xpath(act, "tei:head")[0]) == "ACT I"
    [scene] = xpath(act, "tei:div[@type='scene']")
    speeches = xpath(scene, "tei:sp")
    assert len(speeches) == 12 and all(sp.get("resp") == AUTO for sp in speeches)
    assert [words(xpath(sp, "tei:speaker")[0]) for sp in speeches[:2]] == ["BERNARDO.", "FRANCISCO."]
    assert [words(line) for line in xpath(speeches[7], "tei:l")] == [
        "For this relief much thanks: 'tis bitter cold,", "And I am sick at heart."]
    stages = xpath(scene, "tei:stage")
    assert [s.get("type") for s in stages] == [None, "entrance"]


def test_abbreviated_prefixes_run_together_are_one_speech_each() -> None:
    body = text_of(convert(PLAIN / "hamlet-abbreviated.txt"))[0]
    speakers = [words(s) for s in xpath(body, ".//tei:sp/tei:speaker")]
    assert speakers[:4] == ["Ber.", "Fran.", "Ber.", "Fran."]
    assert speakers[-3:] == ["Fran.", "Hor.", "Mar."] and len(speakers) == 14
    assert len(xpath(body, ".//tei:stage")) == 2
    well = xpath(body, ".//tei:sp[tei:l[starts-with(., 'Well')]]")[0]
    assert len(xpath(well, "tei:l")) == 3


def test_names_on_a_line_of_their_own_give_prose_speeches() -> None:
    body = text_of(convert(PLAIN / "earnest-names-on-own-line.txt"))[0]
    speeches = xpath(body, "tei:sp")
    assert [words(xpath(sp, "tei:speaker")[0]) for sp in speeches] == [
        "ALGERNON", "LANE", "ALGERNON", "LANE", "ALGERNON", "LANE"]
    assert all(xpath(sp, "tei:p") and not xpath(sp, "tei:l") for sp in speeches)
    assert len(xpath(body, "tei:stage")) == 2


def test_mr_in_prose_is_not_a_speech_prefix(tmp_path: Path) -> None:
    text = ("A Visit\n\nMr. Smith came at noon and stayed for dinner with the family.\n\n"
            "Mr. Smith left at six, and nobody was sorry to see him go.\n\n"
            "Mr. Smith wrote the next day to thank us for the dinner and the company.\n")
    assert not xpath(convert_text(tmp_path, text), ".//tei:sp")


# ---------------------------------------------------------------- the editor's overrides

OVERRIDES = [
    # (kind, text, anchor, what the block becomes)
    ("p", "Tyger Tyger, burning bright,\nIn the forests of the night;\n", "Tyger", "tei:p"),
    ("verse", "A line of verse,\nand another.\n", "A line", "tei:lg[@resp='#ed']/tei:l"),
    ("stanza", "A line of verse,\nand another.\n", "A line", "tei:lg[@type='stanza']"),
    ("stage", "He goes out into the garden.\n", "He goes", "tei:stage[@resp='#ed']"),
    ("speaker", "Bernardo Who's there?\n", "Bernardo", "tei:sp[@resp='#ed']/tei:speaker"),
    ("act", "The First Act\n", "The First", "tei:div[@type='act'][@resp='#ed']/tei:head"),
    ("scene", "The Platform\n", "The Platform", "tei:div[@type='scene']/tei:head"),
    ("postscript", "And one thing more.\n", "And one", "tei:postscript/tei:p"),
]


@pytest.mark.parametrize(("kind", "block", "anchor", "path"), OVERRIDES, ids=[o[0] for o in OVERRIDES])
def test_each_structure_kind_set_in_the_sidecar_overrides_the_inference(
        tmp_path: Path, kind: str, block: str, anchor: str, path: str) -> None:
    prose = "This is a paragraph of prose that is long enough not to be anything else at all.\n"
    text = convert_text(tmp_path, f"{prose}\n{block}\n{prose}" if kind != "postscript" else
                        f"{prose}\n{block}", f'[[structure]]\nanchor = "{anchor}"\nas = "{kind}"\n')
    assert xpath(text, f".//{path}"), etree.tostring(text, encoding="unicode")
    assert source_text(text).startswith(prose)


def test_line_continues_the_stanza_before_it(tmp_path: Path) -> None:
    text = convert_text(tmp_path, "One line here,\nand a second;\n\na third after a gap,\nand a "
                        "fourth.\n", '[[structure]]\nanchor = "a third"\nas = "line"\n')
    [group] = xpath(text, ".//tei:lg")
    assert [line.get("n") for line in xpath(group, "tei:l")] == ["1", "2", "3", "4"]
    assert source_text(text) == "One line here,\nand a second;\n\na third after a gap,\nand a fourth.\n"


def test_an_editors_annotation_across_two_verse_lines_is_an_error_in_the_sidecar(
        tmp_path: Path) -> None:
    with pytest.raises(EditionError) as raised:
        convert_text(tmp_path, "Tyger Tyger, burning bright,\nIn the forests of the night;\n",
                     '[[language]]\nanchor = "bright, In"\nlang = "fr"\n')
    [message] = raised.value.messages
    assert message.code == "E247" and message.path.endswith("t.toml") and message.line == 1


def test_an_automatic_name_across_two_verse_lines_is_left_untagged(tmp_path: Path) -> None:
    from edition.annotate.registers import RegisterEntry
    source = tmp_path / "t.txt"
    source.write_text("We marched to Paris\nCommune of the heart,\nand sang.\n", encoding="utf-8")
    register = Register({"commune": RegisterEntry("event", "commune", "Paris Commune", [], [],
                                                  {}, {})})
    text = text_of(convert_source(source, Config(seeds=tmp_path), register))
    assert len(xpath(text, ".//tei:l")) == 3 and not xpath(text, ".//tei:name")


def test_every_structure_kind_is_documented_in_the_readme() -> None:
    from edition.annotate.sidecar import STRUCTURE_KINDS
    from tests.tools import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### `<stem>.toml`")[1]
    documented = set(re.findall(r'^\| `"(\w+)"` \|', section, re.MULTILINE))
    assert documented >= STRUCTURE_KINDS, sorted(STRUCTURE_KINDS - documented)


# ---------------------------------------------------------------- as printed

def test_the_printed_poem_has_each_verse_line_on_a_line_of_its_own(tmp_path: Path) -> None:
    """The PDF read back by Poppler: the lines of The Tyger do not run together as prose."""
    import subprocess

    tei = tmp_path / "tyger.xml"
    tei.write_bytes(serialize(convert(PLAIN / "the-tyger.txt").tree))
    pdf = tmp_path / "tyger.pdf"
    result = runner.invoke(app, ["-q", "pdf", str(tei), "-o", str(pdf)])
    assert result.exit_code == 0, result.stderr
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in printed.splitlines()]
    verse = [line for line in (PLAIN / "the-tyger.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()][2:]
    # Each source line is a printed line (every fifth with its number before it).
    for number, line in enumerate(verse, start=1):
        expected = f"{number} {line}" if number % 5 == 0 else line
        assert expected in lines, (expected, printed)
