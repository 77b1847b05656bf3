"""Turn the printed book's page map into page-break markers before the same words as in the PDF."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from lxml import etree

from edition.writers.book import PageStart
from edition.writers.epub.documents import Document
from edition.writers.xhtml import XHTML, h

__all__ = ["HEADINGS", "NOT_PRINTED", "out_of_heading", "place_page_breaks", "put_before_letter"]


# EPUB-only text, which the printed page does not have: not counted when placing page breaks.
X = f"{{{XHTML}}}"
NOT_PRINTED = frozenset({"noteref", "footnotes", "mention-text", "pagebreak"})


# ---------------------------------------------------------------------- the printed pages
def place_page_breaks(documents: list[Document],
                      starts: list[PageStart]) -> list[tuple[str, str]]:
    """A page-break marker where each printed page begins, before the same word as in the PDF;
    returns each page's (label, href) for the page list."""
    elements = {e.get("id"): (d, e) for d in documents for e in d.html.iter()
                if isinstance(e.tag, str) and e.get("id")}
    taken = set(elements)
    pages = []
    slots = _Slots()
    for start in starts:
        found = next(((ident, offset) for ident, offset in reversed(start.anchors)
                      if ident in elements), None)
        if found is None:
            continue
        document, element = elements[found[0]]
        label = str(start.page)
        ident = _unique_id(f"page-{label}", taken)
        marker = h("span", id=ident, class_="pagebreak", role="doc-pagebreak",
                   epub_type="pagebreak", aria_label=label, title=label)
        slots.put_before_letter(element, found[1], marker)
        parent = marker.getparent()
        out_of_heading(marker)
        if marker.getparent() is not parent:       # moved: the text around it was joined again
            slots.forget(parent)
            slots.forget(marker)
        pages.append((label, f"{document.file}#{ident}"))
    return pages


class _Slots:
    """The text slots of the elements that pages begin in, with the letters counted up to the
    end of each: a page that begins far into a long section (the note on the sources, the
    contents) is found by bisection, not by counting from the section's start again (that was
    quadratic: 50 s at 1000 texts). A marker put in keeps its element's list true; any other
    list holding the changed text is dropped and made again when needed. The places are those
    of ``put_before_letter``."""

    def __init__(self) -> None:
        self.lists: dict[etree._Element, tuple[list[tuple[etree._Element, str]], list[int]]] = {}

    def forget(self, element: etree._Element | None) -> None:
        """``element`` and its ancestors hold changed text: their lists are made again."""
        while element is not None:
            self.lists.pop(element, None)
            element = element.getparent()

    def put_before_letter(self, element: etree._Element, offset: int,
                          marker: etree._Element) -> None:
        listed, ends = self.lists.get(element) or self._list(element)
        at = bisect.bisect_right(ends, offset)      # the first slot whose letters go past offset
        if at == len(listed):
            element.append(marker)
            self._forget_above(element, element)
            listed.append((marker, "tail"))
            ends.append(ends[-1] if ends else 0)
            return
        holder, slot = listed[at]
        before = ends[at - 1] if at else 0
        self._forget_above(holder if slot == "text" else holder.getparent(), element)
        _split_before(holder, slot, offset - before, marker)
        kept = (holder.text if slot == "text" else holder.tail) or ""
        ends.insert(at, before + sum(map(str.isalnum, kept)))
        listed.insert(at + 1, (marker, "tail"))

    def _list(self, element: etree._Element) -> tuple[list[tuple[etree._Element, str]], list[int]]:
        listed = list(_printed_texts(element))
        ends, seen = [], 0
        for owner, slot in listed:
            seen += sum(map(str.isalnum, (owner.text if slot == "text" else owner.tail) or ""))
            ends.append(seen)
        self.lists[element] = (listed, ends)
        return listed, ends

    def _forget_above(self, changed: etree._Element | None, keep: etree._Element) -> None:
        """Every list holding a slot of ``changed`` but ``keep``'s (kept true by the caller)."""
        while changed is not None:
            if changed is not keep:
                self.lists.pop(changed, None)
            changed = changed.getparent()


def _unique_id(wanted: str, taken: set[str]) -> str:
    ident, number = wanted, 1
    while ident in taken:
        number += 1
        ident = f"{wanted}-{number}"
    taken.add(ident)
    return ident


HEADINGS = frozenset(f"{X}h{level}" for level in range(1, 7))


def out_of_heading(marker: etree._Element) -> None:
    """A marker that fell inside a heading goes just before it: a screen reader would read the
    page number as part of the heading ("15 On the 150th Anniversary…"), and the page that
    begins with a heading begins before it anyway."""
    heading = next((a for a in marker.iterancestors() if a.tag in HEADINGS), None)
    if heading is None:
        return
    previous, parent = marker.getprevious(), marker.getparent()
    assert parent is not None
    # The marker's tail is the heading's text again: it goes back where the marker was.
    if previous is not None:
        previous.tail = (previous.tail or "") + (marker.tail or "")
    else:
        parent.text = (parent.text or "") + (marker.tail or "")
    parent.remove(marker)
    marker.tail = None
    heading.addprevious(marker)


def put_before_letter(element: etree._Element, offset: int, marker: etree._Element) -> None:
    """Insert ``marker`` before the word that holds the letter (or digit) after the first
    ``offset`` of ``element``, counting as print does (EPUB-only text left out); at the end of
    the element if it has fewer."""
    seen = 0
    for owner, slot in _printed_texts(element):
        text = (owner.text if slot == "text" else owner.tail) or ""
        letters = sum(map(str.isalnum, text))    # counted in C
        if seen + letters <= offset:
            seen += letters
            continue
        _split_before(owner, slot, offset - seen, marker)
        return
    element.append(marker)


def _split_before(owner: etree._Element, slot: str, offset: int, marker: etree._Element) -> None:
    """``marker`` put into the text slot (``owner``'s text or tail) that holds the letter after
    the first ``offset`` of it, before the word of that letter."""
    text = (owner.text if slot == "text" else owner.tail) or ""
    index = [i for i, char in enumerate(text) if char.isalnum()][offset]
    # Back to the start of the word (cut by hyphenation) and its opening punctuation; in
    # scripts written without spaces (CJK) only the punctuation.
    while index and not text[index - 1].isspace() and \
            (not text[index - 1].isalnum() or ord(text[index - 1]) < 0x2E80):
        index -= 1
    marker.tail = text[index:]
    if slot == "text":
        owner.text = text[:index]
        owner.insert(0, marker)
    else:
        owner.tail = text[:index]
        owner.addnext(marker)


def _printed_texts(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """The text slots of an element in reading order, without what only the EPUB shows."""
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str) and not NOT_PRINTED & set(child.get("class", "").split()):
            yield from _printed_texts(child)
        yield child, "tail"
