"""Turn the book's sections into the order every format shows them in, and check what may be a book.

The printed book sets its index after the note on the sources, just before the colophon; the
EPUB follows the same reading order, so that its page list runs as the pages do. The visible
contents list the sections in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from lxml import etree

from edition.errors import EditionError
from edition.model.tei import is_tei
from edition.writers.book.model import Book, Section, TocEntry
from edition.writers.xhtml import XHTML

__all__ = ["contents_rank", "flatten", "order_contents", "reading_order", "require_tei"]


def require_tei(tree: etree._ElementTree, base: Path | None, code: str) -> None:
    """Refuse a root that is no TEI document or corpus (each format reports it under its code)."""
    root = tree.getroot()
    if not is_tei(root, "TEI", "teiCorpus"):
        raise EditionError.single(code, str(base or "<tei>"), f"the root element is <{root.tag}>, "
                                  "not a TEI document", "give a TEI document or teiCorpus (in the "
                                  "namespace http://www.tei-c.org/ns/1.0)", 1, 1)


def reading_order(book: Book) -> list[Section]:
    """The sections in the order of the printed book: the index last but one, before the colophon."""
    sections = [s for s in book.sections if s.kind != "index"]
    sections[-1:-1] = [s for s in book.sections if s.kind == "index"]
    return sections


def flatten(entries: Iterable[TocEntry]) -> Iterator[TocEntry]:
    """Every contents entry, each before its children."""
    for entry in entries:
        yield entry
        yield from flatten(entry.children)


def contents_rank(sections: Sequence[Section]) -> dict[str, int]:
    """Where each contents entry's target comes in ``sections``: the section's position."""
    return {entry.id: number for number, section in enumerate(sections) for entry in flatten(section.toc)}


def order_contents(html: etree._Element, rank: dict[str, int]) -> None:
    """The entries of the visible contents in the reading order of their sections."""
    for listing in html.iter(f"{{{XHTML}}}ol"):
        if "toc" in listing.get("class", "").split():
            listing[:] = sorted(listing, key=lambda item: min(
                (rank.get(a.get("href", "")[1:], len(rank)) for a in item.iter(f"{{{XHTML}}}a")),
                default=len(rank)))
