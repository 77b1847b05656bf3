"""One rule for ids across formats (book/ids.py): a TEI element that has the name of a part of
the book (``xml:id="sources"``) keeps it, and the book's part is renamed; so every internal link
of the PDF goes where the same link of the EPUB goes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from edition.model.xmlio import read_xml
from edition.writers.book import free_id, make_book
from edition.writers.epub import EpubWriter
from edition.writers.pdf import PdfWriter
from edition.writers.xhtml import XHTML
from tests.conftest import DATA

STRUCTURE = DATA / "tei" / "structure.xml"       # its bibliography is xml:id="sources"
X = f"{{{XHTML}}}"


def test_the_tei_keeps_its_id_and_the_book_part_is_renamed() -> None:
    book = make_book(read_xml(STRUCTURE), STRUCTURE)
    sources = book.section("sources")
    assert sources is not None and sources.body.get("id") == "sources-2"
    [bibliography] = [e for s in book.texts for e in s.body.iter() if e.get("id") == "sources"]
    assert bibliography.get("class") != "sources"      # the TEI's div, not the book's part
    links = [a.get("href") for a in sources.body.iter(f"{X}a")]
    assert "#sources" in links                     # the TEI's <ref target="#sources"> as written


def _names(node: pikepdf.Object) -> set[str]:
    found: set[str] = set()
    if "/Names" in node:
        found |= {str(node.Names[i]) for i in range(0, len(node.Names), 2)}
    for kid in node.get("/Kids", []):
        found |= _names(kid)
    return found


def pdf_links(path: Path) -> tuple[list[str], set[str]]:
    """The named destination of every internal link of the PDF, and every name it defines."""
    pdf = pikepdf.open(path)
    names = _names(pdf.Root.Names.Dests) if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names else set()
    links = []
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot.A.get("/S") == "/GoTo":
                dest = annot.A.get("/D")
            if dest is not None:
                links.append(str(dest))
    return links, names


def epub_anchors(path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Which file holds each id of the EPUB, and the targets of the links of each file."""
    where: dict[str, str] = {}
    links: dict[str, set[str]] = {}
    with zipfile.ZipFile(path) as epub:
        for name in epub.namelist():
            if not name.endswith(".xhtml"):
                continue
            html = etree.fromstring(epub.read(name))
            file = name.rsplit("/", 1)[-1]
            for element in html.iter():
                if isinstance(element.tag, str) and element.get("id"):
                    where[element.get("id", "")] = file
            links[file] = {a.get("href", "") for a in html.iter(f"{X}a")}
    return where, links


@pytest.mark.parametrize("source", [STRUCTURE, DATA / "tei" / "apparatus.xml"], ids=lambda p: p.stem)
def test_every_internal_link_of_the_pdf_resolves_to_the_anchor_of_that_name_in_the_epub(
        source: Path, tmp_path: Path) -> None:
    PdfWriter().write(read_xml(source), tmp_path / "book.pdf", base=source)
    EpubWriter().write(read_xml(source), tmp_path / "book.epub", base=source)
    links, names = pdf_links(tmp_path / "book.pdf")
    where, _ = epub_anchors(tmp_path / "book.epub")
    assert links
    assert [d for d in links if d not in names] == []            # every link has its target
    assert sorted({d for d in links if d not in where}) == []    # and the EPUB has that anchor


def test_the_note_on_the_sources_links_to_the_tei_bibliography_in_both(tmp_path: Path) -> None:
    PdfWriter().write(read_xml(STRUCTURE), tmp_path / "book.pdf", base=STRUCTURE)
    EpubWriter().write(read_xml(STRUCTURE), tmp_path / "book.epub", base=STRUCTURE)
    links, _ = pdf_links(tmp_path / "book.pdf")
    where, epub_links = epub_anchors(tmp_path / "book.epub")
    assert "sources-2" not in links and "sources" in links
    assert where["sources"] != "sources.xhtml"        # the TEI's bibliography, in its text's file
    assert f"{where['sources']}#sources" in epub_links["sources.xhtml"]


@given(st.text("abc-2", min_size=1, max_size=4),
       st.sets(st.text("abc-23", min_size=1, max_size=6), max_size=12))
def test_a_free_id_is_the_first_suffix_not_taken(ident: str, taken: set[str]) -> None:
    """The one renaming rule the book, the PDF and the EPUB share."""
    fresh = free_id(ident, taken)
    assert fresh not in taken and fresh.startswith(f"{ident}-")
    number = int(fresh.rsplit("-", 1)[1])
    assert number >= 2 and all(f"{ident}-{n}" in taken for n in range(2, number))
