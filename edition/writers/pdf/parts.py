"""Turn the book's sections into print parts: one HTML document, footnotes in place, every id once."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from edition import __version__
from edition.model.names import is_rtl
from edition.model.tei import XML_LANG
from edition.writers.book import (
    Book,
    Section,
    contents_rank,
    free_id,
    order_contents,
    reading_order,
    visible_text,
)
from edition.writers.pdf.footnotes import BLOCK_TAGS, place_footnotes
from edition.writers.pdf.safety import asset_url
from edition.writers.xhtml import XHTML, h

__all__ = ["RUN_ON_CHARACTERS", "Part", "book_html", "document_keys", "mark_directions", "note_numbers",
           "print_parts", "print_section", "unique_ids"]




RUN_ON_CHARACTERS = 2500      # about a page of text


# ---------------------------------------------------------------------- the pipeline
@dataclass
class Part:
    """A section of the book as it goes to the page: the book's section and its print XHTML."""

    section: Section
    element: etree._Element


# ---------------------------------------------------------------------- dates and identity
def _w3c(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------- the HTML document
def print_parts(book: Book) -> list[Part]:
    """The book's sections ready for the page, in the printed order: the index last, before the
    colophon; footnotes in place; every id given once."""
    sections = reading_order(book)
    documents = document_keys(sections)
    numbers = note_numbers(sections, documents)
    parts = [Part(section, print_section(section, book, numbers)) for section in sections]
    opened: set[str] = set()
    for part in parts:
        key = documents[part.section.id]
        if key in opened and "continued" not in part.element.get("class", "").split():
            part.element.set("class", part.element.get("class", "") + " continued")
        opened.add(key)
    _run_on_short_parts([part.element for part in parts if "continued" in part.element.get("class", "")])
    body = h("body", *(part.element for part in parts))
    unique_ids(body)
    _drop_dangling_links(body)
    rank = contents_rank(sections)
    for part in parts:
        if part.section.kind == "contents":
            order_contents(part.element, rank)
    return parts


def document_keys(sections: Sequence[Section]) -> dict[str, str]:
    """Which document each section belongs to: a long single document is split into sections
    ``s-ID-0`` (or ``s-ID-1``), ``s-ID-2``…, ``s-ID-back``, all of one document."""
    pattern = re.compile(r"(s-.+)-(\d+|back)")
    prefixes: dict[str, int] = {}
    for section in sections:
        match = pattern.fullmatch(section.id)
        if section.kind == "text" and match:
            prefixes[match[1]] = prefixes.get(match[1], 0) + 1
    keys = {}
    for section in sections:
        match = pattern.fullmatch(section.id)
        split = section.kind == "text" and match is not None and prefixes.get(match[1], 0) > 1
        keys[section.id] = match[1] if split and match else section.id
    return keys


def note_numbers(sections: Sequence[Section], documents: Mapping[str, str]) -> dict[str, str]:
    """The number printed for each note (by its call's id): numbered per text, so the parts of a
    split document count on where the TEI does not number its notes itself."""
    groups: dict[str, list[Section]] = {}
    for section in sections:
        groups.setdefault(documents[section.id], []).append(section)
    numbers: dict[str, str] = {}
    for group in groups.values():
        automatic = all(note.number == str(position) for section in group
                        for position, note in enumerate(section.notes, start=1))
        notes = [note for section in group for note in section.notes]
        for position, note in enumerate(notes, start=1):
            numbers[note.ref_id] = str(position) if automatic else note.number
    return numbers


def _run_on_short_parts(continued: list[etree._Element]) -> None:
    """The divisions of a single long document start on a new page when they are chapters (a
    page or more on average); short ones (poems, letters, sections) run on."""
    if not continued:
        return
    average = sum(len("".join(part.itertext())) for part in continued) / len(continued)
    if average < RUN_ON_CHARACTERS:
        for part in continued:
            part.set("class", part.get("class", "") + " run-on")


def book_html(book: Book, parts: Sequence[Part], when: datetime | None = None,
              first_page: int = 1) -> str:
    """One HTML document holding ``parts``; its first page is numbered ``first_page``."""
    html = h("html", lang=book.language)
    head = h("head", h("meta", charset="utf-8"), h("title", book.title))
    for name, content in _meta(book, when):
        head.append(h("meta", name=name, content=content))
    if first_page != 1:
        head.append(h("style", f"@page :first {{ counter-set: page {first_page} }}"))
    html.append(head)
    body = h("body")
    html.append(body)
    for part in parts:
        body.append(copy.deepcopy(part.element))
    return "<!DOCTYPE html>\n" + _serialize_html(html)


def unique_ids(body: etree._Element) -> None:
    """An id given twice (a TEI ``xml:id="contents"`` and the book's contents) is renamed where
    it comes again, with the links of its own section, so that every link has one target."""
    seen: set[str] = {value for value in body.xpath("//@id")}
    used: set[str] = set()
    for section in body:
        renamed: dict[str, str] = {}
        for element in section.iter():
            ident = element.get("id")
            if ident is None:
                continue
            if ident in used:
                renamed[ident] = free_id(ident, seen)
                seen.add(renamed[ident])
                element.set("id", renamed[ident])
            used.add(element.get("id", ""))
        for link in section.iter(f"{{{XHTML}}}a"):
            target = link.get("href", "")
            if target.startswith("#") and target[1:] in renamed:
                link.set("href", f"#{renamed[target[1:]]}")


def _drop_dangling_links(body: etree._Element) -> None:
    """A link to an id the book does not show (a ``handNote`` of the header) stays as text."""
    ids = {value for value in body.xpath("//@id")}
    for link in body.iter(f"{{{XHTML}}}a"):
        target = link.get("href", "")
        if target.startswith("#") and target[1:] not in ids:
            del link.attrib["href"]


def _meta(book: Book, when: datetime | None) -> list[tuple[str, str]]:
    people = book.authors or [name for name, _ in book.editors]
    texts = len(book.texts)
    description = book.subtitle or f"An edition in TEI P5 of {texts} text{'s' if texts != 1 else ''}"
    # One author entry: PDF/A wants the document information's Author to be dc:creator's only item.
    items = [("author", ", ".join(people))] if people else []
    items.append(("description", description))
    items += [("keywords", subject) for subject in book.subjects]
    items.append(("generator", f"edition {__version__}"))
    if when is not None:
        items += [("dcterms.created", _w3c(when)), ("dcterms.modified", _w3c(when))]
    return items


def print_section(section: Section, book: Book, numbers: Mapping[str, str]) -> etree._Element:
    """One section of the book, ready for the page: footnotes in place, images resolved."""
    body = copy.deepcopy(section.body)
    body.set("data-running", section.running_title or section.title)
    _mark_bookmarks(body)
    mark_directions(body)
    _mark_lined(body)
    if section.kind == "text":
        _mark_last_blocks(body)
    place_footnotes(body, section.notes, numbers)
    _resolve_images(body, book)
    return body


def mark_directions(element: etree._Element, rtl: bool = False) -> None:
    """A left-to-right language inside right-to-left text (an English translation in an Arabic
    division) gets ``dir="ltr"``; ``dir="rtl"`` is already set where a language needs it."""
    lang = element.get("lang") or element.get(XML_LANG)
    if element.get("dir") == "rtl":
        rtl = True
    elif lang and rtl and not is_rtl(lang):
        element.set("dir", "ltr")
        rtl = False
    for child in element:
        if isinstance(child.tag, str):
            mark_directions(child, rtl)


def _mark_lined(body: etree._Element) -> None:
    """A paragraph broken into the lines of its source is set ragged: WeasyPrint would justify
    the line before each break."""
    for paragraph in body.iter(f"{{{XHTML}}}p", f"{{{XHTML}}}blockquote"):
        if next(paragraph.iter(f"{{{XHTML}}}br"), None) is not None:
            paragraph.set("class", " ".join(filter(None, [paragraph.get("class"), "lined"])))


def _mark_last_blocks(body: etree._Element) -> None:
    """The end of a text keeps the block before it on its page, so that a text never ends on a
    page holding a single line: at each level, the last block is marked, and the block before it."""
    node = body
    while len(node):
        children = [child for child in node if isinstance(child.tag, str)]
        if not children:
            return
        last = children[-1]
        if len(children) > 1 and etree.QName(children[-2]).localname in BLOCK_TAGS | {"section"}:
            _add_class(children[-2], "keeps-next")
        if etree.QName(last).localname not in BLOCK_TAGS | {"section"}:
            return
        _add_class(last, "ends-text")
        node = last


def _add_class(element: etree._Element, name: str) -> None:
    element.set("class", " ".join(filter(None, [element.get("class"), name])))


def _mark_bookmarks(body: etree._Element) -> None:
    """Headings carry their label for the PDF outline, without note calls."""
    for heading in body.iter(*(f"{{{XHTML}}}h{n}" for n in range(1, 7))):
        label = " ".join("".join(visible_text(heading)).split())
        if label:
            heading.set("data-bookmark", label)


def _resolve_images(body: etree._Element, book: Book) -> None:
    """Images point at their files inside the edition's folder (the only place they may be), under a
    location-independent URL that the layout's fetcher maps back to the file."""
    assets = {asset.href: asset for asset in book.assets}
    for image in body.iter(f"{{{XHTML}}}img"):
        asset = assets.get(image.get("src", ""))
        if asset is not None:
            image.set("src", asset_url(asset.href))


def _serialize_html(root: etree._Element) -> str:
    """HTML5 text of an XHTML tree: plain element names, ``lang`` instead of ``xml:lang``."""
    tree = copy.deepcopy(root)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        element.tag = etree.QName(element).localname
        for name in list(element.attrib):
            if name.startswith("{"):
                value = element.attrib.pop(name)
                if name == XML_LANG and not element.get("lang"):
                    element.set("lang", value)
    etree.cleanup_namespaces(tree)
    return etree.tostring(tree, method="html", encoding="unicode")
