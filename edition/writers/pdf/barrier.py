"""Turn WeasyPrint 70's one-document layout into one piece of a book: folios from a number known late,
links kept to the pieces laid out elsewhere. Two pinned, checked hooks.

- ``folio_barrier``: ``layout_document`` paginates the whole document, then makes each page's
  margin boxes (running heads, folios) from the page counter of its page state. Between the two,
  the hook tells ``first_folio`` how many pages the piece has and shifts every page's counter to
  the folio it answers: a forked worker paginates its run while its predecessor still runs, and
  waits only for the number (``workers``).
- ``links_elsewhere``: ``resolve_links`` drops a link whose anchor is not in the document. A
  link to another piece (the contents to a text, the index to a mention) is kept: WeasyPrint
  writes every internal link as a named destination (``/Dest (id)``), which the joined PDF's
  name tree resolves (``join``; ISO 32000-1 §12.3.2.3).

Both replace a function looked up at call time in WeasyPrint's own modules; each is pinned to the
source it was written against (a digest) and refuses anything else with E421.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint.layout
import weasyprint.pdf

from edition.errors import EditionError, Message
from edition.writers.pdf.weasyfix import PINNED_VERSION, source_digest

__all__ = ["PINNED_HOOKS", "check_hooks", "folio_barrier", "links_elsewhere"]


PINNED_HOOKS = {
    "weasyprint.layout.layout_document":
        "a5cbf437e99caf7293e7ed2289278048bca734f7ead2e947b4e24e4a3a536dbc",
    "weasyprint.pdf.anchors.resolve_links":
        "f95937bb4e4f100754065a4aaab8ec8a97465dc5deeae67ce2c36ce859dde92b",
}
_SHIPPED = {
    "weasyprint.layout.layout_document": weasyprint.layout.layout_document,
    "weasyprint.pdf.anchors.resolve_links": weasyprint.pdf.resolve_links,
}
_MAKE_MARGIN_BOXES = weasyprint.layout.make_margin_boxes
_MAKE_ALL_PAGES = weasyprint.layout.make_all_pages


def check_hooks() -> None:
    """Raise E421 unless the functions hooked are WeasyPrint 70.0's."""
    for name, digest in PINNED_HOOKS.items():
        found = source_digest(_SHIPPED[name])
        if found != digest or weasyprint.__version__ != PINNED_VERSION:
            path = inspect.getsourcefile(_SHIPPED[name]) or "weasyprint"
            raise EditionError(Message.at(
                "E421", "error", path,
                f"{name} is not WeasyPrint {PINNED_VERSION}'s (sha256 {found}): the chunked PDF's "
                "hooks no longer apply",
                "install the pinned WeasyPrint (pip install 'weasyprint==70.0'), or check "
                "edition/writers/pdf/barrier.py against the new version and pin it again"))


@contextmanager
def folio_barrier(first_folio: Callable[[int], int]) -> Iterator[None]:
    """For the layouts inside: once a document is paginated, ``first_folio(pages)`` gives the
    number of its first page, and its margin boxes are made with the folios from there."""
    check_hooks()
    counted = [0]

    def make_all_pages(*args: Any, **kwargs: Any) -> Any:
        pages = list(_MAKE_ALL_PAGES(*args, **kwargs))
        counted[0] = len(pages)             # the last pass is the one kept
        return pages

    done = [False]

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        if not done[0]:                      # the first page's margins: pagination is over
            done[0] = True
            shift = first_folio(counted[0]) - 1
            seen: set[int] = set()           # a page state may be shared: shifted once
            for entry in context.page_maker[1:counted[0] + 1]:
                values = entry[3][1]
                if id(values) not in seen and "page" in values:
                    values["page"] = [number + shift for number in values["page"]]
                seen.add(id(values))
        return _MAKE_MARGIN_BOXES(context, page, state)

    weasyprint.layout.make_all_pages = make_all_pages
    weasyprint.layout.make_margin_boxes = make_margin_boxes
    try:
        yield
    finally:
        weasyprint.layout.make_all_pages = _MAKE_ALL_PAGES
        weasyprint.layout.make_margin_boxes = _MAKE_MARGIN_BOXES


@contextmanager
def links_elsewhere(anchors: frozenset[str]) -> Iterator[None]:
    """For the PDFs written inside: an internal link to one of ``anchors`` is kept even when its
    target is laid out in another piece."""
    check_hooks()

    def resolve_links(pages: Any) -> Iterator[tuple[list[Any], list[Any]]]:
        here: set[str] = set()
        paged: list[list[Any]] = []
        for page in pages:
            paged.append([])
            for name, (x, y, _, _) in page.anchors.items():
                if name not in here:
                    paged[-1].append((name, x, y))
                    here.add(name)
        for page, page_anchors in zip(pages, paged, strict=True):
            links = [link for link in page.links
                     if link[0] != "internal" or link[1] in here or link[1] in anchors]
            yield links, page_anchors

    weasyprint.pdf.resolve_links = resolve_links
    try:
        yield
    finally:
        weasyprint.pdf.resolve_links = _SHIPPED["weasyprint.pdf.anchors.resolve_links"]
