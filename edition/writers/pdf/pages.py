"""Turn the printed book's layout into its page map: where each of its pages begins, for the EPUB.

The first word of each page is found in the page's box tree (WeasyPrint) and named by the
elements with an id that hold it, each with the number of letters and digits before that word
inside it (``book.pages.PageStart``). Generated text (footnote calls, leaders, page numbers in the
margins) and the footnote area are left out, as the EPUB leaves them out when it counts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from edition.writers.book import Book, PageMap, PageStart
from edition.writers.pdf.layout import Layout
from edition.writers.pdf.levers import all_levers
from edition.writers.pdf.parts import print_parts
from edition.writers.pdf.setup import PageSetup

__all__ = ["lay_out_pages", "page_map"]


def lay_out_pages(book: Book) -> PageMap:
    """The page map of the book laid out exactly as ``edition pdf`` lays it out (default page
    set-up), without writing a PDF."""
    with _quiet("weasyprint"), all_levers():
        return page_map(Layout(book, book.base, PageSetup(), None).book_document(print_parts(book)))


def page_map(document: Document) -> PageMap:
    """Where each page of a laid-out WeasyPrint document begins; pages without text (a blank
    verso) have none. Page numbers are the folios: the PDF counts every page from 1."""
    before: dict[str, int] = {}
    starts = []
    for number, page in enumerate(document.pages, start=1):
        first = None
        for text, chain in _text_boxes(page._page_box, ()):
            letters = sum(1 for char in text if char.isalnum())
            if not letters:
                continue
            if first is None:
                first = PageStart(number, tuple((ident, before.get(ident, 0)) for ident in chain))
            for ident in chain:
                before[ident] = before.get(ident, 0) + letters
        if first is not None:
            starts.append(first)
    return PageMap(tuple(starts))


def _text_boxes(box: Any, chain: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The text of the page's main flow in reading order, with the ids that enclose each piece."""
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return
    if "::" in (getattr(box, "element_tag", "") or ""):
        return                              # ::before, ::after, ::marker, ::footnote-call
    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None else None
    if ident and ident not in chain:
        chain = (*chain, ident)
    if "footnote" in (element.get("class", "") if element is not None else "").split():
        return                              # a footnote floated out of the flow
    if isinstance(box, boxes.TextBox):
        yield box.text, chain
        return
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, chain)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """WeasyPrint's warnings belong to the PDF, which reports them; the EPUB keeps quiet."""
    logger = logging.getLogger(name)
    saved = logger.propagate, logger.level
    logger.propagate, logger.level = False, logging.ERROR
    handler = logging.NullHandler()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved
