"""Turn a book planned in pieces (``chunks``) into one PDF: each piece laid out and written apart, joined.

The order follows what each piece needs to know:

1. the front, laid out with its contents' page numbers guessed, for its length only (where the
   first text begins);
2. the runs of texts, each from the right-hand page after the one before (``runs``: in this
   process, or in forked workers that wait only for their first folio, ``workers``);
3. the back (the index, filled with the pages of the mentions, and the colophon after it);
4. the front again, every page of the contents written in: if it no longer ends where the guess
   ended it, everything is laid out again from the numbers now known (as the one-piece layout
   does, ``layout.Layout.book_document``);
5. the join (``join``), then the tagging fixes, once, on the joined PDF.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from edition.errors import Message
from edition.writers.book import Book, PageMap, PageStart
from edition.writers.pdf.barrier import folio_barrier, links_elsewhere
from edition.writers.pdf.chunks import Piece, next_recto
from edition.writers.pdf.finish import file_identifier, finisher, source_attachment
from edition.writers.pdf.layout import Layout, anchor_pages, fill_index, number_contents
from edition.writers.pdf.pages import page_map
from edition.writers.pdf.parts import Part
from edition.writers.pdf.progress import say_piece
from edition.writers.xhtml import XHTML

__all__ = ["ATTEMPTS", "LaidPiece", "RunPieces", "fixed", "in_process", "lay_out_piece", "render_pieces"]


ATTEMPTS = 3                  # layouts of the whole book when the contents change length


@dataclass(frozen=True)
class LaidPiece:
    """A piece as PDF, with what the others need of it (page numbers within the piece, from 1)."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    starts: tuple[PageStart, ...]
    warnings: list[Message] = field(default_factory=list)


# Lays out the runs from a first folio: in order, each with the folio after the one before.
RunPieces = Callable[[Sequence[Piece], int], list[LaidPiece]]


def lay_out_piece(layout: Layout, parts: Sequence[Part], first_folio: Callable[[int], int],
                  anchors: frozenset[str], variant: str | None, front: bool = False) -> LaidPiece:
    """One piece laid out and written: its folios from ``first_folio(its pages)``, its links to
    ``anchors`` elsewhere kept; the front carries the attachment."""
    book = layout.book
    with folio_barrier(first_folio):
        document = layout.lay_out(list(parts))
    attachments = [source_attachment(book.source, layout.base, layout.when)] if front else []
    with links_elsewhere(anchors):
        data = document.write_pdf(pdf_variant=variant, pdf_identifier=file_identifier(book),
                                  attachments=attachments, finisher=finisher(book),
                                  uncompressed_pdf=False)
    return LaidPiece(bytes(data), len(document.pages), anchor_pages(document),
                     page_map(document).starts)


def fixed(folio: int) -> Callable[[int], int]:
    """The first folio of a piece whose place is known before it is laid out."""
    return lambda _pages: folio


def in_process(layout: Layout, anchors: frozenset[str], variant: str | None) -> RunPieces:
    """Runs laid out one after the other in this process."""

    def run(pieces: Sequence[Piece], folio: int) -> list[LaidPiece]:
        laid = []
        for piece in pieces:
            laid.append(lay_out_piece(layout, piece.parts, fixed(folio), anchors, variant))
            say_piece(piece.name, len(pieces), folio, laid[-1].pages)
            folio = next_recto(folio + laid[-1].pages - 1)
        return laid

    return run


def render_pieces(book: Book, layout: Layout, pieces: Sequence[Piece], variant: str | None,
                  runner: Callable[[frozenset[str]], RunPieces] | None = None,
                  ) -> tuple[list[tuple[bytes, int]], PageMap, list[Message]]:
    """The pieces' PDFs with their first page numbers, in order, the book's page map and the
    warnings of the workers; ``runner`` lays out the runs, given the anchors of the book."""
    front, runs = pieces[0], [piece for piece in pieces if piece.kind == "run"]
    back = next((piece for piece in pieces if piece.kind == "back"), None)
    anchors = frozenset(ident for piece in pieces for part in piece.parts
                        for ident in part.element.xpath(".//@id"))
    run = runner(anchors) if runner is not None else in_process(layout, anchors, variant)
    guess: dict[str, int] = {}
    for _attempt in range(ATTEMPTS):
        number_contents(front.parts, {target: guess.get(target, 0) for target in _targets(front.parts)})
        sketch = layout.lay_out(list(front.parts))
        pages = anchor_pages(sketch)
        first_text = next_recto(len(sketch.pages))
        del sketch
        laid, folios, folio = [], [], first_text
        for piece in run(runs, first_text):
            laid.append(piece)
            folios.append(folio)
            pages.update({anchor: folio + page - 1 for anchor, page in piece.anchors.items()})
            folio = next_recto(folio + piece.pages - 1)
        if back is not None:
            filled = [Part(part.section, copy.deepcopy(part.element)) for part in back.parts]
            fill_index(filled[0].element, pages)    # a copy: a second try fills the index afresh
            laid.append(lay_out_piece(layout, filled, fixed(folio), anchors, variant))
            folios.append(folio)
            pages.update({anchor: folio + page - 1 for anchor, page in laid[-1].anchors.items()})
        number_contents(front.parts, pages)
        head = lay_out_piece(layout, front.parts, fixed(1), anchors, variant, front=True)
        if next_recto(head.pages) == first_text:
            break
        guess = pages        # the real numbers made the contents longer or shorter: again
    starts = [*head.starts]
    for piece, first in zip(laid, folios, strict=True):
        starts += [PageStart(start.page + first - 1, start.anchors) for start in piece.starts]
    warnings = [message for piece in laid for message in piece.warnings]
    return [(head.pdf, 1), *((piece.pdf, first) for piece, first in zip(laid, folios, strict=True))], \
        PageMap(tuple(starts)), warnings


def _targets(parts: Sequence[Part]) -> list[str]:
    return [link.get("href", "")[1:] for part in parts if part.section.kind == "contents"
            for link in part.element.iter(f"{{{XHTML}}}a") if link.get("href", "").startswith("#")]
