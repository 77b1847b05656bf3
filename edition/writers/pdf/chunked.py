"""Turn a book planned in pieces (``chunks``) into one PDF: each piece laid out and written apart, joined.

The order follows what each piece needs to know:

1. the front, laid out with its contents' page numbers guessed, for its length only (where the
   first text begins);
2. the runs of texts, each from the right-hand page after the one before (``in_process`` here,
   or forked workers that wait only for their first folio, ``workers``);
3. the back (the index, filled with the pages of the mentions, and the colophon after it);
4. the front again, every page of the contents written in: if it no longer ends where the guess
   ended it, everything is laid out again from the numbers now known (as the one-piece layout
   does, ``layout.Layout.book_document``);
5. the join (``join``), the TEI attached there (no piece carries it), then the tagging fixes,
   once, on the joined PDF (``writer``).

Every piece is kept in the chunk cache (``edition.cache.PieceCache``) under the hash of what its
bytes depend on (``piece_key``), with its first folio: a piece whose inputs and folio are those
of the last render is not laid out again, and its page count is known before anything is.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from edition.cache import PieceCache, hash_parts, render_environment, styles_digest, tool_digest
from edition.errors import Message
from edition.resources import book_fonts
from edition.writers.book import PageMap, PageStart
from edition.writers.pdf.barrier import folio_barrier, links_elsewhere
from edition.writers.pdf.chunks import Piece, next_recto
from edition.writers.pdf.finish import file_identifier, finisher
from edition.writers.pdf.layout import Layout, anchor_pages, fill_index, number_contents
from edition.writers.pdf.pages import page_map
from edition.writers.pdf.parts import Part, book_html
from edition.writers.pdf.progress import say_piece
from edition.writers.xhtml import XHTML

__all__ = ["ATTEMPTS", "LaidPiece", "RunPieces", "Shared", "fixed", "in_process", "lay_out_piece",
           "piece_key", "render_pieces"]


ATTEMPTS = 3                  # layouts of the whole book when the contents change length


@dataclass(frozen=True)
class LaidPiece:
    """A piece as PDF, with what the others need of it (page numbers within the piece, from 1)."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    starts: tuple[PageStart, ...]
    folio: int = 1
    warnings: list[Message] = field(default_factory=list)

    def meta(self) -> dict[str, object]:
        return {"pages": self.pages, "anchors": self.anchors, "folio": self.folio,
                "starts": PageMap(self.starts).to_json()}

    @classmethod
    def cached(cls, entry: tuple[bytes, dict[str, object]] | None) -> LaidPiece | None:
        if entry is None:
            return None
        data, meta = entry
        starts = PageMap.from_json(meta.get("starts"))
        pages, anchors, folio = meta.get("pages"), meta.get("anchors"), meta.get("folio")
        if starts is None or not isinstance(pages, int) or not isinstance(anchors, dict) \
                or not isinstance(folio, int):
            return None
        return cls(data, pages, {str(k): int(v) for k, v in anchors.items()}, starts.starts, folio)


@dataclass
class Shared:
    """What every piece's layout shares: the layout, the book's anchors, the variant, the cache."""

    layout: Layout
    anchors: frozenset[str]
    variant: str | None
    cache: PieceCache

    def html(self, parts: Sequence[Part]) -> str:
        return book_html(self.layout.book, parts, self.layout.when)

    def key(self, html: str) -> str:
        return piece_key(self.layout, html, self.variant)

    def lookup(self, key: str, folio: int) -> LaidPiece | None:
        """The piece kept under ``key``, if it was laid out from ``folio``."""
        found = LaidPiece.cached(self.cache.get(key))
        if found is not None and found.folio == folio:
            self.cache.reused += 1
            return found
        return None

    def keep(self, key: str, piece: LaidPiece) -> LaidPiece:
        self.cache.laid_out += 1
        self.cache.put(key, piece.pdf, piece.meta())
        return piece


# Lays out the runs from a first folio: in order, each with the folio after the one before.
RunPieces = Callable[[Sequence[Piece], int], list[LaidPiece]]


_FONTS: list[str] = []


def piece_key(layout: Layout, html: str, variant: str | None) -> str:
    """Everything a piece's bytes depend on but its first folio: its HTML (text, notes, ids,
    links, dates, metadata), the stylesheets and page set-up, the typeface's files, the
    renderers' and ICU's versions, the tool's code and the variant. Not the TEI as a whole: it
    is attached at the join, so an edit re-lays out only the pieces whose HTML it changes."""
    if not _FONTS:
        _FONTS.extend(hashlib.sha256(font.path.read_bytes()).hexdigest() for font in book_fonts())
    book = layout.book
    return hash_parts("pdf piece", html, layout.page_css, styles_digest(), render_environment(),
                      tool_digest(), *_FONTS, variant or "", book.identifier,
                      book.publisher or "", book.language, *book.subjects)


