"""Turn the book's contents into the EPUB's navigation: the nav document, landmarks and the NCX."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from edition.writers.book import Book, flatten
from edition.writers.epub.documents import CSS_HREF, EPUB, Document, X
from edition.writers.xhtml import EPUB_NS, XHTML, h

__all__ = ["HEADING_TAGS", "NavPoint", "landmarks", "nav_document", "nav_tree", "ncx_bytes"]


@dataclass
class NavPoint:
    """An entry of the table of contents: its label, where it leads, its language, its parts."""

    title: str
    href: str
    lang: str | None = None
    children: list[NavPoint] = field(default_factory=list)


# ---------------------------------------------------------------------- navigation
HEADING_TAGS = tuple(f"{{{XHTML}}}h{level}" for level in range(1, 7))


def nav_tree(book: Book, documents: list[Document]) -> list[NavPoint]:
    """The contents as one tree for the whole book. A long text split into several files hangs
    its parts under its title, by heading level; a heading in another language says so."""
    roots: list[NavPoint] = []
    stack: list[tuple[int, NavPoint]] = []
    for document in documents:
        if document.section.kind == "titlepage":
            roots.append(NavPoint("Title page", document.file))
        if document.section.kind in ("titlepage", "contents"):
            continue
        headings = {e.get("id"): e for e in document.html.iter(*HEADING_TAGS) if e.get("id")}
        for entry in flatten(document.section.toc):
            lang = _language(headings[entry.id]) if entry.id in headings else None
            point = NavPoint(entry.title, f"{document.file}#{entry.id}",
                             lang if lang != book.language else None)
            while stack and stack[-1][0] >= entry.level:
                stack.pop()
            (stack[-1][1].children if stack else roots).append(point)
            stack.append((entry.level, point))
    return roots


def _language(element: etree._Element) -> str | None:
    for ancestor in (element, *element.iterancestors()):
        if ancestor.get("lang"):
            return ancestor.get("lang")
    return None


def nav_document(book: Book, documents: list[Document],
                 pages: list[tuple[str, str]]) -> etree._Element:
    """The EPUB navigation document: the table of contents, the landmarks, the printed pages."""
    html = etree.Element(f"{X}html", nsmap={None: XHTML, "epub": EPUB_NS})
    html.set("lang", book.language)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", book.language)
    head = etree.SubElement(html, f"{X}head")
    etree.SubElement(head, f"{X}title").text = "Contents"
    etree.SubElement(head, f"{X}link", rel="stylesheet", type="text/css", href=CSS_HREF)
    body = etree.SubElement(html, f"{X}body")
    body.set(f"{EPUB}type", "frontmatter")
    toc = h("nav", h("h1", "Contents"), id="toc", epub_type="toc", role="doc-toc")
    toc.append(_nav_list(nav_tree(book, documents)))
    body.append(toc)
    body.append(landmarks(book, documents))
    if pages:
        listing = h("ol", *(h("li", h("a", label, href=href)) for label, href in pages))
        body.append(h("nav", h("h2", "Pages of the printed edition"), listing, id="page-list",
                      epub_type="page-list", role="doc-pagelist", hidden="hidden"))
    return html


def _nav_list(points: list[NavPoint]) -> etree._Element:
    listing = h("ol")
    for point in points:
        link = h("a", point.title, href=point.href)
        if point.lang:
            link.set("lang", point.lang)
            link.set("{http://www.w3.org/XML/1998/namespace}lang", point.lang)
        item = h("li", link)
        if point.children:
            item.append(_nav_list(point.children))
        listing.append(item)
    return listing


def landmarks(book: Book, documents: list[Document]) -> etree._Element:
    file_of = {d.section.kind: d.file for d in reversed(documents)}
    marks = [("titlepage", "titlepage", "Title page"), ("toc", "contents", "Contents"),
             ("bodymatter", "text", "Start of the texts"), ("index", "index", "Index of names")]
    listing = h("ol")
    for kind, section_kind, label in marks:
        if section_kind in file_of:
            listing.append(h("li", h("a", label, href=file_of[section_kind], epub_type=kind)))
    return h("nav", h("h2", "Landmarks"), listing, id="landmarks", epub_type="landmarks",
             hidden="hidden")


def ncx_bytes(book: Book, documents: list[Document]) -> bytes:
    """The EPUB 2 table of contents (NCX), for reading systems that predate the nav document."""
    ncx_ns = "http://www.daisy.org/z3986/2005/ncx/"
    root = etree.Element(f"{{{ncx_ns}}}ncx", nsmap={None: ncx_ns}, version="2005-1")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", book.language)
    head = etree.SubElement(root, f"{{{ncx_ns}}}head")
    etree.SubElement(head, f"{{{ncx_ns}}}meta", name="dtb:uid", content=book.identifier)
    title = etree.SubElement(root, f"{{{ncx_ns}}}docTitle")
    etree.SubElement(title, f"{{{ncx_ns}}}text").text = book.title or "Untitled"
    nav_map = etree.SubElement(root, f"{{{ncx_ns}}}navMap")
    counter = iter(range(1, 1_000_000))

    def add(parent: etree._Element, points: list[NavPoint]) -> None:
        for point in points:
            nav_point = etree.SubElement(parent, f"{{{ncx_ns}}}navPoint", id=f"np-{next(counter)}")
            label = etree.SubElement(nav_point, f"{{{ncx_ns}}}navLabel")
            etree.SubElement(label, f"{{{ncx_ns}}}text").text = point.title
            etree.SubElement(nav_point, f"{{{ncx_ns}}}content", src=point.href)
            add(nav_point, point.children)

    add(nav_map, nav_tree(book, documents))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + b"\n"
