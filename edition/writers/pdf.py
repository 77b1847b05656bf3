"""Turn a TEI document or corpus into a printable book: a tagged PDF/A laid out by WeasyPrint.

The book (``book.make_book``) is serialised as one HTML document, each editorial note placed at
its call as a footnote (``float: footnote``), and laid out with ``styles/base.css`` and
``styles/print.css``. The index of names needs the pages of the mentions: the book is laid out up
to the index, which tells where every mention falls, then the index (and the colophon after it)
is laid out with those page numbers written in, from the page where it begins; last the contents,
which list the colophon too, are laid out again with all their page numbers written in. The PDF is
PDF/A-3a by default, carries the TEI it was rendered from as an attachment (AFRelationship
/Source), reads no clock and fetches nothing outside the edition's folder and the package's own
resources.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import mimetypes
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import pydyf
from lxml import etree
from weasyprint import CSS, HTML, Attachment
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from edition import __version__
from edition.errors import EditionError, Message
from edition.model.names import is_rtl
from edition.model.tei import XML_LANG
from edition.model.xmlio import serialize, write_atomic
from edition.resources import Font, book_fonts, styles_dir, stylesheet
from edition.writers.base import Writer
from edition.writers.book import (
    Book,
    Section,
    contents_rank,
    make_book,
    order_contents,
    reading_order,
    require_tei,
    visible_text,
)
from edition.writers.fonts import engine, static_instances
from edition.writers.pages import PageStart, page_starts
from edition.writers.xhtml import XHTML, Note, append, h

__all__ = ["DEFAULT_VARIANT", "VARIANTS", "Layout", "PageSetup", "Part", "PdfWriter", "SafeFetcher",
           "book_html", "print_parts", "render_pdf"]

DEFAULT_VARIANT = "pdf/a-3a"
# The variants WeasyPrint 70 writes (weasyprint.pdf.VARIANTS), plus "none" for a plain PDF.
VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u",
            "pdf/a-1a", "pdf/a-2a", "pdf/a-3a", "pdf/a-4e", "pdf/a-4f",
            "pdf/ua-1", "pdf/ua-2", "none")
# HTML tags that may not sit inside a <p>: inside a footnote they become blocks of spans, so that
# the HTML parser keeps the note where it is called.
BLOCK_TAGS = frozenset("""address article aside blockquote dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section
    table tbody thead tfoot tr td th caption ul""".split())
TEI_MEDIA_TYPE = "application/tei+xml"
RUN_ON_CHARACTERS = 2500      # about a page of text
LOGGER_NAME = "weasyprint"


@dataclass(frozen=True)
class PageSetup:
    """The printed page; ``None`` keeps what ``styles/print.css`` says (148 × 210 mm, A5)."""

    size: str | None = None          # any CSS page size: "A4", "6in 9in", "156mm 234mm"
    margins: str | None = None       # CSS margin shorthand: top, outside, bottom, inside

    def css(self) -> str:
        rules = []
        if self.size:
            rules.append(f"size: {self.size};")
        if self.margins:
            top, outside, bottom, inside = _four(self.margins)
            rules.append(f"margin: {top} {outside} {bottom} {inside};")
            # Facing pages: the inside margin is on the left of a right-hand page.
            return (f"@page {{ {' '.join(rules)} }}\n"
                    f"@page :left {{ margin-left: {outside}; margin-right: {inside}; }}\n"
                    f"@page :right {{ margin-left: {inside}; margin-right: {outside}; }}\n")
        return f"@page {{ {' '.join(rules)} }}\n" if rules else ""


def _four(shorthand: str) -> tuple[str, str, str, str]:
    parts = shorthand.split()
    if not 1 <= len(parts) <= 4:
        raise EditionError.single("E401", "--margins", f"cannot read margins {shorthand!r}",
                                  'give one to four CSS lengths, e.g. "18mm 20mm 24mm 16mm"')
    top = parts[0]
    outside = parts[1] if len(parts) > 1 else top
    bottom = parts[2] if len(parts) > 2 else top
    inside = parts[3] if len(parts) > 3 else outside
    return top, outside, bottom, inside


class PdfWriter(Writer):
    """The printed book: ``edition build`` writes ``build/edition.pdf`` with it."""

    name = "pdf"
    suffix = ".pdf"

    def __init__(self, page: PageSetup | None = None) -> None:
        self.page = page or PageSetup()
        self.page_starts: list[PageStart] = []   # of the last book written, for the EPUB

    def write(self, tree: etree._ElementTree, target: Path, base: Path | None = None,
              variant: str | None = None) -> list[Message]:
        data, warnings, self.page_starts = render_pdf(tree, base, variant, self.page)
        write_atomic(target, data)
        return warnings


# ---------------------------------------------------------------------- the pipeline
@dataclass
class Part:
    """A section of the book as it goes to the page: the book's section and its print XHTML."""

    section: Section
    element: etree._Element