def lay_out_piece(shared: Shared, html: str, first_folio: Callable[[int], int]) -> LaidPiece:
    """One piece laid out and written: its folios from ``first_folio(its pages)``, its links to
    the book's anchors elsewhere kept (the TEI is attached at the join, to none)."""
    layout = shared.layout
    book = layout.book
    folio = [1]

    def barrier(pages: int) -> int:
        folio[0] = first_folio(pages)
        return folio[0]

    with folio_barrier(barrier):
        document = layout.lay_out_html(html)
    with links_elsewhere(shared.anchors):
        data = document.write_pdf(pdf_variant=shared.variant, pdf_identifier=file_identifier(book),
                                  finisher=finisher(book),
                                  uncompressed_pdf=False)
    return LaidPiece(bytes(data), len(document.pages), anchor_pages(document),
                     page_map(document).starts, folio[0])


def fixed(folio: int) -> Callable[[int], int]:
    """The first folio of a piece whose place is known before it is laid out."""
    return lambda _pages: folio


def piece(shared: Shared, parts: Sequence[Part], folio: int) -> LaidPiece:
    """A piece from the cache, or laid out (and kept) when its inputs or folio changed."""
    html = shared.html(parts)
    key = shared.key(html)
    return shared.lookup(key, folio) or shared.keep(key, lay_out_piece(shared, html, fixed(folio)))


def in_process(shared: Shared) -> RunPieces:
    """Runs laid out one after the other in this process."""

    def run(pieces: Sequence[Piece], folio: int) -> list[LaidPiece]:
        laid = []
        for one in pieces:
            laid.append(piece(shared, one.parts, folio))
            say_piece(one.name, len(pieces), folio, laid[-1].pages)
            folio = next_recto(folio + laid[-1].pages - 1)
        return laid

    return run


def render_pieces(shared: Shared, pieces: Sequence[Piece], runner: RunPieces | None = None,
                  ) -> tuple[list[tuple[bytes, int]], PageMap, list[Message]]:
    """The pieces' PDFs with their first page numbers, in order, the book's page map and the
    warnings of the workers; ``runner`` lays out the runs."""
    front, runs = pieces[0], [one for one in pieces if one.kind == "run"]
    back = next((one for one in pieces if one.kind == "back"), None)
    run = runner or in_process(shared)
    guess: dict[str, int] = {}
    for _attempt in range(ATTEMPTS):
        number_contents(front.parts, {target: guess.get(target, 0) for target in _targets(front.parts)})
        pages, length = _front_sketch(shared, front.parts)
        first_text = next_recto(length)
        laid, folios, folio = [], [], first_text
        for one in run(runs, first_text):
            laid.append(one)
            folios.append(folio)
            pages.update({anchor: folio + page - 1 for anchor, page in one.anchors.items()})
            folio = next_recto(folio + one.pages - 1)
        if back is not None:
            filled = [Part(part.section, copy.deepcopy(part.element)) for part in back.parts]
            fill_index(filled[0].element, pages)    # a copy: a second try fills the index afresh
            laid.append(piece(shared, filled, folio))
            folios.append(folio)
            pages.update({anchor: folio + page - 1 for anchor, page in laid[-1].anchors.items()})
        number_contents(front.parts, pages)
        head = piece(shared, front.parts, 1)
        if next_recto(head.pages) == first_text:
            break
        guess = pages        # the real numbers made the contents longer or shorter: again
    starts = [*head.starts]
    for one, first in zip(laid, folios, strict=True):
        starts += [PageStart(start.page + first - 1, start.anchors) for start in one.starts]
    warnings = [message for one in laid for message in one.warnings]
    return [(head.pdf, 1), *((one.pdf, first) for one, first in zip(laid, folios, strict=True))], \
        PageMap(tuple(starts)), warnings


def _front_sketch(shared: Shared, parts: Sequence[Part]) -> tuple[dict[str, int], int]:
    """The front's anchors and length with the contents' numbers guessed: laid out, not written
    (kept in the cache as a piece without a PDF)."""
    html = shared.html(parts)
    key = hash_parts("front sketch", shared.key(html))
    found = shared.lookup(key, 1)
    if found is None:
        document = shared.layout.lay_out_html(html)
        found = shared.keep(key, LaidPiece(b"", len(document.pages), anchor_pages(document), ()))
    return dict(found.anchors), found.pages


def _targets(parts: Sequence[Part]) -> list[str]:
    return [link.get("href", "")[1:] for part in parts if part.section.kind == "contents"
            for link in part.element.iter(f"{{{XHTML}}}a") if link.get("href", "").startswith("#")]
