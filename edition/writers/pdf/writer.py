"""Turn a book into a printable PDF/A: the PDF writer, a shell over the book.

The book (``writers.book``) is serialised as one HTML document, each editorial note placed at
its call as a footnote (``parts``, ``footnotes``), laid out by WeasyPrint with the index and the
contents given their page numbers (``layout``), and finished (``finish``): PDF/A-3a by default,
the TEI it was rendered from attached (AFRelationship /Source), no clock read, nothing fetched
outside the edition's folder and the package's own resources (``safety``).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from edition.cache import PieceCache
from edition.errors import Message
from edition.model.xmlio import write_atomic
from edition.writers.base import Rendered, Writer
from edition.writers.book import Book, PageMap, make_book, require_tei
from edition.writers.pdf.chunked import Shared, render_pieces
from edition.writers.pdf.chunks import CHUNK_BLOCKS, Piece, chunk_budget, plan_pieces
from edition.writers.pdf.finish import (
    file_identifier,
    finisher,
    font_clock,
    link_descriptions,
    page_references_once,
    source_attachment,
    source_file,
)
from edition.writers.pdf.joiner import JoinPlan, join_apart
from edition.writers.pdf.layout import Layout
from edition.writers.pdf.levers import all_levers
from edition.writers.pdf.pages import page_map
from edition.writers.pdf.parts import Part, print_parts
from edition.writers.pdf.progress import pdf_progress, say_pieces_kept
from edition.writers.pdf.safety import renderer_messages
from edition.writers.pdf.setup import PageSetup, checked_variant, is_tagged
from edition.writers.pdf.tagging import fix_tagging, marked_structure
from edition.writers.pdf.textlayer import cluster_text_layer
from edition.writers.pdf.workers import default_jobs, runner

__all__ = ["PdfWriter", "render_book", "render_pdf"]


class PdfWriter(Writer):
    """The printed book: ``edition build`` writes ``build/edition.pdf`` with it."""

    name = "pdf"
    suffix = ".pdf"
    not_tei = "E404"

    def __init__(self, page: PageSetup | None = None, jobs: int | str = 0,
                 chunk_blocks: int | str | None = None, cache: str | Path | None = None) -> None:
        """``jobs``: processes laying out a long book's runs (0: one per core, 1: this one);
        ``cache``: the build folder whose ``.cache`` keeps the pieces' PDFs between renders."""
        self.page = page or PageSetup()
        self.jobs = int(jobs) or default_jobs()
        self.chunk_blocks = int(chunk_blocks) if chunk_blocks else chunk_budget()
        self.cache_folder = Path(cache) if cache else None
        self.cache = PieceCache(self.cache_folder)
        # Told the page map as soon as the pages are laid out, before they are drawn: the EPUB's
        # page list can be written meanwhile (``edition.overlap``).
        self.on_pages: Callable[[PageMap], None] | None = None

    @staticmethod
    def progress(say: Callable[[str], None]) -> contextlib.AbstractContextManager[object]:
        """A long book is minutes of layout: its pages so far, every hundred."""
        return pdf_progress(say)

    def write(self, tree: etree._ElementTree, target: Path, base: Path | None = None,
              variant: str | None = None) -> list[Message]:
        checked_variant(variant)                # an unknown variant is refused before any work
        return super().write(tree, target, base, variant)

    def render(self, book: Book, target: Path, variant: str | None = None,
               pages: PageMap | None = None) -> Rendered:
        """The PDF written to ``target``; the page map it returns is the EPUB's page list."""
        self.cache = PieceCache(self.cache_folder)         # counts and keeps this render's pieces
        data, warnings, laid_out = render_book(book, variant, self.page, self.chunk_blocks, self.jobs,
                                                 self.cache, self.on_pages)
        if self.cache.laid_out or self.cache.reused:      # a chunked book: what was done again
            say_pieces_kept(self.cache.laid_out, self.cache.reused)
        write_atomic(target, data)
        return Rendered(warnings, laid_out)


