"""Turn the printed book's layout into where each of its pages begins, for the EPUB's page list.

The PDF writer lays the book out (WeasyPrint). The first word of each page is found in the page's
box tree and named by the elements with an id that hold it, each with the number of letters and
digits before that word inside it: the EPUB, made from the same XHTML, counts the same letters to
put its page-break marker before the same word. Generated text (footnote calls, leaders, page
numbers in the margins) and the footnote area are left out on both sides.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edition.writers.book import Book

__all__ = ["PageStart", "page_starts", "print_layout"]


@dataclass(frozen=True)
class PageStart:
    """Where printed page ``page`` begins: for each element with an id around its first word,
    outermost first, how many letters and digits of that element come before the word."""

    page: int
    anchors: tuple[tuple[str, int], ...]


def print_layout(book: Book, base: Path | None) -> Any:
    """The book laid out exactly as ``edition pdf`` lays it out (default page set-up)."""
    from edition.writers.pdf import Layout, PageSetup, print_parts

    with _quiet("weasyprint"):
        return Layout(book, base, PageSetup(), None).book_document(print_parts(book))


def page_starts(document: Any) -> list[PageStart]:
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
    return starts


def _text_boxes(box: Any, chain: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The text of the page's main flow in reading order, with the ids that enclose each piece."""
    from weasyprint.formatting_structure import boxes

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
