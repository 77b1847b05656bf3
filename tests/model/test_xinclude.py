"""XIncludes followed safely before rendering (edition.model.xinclude), and what the book shows."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from edition.model.xinclude import resolve_includes
from edition.model.xmlio import read_xml
from edition.writers.epub import EpubWriter

MAIN = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude" xml:lang="en">
<teiHeader><fileDesc><titleStmt><title>Included</title></titleStmt><publicationStmt><p/></publicationStmt>
<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>
<div><head>One</head><p>Here, <xi:include href="parts/word.txt" parse="text"/> said.</p></div>
<xi:include href="parts/two.xml"/>
<xi:include href="parts/many.xml" xpointer="element(third)"/>
<xi:include href="missing.xml"><xi:fallback><p>Fallback <hi>four</hi>.</p> and more</xi:fallback></xi:include>
<xi:include href="../outside.xml"/>
<xi:include href="https://example.org/x.xml"/>
<xi:include href="loop.xml"/>
</body></text></TEI>"""
TWO = '<div xmlns="http://www.tei-c.org/ns/1.0"><head>Two</head><p>Text of two.</p></div>'
MANY = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><div xml:id="first"><p>Not this.</p></div>'
        '<div xml:id="third"><p>Only the third.</p></div>after</TEI>')
LOOP = ('<div xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
        '<p>Loop.</p><xi:include href="loop.xml"/></div>')


def folder(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    (book / "parts").mkdir(parents=True)
    (book / "main.xml").write_text(MAIN, encoding="utf-8")
    (book / "parts" / "word.txt").write_text("quoth the raven", encoding="utf-8")
    (book / "parts" / "two.xml").write_text(TWO, encoding="utf-8")
    (book / "parts" / "many.xml").write_text(MANY, encoding="utf-8")
    (book / "loop.xml").write_text(LOOP, encoding="utf-8")
    (tmp_path / "outside.xml").write_text('<p xmlns="http://www.tei-c.org/ns/1.0">SECRET</p>',
                                          encoding="utf-8")
    return book / "main.xml"


def text(tree: etree._ElementTree) -> str:
    return " ".join("".join(tree.getroot().itertext()).split())


def test_includes_in_the_folder_are_followed_and_the_rest_named(tmp_path: Path) -> None:
    main = folder(tmp_path)
    tree = read_xml(main)
    resolved, messages = resolve_includes(tree, main)
    said = text(resolved)
    assert "Here, quoth the raven said." in said             # parse="text", in its sentence
    assert "Text of two." in said and "Only the third." in said and "Not this" not in said
    assert "Fallback four. and more" in said                 # the fallback, text and all
    assert "SECRET" not in said                              # outside the folder: not read
    assert said.count("Loop.") == 1                          # the cycle is cut, once
    assert not resolved.getroot().xpath("//xi:include", namespaces={"xi": "http://www.w3.org/2001/XInclude"})
    why = {m.text.split('"')[1]: m.text for m in messages}
    assert [m.code for m in messages] == ["W111"] * 4
    assert "cannot read missing.xml" in why["missing.xml"] and "fallback is shown" in why["missing.xml"]
    assert "outside the document's folder" in why["../outside.xml"]
    assert "only files in the document's folder" in why["https://example.org/x.xml"]
    assert "includes itself" in why["loop.xml"] and "not in the output" in why["loop.xml"]
    assert all(m.path == str(main) or m.path.endswith("loop.xml") for m in messages)
    # The tree read stays as written: validation sees what Jing sees.
    assert len(tree.getroot().xpath("//*[local-name()='include']")) == 7


def test_the_book_shows_what_is_included(tmp_path: Path) -> None:
    """Before, an xi:include was an unknown element: W101 said "nothing is lost" while chapter
    two was missing from the book."""
    main = folder(tmp_path)
    target = tmp_path / "main.epub"
    messages = EpubWriter().write(read_xml(main), target, base=main)
    with zipfile.ZipFile(target) as epub:
        body = " ".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "Text of two." in body and "quoth the raven" in body and "Only the third." in body
    assert "W101" not in {m.code for m in messages} and "W111" in {m.code for m in messages}