def render_pdf(tree: etree._ElementTree, base: Path | None = None, variant: str | None = None,
               page: PageSetup | None = None) -> tuple[bytes, list[Message], PageMap]:
    """The PDF of a TEI document or ``teiCorpus``, the warnings met on the way, and where each
    page begins (which the EPUB's page list marks)."""
    checked_variant(variant)
    require_tei(tree, base, PdfWriter.not_tei)
    return render_book(make_book(tree, base), variant, page)


def render_book(book: Book, variant: str | None = None, page: PageSetup | None = None,
                chunk_blocks: int = CHUNK_BLOCKS, jobs: int = 1, cache: PieceCache | None = None,
                on_pages: Callable[[PageMap], None] | None = None,
                ) -> tuple[bytes, list[Message], PageMap]:
    """The PDF of an assembled book, its warnings and its page map: laid out in pieces of about
    ``chunk_blocks`` blocks (``chunks``) when it has more than one, in ``jobs`` processes
    (``workers``), the pieces kept in ``cache``; else in one piece. ``on_pages`` is given the
    page map once the pages are laid out, before they are drawn and finished."""
    told = on_pages or (lambda _pages: None)
    chosen = checked_variant(variant)
    base, when = book.base, book.published
    layout = Layout(book, base, page or PageSetup(), when)
    parts = print_parts(book)
    # The join rebuilds one structure tree from the pieces' trees: an untagged variant (pdf/a-2b,
    # a plain PDF) has none, so it is laid out in one piece, as it always was.
    pieces = plan_pieces(parts, chunk_blocks) if is_tagged(chosen) else None
    if pieces is not None:
        return _render_chunked(book, layout, parts, pieces, chosen, jobs, cache or PieceCache(None),
                               told)
    with (renderer_messages(base) as renderer_warnings, font_clock(when), page_references_once(),
          all_levers(), marked_structure(), cluster_text_layer()):
        document = layout.book_document(parts)
        laid_out = page_map(document)
        told(laid_out)
        data = document.write_pdf(
            pdf_variant=chosen,
            pdf_identifier=file_identifier(book),
            attachments=[source_attachment(book.source, base, when)],
            finisher=finisher(book),
            uncompressed_pdf=False,
        )
    warnings = book.warnings + layout.fetcher.messages(base) + renderer_warnings
    # WeasyPrint's tagging falls short of PDF/UA in places: fixed on the final file.
    return fix_tagging(bytes(data), link_descriptions(book)), warnings, laid_out


def _render_chunked(book: Book, layout: Layout, parts: list[Part], pieces: list[Piece], variant: str | None,
                    jobs: int, cache: PieceCache, told: Callable[[PageMap], None],
                    ) -> tuple[bytes, list[Message], PageMap]:
    """The book laid out in ``pieces``, each written to a spool folder with its tagging fixed
    (``chunked``, ``workers``), joined one by one in a fresh process (``joiner``, ``join``); the
    spool removed after."""
    base, when = book.base, book.published
    with tempfile.TemporaryDirectory(prefix="edition-pdf-") as spool:
        shared = Shared(layout, _anchors(parts), variant, cache, Path(spool))
        with (renderer_messages(base) as renderer_warnings, font_clock(when), page_references_once(),
              all_levers(), marked_structure(), cluster_text_layer()):
            pdfs, laid_out, piece_warnings = render_pieces(shared, pieces, runner(shared, jobs))
        told(laid_out)                  # the EPUB may go on while the pieces are joined
        data, name, stamp = source_file(book)
        source = Path(spool) / "source.xml"
        source.write_bytes(data)
        del data
        target = Path(spool) / "joined.pdf"
        join_apart(JoinPlan([(str(path), first) for path, first in pdfs], str(target), str(source), name,
                            stamp.isoformat(), variant, link_descriptions(book)), Path(spool))
        data = target.read_bytes()
    shared.cache.prune()
    warnings = book.warnings + layout.fetcher.messages(base) + renderer_warnings + piece_warnings
    return data, warnings, laid_out


def _anchors(parts: list[Part]) -> frozenset[str]:
    """Every id of the book: a link to one is kept in any piece (a named destination)."""
    return frozenset(ident for part in parts for ident in part.element.xpath(".//@id"))
