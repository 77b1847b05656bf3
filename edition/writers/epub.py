"""Turn a TEI document or corpus into an EPUB 3: the book's XHTML sections, packaged with ebooklib.

The EPUB reuses what the HTML writer makes (``make_book``): one XHTML file per section, each
section's notes as pop-up footnotes after its text, links that cross files rewritten from an
id → file map. ebooklib holds the package model and writes the package document; the zip is then
re-packed by hand with fixed dates and order, so that the same TEI always gives the same bytes.
Nothing is read but the TEI, the images inside its folder and the project's own resources.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ebooklib import epub
from lxml import etree

from edition import __version__
from edition.errors import Message
from edition.model.names import is_rtl
from edition.model.xmlio import write_atomic
from edition.resources import Font, book_fonts, stylesheet
from edition.writers.base import Writer
from edition.writers.book import (
    Book,
    Section,
    contents_rank,
    flatten,
    make_book,
    order_contents,
    reading_order,
    require_tei,
)
from edition.writers.fonts import cut_static_faces
from edition.writers.pages import PageStart, page_starts, print_layout
from edition.writers.xhtml import EPUB_NS, XHTML, Note, h

__all__ = ["EpubWriter", "check_package", "modified_time", "render_epub"]

EPUB = f"{{{EPUB_NS}}}"
X = f"{{{XHTML}}}"
OPF_FOLDER = "EPUB"                       # ebooklib's folder for everything but META-INF
CSS_HREF = "css/epub.css"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
BODY_MATTER = {"titlepage": "frontmatter", "contents": "frontmatter", "introduction": "frontmatter",
               "principles": "frontmatter", "text": "bodymatter", "index": "backmatter",
               "sources": "backmatter", "colophon": "backmatter"}
# MARC relator codes (https://id.loc.gov/vocabulary/relators) for the words of TEI's <resp>.
RELATORS = (("edit", "edt"), ("annot", "ann"), ("transl", "trl"), ("transcri", "trc"),
            ("encod", "mrk"), ("markup", "mrk"), ("compil", "com"), ("author", "aut"))
# The faces embedded: EB Garamond's variable fonts cut to static instances, which every reading
# system understands (variable fonts are not supported everywhere).
FACES = (("normal", 400, "Regular"), ("italic", 400, "Italic"), ("normal", 700, "Bold"),
         ("italic", 700, "BoldItalic"))
ALWAYS_CHARS = "".join(map(chr, range(0x20, 0x7F))) + "\u00a0–—‘’“”…•·§¶†‡×°\u2009\u200a"


# The page list needs the book laid out for print (about 0.07 ms a character): up to this many
# characters (some 170 printed pages, 15 s) it is made unless refused; beyond, only if asked.
PAGE_LIST_LIMIT = 250_000
# EPUB-only text, which the printed page does not have: not counted when placing page breaks.
NOT_PRINTED = frozenset({"noteref", "footnotes", "mention-text", "pagebreak"})


@dataclass
class NavPoint:
    """An entry of the table of contents: its label, where it leads, its language, its parts."""

    title: str
    href: str
    lang: str | None = None
    children: list[NavPoint] = field(default_factory=list)


@dataclass
class Document:
    """One XHTML file of the EPUB: the section it holds, its file name, its tree."""

    section: Section
    file: str
    html: etree._Element
    ids: list[str] = field(default_factory=list)


class EpubWriter(Writer):
    """EPUB 3 of any TEI document or ``teiCorpus``; EPUBCheck-clean and reproducible."""

    name = "epub"
    suffix = ".epub"

    def __init__(self, page_list: bool | None = None,
                 printed: list[PageStart] | None = None) -> None:
        """``page_list``: mark the pages of the printed edition (True), not (False), or when the
        book is short enough to lay out quickly (None, the default). ``printed``: where the
        pages begin, when the PDF was just laid out (``edition build``): no second layout."""
        self.page_list = page_list
        self.printed = printed

    def write(self, tree: etree._ElementTree, target: Path, base: Path | None = None,
              variant: str | None = None) -> list[Message]:
        where = str(base or "<tei>")
        require_tei(tree, base, "E602")
        book = make_book(tree, base)
        modified, messages = modified_time(book, where)
        starts, more = self.printed_pages(book, base, where)
        data = render_epub(book, modified, starts)
        write_atomic(target, data)       # a failed write leaves no partial .epub behind
        return book.warnings + messages + more

    def printed_pages(self, book: Book, base: Path | None,
                      where: str) -> tuple[list[PageStart], list[Message]]:
        """Where the pages of the PDF begin, if the book gets a page list."""
        size = book_length(book)
        if self.page_list is False:
            return [], []
        if self.printed is not None:
            return self.printed, []
        if self.page_list is None and size > PAGE_LIST_LIMIT:
            pages = size // 1500
            return [], [Message.at(
                "W602", "warning", where, f"no page list of the printed edition: the book is long "
                f"(about {pages} printed pages would be laid out first, some {pages // 10} s)",
                "edition epub --page-list makes one anyway", 1, 1)]
        return page_starts(print_layout(book, base)), []


def book_length(book: Book) -> int:
    """The characters of the book, notes included: what the page layout has to set."""
    return sum(len("".join(s.body.itertext())) + sum(len("".join(n.content.itertext()))
                                                     for n in s.notes) for s in book.sections)


def modified_time(book: Book, where: str) -> tuple[dt.datetime, list[Message]]:
    """When the publication was last modified: the book's date (``SOURCE_DATE_EPOCH``, else the
    TEI's own date); never the clock. Without either, 1970-01-01 and a warning."""
    when = book.published
    if when is not None:
        return when, []
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC), [Message.at(
        "W601", "warning", where, "the document gives no date of publication; the EPUB's "
        "modification date is 1970-01-01", 'add publicationStmt/date when="YYYY-MM-DD", or set '
        "SOURCE_DATE_EPOCH", 1, 1)]


