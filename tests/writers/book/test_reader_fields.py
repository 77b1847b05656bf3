"""What the editor writes reaches the reader of the book (issue 13): the certainty of an
identification and the authority identifiers in the index, the editors' roles on the title page,
the subjects and the accessibility certifier in the colophon."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

from lxml import etree

from edition.build import BuildOptions, build_edition
from edition.model.xmlio import parse_xml, read_xml
from edition.writers.book import Book, make_book
from edition.writers.book.authorities import Authority, authorities
from edition.writers.book.front import editors_line
from edition.writers.xhtml import XHTML
from tests.conftest import DATA
from tests.tools import jing, tei_all_path

X = f"{{{XHTML}}}"
TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>Fields</title>{stmts}</titleStmt>
<publicationStmt><p>Test.</p></publicationStmt>
<sourceDesc><listPerson>
  <person xml:id="marx"><persName>Karl Marx</persName>
    <idno type="wikidata">Q9061</idno><idno type="viaf">49228757</idno></person>
  <person xml:id="thiers"><persName>Adolphe Thiers</persName></person>
</listPerson></sourceDesc></fileDesc>{profile}</teiHeader>
<text><body><p><persName ref="#marx">Marx</persName> wrote of <persName ref="#thiers"
cert="low">the dwarf</persName>, of <persName ref="#thiers" cert="low">the dwarf</persName> again,
and of <persName ref="#thiers" cert="high">Thiers</persName>.</p></body></text></TEI>"""


def book_of(stmts: str = "", profile: str = "") -> Book:
    return make_book(parse_xml(TEI.format(stmts=stmts, profile=profile).encode(), Path("fields.xml")))


def words(element: etree._Element | None) -> str:
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def entry(result: Book, ident: str) -> etree._Element:
    index = result.section("index")
    assert index is not None
    found = index.body.find(f".//{X}div[@id='reg-{ident}']")
    assert found is not None, ident
    return found


def paragraph(div: etree._Element, kind: str) -> etree._Element | None:
    return div.find(f"{X}p[@class='{kind}']")


# ---------------------------------------------------------------------- authority identifiers
def test_authority_identifiers_are_labelled_and_linked_to_their_authority() -> None:
    idnos = etree.fromstring(
        '<person xmlns="http://www.tei-c.org/ns/1.0"><idno type="wikidata">Q504</idno>'
        '<idno type="geonames">2988507</idno><idno type="isni">0000 0001</idno>'
        '<idno type="URI">https://example.org/p/1</idno><idno type="viaf"> </idno></person>')
    assert authorities(idnos) == [
        Authority("Wikidata Q504", "https://www.wikidata.org/wiki/Q504"),
        Authority("GeoNames 2988507", "https://www.geonames.org/2988507"),
        Authority("isni 0000 0001", ""),                      # an unknown scheme: not linked
        Authority("https://example.org/p/1", "https://example.org/p/1"),   # not "URI https://…"
    ]                                                        # an empty idno: nothing to print


def test_the_index_prints_the_identifiers_as_links() -> None:
    line = paragraph(entry(book_of(), "marx"), "index-authorities")
    assert words(line) == "Wikidata Q9061 · VIAF 49228757"
    assert line is not None
    assert [a.get("href") for a in line.iter(f"{X}a")] == [
        "https://www.wikidata.org/wiki/Q9061", "https://viaf.org/viaf/49228757"]
    assert paragraph(entry(book_of(), "thiers"), "index-authorities") is None


# ---------------------------------------------------------------------- certainty of identifications
def test_the_index_says_how_certain_each_identification_is() -> None:
    """TEI @cert on a name that points to a register entry: in words, once per form and
    certainty, in the entry the name is identified with."""
    assert words(paragraph(entry(book_of(), "thiers"), "index-certainty")) == (
        "\u201cthe dwarf\u201d (identification: low certainty); "
        "\u201cThiers\u201d (identification: high certainty)")
    assert paragraph(entry(book_of(), "marx"), "index-certainty") is None