def render_pdf(tree: etree._ElementTree, base: Path | None = None, variant: str | None = None,
               page: PageSetup | None = None) -> tuple[bytes, list[Message], list[PageStart]]:
    """The PDF of a TEI document or ``teiCorpus``, the warnings met on the way, and where each
    page begins (which the EPUB's page list marks)."""
    chosen = _variant(variant)
    require_tei(tree, base, "E404")
    book = make_book(tree, base)
    when = book.published
    layout = Layout(book, base, page or PageSetup(), when)
    with _renderer_messages(base) as renderer_warnings, _font_clock(when), _page_references_once():
        document = layout.book_document(print_parts(book))
        data = document.write_pdf(
            pdf_variant=chosen,
            pdf_identifier=_identifier(book),
            attachments=[_source_attachment(tree, base, when)],
            finisher=_finisher(book),
            uncompressed_pdf=False,
        )
    warnings = book.warnings + layout.fetcher.messages(base) + renderer_warnings
    return bytes(data), warnings, page_starts(document)


def _variant(variant: str | None) -> str | None:
    chosen = (variant or DEFAULT_VARIANT).lower()
    if chosen not in VARIANTS:
        raise EditionError.single("E402", "--variant", f"unknown PDF variant {variant!r}",
                                  f"choose one of: {', '.join(VARIANTS)}")
    return None if chosen == "none" else chosen


class Layout:
    """WeasyPrint with the book's stylesheets, typeface and safe fetcher."""

    def __init__(self, book: Book, base: Path | None, page: PageSetup, when: datetime | None) -> None:
        self.book, self.base, self.when = book, base, when
        self.fetcher = SafeFetcher(_allowed_roots(base))
        self.fonts = FontConfiguration()
        self.styles = _stylesheets(self.fonts, self.fetcher, page, book)

    def book_document(self, parts: list[Part], guess: Mapping[str, int] | None = None) -> Document:
        """The laid-out book. With an index, in two passes that share every page before it: the
        first learns on which page each mention falls, the second lays out the index (and the
        colophon after it) with those pages written in, from the page where the index begins.
        The contents, which list the colophon, are then laid out again (a few pages) with every
        page number written in; in the first pass the colophon's page is ``guess`` (unknown: 0)."""
        index = next((i for i, part in enumerate(parts) if part.section.kind == "index"), None)
        if index is None:
            return self.lay_out(parts)
        later = _ids(parts[index + 1:])     # on no page of the first pass: the colophon
        number_contents(parts, {anchor: (guess or {}).get(anchor, 0) for anchor in later})
        stub = Part(parts[index].section, index_stub(parts[index].element))
        first = self.lay_out([*parts[:index], stub])
        start = len(first.pages)            # the stub is one right-hand page, the last one
        pages = anchor_pages(first)
        filled = Part(parts[index].section, copy.deepcopy(parts[index].element))
        fill_index(filled.element, pages)   # a copy: a second try fills the index afresh
        rest = self.lay_out([filled, *parts[index + 1:]], first_page=start)
        pages.update((anchor, start - 1 + page) for anchor, page in anchor_pages(rest).items())
        front = self.numbered_front(parts, first, pages) if later else []
        if front is None and guess is None:
            # The real page numbers made the contents longer or shorter: all again, with them.
            return self.book_document(parts, {anchor: pages[anchor] for anchor in later})
        front = front or []
        return first.copy([*front, *first.pages[len(front):start - 1], *rest.pages])

    def numbered_front(self, parts: list[Part], first: Document,
                       pages: Mapping[str, int]) -> list[Any] | None:
        """The pages up to the end of the contents laid out again, every page number of the
        contents written in; None if they would no longer end where the first pass ended them."""
        after = next((i for i, part in enumerate(parts) if part.section.kind == "contents"), -1) + 1
        if not after or after >= len(parts):
            return []
        number_contents(parts, pages)
        # The part after the contents starts a page (print.css): its first page must be the same.
        following = parts[after]
        again = self.lay_out([*parts[:after], Part(following.section, index_stub(following.element))])
        begins = anchor_pages(again).get(following.element.get("id", ""))
        if begins is None or begins != anchor_pages(first).get(following.element.get("id", "")):
            return None
        return again.pages[:begins - 1]

    def lay_out(self, parts: list[Part], first_page: int = 1) -> Document:
        html = book_html(self.book, parts, self.when, first_page)
        base_url = self.base.resolve().parent.as_uri() + "/" if self.base is not None else None
        document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher)
        return document.render(font_config=self.fonts, stylesheets=self.styles)


