"""Verse, letters and drama as the reader gets them (issue 14): the XHTML of the plain-text test
texts (tests/data/plain/) converted to TEI, and the PDF's lines of a poem."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from lxml import etree

from edition.annotate.registers import Register
from edition.config import Config
from edition.convert import convert_source
from edition.writers.book import Book, make_book
from edition.writers.pdf.writer import render_pdf
from edition.writers.xhtml import XHTML
from tests.conftest import DATA

PLAIN = DATA / "plain"
NS = {"x": XHTML}


@cache
def book(name: str) -> Book:
    path = PLAIN / f"{name}.txt"
    converted = convert_source(path, Config(seeds=path.parent), Register({}))
    return make_book(converted.tree, path)


def xpath(name: str, path: str) -> list[etree._Element]:
    return [found for section in book(name).texts for found in section.body.xpath(path, namespaces=NS)]


def words(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_an_indented_line_keeps_its_indentation_as_padding_beside_the_hang() -> None:
    """The sonnet's couplet is indented two characters in the source: 1.5em of hang + 2 × 0.5em."""
    couplet = xpath("sonnet-18", "//x:div[contains(@class, 'rend-indent-2')]")
    assert len(couplet) == 2
    assert all(line.get("style") == "padding-left: 2.5em" for line in couplet)
    flush = xpath("sonnet-18", "//x:div[@class='l']")
    assert len(flush) == 12 and not any(line.get("style") for line in flush)


def test_a_prose_speech_runs_its_speaker_in() -> None:
    speeches = xpath("earnest-names-on-own-line", "//x:div[contains(@class, 'sp-prose')]")
    assert speeches
    first = speeches[0].find("x:p", NS)
    assert first is not None and "run-in" in first.get("class", "")
    assert first[0].get("class") == "speaker" and words(first[0]) == "ALGERNON"
    assert words(first) == "ALGERNON Did you hear what I was playing, Lane?"
    assert not xpath("earnest-names-on-own-line", "//x:p[@class='speaker']")


def test_a_verse_speech_has_its_speaker_on_a_line_of_its_own() -> None:
    speeches = xpath("hamlet-prefixes", "//x:div[contains(@class, 'sp-verse')]")
    assert speeches and all(s[0].tag == f"{{{XHTML}}}p" and s[0].get("class") == "speaker"
                            for s in speeches)


def test_lines_of_drama_are_numbered_every_fifth_through_the_scene() -> None:
    """The TEI numbers no line of the speeches: the writer counts them through the scene."""
    lines = xpath("hamlet-abbreviated", "//x:div[contains(@class, 'sp')]/x:div[contains(@class, 'l')]")
    numbered = {index: words(line.find("x:span", NS)) for index, line in enumerate(lines, 1)
                if line.find("x:span[@class='line-number']", NS) is not None}
    assert numbered and all(str(index) == label and index % 5 == 0 for index, label in numbered.items())
    assert len(numbered) == len(lines) // 5


def test_the_letter_keeps_dateline_salute_and_signature_in_their_places() -> None:
    opener = xpath("letter-bixby", "//x:div[@class='opener']")[0]
    assert [c.get("class") for c in opener] == ["dateline", "address", "salute"]
    assert xpath("letter-bixby", "//x:div[@class='closer']/x:p[@class='signed']")


def test_each_verse_line_is_a_line_of_the_pdf(tmp_path: Path) -> None:
    """The Tyger in the PDF: every line of the poem is a line of pdftotext's text, never run on."""
    path = PLAIN / "the-tyger.txt"
    converted = convert_source(path, Config(seeds=path.parent), Register({}))
    pdf, _, _ = render_pdf(converted.tree, path)
    (tmp_path / "t.pdf").write_bytes(pdf)
    printed = subprocess.run(["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    printed_lines = {" ".join(line.split()).lstrip("0123456789 ") for line in printed.splitlines()}
    verse = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()[4:]
             if line.strip()]
    assert len(verse) == 24 and all(line in printed_lines for line in verse), verse
