"""Turn the book's notes into footnotes that WeasyPrint floats to the foot of their page."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence

from lxml import etree

from edition.writers.xhtml import XHTML, Note, append, h

__all__ = ["BLOCK_TAGS", "footnote_element", "place_footnotes"]

# HTML tags that may not sit inside a <p>: inside a footnote they become blocks of spans, so that
# the HTML parser keeps the note where it is called.
BLOCK_TAGS = frozenset("""address article aside blockquote dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section
    table tbody thead tfoot tr td th caption ul""".split())



def place_footnotes(body: etree._Element, notes: Sequence[Note],
                    numbers: Mapping[str, str] | None = None) -> None:
    """Each note's text replaces its call, as a footnote; a note without a call goes to the end."""
    numbers = numbers or {}
    by_call = {note.ref_id: note for note in notes}
    placed: set[str] = set()
    while True:       # a note inside a note is called from the footnote just placed
        calls = [a for a in body.iter(f"{{{XHTML}}}a") if a.get("class") == "noteref"
                 and a.get("id") in by_call and a.get("id") not in placed]
        if not calls:
            break
        for call in calls:
            note = by_call[call.get("id", "")]
            footnote = footnote_element(note, numbers.get(note.ref_id, note.number))
            footnote.tail = call.tail
            parent = call.getparent()
            assert parent is not None
            parent.replace(call, footnote)
            placed.add(note.ref_id)
    left = [note for note in notes if note.ref_id not in placed]
    if left:
        endnotes = h("div", h("h2", "Notes", class_="endnotes-title"), class_="endnotes")
        for note in left:
            number = numbers.get(note.ref_id, note.number)
            endnotes.append(h("p", h("span", f"{number}. ", class_="endnote-number"),
                              *_inline_content(note.content), class_="endnote", id=note.id))
        body.append(endnotes)


def footnote_element(note: Note, number: str | None = None) -> etree._Element:
    """A note as an inline element that WeasyPrint floats to the foot of the page."""
    footnote = h("span", class_=f"footnote footnote-{note.kind}" if note.kind else "footnote",
                 id=note.id, data_n=number or note.number)
    footnote.set("role", "doc-footnote")
    content = copy.deepcopy(note.content)
    if content.get("lang"):
        footnote.set("lang", content.get("lang", ""))
    append(footnote, *_inline_content(content))
    # WeasyPrint 70 breaks the first line of a footnote at a newline of the source: white space
    # is collapsed here already, as the browser would.
    for element in footnote.iter():
        element.text = _collapse(element.text)
        if element is not footnote:
            element.tail = _collapse(element.tail)
    return footnote


def _collapse(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text) if text else text


def _inline_content(content: etree._Element) -> list[etree._Element | str]:
    """The children of a note body with every block made a span, so it can sit inside a line."""
    holder = copy.deepcopy(content)
    blocks = [element for element in holder.iter() if etree.QName(element).localname in BLOCK_TAGS]
    for element in blocks:
        tag = etree.QName(element).localname
        element.tag = f"{{{XHTML}}}span"
        element.set("class", " ".join(filter(None, [f"fn-block fn-{tag}", element.get("class")])))
    # White space between blocks would become lines of its own (and keep the note's number
    # from the first line of its text).
    for element in [holder, *blocks]:
        if element.text and not element.text.strip() and len(element) and element[0] in blocks:
            element.text = None
    for element in blocks:
        if element.tail and not element.tail.strip():
            element.tail = None
    items: list[etree._Element | str] = [holder.text.lstrip()] if holder.text else []
    for child in list(holder):
        items.append(child)
        if child.tail:
            items.append(child.tail)
            child.tail = None
    return items