def number_contents(parts: Sequence[Part], pages: Mapping[str, int]) -> None:
    """The contents' links to these anchors show the page given (``data-page``; 0: not known
    yet), not the page the layout counts: their targets are laid out in another pass."""
    for part in parts:
        if part.section.kind != "contents":
            continue
        for link in part.element.iter(f"{{{XHTML}}}a"):
            target = link.get("href", "")[1:]
            if target in pages:
                link.set("data-page", str(pages[target] or "000"))
            elif "data-page" in link.attrib:
                del link.attrib["data-page"]


def _ids(parts: Sequence[Part]) -> list[str]:
    return [ident for part in parts for ident in part.element.xpath(".//@id")]


def anchor_pages(document: Document) -> dict[str, int]:
    """The page number (from 1) on which each id of the document is laid out."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def _stylesheets(fonts: FontConfiguration, fetcher: SafeFetcher, page: PageSetup,
                 book: Book) -> list[CSS]:
    """base.css (shared with the EPUB), print.css, then the typeface, the running head of the
    left-hand pages and the page set-up."""
    sheets = [CSS(filename=str(stylesheet(name)), font_config=fonts, url_fetcher=fetcher)
              for name in ("base.css", "print.css")]
    faces, files = font_faces(book_fonts())
    fetcher.memory.update(files)
    generated = (faces
                 + f"@page :left {{ @top-center {{ content: {_css_string(book.title)}; }} }}\n"
                 + page.css())
    sheets.append(CSS(string=generated, base_url=styles_dir().as_uri() + "/", font_config=fonts,
                      url_fetcher=fetcher))
    return sheets


def _css_string(text: str) -> str:
    """A CSS string literal: every character outside printable ASCII escaped."""
    return '"' + "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else f"\\{ord(c):06x}"
                         for c in text) + '"'


PRINT_WEIGHTS = (400, 600, 700)   # the weights the stylesheets ask for (normal, b, bold)


def font_faces(fonts: Sequence[Font]) -> tuple[str, dict[str, bytes]]:
    """``@font-face`` rules for the book typeface installed with the project, and the bytes of
    the faces they name (served from memory by ``SafeFetcher``).

    Each weight is a static face cut from the variable font by HarfBuzz (``writers.fonts``):
    WeasyPrint would otherwise instance the variable font itself, with fontTools, taking seconds
    per face. Where HarfBuzz is missing, the variable font is named as it is.
    """
    if engine().startswith("fonttools"):
        return "".join(
            f'@font-face {{ font-family: "{font.family}"; font-style: {font.style}; '
            f'font-weight: {font.weights}; src: url("{font.path.resolve().as_uri()}"); }}\n'
            for font in fonts), {}
    rules, files = [], {}
    for font in fonts:
        for weight, data in static_instances(font.path, PRINT_WEIGHTS).items():
            url = (font.path.resolve().parent / f"static-{font.style}-{weight}.ttf").as_uri()
            files[url] = data
            rules.append(f'@font-face {{ font-family: "{font.family}"; font-style: {font.style}; '
                         f'font-weight: {weight}; src: url("{url}"); }}\n')
    return "".join(rules), files


def _allowed_roots(base: Path | None) -> list[Path]:
    roots = [styles_dir(), *(font.path.parent for font in book_fonts())]
    if base is not None:
        roots.insert(0, base.resolve().parent)
    return roots


# ---------------------------------------------------------------------- dates and identity
def _w3c(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _identifier(book: Book) -> bytes:
    """The PDF file identifier, from the edition's identifier (stable across rebuilds)."""
    return hashlib.md5(book.identifier.encode(), usedforsecurity=False).hexdigest().encode()