# ---------------------------------------------------------------------- editors and their roles
def test_the_editors_are_named_with_their_roles() -> None:
    assert editors_line([("A", "transcription"), ("B", "annotation")]) == \
        "A (transcription) and B (annotation)"
    assert editors_line([("A", "editor"), ("B", "Editor"), ("C", "translation")]) == \
        "A, B and C (translation)"
    assert editors_line([("A", "")]) == "A"


def test_the_title_page_names_each_editors_role() -> None:
    result = book_of('<respStmt><resp>transcription</resp><name>Ada Quill</name></respStmt>'
                     '<respStmt><resp>annotation</resp><name>Ben Marge</name></respStmt>')
    title = result.section("titlepage")
    assert title is not None
    assert words(title.body.find(f"{X}p[@class='book-editors']")) == \
        "Edited by Ada Quill (transcription) and Ben Marge (annotation)"


# ---------------------------------------------------------------------- the colophon
CERTIFIER = ('<respStmt><resp key="a11y-certifier">evaluation of the accessibility of the EPUB '
             'edition</resp><name>Reading Access Lab</name></respStmt>')


def colophon_lines(result: Book) -> list[str]:
    colophon = result.section("colophon")
    assert colophon is not None
    return [words(p) for p in colophon.body.iter(f"{X}p")]


def test_the_colophon_gives_the_subjects_and_the_certifier() -> None:
    result = book_of(CERTIFIER, "<profileDesc><textClass><keywords><term>Paris Commune</term>"
                                "<term>Memory</term></keywords></textClass></profileDesc>")
    lines = colophon_lines(result)
    assert "Subjects: Paris Commune; Memory." in lines
    assert "Accessibility: the conformance of the EPUB edition to EPUB Accessibility 1.1 (WCAG " \
        "2.2, level AA) was evaluated by Reading Access Lab." in lines
    assert result.certifier == "Reading Access Lab"
    assert result.editors == []               # who certified the EPUB did not edit the texts


def test_without_subjects_or_certifier_the_colophon_claims_neither() -> None:
    lines = colophon_lines(book_of())
    assert not [line for line in lines if line.startswith(("Subjects", "Accessibility"))]


@cache
def fixture_edition() -> Path:
    """The TEI built from the fixture edition that uses every sidecar key."""
    root = Path(__import__("tempfile").mkdtemp(prefix="fields-"))
    shutil.copytree(DATA / "sidecars", root / "seeds")
    build_edition(root / "seeds", root / "build", BuildOptions())
    return root / "build" / "edition.xml"


def test_the_certifier_of_edition_toml_is_kept_in_the_tei_and_valid_tei_all() -> None:
    path = fixture_edition()
    result = jing(tei_all_path(), path)
    assert result.returncode == 0, result.stdout + result.stderr
    book = make_book(read_xml(path), path)
    assert book.certifier == "Brackwater Accessibility Review"
    assert [name for name, _ in book.editors] == ["Ottoline Fixture-Editor"]


# ---------------------------------------------------------------------- dates before the common era
def test_a_day_before_the_common_era_is_built_valid_and_printed_in_words(tmp_path: Path) -> None:
    """A sidecar's and a register's days before the common era pass the checks, make TEI valid
    against tei_all, and are printed as a reader reads them."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "ides.txt").write_text("The Ides\n\nCaesar was killed in the senate.\n", encoding="utf-8")
    (seeds / "ides.toml").write_text('[text]\ndate = "-0044-03-15"\ndate_cert = "high"\n',
                                     encoding="utf-8")
    (seeds / "registers.toml").write_text(
        '[[person]]\nid = "caesar"\nname = "Gaius Julius Caesar"\nsurname = "Caesar"\n'
        'forms = ["Caesar"]\nbirth = "-0100-07-12"\ndeath = "-0044-03-15"\n', encoding="utf-8")
    build_edition(seeds, tmp_path / "build", BuildOptions())
    path = tmp_path / "build" / "edition.xml"
    result = jing(tei_all_path(), path, tmp_path / "build" / "tei" / "ides.xml")
    assert result.returncode == 0, result.stdout + result.stderr
    book = make_book(read_xml(path), path)
    assert [item.dates for item in book.registers] == ["12 July 100 BCE – 15 March 44 BCE"]
    text = " ".join(words(section.body) for section in book.texts)
    assert "15 March 44 BCE (date: high certainty)" in text, text
