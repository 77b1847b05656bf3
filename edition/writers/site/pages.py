"""Turn the EPUB's XHTML documents into the site's pages: one per text, home, registers, back matter.

The documents are the EPUB's (``writers.epub.documents``): the same processing model, the same
ids and links across files. The home page gathers the title page, the introduction and the
contents; every other document is a page of its own, its links renamed to the pages' files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from edition.writers.book import Book, Section
from edition.writers.epub.documents import Document
from edition.writers.site.registers import REGISTER_PAGE
from edition.writers.xhtml import XHTML, h

__all__ = ["HOME", "HOME_KINDS", "Page", "page_files", "site_pages"]


X = f"{{{XHTML}}}"

HOME = "index.html"

# What the home page shows, in this order: title, editors, introduction, then the contents.
HOME_KINDS = ("titlepage", "introduction", "contents")

NAMED = {"index": REGISTER_PAGE, "principles": "principles.html", "sources": "sources.html",
         "colophon": "colophon.html"}


@dataclass
class Page:
    """One HTML page of the site: its file, its title, the sections it shows, its content."""

    file: str
    title: str
    kind: str
    sections: list[Section]
    content: list[etree._Element] = field(default_factory=list)   # XHTML <section>s


def page_files(documents: list[Document]) -> dict[str, str]:
    """The page that shows each EPUB document: ``s-text-1.xhtml`` → ``s-text-1.html``."""
    names: dict[str, str] = {}
    used = {HOME, *NAMED.values()}
    for document in documents:
        kind = document.section.kind
        if kind in HOME_KINDS:
            names[document.file] = HOME
        elif kind in NAMED and NAMED[kind] not in names.values():
            names[document.file] = NAMED[kind]
        else:
            stem = document.file.rsplit(".", 1)[0]
            name, number = f"{stem}.html", 1
            while name.lower() in used:
                number += 1
                name = f"{stem}-{number}.html"
            used.add(name.lower())
            names[document.file] = name
    return names


def site_pages(book: Book, documents: list[Document]) -> list[Page]:
    """The pages in reading order, the home page first; links follow the documents to their pages."""
    names = page_files(documents)
    for document in documents:
        _rename_links(document.html, names, names[document.file])
    pages: dict[str, Page] = {}
    home = sorted((d for d in documents if d.section.kind in HOME_KINDS),
                  key=lambda d: HOME_KINDS.index(d.section.kind))
    pages[HOME] = Page(HOME, book.title or "Edition", "home", [d.section for d in home],
                       [_content(d) for d in home])
    for document in documents:
        name = names[document.file]
        if name == HOME:
            continue
        page = pages.setdefault(name, Page(name, document.section.title, document.section.kind, []))
        page.sections.append(document.section)
        page.content.append(_content(document))
    for page in pages.values():
        _head_with_level_one(page)
    return list(pages.values())


HEADINGS = tuple(f"{X}h{level}" for level in range(1, 7))


def _head_with_level_one(page: Page) -> None:
    """A page's first heading is an ``h1``: it names the page (WCAG 2.2, 2.4.6; axe's
    page-has-heading-one). A text of a group, on a page of its own, keeps the levels of the
    book (its ``h2``…), so they move up together; the part of a long text that has no head of
    its own, or only its number, is headed by the text's title (else by its label, bracketed: it is
    not the source's)."""
    headings = [e for content in page.content for e in content.iter(*HEADINGS)]
    if not headings or _numbered_only(headings[0]):
        # A division headed only by its number (``@n``, TEI P5 §4.1) is a part of the text:
        # the page is named by the text, the number stays the division's heading below it.
        if page.content and page.sections:
            title = page.sections[0].running_title or f"[{page.title}]"
            page.content[0].insert(0, h("h1", title, class_="page-title"))
        _move_up(headings, min((int(e.tag[-1]) for e in headings), default=2) - 2)
        return
    _move_up(headings, min(int(e.tag[-1]) for e in headings) - 1)
    # One h1 a page: the home page's introduction and contents come under its title.
    for content in page.content[1:]:
        for element in content.iter(*HEADINGS):
            element.tag = f"{X}h{min(int(element.tag[-1]) + 1, 6)}"


def _move_up(headings: list[etree._Element], shift: int) -> None:
    """Headings ``shift`` levels up together, so that none is skipped at the top."""
    for element in headings if shift > 0 else ():
        element.tag = f"{X}h{int(element.tag[-1]) - shift}"


def _numbered_only(heading: etree._Element) -> bool:
    """A heading the renderer made from a division's ``@n`` (class ``head-n``), not the source's."""
    return "head-n" in (heading.get("class") or "").split()


def _content(document: Document) -> etree._Element:
    body = document.html.find(f"{X}body")
    assert body is not None and len(body) == 1, "an EPUB document holds one section"
    return body[0]


def _rename_links(html: etree._Element, names: dict[str, str], own: str) -> None:
    """``file.xhtml#id`` → ``page.html#id``; a link into the same page keeps only its ``#id``."""
    for link in html.iter(f"{X}a"):
        href = link.get("href", "")
        file, hash_, fragment = href.partition("#")
        if file in names:
            page = names[file]
            link.set("href", f"#{fragment}" if page == own and fragment else
                     f"{page}{hash_}{fragment}")
