"""Turn the book's content documents into the EPUB's bytes: metadata, manifest, navigation, spine, zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

from ebooklib import epub
from lxml import etree

from edition.model.names import is_rtl
from edition.writers.book import Book, PageStart
from edition.writers.epub.documents import CSS_HREF, X, content_documents, stem_, text_of, xhtml_bytes
from edition.writers.epub.fonts import embedded_fonts, stylesheet_bytes
from edition.writers.epub.metadata import describe
from edition.writers.epub.nav import nav_document, ncx_bytes
from edition.writers.epub.pagebreaks import place_page_breaks

__all__ = ["OPF", "OPF_FOLDER", "check_package", "package_files", "package_language", "render_epub",
           "zip_package"]


OPF_FOLDER = "EPUB"                       # ebooklib's folder for everything but META-INF
OPF = f"{OPF_FOLDER}/content.opf"




# ---------------------------------------------------------------------- the package
def render_epub(book: Book, modified: dt.datetime, starts: Iterable[PageStart] = (),
                certifier: str = "") -> bytes:
    """The EPUB's bytes: metadata → manifest → navigation → spine → zip, read top to bottom.
    ``starts``: where the printed pages begin, for page-break markers and a page list;
    ``certifier``: who evaluated the book's accessibility, if anyone did."""
    documents = content_documents(book)
    pages = place_page_breaks(documents, list(starts))

    # 1. Metadata: ebooklib's model; every value comes from the TEI (or SOURCE_DATE_EPOCH).
    ebook = epub.EpubBook()
    ebook.set_identifier(book.identifier)
    describe(ebook, book, documents, bool(pages), certifier)
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
        item = epub.EpubItem(uid=f"x-{stem_(document.file)}", file_name=document.file,
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
    files[OPF] = package_language(files[OPF], book.language)
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


def package_language(opf: bytes, language: str) -> bytes:
    """The package document with ``xml:lang`` on its root: the language of its metadata (EPUB
    3.3 §5.4.1; Ace: epub-lang), which ebooklib only gives as ``dc:language``."""
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + b"\n"


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
    opf = etree.fromstring(files[OPF])
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