def _source_attachment(tree: etree._ElementTree, base: Path | None,
                       when: datetime | None) -> Attachment:
    """The TEI the PDF was rendered from, embedded as its source (PDF/A-3, ISO 19005-3 §6.8)."""
    stamp = when or datetime(1970, 1, 1, tzinfo=UTC)
    name = base.name if base is not None else "edition.xml"
    return Attachment(string=serialize(tree), name=name, description="The TEI P5 source of this PDF",
                      created=stamp, modified=stamp, relationship="Source")


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
                number = 2
                while f"{ident}-{number}" in seen:
                    number += 1
                renamed[ident] = f"{ident}-{number}"
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


def index_stub(index: etree._Element) -> etree._Element:
    """The index reduced to its heading: it holds the index's place (and its first page) in the
    first pass."""
    stub = h("section")
    for name, value in index.attrib.items():
        stub.set(name, value)
    heading = next(index.iter(f"{{{XHTML}}}h1"), None)
    if heading is not None:
        stub.append(copy.deepcopy(heading))
    return stub


def fill_index(index: etree._Element, pages: Mapping[str, int]) -> None:
    """Every index entry's mentions become the pages they are on, each page once, in order."""
    for mentions in index.iter(f"{{{XHTML}}}p"):
        if mentions.get("class") != "index-mentions":
            continue
        seen: dict[int, str] = {}
        for link in mentions.iter(f"{{{XHTML}}}a"):
            target = link.get("href", "").lstrip("#")
            page = pages.get(target)
            if page is not None:
                seen.setdefault(page, target)
        for child in list(mentions):
            mentions.remove(child)
        mentions.text = None
        if seen:
            mentions.append(h("span", "pp. " if len(seen) > 1 else "p. ", class_="index-pages-label"))
        for number, (page, target) in enumerate(sorted(seen.items())):
            if number:
                append(mentions, ", ")
            mentions.append(h("a", str(page), class_="index-page", href=f"#{target}"))


def _resolve_images(body: etree._Element, book: Book) -> None:
    """Images point at their files inside the edition's folder (the only place they may be)."""
    assets = {asset.href: asset for asset in book.assets}
    for image in body.iter(f"{{{XHTML}}}img"):
        asset = assets.get(image.get("src", ""))
        if asset is not None:
            image.set("src", asset.path.resolve().as_uri())


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


# ---------------------------------------------------------------------- after the layout
def _finisher(book: Book) -> Callable[[Document, Any], None]:
    """Finish what WeasyPrint writes: the XMP gets language, subjects and publisher; the TEI
    attachment its media type; the catalogue lists it once in /AF."""

    def finish(document: Document, pdf: Any) -> None:
        for pdf_object in pdf.objects:
            extra = getattr(pdf_object, "extra", None)     # a pydyf.Stream
            if isinstance(extra, dict) and extra.get("Type") == "/EmbeddedFile":
                extra["Subtype"] = "/" + TEI_MEDIA_TYPE.replace("/", "#2F")
        if "AF" in pdf.catalog:
            listed = pdf.catalog["AF"]
            listed[:] = list(dict.fromkeys(listed))
        metadata = pdf.catalog.get("Metadata")
        if metadata is not None:
            stream = pdf.objects[int(metadata.split()[0])]
            stream.stream = [complete_xmp(b"".join(stream.stream), book)]

    return finish


