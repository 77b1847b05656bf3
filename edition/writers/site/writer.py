"""Turn a book into a static web edition: a folder of HTML5 pages, assets and a search index."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.resources import stylesheet
from edition.writers.base import Rendered, Writer
from edition.writers.book import Book, PageMap
from edition.writers.epub.documents import content_documents, text_of
from edition.writers.epub.fonts import FACES, embedded_fonts
from edition.writers.epub.pagebreaks import place_page_breaks
from edition.writers.site.chrome import SEARCH_PAGE, Links, html_bytes, page_document, search_document
from edition.writers.site.pages import site_pages
from edition.writers.site.registers import link_mentions
from edition.writers.site.search import build_index
from edition.writers.xhtml import XHTML

__all__ = ["MARKER", "SiteWriter", "site_files"]


MARKER = ".edition-site"      # says that a folder is a site this writer made (and may replace)

# The book's sheets, then the site's: the EPUB's typography (relative units, the reader's colours
# and sizes win), then the screen's frame around it.
STYLES = ("base.css", "epub.css", "site.css")

SCRIPT = Path(__file__).with_name("site.js")


class SiteWriter(Writer):
    """A static web edition of any TEI document or ``teiCorpus``: no server needed, search included.

    ``files``: what the site offers beside its pages, by path inside it (the PDF, the EPUB, the
    TEI); ``tei``: the TEI file of each text section, by section id.
    """

    name = "site"
    suffix = ""
    not_tei = "E802"

    def __init__(self, files: dict[str, Path] | None = None, tei: dict[str, str] | None = None,
                 search: bool = True) -> None:
        self.files, self.tei, self.search = files or {}, tei or {}, search

    def render(self, book: Book, target: Path, variant: str | None = None,
               pages: PageMap | None = None) -> Rendered:
        """The site written to the folder ``target``, replaced whole only when all went well."""
        where = str(book.base or "<tei>")
        _check_target(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            for relative, data in site_files(book, pages, self.links()).items():
                _put(staging / relative, data)
            for relative, source in self.files.items():
                _put(staging / relative, source.read_bytes())
            messages = build_index(staging, book.language, where) if self.search else []
            (staging / MARKER).write_bytes(b"")
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
        return Rendered(book.warnings + messages, None)

    def links(self) -> Links:
        downloads = [(_label(name), name) for name in self.files if not name.startswith("tei/")]
        whole = next((name for name in self.files if name.startswith("tei/")), "")
        return Links(downloads, self.tei, self.tei.get("", whole))


def site_files(book: Book, pages: PageMap | None, links: Links) -> dict[str, bytes]:
    """Every file of the site but the search index and the downloads, by path inside it."""
    documents = content_documents(book)
    place_page_breaks(documents, list(pages.starts) if pages else [])
    _name_page_breaks(documents)
    fonts = embedded_fonts(text_of(documents))
    site = site_pages(book, documents)
    files: dict[str, bytes] = {}
    for page in site:
        for content in page.content:
            link_mentions(content, book, page.file)
    for page in site:
        files[page.file] = html_bytes(page_document(page, book, site, links))
    files[SEARCH_PAGE] = html_bytes(search_document(book, links))
    files["assets/site.css"] = _stylesheet([name for name, _ in fonts])
    files["assets/site.js"] = SCRIPT.read_bytes()
    for name, data in fonts:
        files[f"assets/fonts/{name}"] = data
    for asset in book.assets:
        files[asset.href] = asset.path.read_bytes()
    return files


def _name_page_breaks(documents: list) -> None:
    """A page-break marker says which page of the printed PDF begins there."""
    for document in documents:
        for marker in list(document.html.iter(f"{{{XHTML}}}span")):
            if marker.get("role") == "doc-pagebreak":
                label = marker.get("title", "")
                marker.set("aria-label", f"page {label} of the printed edition")
                marker.set("title", f"page {label} of the PDF")
                marker.set("data-pagefind-ignore", "")
                marker.text = label
                _into_first_block(marker)


TEXT_BLOCKS = frozenset(f"{{{XHTML}}}{name}" for name in ("p", "li", "dt", "dd", "td", "th",
                                                            "figcaption"))


def _into_first_block(marker: etree._Element) -> None:
    """A marker outside any block (it stood before a heading: ``out_of_heading``) goes to the
    start of the first block of text after it in its section: on a web page a lone "p. 5" on
    a line of its own before the Introduction reads as a stray line; before the section's first
    words it still says where the printed page begins."""
    if any(a.tag in TEXT_BLOCKS for a in marker.iterancestors()):
        return
    block = next((b for sibling in marker.itersiblings() for b in sibling.iter(*TEXT_BLOCKS)
                  if "".join(b.itertext()).strip()), None)
    if block is None:
        return
    previous, parent = marker.getprevious(), marker.getparent()
    assert parent is not None
    if previous is not None:          # the marker's tail stays where it was
        previous.tail = (previous.tail or "") + (marker.tail or "")
    else:
        parent.text = (parent.text or "") + (marker.tail or "")
    parent.remove(marker)
    marker.tail = block.text
    block.text = None
    block.insert(0, marker)


def _stylesheet(fonts: list[str]) -> bytes:
    """``base.css`` and ``site.css`` after the ``@font-face`` rules of the cut faces."""
    faces = "".join(f'@font-face {{\n  font-family: "EB Garamond";\n  font-style: {style};\n'
                    f'  font-weight: {weight};\n  font-display: swap;\n'
                    f'  src: url("fonts/{name}");\n}}\n'
                    for (style, weight, _), name in zip(FACES, fonts, strict=True))
    return (faces + "\n").encode() + b"\n".join(stylesheet(name).read_bytes() for name in STYLES)


def _label(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].upper()
    return {"PDF": "PDF (print)", "EPUB": "EPUB (e-readers)", "XML": "TEI"}.get(suffix, name)


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _check_target(target: Path) -> None:
    """A folder is replaced only when this writer made it: never someone's other files."""
    if target.exists() and (not target.is_dir() or
                            (any(target.iterdir()) and not (target / MARKER).exists())):
        raise EditionError([Message.at(
            "E801", "error", str(target), "the site's folder exists and is not a site made by "
            "edition; it is left alone", "give another folder with -o, or empty this one", 1, 1)])
