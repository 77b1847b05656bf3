"""Turn a TEI ``<text>`` into its diplomatic reading: the source's words, without the editor's.

The reading is every text node of the ``<text>`` except those inside ``note``, ``corr``, ``reg``,
``expan``, ``supplied`` and ``ex`` (inside ``choice``, ``sic``, ``orig`` and ``abbr`` remain).

A ``<text>`` that keeps its source's white space (``xml:space="preserve"``, as ``edition``
writes it) gives its source text exactly: the text nodes as they are (``source_text``). Any other
TEI is read with blocks separated by blank lines and ``lb`` as a line break, so that the reading
has the source's words in the source's order.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from edition.errors import EditionError
from edition.model.tei import TEI_NS, Element, is_tei, iter_tei, local

__all__ = ["EDITORIAL", "diplomatic_reading", "keeps_source", "reading_words", "source_bytes",
           "source_text",
           "texts_of"]

EDITORIAL = frozenset({"note", "corr", "reg", "expan", "supplied", "ex"})
BLOCKS = frozenset(
    [
        "p", "head", "byline", "dateline", "salute", "signed", "fw", "l", "lg", "item", "label", "ab",
        "closer", "opener", "trailer", "argument", "epigraph", "docTitle", "titlePart", "docAuthor",
        "docDate", "cell", "row", "stage", "speaker", "quote", "bibl", "postscript", "caption",
        "figDesc"
    ]
)


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def keeps_source(text: Element) -> bool:
    """Whether the ``<text>`` holds its source's white space as written (TEI P5 §1.3.1.1.3)."""
    return text.get(XML_SPACE) == "preserve"


def diplomatic_reading(text: Element) -> str:
    if keeps_source(text):
        return source_text(text)
    return "".join(_pieces(text)).strip()


def source_text(text: Element) -> str:
    """The text nodes in document order, except the editor's: the source's text, every
    character of it, when the ``<text>`` was written by ``edition`` and not edited since."""
    return "".join(_source_pieces(text))


def _source_pieces(element: Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and not (
            child.tag.startswith(f"{{{TEI_NS}}}") and local(child) in EDITORIAL
        ):
            yield from _source_pieces(child)
        if child.tail:
            yield child.tail


def _pieces(element: Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and not (
            child.tag.startswith(f"{{{TEI_NS}}}") and local(child) in EDITORIAL
        ):
            if is_tei(child, "lb"):
                yield "\n"
            yield from _pieces(child)
            if local(child) in BLOCKS:
                yield "\n\n"
        if child.tail:
            yield child.tail


def reading_words(text: Element) -> list[str]:
    """The reading split at white space: what must equal the source's words."""
    return diplomatic_reading(text).split()


def texts_of(tree: etree._ElementTree | Element) -> list[tuple[str, Element]]:
    """Each ``<text>`` of a TEI document or corpus with the id of its ``TEI`` (or "")."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    found = []
    for tei in [root] if is_tei(root, "TEI") else iter_tei(root, "TEI"):
        for text in tei.iterchildren(f"{{{TEI_NS}}}text"):
            found.append((tei.get("{http://www.w3.org/XML/1998/namespace}id", ""), text))
    return found


def source_bytes(text: Element, path: Path | str) -> tuple[str, bytes] | None:
    """The bytes of the source file a ``<text>`` was encoded from, checked against its SHA-256.

    ``None`` when the TEI does not record them (not written by ``edition``, or by a version that
    did not keep the white space). An ``EditionError`` (E107) when the text no longer gives them
    back: it was edited, or characters were replaced (``--replace-invalid``).
    """
    tei = text.getparent()
    bibl = None if tei is None else next(
        (b for b in iter_tei(tei[0], "bibl") if b.get("type") == "source"), None)
    if not keeps_source(text) or bibl is None:
        return None
    idno = {i.get("type"): i for i in iter_tei(bibl, "idno")}
    if "sha256" not in idno or "encoding" not in idno:
        return None
    name = (idno["filename"].text or "") if "filename" in idno else ""
    codec = (idno["encoding"].text or "").strip()
    reading = source_text(text)
    try:
        data = _encoded(reading, codec, idno["encoding"].get("subtype") == "bom")
    except (LookupError, UnicodeEncodeError) as error:
        data, reason = b"", f"it cannot be written in {codec} ({error})"
    else:
        reason = "it was edited since it was made, or characters were replaced"
    expected = (idno["sha256"].text or "").strip()
    if hashlib.sha256(data).hexdigest() != expected:
        line = text.sourceline or 0
        raise EditionError.single(
            "E107", path, f"the text of {name or 'this document'} no longer gives back its "
            f"source's bytes (SHA-256 {expected[:12]}…): {reason}",
            "extract the words with --reading, or convert the source again", line, 1)
    return name, data


def _encoded(reading: str, codec: str, bom: bool) -> bytes:
    data = reading.encode(codec)
    if bom:
        mark = next(m for m, name in BOM_OF.items() if name == codecs.lookup(codec).name)
        data = mark + data
    return data


BOM_OF = {codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be",
          codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le",
          codecs.BOM_UTF16_BE: "utf-16-be"}
