"""The book made from the TEI: the index of names (how it files, prints and dates its entries)
and the contents (every part of the book, the colophon too)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from edition.annotate.registers import load_registers, register_lists
from edition.model.xmlio import parse_xml, read_xml
from edition.writers.book import Book, make_book
from edition.writers.xhtml import XHTML
from tests.conftest import DATA, SEEDS
from tests.tools import jing, tei_all_path

NAMES = DATA / "index" / "names-and-dates.xml"
X = f"{{{XHTML}}}"


@cache
def book(path: Path = NAMES) -> Book:
    return make_book(read_xml(path), path)


def index_headings(result: Book, kind: str) -> list[str]:
    index = result.section("index")
    assert index is not None
    listing = index.body.find(f".//{X}div[@class='index-list index-{kind}']")
    assert listing is not None, kind
    return [" ".join("".join(span.itertext()).split()) for span in listing.iter(f"{X}span")
            if span.get("class") == "index-name"]


def index_dates(result: Book) -> dict[str, str]:
    return {item.name: item.dates for item in result.registers}


def test_the_test_document_is_valid_tei_all() -> None:
    result = jing(tei_all_path(), NAMES)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------- the index of names
def test_persons_are_filed_by_surname_and_printed_inverted() -> None:
    """TEI P5 §13.2.1: a persName that marks its surname is filed and printed "Marx, Karl"; a
    name without one ("Napoleon III") is filed and printed as it is, under N."""
    assert index_headings(book(), "person") == [
        "Lenin, Vladimir Ilyich", "Marx, Karl", "Louise Michel", "Napoleon III", "Thiers, Adolphe"]


def test_the_register_keeps_the_name_as_the_tei_gives_it() -> None:
    names = {item.id: (item.name, item.heading) for item in book().registers}
    assert names["marx"] == ("Karl Marx", "Marx, Karl")               # forename and surname
    assert names["lenin"] == ("Vladimir Ilyich Lenin", "Lenin, Vladimir Ilyich")
    assert names["napoleon3"] == ("Napoleon III", "Napoleon III")


def test_the_sort_key_of_an_entry_decides_where_it_is_filed() -> None:
    """att.sortable: "St Petersburg" with sortKey="SaintPetersburg" comes before Sedan, and
    "Louise Michel" with sortKey="Michel" after Marx."""
    assert index_headings(book(), "place") == ["Paris", "Rome", "St Petersburg", "Sedan"]


def test_a_surname_alone_is_printed_without_a_comma() -> None:
    source = NAMES.read_bytes().replace(b"Vladimir Ilyich <surname>", b"<surname>")
    result = make_book(parse_xml(source, str(NAMES)), NAMES)
    assert index_headings(result, "person")[0] == "Lenin"


def test_organisation_dates_are_labelled_like_those_of_persons_and_events() -> None:
    dates = index_dates(book())
    assert dates["International Workingmen's Association"] == "1864 – 1876"
    assert dates["Government of National Defence"] == "4 September 1870 – February 1871"
    assert dates["Council of the Commune"] == "28 March 1871"
    assert dates["Bolsheviks"] == "1903 – "
    assert dates["Club of the Revolution"] == "spring of 1871"      # no attributes: the text
    assert dates["Adolphe Thiers"] == "15 April 1797 – 3 September 1877"


def test_the_bundled_organisations_show_labelled_dates(tmp_path: Path) -> None:
    """What the register encoder writes for an organisation (desc/date with @from, @to) is
    printed with month names, not as ISO dates."""
    lists = register_lists(load_registers(SEEDS / "registers.toml"))
    source = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>'
              "<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>"
              "<sourceDesc/></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>")
    tree = parse_xml(source.encode(), "test.xml")
    source_desc = tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}sourceDesc")
    assert source_desc is not None
    source_desc.extend(lists)
    dates = index_dates(make_book(tree, tmp_path / "test.xml"))
    assert dates["Government of National Defence"] == "4 September 1870 – February 1871"
    assert dates["Russian Provisional Government"] == "March 1917 – November 1917"


# ---------------------------------------------------------------------- the contents
def test_the_contents_list_the_colophon_last() -> None:
    result = book()
    contents = result.section("contents")
    assert contents is not None and result.section("colophon") is not None
    targets = [a.get("href") for a in contents.body.iter(f"{X}a")]
    assert targets[-1] == "#colophon-title"
    assert targets.count("#colophon-title") == 1


def test_every_part_of_the_book_is_in_its_contents() -> None:
    result = book(DATA / "tei" / "letter.xml")
    contents = result.section("contents")
    assert contents is not None
    targets = {a.get("href", "")[1:] for a in contents.body.iter(f"{X}a")}
    for section in result.sections:
        if section.kind not in ("titlepage", "contents"):
            assert {entry.id for entry in section.toc} <= targets, section.kind


def test_the_colophon_counts_the_text_sections() -> None:
    colophon = book().section("colophon")
    assert colophon is not None
    assert "1 text section." in etree.tostring(colophon.body, encoding="unicode", method="text")


LETTER = DATA / "tei" / "letter-registers.xml"


def test_registers_in_standoff_and_back_are_the_index() -> None:
    """A letter keeping its persons in ``back`` and its places and organisations in ``standOff``
    has an index as the bundled edition has: one entry each, with dates, description, every
    other fact and the idno as a link; its names link to the entries and back."""
    letter = make_book(read_xml(LETTER), LETTER)
    assert sorted((item.kind, item.id) for item in letter.registers) == [
        ("org", "reeves-turner"), ("person", "brawne"), ("person", "brown"), ("person", "keats"),
        ("place", "college-street"), ("place", "wentworth-place")]
    assert index_headings(letter, "person") == ["Brawne, Frances", "Brown, Charles Armitage",
                                                "Keats, John"]
    index = letter.section("index")
    assert index is not None
    keats = index.body.find(f".//{X}div[@id='reg-keats']")
    assert keats is not None
    said = " ".join("".join(keats.itertext()).split())
    assert "(31 October 1795 – 23 February 1821)" in said
    assert "* 31 October 1795, London; † 23 February 1821, Rome; poet" in said   # nothing lost
    assert keats.xpath("x:p[@class='index-authorities']/x:a/@href", namespaces={"x": XHTML}) == [
        "https://en.wikipedia.org/wiki/John_Keats"]
    brawne = index.body.find(f".//{X}div[@id='reg-brawne']")
    assert brawne is not None
    assert "Keats’s fiancée; later Frances Lindon." in "".join(brawne.itertext())
    mentions = brawne.xpath(".//x:a[@class='mention']/@href", namespaces={"x": XHTML})
    assert len(mentions) == 2                       # "Fanny" in the text, "Fanny Brawne" in the note
    org = index.body.find(f".//{X}div[@id='reg-reeves-turner']/{X}p[@class='index-description']")
    assert org is not None and "London publishers" in "".join(org.itertext())
    # Each name in the text links to its entry in the index, and the entry links back to it.
    links = {a.get("id"): a.get("href") for s in letter.sections for tree in
             (s.body, *(n.content for n in s.notes)) for a in tree.iter(f"{X}a")
             if a.get("class") == "person"}
    assert links and all(href.startswith("#reg-") for href in links.values())
    assert {f"#{ident}" for ident in links} >= set(mentions)
    # The standOff lists are not printed twice; the bibliography, which the index has not, is,
    # titled by what it is: the only list left, so not "Registers" with one heading under it.
    assert not [s for s in letter.sections if s.title == "Registers"]
    registers = [s for s in letter.sections if s.title == "Bibliography"]
    assert len(registers) == 1 and not list(registers[0].body.iter(f"{X}h2"))
    assert registers[0].body.find(f".//{X}*[@id='colvin-1917']") is not None


def test_an_address_typed_only_as_an_address_is_printed_alone() -> None:
    """letter-registers.xml has ``<idno type="URI">https://…</idno>``: the reader sees the address,
    linked, not "URI https://…"."""
    letter = book(DATA / "tei" / "letter-registers.xml")
    index = next(s for s in letter.sections if s.kind == "index")
    printed = " ".join(" ".join("".join(p.itertext()).split()) for p in index.body.iter(f"{{{XHTML}}}p")
                       if p.get("class") == "index-authorities")
    assert "https://en.wikipedia.org/wiki/John_Keats" in printed and "URI" not in printed