# ---------------------------------------------------------------------- the package
def render_epub(book: Book, modified: dt.datetime, starts: Iterable[PageStart] = ()) -> bytes:
    """The EPUB's bytes: metadata → manifest → navigation → spine → zip, read top to bottom.
    ``starts``: where the printed pages begin, for page-break markers and a page list."""
    documents = content_documents(book)
    pages = place_page_breaks(documents, list(starts))

    # 1. Metadata: ebooklib's model; every value comes from the TEI (or SOURCE_DATE_EPOCH).
    ebook = epub.EpubBook()
    ebook.set_identifier(book.identifier)
    describe(ebook, book, documents, bool(pages))
    if is_rtl(book.language):
        ebook.set_direction("rtl")

    # 2. Manifest: the stylesheet, the typeface cut to the characters used, the images, and one
    #    XHTML file per section. Content documents are plain items, written as given: ebooklib's
    #    EpubHtml would re-render them and drop their stylesheet link from the head.
    fonts = embedded_fonts(text_of(documents))
    ebook.add_item(epub.EpubItem(uid="css", file_name=CSS_HREF, media_type="text/css",
                                 content=stylesheet_bytes(fonts)))
    for number, (name, data) in enumerate(fonts, start=1):
        ebook.add_item(epub.EpubItem(uid=f"font-{number}", file_name=f"fonts/{name}",
                                     media_type="font/ttf", content=data))
    for number, asset in enumerate(book.assets, start=1):
        ebook.add_item(epub.EpubItem(uid=f"image-{number}", file_name=asset.href,
                                     media_type=asset.media_type, content=asset.path.read_bytes()))
    items = []
    for document in documents:
        item = epub.EpubItem(uid=f"x-{_stem(document.file)}", file_name=document.file,
                             media_type="application/xhtml+xml", content=xhtml_bytes(document.html))
        ebook.add_item(item)
        items.append(item)

    # 3. Navigation: the nav document (contents, landmarks, the printed pages) for EPUB 3
    #    reading systems and an NCX with the same contents for older ones; neither is read in
    #    the reading order.
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml",
                        content=xhtml_bytes(nav_document(book, documents, pages)))
    nav.properties = ["nav"]
    ebook.add_item(nav)
    ebook.add_item(epub.EpubItem(uid="ncx", file_name="toc.ncx", media_type="application/x-dtbncx+xml",
                                 content=ncx_bytes(book, documents)))

    # 4. Spine: every section in the printed order, all linear (no cover page pushed out).
    ebook.spine = items

    # 5. Zip: ebooklib writes the package to memory; it is re-packed with fixed dates and order.
    files = package_files(ebook, modified)
    check_package(files)
    return zip_package(files, modified)


