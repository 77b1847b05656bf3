"""Turn print parts into laid-out pages (WeasyPrint), the index and contents with their page numbers."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from edition.resources import Font, book_fonts, styles_dir, stylesheet
from edition.writers.book import Book
from edition.writers.fonts import engine, static_instances
from edition.writers.pdf.parts import Part, book_html
from edition.writers.pdf.safety import SafeFetcher, asset_url
from edition.writers.pdf.setup import PageSetup
from edition.writers.xhtml import XHTML, append, h

__all__ = ["PRINT_WEIGHTS", "Layout", "anchor_pages", "fill_index", "font_faces", "index_stub",
           "number_contents"]


class Layout:
    """WeasyPrint with the book's stylesheets, typeface and safe fetcher."""

    def __init__(self, book: Book, base: Path | None, page: PageSetup, when: datetime | None) -> None:
        self.book, self.base, self.when = book, base, when
        self.fetcher = SafeFetcher(_allowed_roots(base),
                                   {asset_url(asset.href): asset.path for asset in book.assets})
        self.fonts = FontConfiguration()
        self.styles = _stylesheets(self.fonts, self.fetcher, page, book)
        self.page_css = page.css()          # what the chunk cache keys the page set-up by

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
        return self.lay_out_html(book_html(self.book, parts, self.when, first_page))

    def lay_out_html(self, html: str) -> Document:
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
