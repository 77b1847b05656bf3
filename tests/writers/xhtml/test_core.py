"""Core TEI elements in XHTML (xhtml/core.py): a division without ``head`` headed by ``@n``."""

from __future__ import annotations

from lxml import etree

from edition.model.xmlio import parse_xml
from edition.writers.book import make_book
from edition.writers.xhtml import XHTML

NS = {"x": XHTML}


def body_of(divisions: str) -> etree._Element:
    document = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>'
                "Poems</title></titleStmt><publicationStmt><p>test</p></publicationStmt>"
                f"<sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader><text><body>{divisions}"
                "</body></text></TEI>")
    book = make_book(parse_xml(document.encode(), "poems.xml"), None)
    whole = etree.Element(f"{{{XHTML}}}div")
    whole.extend(section.body for section in book.texts)
    return whole


def headings(body: etree._Element) -> list[tuple[str, str]]:
    return [(etree.QName(found).localname, "".join(found.itertext()))
            for found in body.xpath("//x:h1|//x:h2|//x:h3|//x:h4|//x:h5|//x:h6", namespaces=NS)]


def test_a_division_without_head_is_headed_by_its_number() -> None:
    """TEI P5 §4.1: poems numbered by @n keep their number."""
    body = body_of('<div type="poem" n="1"><lg><l>One</l></lg></div>'
                   '<div type="poem" n="II"><div n="a"><p>Two</p></div></div>')
    found = headings(body)
    assert ("h2", "1") in found and ("h2", "II") in found and ("h3", "a") in found
    first = body.xpath("//x:section[x:h2='1']", namespaces=NS)[0]
    assert etree.QName(first[0]).localname == "h2"          # the number comes first
    assert all(h.get("id") for h in body.xpath("//x:h2[@class='head head-n']", namespaces=NS))


def test_a_division_with_head_or_without_n_gets_no_number() -> None:
    body = body_of('<div n="3"><head>Third</head><p>text</p></div><div><p>unnumbered</p></div>')
    assert "3" not in [text for _, text in headings(body)]
    assert not body.xpath("//x:*[contains(@class, 'head-n')]", namespaces=NS)
