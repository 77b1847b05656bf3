"""A choice of levels shows the one asked for (xhtml/transcription.py, TEI P5 §3.5.1)."""

from __future__ import annotations

import re

from edition.model.xmlio import parse_xml
from edition.writers.book import make_book

DOCUMENT = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>L'
            "</title></titleStmt><publicationStmt><p>t</p></publicationStmt><sourceDesc><p>t</p>"
            "</sourceDesc></fileDesc></teiHeader><text><body><p>Said <choice><seg type='orig'>vnd"
            "</seg><seg type='modern'>und</seg></choice> <choice><sic>teh</sic><corr>the</corr>"
            "</choice> end</p></body></text></TEI>")


def shown(level: str) -> str:
    book = make_book(parse_xml(DOCUMENT.encode(), "levels.xml"), None, level)
    paragraph = book.texts[0].body.xpath("//*[local-name()='p'][contains(., 'Said')]")[0]
    # the correction's note call (a digit) aside
    return " ".join(re.sub(r"\d", "", "".join(paragraph.itertext())).split())


def test_each_level_shows_its_own_alternative() -> None:
    assert shown("norm") == "Said vnd the end"         # no normalised seg: the first alternative
    assert shown("facs") == "Said vnd teh end"
    assert shown("modern") == "Said und the end"       # a level the document names itself