def package_files(ebook: epub.EpubBook, modified: dt.datetime) -> dict[str, bytes]:
    """Every file of the package, in ebooklib's order (mimetype, container, OPF, items)."""
    buffer = io.BytesIO()
    options = {"mtime": modified, "epub2_guide": False, "epub3_landmark": False,
               "epub3_pages": False, "package_direction": True}
    epub.EpubWriter(buffer, ebook, options).write()
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_package(files: dict[str, bytes], modified: dt.datetime) -> bytes:
    """The OCF zip: ``mimetype`` first and stored, then the rest deflated, every entry dated
    ``modified`` (zip cannot say earlier than 1980) with fixed permissions."""
    when = max(modified, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    names = ["mimetype", *(n for n in files if n != "mimetype")]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            data = b"application/epub+zip" if name == "mimetype" else files[name]
            archive.writestr(info, data, compresslevel=9 if name != "mimetype" else None)
    return buffer.getvalue()


def check_package(files: dict[str, bytes]) -> None:
    """Guard against ebooklib 0.20's known traps; a broken package is a bug, not a user's error."""
    opf = etree.fromstring(files[f"{OPF_FOLDER}/content.opf"])
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    ids = opf.xpath("//@id")
    _require(len(ids) == len(set(ids)), "duplicate ids in the package document")
    _require(not opf.xpath("//opf:itemref[@linear='no']", namespaces=ns), "a non-linear spine item")
    _require(all((t.text or "").strip() for t in opf.xpath("//dc:title", namespaces=ns)),
             "an empty title")
    for href in opf.xpath("//opf:item[@media-type='application/xhtml+xml']/@href", namespaces=ns):
        head = etree.fromstring(files[f"{OPF_FOLDER}/{href}"]).find(f"{X}head")
        _require(head is not None and head.find(f"{X}link[@rel='stylesheet']") is not None,
                 f"{href} has lost its stylesheet")
        _require(head is not None and bool((head.findtext(f"{X}title") or "").strip()),
                 f"{href} has no title")


def _require(condition: bool, problem: str) -> None:
    if not condition:
        raise RuntimeError(f"the EPUB package is broken ({problem}); this is a bug")


# ---------------------------------------------------------------------- metadata
def describe(ebook: epub.EpubBook, book: Book, documents: list[Document], paged: bool) -> None:
    """Title, people, language, dates, rights, subjects and the accessibility metadata."""
    ebook.add_metadata("DC", "title", book.title or "Untitled", {"id": "title"})
    ebook.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if book.subtitle:
        ebook.add_metadata("DC", "title", book.subtitle, {"id": "subtitle"})
        ebook.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    ebook.set_language(book.language)
    for number, author in enumerate(book.authors, start=1):
        # Unique ids: ebooklib's add_author gives every creator the id "creator".
        ebook.add_author(author, role="aut", uid=f"creator-{number}")
    for number, (name, role) in enumerate(book.editors, start=1):
        ident = f"contributor-{number}"
        ebook.add_metadata("DC", "contributor", name, {"id": ident})
        ebook.add_metadata(None, "meta", relator(role),
                           {"refines": f"#{ident}", "property": "role", "scheme": "marc:relators"})
    if re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", book.date):
        ebook.add_metadata("DC", "date", book.date)
    if book.publisher:
        ebook.add_metadata("DC", "publisher", book.publisher)
    if book.rights:
        ebook.add_metadata("DC", "rights", book.rights)
    for subject in book.subjects:
        ebook.add_metadata("DC", "subject", subject)
    for prop, value in accessibility(book, documents, paged):
        ebook.add_metadata(None, "meta", value, {"property": prop})


def relator(role: str) -> str:
    words = role.lower()
    return next((code for stem, code in RELATORS if stem in words), "ctb")


def accessibility(book: Book, documents: list[Document], paged: bool) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 metadata, each statement true of this book's content."""
    images = [img for d in documents for img in d.html.iter(f"{X}img")]
    described = all(img.get("alt", "").strip() for img in images)
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if book.section("index") is not None:
        features.append("index")
    if any(d.html.find(f".//{X}ruby") is not None for d in documents):
        features.append("rubyAnnotations")
    if images and described:
        features.append("alternativeText")
    if paged:
        features += ["pageBreakMarkers", "pageNavigation"]
    meta = [("schema:accessMode", "textual")]
    if images:
        meta.append(("schema:accessMode", "visual"))
    meta.append(("schema:accessModeSufficient", "textual" if not images or described else "textual,visual"))
    if images:
        meta.append(("schema:accessModeSufficient", "textual,visual"))
    meta += [("schema:accessibilityFeature", f) for f in features]
    meta.append(("schema:accessibilityHazard", "none"))
    meta.append(("schema:accessibilitySummary",
                 accessibility_summary(book, images, described, paged)))
    meta.append(("dcterms:conformsTo", CONFORMANCE))
    meta.append(("a11y:certifiedBy", book.publisher or f"edition {__version__}"))
    return meta


def accessibility_summary(book: Book, images: list[etree._Element], described: bool,
                          paged: bool) -> str:
    parts = ["The text is structured with headings in order and a table of contents that links "
             "to every text and its divisions; editorial notes are footnotes linked to and from "
             "their call in the text"]
    if book.section("index") is not None:
        parts.append("an index of names links back to every mention")
    if paged:
        parts.append("page-break markers and a page list give the pages of the printed (PDF) "
                     "edition made from the same TEI")
    summary = "; ".join(parts) + ". The language of every passage is marked, and the reader's " \
        "settings for typeface, size and colours are respected; no information is conveyed by " \
        "colour, sound or motion alone."
    if images:
        summary += " Images have text descriptions." if described else \
            " Some images have no text description."
    return summary


# ---------------------------------------------------------------------- content documents
def content_documents(book: Book) -> list[Document]:
    """One XHTML document per section, notes appended, links across files rewritten."""
    documents = []
    used: set[str] = set()
    for section in reading_order(book):
        name = _unique(f"{_safe_name(section.id)}.xhtml", used)
        documents.append(Document(section, name, xhtml_page(section, book)))
    titles = {section.id: section.title for section in book.sections}
    rank = contents_rank([document.section for document in documents])
    for document in documents:
        label_mentions(document.html, titles)
        neutral_colours(document.html)
        if document.section.kind == "contents":
            order_contents(document.html, rank)
    where = id_map(documents)
    for document in documents:
        relink(document, where)
    return documents


def label_mentions(html: etree._Element, titles: dict[str, str]) -> None:
    """In the index, each group of back-links is named by its text: "Title: 1, 2; Other: 1"
    (page numbers say where a mention is in print; in an EPUB the text's title must)."""
    for group in html.iter(f"{X}span"):
        if group.get("class") != "mention-group" or group.get("data-section") not in titles:
            continue
        label = h("span", titles[group.get("data-section", "")], class_="mention-text")
        label.tail = ": " + (group.text or "")
        group.text = None
        group.insert(0, label)


COLOUR = re.compile(r"^\s*(color|background(-color|-image)?|border(-\w+)?-color)\s*:", re.I)


def neutral_colours(html: etree._Element) -> None:
    """The source's colours (TEI @rendition) are dropped: a fixed colour defeats the reader's
    night mode and would say something by colour alone (WCAG 1.4.1)."""
    for element in html.iter():
        style = element.get("style") if isinstance(element.tag, str) else None
        if not style:
            continue
        kept = [rule for rule in style.split(";") if rule.strip() and not COLOUR.match(rule)]
        if kept:
            element.set("style", ";".join(kept).strip())
        else:
            del element.attrib["style"]


def _safe_name(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", ident).strip(".") or "section"


def _stem(file: str) -> str:
    return file.rsplit(".", 1)[0]


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate.lower() in used:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    used.add(candidate.lower())
    return candidate


def xhtml_page(section: Section, book: Book) -> etree._Element:
    """A whole XHTML document for a section: head with title and stylesheet, body, footnotes."""
    html = etree.Element(f"{X}html", nsmap={None: XHTML, "epub": EPUB_NS})
    lang = section.lang or book.language
    html.set("lang", lang)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    if is_rtl(lang):
        html.set("dir", "rtl")
    head = etree.SubElement(html, f"{X}head")
    etree.SubElement(head, f"{X}title").text = page_title(section, book)
    etree.SubElement(head, f"{X}link", rel="stylesheet", type="text/css", href=CSS_HREF)
    body = etree.SubElement(html, f"{X}body")
    body.set(f"{EPUB}type", BODY_MATTER.get(section.kind, "bodymatter"))
    content = copy.deepcopy(section.body)
    body.append(content)
    if section.notes:
        content.append(footnotes(section.notes))
    return html


def page_title(section: Section, book: Book) -> str:
    title = " ".join(section.title.split()) or book.title or "Untitled"
    return title if section.kind != "titlepage" else book.title or title


def footnotes(notes: list[Note]) -> etree._Element:
    """The section's notes as pop-up footnotes: an ``aside`` each, the link back first (Kobo and
    Apple Books show the aside alone; a back-link at the end is easily missed)."""
    block = h("section", class_="footnotes", epub_type="footnotes", aria_label="Notes")
    for note in notes:
        block.append(footnote(note))
    return block


def footnote(note: Note) -> etree._Element:
    aside = h("aside", id=note.id, class_=f"footnote note-{note.kind}" if note.kind else "footnote",
              epub_type="footnote", role="doc-footnote")
    body = copy.deepcopy(note.content)
    if body.get("lang"):
        aside.set("lang", body.get("lang", ""))
        aside.set("{http://www.w3.org/XML/1998/namespace}lang", body.get("lang", ""))
    back = h("a", f"{note.number}.", class_="note-backlink", href=f"#{note.ref_id}",
             role="doc-backlink", title="back to the text")
    first = body[0] if len(body) and body[0].tag == f"{X}p" and not (body.text or "").strip() \
        else None
    if first is None:
        first = h("p")
        first.text, body.text = body.text, None
        body.insert(0, first)
    back.tail = " " + (first.text or "")
    first.text = None
    first.insert(0, back)
    aside.text = body.text
    aside.extend(list(body))
    return aside


def id_map(documents: list[Document]) -> dict[str, str]:
    """Which file holds each id; an id used twice keeps its first place and the later ones are
    renamed, so that every file is valid and every link has one target."""
    where: dict[str, str] = {}
    for document in documents:
        for element in document.html.iter():
            ident = element.get("id") if isinstance(element.tag, str) else None
            if not ident:
                continue
            if ident in where:
                number = 2
                while f"{ident}-{number}" in where:
                    number += 1
                ident = f"{ident}-{number}"
                element.set("id", ident)
            where[ident] = document.file
            document.ids.append(ident)
    return where


def relink(document: Document, where: dict[str, str]) -> None:
    """``#id`` links to another file become ``file.xhtml#id``; a link to nothing becomes text."""
    for link in list(document.html.iter(f"{X}a")):
        href = link.get("href", "")
        if not href.startswith("#"):
            continue
        target = where.get(href[1:])
        if target is None:
            link.tag = f"{X}span"
            for attribute in ("href", "role", f"{EPUB}type"):
                link.attrib.pop(attribute, None)
        elif target != document.file:
            link.set("href", f"{target}{href}")


def xhtml_bytes(html: etree._Element) -> bytes:
    """The XHTML serialisation, with the ``epub`` prefix declared once on the root."""
    etree.cleanup_namespaces(html, top_nsmap={None: XHTML, "epub": EPUB_NS})
    return etree.tostring(html, xml_declaration=True, encoding="utf-8",
                          doctype="<!DOCTYPE html>") + b"\n"


def text_of(documents: list[Document]) -> str:
    """Every character a reader may see: the texts, the titles, the alternative texts."""
    seen: set[str] = set(ALWAYS_CHARS)
    for document in documents:
        # One string per document, not one set update per text node: large books have many.
        seen.update("".join(document.html.itertext()))
        seen.update("".join(document.html.xpath("descendant-or-self::*/@alt | descendant-or-self::*/@title")))
        seen.update(document.section.title)
    return "".join(sorted(seen))


# ---------------------------------------------------------------------- the printed pages
def place_page_breaks(documents: list[Document],
                      starts: list[PageStart]) -> list[tuple[str, str]]:
    """A page-break marker where each printed page begins, before the same word as in the PDF;
    returns each page's (label, href) for the page list."""
    elements = {e.get("id"): (d, e) for d in documents for e in d.html.iter()
                if isinstance(e.tag, str) and e.get("id")}
    taken = set(elements)
    pages = []
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
        put_before_letter(element, found[1], marker)
        pages.append((label, f"{document.file}#{ident}"))
    return pages


def _unique_id(wanted: str, taken: set[str]) -> str:
    ident, number = wanted, 1
    while ident in taken:
        number += 1
        ident = f"{wanted}-{number}"
    taken.add(ident)
    return ident


def put_before_letter(element: etree._Element, offset: int, marker: etree._Element) -> None:
    """Insert ``marker`` before the word that holds the letter (or digit) after the first
    ``offset`` of ``element``, counting as print does (EPUB-only text left out); at the end of
    the element if it has fewer."""
    seen = 0
    for owner, slot in _printed_texts(element):
        text = (owner.text if slot == "text" else owner.tail) or ""
        positions = [i for i, char in enumerate(text) if char.isalnum()]
        if seen + len(positions) <= offset:
            seen += len(positions)
            continue
        index = positions[offset - seen]
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
        return
    element.append(marker)


def _printed_texts(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """The text slots of an element in reading order, without what only the EPUB shows."""
    yield element, "text"
    for child in element:
        if isinstance(child.tag, str) and not NOT_PRINTED & set(child.get("class", "").split()):
            yield from _printed_texts(child)
        yield child, "tail"


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


# ---------------------------------------------------------------------- styles and fonts
def stylesheet_bytes(fonts: list[tuple[str, bytes]]) -> bytes:
    """``styles/epub.css`` after the ``@font-face`` rules of the embedded faces."""
    faces = []
    for (style, weight, label), (name, _) in zip(FACES, fonts, strict=True):
        assert label in name
        faces.append(f'@font-face {{\n  font-family: "EB Garamond";\n  font-style: {style};\n'
                     f'  font-weight: {weight};\n  src: url("../fonts/{name}");\n}}\n')
    return ("".join(faces) + "\n").encode() + stylesheet("epub.css").read_bytes()


def embedded_fonts(chars: str) -> list[tuple[str, bytes]]:
    """EB Garamond (SIL Open Font License) regular, italic, bold and bold italic, each a static
    instance cut down to ``chars``: (file name, bytes)."""
    sources = {font.style: font for font in book_fonts()}
    weights = tuple(sorted({weight for _, weight, _ in FACES}))
    return [(f"EBGaramond-{label}.ttf", static_faces(sources[style], weights, chars)[weight])
            for style, weight, label in FACES]


@lru_cache(maxsize=8)
def static_faces(font: Font, weights: tuple[int, ...], chars: str) -> dict[int, bytes]:
    """Static instances of a variable font at ``weights``, with only the glyphs for ``chars``
    (HarfBuzz where installed, else fontTools: see ``edition.writers.fonts``)."""
    return cut_static_faces(font.path.read_bytes(), weights, chars)
