"""Names in XHTML (xhtml/names_dates.py): the parts of a personal name are words of their own."""

from __future__ import annotations

from edition.model.xmlio import parse_xml
from edition.writers.book import make_book


def paragraph(content: str) -> str:
    document = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>'
                "Names</title></titleStmt><publicationStmt><p>test</p></publicationStmt>"
                f"<sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader><text><body><p>{content}"
                "</p></body></text></TEI>")
    body = make_book(parse_xml(document.encode(), "names.xml"), None).texts[0].body
    found = body.xpath("//*[local-name()='p'][contains(., 'Met')]")
    return "".join(found[-1].itertext())


def test_name_parts_without_whitespace_between_them_are_spaced() -> None:
    """TEI P5 §13.2.1: forename, surname, roleName, nameLink… are parts of a name, not of a word."""
    assert paragraph("Met <persName><forename>John</forename><surname>Keats</surname></persName>.") \
        == "Met John Keats."
    assert paragraph("Met <persName><roleName>Sir</roleName><forename>Walter</forename><surname>"
                     "Scott</surname><genName>Jr</genName></persName>.") == "Met Sir Walter Scott Jr."
    assert paragraph("Met <persName><forename>Vincent</forename><nameLink>van</nameLink><surname>"
                     "Gogh</surname></persName>.") == "Met Vincent van Gogh."


def test_what_the_source_has_between_the_parts_is_kept() -> None:
    assert paragraph("Met <persName><forename>John</forename> <surname>Keats</surname></persName>.") \
        == "Met John Keats."
    assert paragraph("Met <persName><surname>Keats</surname>, <forename>John</forename></persName>.") \
        == "Met Keats, John."
    assert paragraph("Met <persName><forename>Jean</forename><nameLink>d’</nameLink><surname>Alembert"
                     "</surname></persName>.") == "Met Jean d’Alembert."
    assert paragraph("Met <persName><surname>Lloyd-</surname><surname>George</surname></persName>.") \
        == "Met Lloyd-George."
