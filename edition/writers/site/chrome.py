"""Turn a page's content into a whole HTML5 document: head, header and navigation, downloads, footer.

Every page has the same frame, so that a reader always finds the way home, to the registers and
to the search; a text's page also offers its TEI file and the next and previous texts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from edition.writers.book import Book
from edition.writers.site.pages import HOME, Page
from edition.writers.site.registers import REGISTER_PAGE, mention_filters
from edition.writers.xhtml import EPUB_NS, XHTML, h

__all__ = ["FILTER_NAMES", "SEARCH_PAGE", "Links", "html_bytes", "page_document", "search_document"]


SEARCH_PAGE = "search.html"

FILTER_NAMES = {"person": "Person", "place": "Place", "org": "Organisation", "event": "Event"}

X = f"{{{XHTML}}}"

# The pages the search indexes: the texts and what the editors wrote about them; the registers
# and the colophon would answer every name and every query about the edition itself.
INDEXED = {"home", "principles", "text"}


@dataclass
class Links:
    """Where the files beside the pages are: the downloads and each text's TEI."""

    downloads: list[tuple[str, str]] = field(default_factory=list)   # (label, href)
    tei: dict[str, str] = field(default_factory=dict)                  # section id → href
    whole_tei: str = ""


def page_document(page: Page, book: Book, pages: list[Page], links: Links) -> etree._Element:
    """The page as an HTML5 tree (XHTML namespace until serialised)."""
    html, body = _frame(page.title, book, search=page.kind in INDEXED and page.kind != "home")
    head = html.find(f"{X}head")
    assert head is not None
    main = h("main", id="main")
    if page.kind in INDEXED:
        main.set("data-pagefind-body", "")
        _filters(head, page, book)
    if page.kind == "text":
        main.append(_text_links(page, pages, links))
    for content in page.content:
        main.append(content)
    body.append(main)
    body.append(_footer(book, links))
    return html


def search_document(book: Book, links: Links) -> etree._Element:
    """The search page: Pagefind's interface over the index, filters by text and by name."""
    html, body = _frame("Search", book, search=True)
    main = h("main", id="main")
    main.append(h("h1", "Search the edition"))
    main.append(h("p", "Type a word or a phrase; filter the results by text or by a person, "
                       "place, organisation or event of the registers.", class_="search-help"))
    main.append(h("div", id="search", class_="search"))
    main.append(h("noscript", h("p", "The search runs in the browser and needs JavaScript; the "
                                     "registers and the contents work without it.")))
    body.append(main)
    body.append(_footer(book, links))
    return html


def _frame(title: str, book: Book, search: bool) -> tuple[etree._Element, etree._Element]:
    html = h("html", lang=book.language)
    head = etree.SubElement(html, f"{X}head")
    head.append(h("meta", charset="utf-8"))
    head.append(h("meta", name="viewport", content="width=device-width, initial-scale=1"))
    full = title if title == book.title else f"{title} — {book.title}"
    head.append(h("title", " ".join(full.split())))
    head.append(h("link", rel="stylesheet", href="assets/site.css"))
    if search:
        head.append(h("link", rel="stylesheet", href="pagefind/pagefind-ui.css"))
        head.append(h("script", "", src="pagefind/pagefind-ui.js"))
    head.append(h("script", "", src="assets/site.js", defer=""))
    body = etree.SubElement(html, f"{X}body")
    body.append(h("a", "Skip to the content", href="#main", class_="skip-link"))
    header = h("header", class_="site-header")
    header.append(h("p", h("a", book.title or "Edition", href=HOME), class_="site-title"))
    nav = h("nav", aria_label="Site")
    items = h("ul")
    for label, href in (("Home", HOME), ("Contents", f"{HOME}#contents-title"),
                        ("Principles", "principles.html"), ("Registers", REGISTER_PAGE),
                        ("Sources", "sources.html"), ("Search", SEARCH_PAGE)):
        items.append(h("li", h("a", label, href=href)))
    nav.append(items)
    header.append(nav)
    body.append(header)
    return html, body


def _filters(head: etree._Element, page: Page, book: Book) -> None:
    """Pagefind's filters, as ``meta`` elements: the text, and every register entry it names.

    A ``meta`` with ``content`` needs a ``name`` (HTML §4.2.5); Pagefind reads only its own
    attribute, so the name is ours."""
    if page.kind == "text":
        head.append(h("meta", name="search-filter", content=" ".join(page.title.split()),
                      data_pagefind_filter="Text[content]"))
    seen = set()
    for content in page.content:
        for kind, name in mention_filters(content, book):
            if (kind, name) not in seen:
                seen.add((kind, name))
                head.append(h("meta", name="search-filter", content=name,
                              data_pagefind_filter=f"{FILTER_NAMES[kind]}[content]"))


def _text_links(page: Page, pages: list[Page], links: Links) -> etree._Element:
    """Before a text: its TEI file, and the previous and next texts."""
    bar = h("nav", class_="text-links", aria_label="This text", data_pagefind_ignore="")
    items = h("ul")
    tei = next((links.tei[s.id] for s in page.sections if s.id in links.tei), links.whole_tei)
    if tei:
        items.append(h("li", h("a", "TEI source", href=tei, type="application/tei+xml")))
    texts = [p for p in pages if p.kind == "text"]
    # By identity: ``index`` compared the pages field by field, 500,000 times at 1000 texts.
    place = next(number for number, text in enumerate(texts) if text is page)
    if place:
        items.append(h("li", h("a", "← " + texts[place - 1].title, href=texts[place - 1].file,
                               rel="prev")))
    if place + 1 < len(texts):
        items.append(h("li", h("a", texts[place + 1].title + " →", href=texts[place + 1].file,
                               rel="next")))
    bar.append(items)
    return bar


def _footer(book: Book, links: Links) -> etree._Element:
    footer = h("footer", class_="site-footer", data_pagefind_ignore="")
    if links.downloads:
        line = h("p", "Download: ", class_="downloads")
        for number, (label, href) in enumerate(links.downloads):
            if number:
                line.append(h("span", " · "))
            line.append(h("a", label, href=href, download=""))
        footer.append(line)
    footer.append(h("p", h("a", "Colophon", href="colophon.html"),
                    f" · {book.rights}" if book.rights else None))
    return footer


# ---------------------------------------------------------------------- HTML5
def html_bytes(html: etree._Element) -> bytes:
    """The page in the HTML syntax: no namespaces, no EPUB vocabulary, ``lang`` not ``xml:lang``."""
    plain = _plain(copy.deepcopy(html) if html.getparent() is not None else html)
    return b"<!DOCTYPE html>\n" + etree.tostring(plain, method="html", encoding="utf-8") + b"\n"


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _plain(root: etree._Element) -> etree._Element:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        element.tag = etree.QName(element).localname
        for name in list(element.attrib):
            if name.startswith(f"{{{EPUB_NS}}}"):
                del element.attrib[name]
            elif name == XML_LANG:
                value = element.attrib.pop(name)
                if "lang" not in element.attrib:
                    element.set("lang", value)
    etree.cleanup_namespaces(root)
    return root


