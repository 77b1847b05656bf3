"""Turn a TEI ``<text>`` into its diplomatic reading: the source's words, without the editor's.

The reading is every text node of the ``<text>`` except those inside ``note``, ``corr``, ``reg``,
``expan``, ``supplied`` and ``ex`` (inside ``choice``, ``sic``, ``orig`` and ``abbr`` remain).
Blocks are separated by blank lines and ``lb`` by a line break, so the reading of a converted
source has the source's words in the source's order.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from edition.model.tei import TEI_NS, Element, is_tei, iter_tei, local

__all__ = ["EDITORIAL", "diplomatic_reading", "reading_words", "texts_of"]

EDITORIAL = frozenset({"note", "corr", "reg", "expan", "supplied", "ex"})
BLOCKS = frozenset(
    [
        "p", "head", "byline", "dateline", "salute", "signed", "fw", "l", "lg", "item", "label", "ab",
        "closer", "opener", "trailer", "argument", "epigraph", "docTitle", "titlePart", "docAuthor",
        "docDate", "cell", "row", "stage", "speaker", "quote", "bibl", "postscript", "caption",
        "figDesc"
    ]
)


def diplomatic_reading(text: Element) -> str:
    return "".join(_pieces(text)).strip()


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