@contextmanager
def _page_references_once() -> Iterator[None]:
    """pydyf rebuilds the list of all page references each time one is asked for, and WeasyPrint
    asks once per tagged element: a 900-page book spends a third of its writing time there. The
    list only grows (pages are added, never removed), so it is kept while its length holds."""
    original = pydyf.PDF.page_references

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_edition_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original.fget(pdf))
            pdf.__dict__["_edition_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextmanager
def _font_clock(when: datetime | None) -> Iterator[None]:
    """fontTools stamps the fonts WeasyPrint instantiates from the variable EB Garamond with the
    time (``head.modified``) unless ``SOURCE_DATE_EPOCH`` is set: set it to the book's date (the
    epoch's own value when it is set), for this render only."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()) if when is not None else 0)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def complete_xmp(packet: bytes, book: Book) -> bytes:
    """Add ``dc:language``, ``dc:subject`` and ``dc:publisher`` to an XMP packet."""
    rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    dc_ns = "http://purl.org/dc/elements/1.1/"
    start = packet.index(b"<rdf:RDF")
    end = packet.index(b"</rdf:RDF>") + len(b"</rdf:RDF>")
    rdf = etree.fromstring(packet[start:end])
    description = etree.SubElement(rdf, f"{{{rdf_ns}}}Description", nsmap={"dc": dc_ns})
    description.set(f"{{{rdf_ns}}}about", "")
    _xmp_list(description, f"{{{dc_ns}}}language", "Bag", [book.language])
    if book.subjects:
        _xmp_list(description, f"{{{dc_ns}}}subject", "Bag", book.subjects)
    if book.publisher:
        _xmp_list(description, f"{{{dc_ns}}}publisher", "Bag", [book.publisher])
    return packet[:start] + etree.tostring(rdf, encoding="utf-8") + packet[end:]


def _xmp_list(parent: etree._Element, name: str, kind: str, values: Sequence[str]) -> None:
    rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    container = etree.SubElement(etree.SubElement(parent, name), f"{{{rdf_ns}}}{kind}")
    for value in values:
        etree.SubElement(container, f"{{{rdf_ns}}}li").text = value


# ---------------------------------------------------------------------- safety
class SafeFetcher(URLFetcher):
    """Fetch only files inside the allowed folders, and ``data:`` URLs; refuse everything else.

    WeasyPrint turns a refusal into a missing resource; the refusals become warnings.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[str] = []
        self.memory: dict[str, bytes] = {}   # files made in this process (the cut faces)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url in self.memory:
            return URLFetcherResponse(url, body=self.memory[url], headers={"Content-Type": "font/ttf"})
        parsed = urlparse(url)
        scheme = parsed.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and parsed.netloc in ("", "localhost"):
            path = Path(url2pathname(unquote(parsed.path))).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                          headers={"Content-Type": media})
        if url not in self.refused:
            self.refused.append(url)
        raise ValueError(f"{url} is outside the edition; not fetched")

    def messages(self, base: Path | None) -> list[Message]:
        return [Message.at("W301", "warning", str(base or "<tei>"),
                           f"{url!r} is outside the edition's folder; not fetched",
                           "put the file in the document's folder and refer to it by a relative path")
                for url in self.refused]


@contextmanager
def _renderer_messages(base: Path | None) -> Iterator[list[Message]]:
    """WeasyPrint's warnings (a property it ignores, a font it cannot load) as our messages."""
    collected: list[Message] = []
    seen: set[str] = set()

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            text = record.getMessage()
            if text in seen or "outside the edition" in text:
                return
            seen.add(text)
            collected.append(Message.at("W302", "warning", str(base or "<tei>"),
                                        f"renderer: {text}",
                                        "the PDF is written; tell the edition developers"))

    logger = logging.getLogger(LOGGER_NAME)
    handler = Collector(logging.WARNING)
    logger.addHandler(handler)
    saved = logger.propagate
    logger.propagate = False
    try:
        yield collected
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved
