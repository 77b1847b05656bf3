"""Turn a book planned in pieces (``chunks``) into the PDFs of its pieces, each laid out, written
and its tagging fixed apart, each a file of the render's spool folder, ready for the join (``join``).

The order follows what each piece needs to know:

1. the front, laid out with its contents' page numbers guessed, for its length only (where the
   first text begins), beside the first runs (``workers``): a run paginates without knowing its
   first page and waits for it at the folio barrier (``barrier``), which the front's length sets;
2. the runs of texts, each from the right-hand page after the one before (``in_process`` here,
   or forked workers that wait only for their first folio, ``workers``);
3. the back (the index, filled with the pages of the mentions, and the colophon after it);
4. the front again, every page of the contents written in: if it no longer ends where the guess
   ended it, everything is laid out again from the numbers now known (as the one-piece layout
   does, ``layout.Layout.book_document``).

Each piece's tagging is fixed where it is laid out (``tagging.fix_piece``): the book is cut only
before a part that starts on a right-hand page, so no element, no note and its call, crosses from
one piece to the next. With workers, no piece is laid out in the coordinator at all: it holds no
laid-out page, only the files it joins.

Every piece is kept in the chunk cache (``edition.cache.PieceCache``) under the hash of what its
bytes depend on (``piece_key``), with its first folio: a piece whose inputs and folio are those
of the last render is not laid out again, and its page count is known before anything is.
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pikepdf

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
from edition.writers.pdf.tagging import fix_piece
from edition.writers.xhtml import XHTML

__all__ = ["ATTEMPTS", "LaidPiece", "Layouts", "OnePiece", "RunPieces", "Shared", "fixed", "in_process",
           "lay_out_piece", "lay_out_sketch", "piece_key", "render_pieces", "sketch_key"]


ATTEMPTS = 3                  # layouts of the whole book when the contents change length


@dataclass(frozen=True)
class LaidPiece:
    """A piece as PDF (a file of the spool; none for the front's sketch), with what the others
    need of it (page numbers within the piece, from 1)."""

    pdf: Path | None
    pages: int
    anchors: dict[str, int]
    starts: tuple[PageStart, ...]
    folio: int = 1
    warnings: list[Message] = field(default_factory=list)

    def meta(self) -> dict[str, object]:
        return {"pages": self.pages, "anchors": self.anchors, "folio": self.folio,
                "starts": PageMap(self.starts).to_json()}

    @classmethod
    def cached(cls, entry: tuple[bytes, dict[str, object]] | None, spool: Path, key: str,
               ) -> LaidPiece | None:
        """The piece of a cache entry, its PDF (if it has one) copied into ``spool``."""
        if entry is None:
            return None
        data, meta = entry
        starts = PageMap.from_json(meta.get("starts"))
        pages, anchors, folio = meta.get("pages"), meta.get("anchors"), meta.get("folio")
        if starts is None or not isinstance(pages, int) or not isinstance(anchors, dict) \
                or not isinstance(folio, int):
            return None
        path = spooled(spool, key, data) if data else None
        return cls(path, pages, {str(k): int(v) for k, v in anchors.items()}, starts.starts, folio)


def spooled(spool: Path, key: str, data: bytes) -> Path:
    """``data`` as the spool's file of the piece ``key``."""
    path = spool / f"{key}.pdf"
    path.write_bytes(data)
    return path


@dataclass
class Shared:
    """What every piece's layout shares: the layout, the book's anchors, the variant, the cache,
    and the spool folder where the pieces' PDFs wait for the join (removed after it)."""

    layout: Layout
    anchors: frozenset[str]
    variant: str | None
    cache: PieceCache
    spool: Path

    def html(self, parts: Sequence[Part]) -> str:
        return book_html(self.layout.book, parts, self.layout.when)

    def key(self, html: str) -> str:
        return piece_key(self.layout, html, self.variant)

    def lookup(self, key: str, folio: int) -> LaidPiece | None:
        """The piece kept under ``key``, if it was laid out from ``folio``."""
        found = LaidPiece.cached(self.cache.get(key), self.spool, key)
        if found is not None and found.folio == folio:
            self.cache.reused += 1
            return found
        return None

    def keep(self, key: str, piece: LaidPiece) -> LaidPiece:
        """``piece``, laid out now, kept in the cache, its PDF under the spool's name for ``key``."""
        self.cache.laid_out += 1
        path = piece.pdf
        if path is not None and path != self.spool / f"{key}.pdf":
            path = path.replace(self.spool / f"{key}.pdf")
        self.cache.put(key, path.read_bytes() if path is not None else b"", piece.meta())
        return replace(piece, pdf=path)


# Lays out the front's sketch (given its HTML) and the runs after it, in order: the first from the
# right-hand page after the sketch's last, each next one from the right-hand page after the last.
RunPieces = Callable[[str, Sequence[Piece]], tuple["LaidPiece", list["LaidPiece"]]]
# A piece whose place is known (its HTML, its first folio): from the cache, or laid out.
OnePiece = Callable[[str, int], "LaidPiece"]


@dataclass(frozen=True)
class Layouts:
    """Where the pieces are laid out: in this process (``in_process``) or in workers (``workers``)."""

    runs: RunPieces
    one: OnePiece


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


def sketch_key(shared: Shared, html: str) -> str:
    """The cache key of the front's sketch laid out from ``html``."""
    return hash_parts("front sketch", shared.key(html))


def lay_out_piece(shared: Shared, html: str, first_folio: Callable[[int], int],
                  name: str = "piece") -> LaidPiece:
    """One piece laid out, written and its tagging fixed (``tagging.fix_piece``), as the spool's
    file ``name``: its folios from ``first_folio(its pages)``, its links to the book's anchors
    elsewhere kept (the TEI is attached at the join, to none)."""
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
    pages, anchors, starts = len(document.pages), anchor_pages(document), page_map(document).starts
    del document                        # its laid-out pages, before the PDF is opened again
    path = shared.spool / f"{name}.pdf"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fix_piece(pdf)
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return LaidPiece(path, pages, anchors, starts, folio[0])


def lay_out_sketch(shared: Shared, html: str) -> LaidPiece:
    """The front with its contents' numbers guessed, laid out for its anchors and length only:
    not written (kept in the cache as a piece without a PDF)."""
    document = shared.layout.lay_out_html(html)
    return LaidPiece(None, len(document.pages), anchor_pages(document), ())


def fixed(folio: int) -> Callable[[int], int]:
    """The first folio of a piece whose place is known before it is laid out."""
    return lambda _pages: folio


def piece(shared: Shared, html: str, folio: int) -> LaidPiece:
    """A piece from the cache, or laid out (and kept) when its inputs or folio changed."""
    key = shared.key(html)
    return shared.lookup(key, folio) or shared.keep(key, lay_out_piece(shared, html, fixed(folio), key))


def in_process(shared: Shared) -> Layouts:
    """Pieces laid out one after the other in this process."""

    def runs(sketch_html: str, pieces: Sequence[Piece]) -> tuple[LaidPiece, list[LaidPiece]]:
        key = sketch_key(shared, sketch_html)
        sketch = shared.lookup(key, 1) or shared.keep(key, lay_out_sketch(shared, sketch_html))
        laid, folio = [], next_recto(sketch.pages)
        for one in pieces:
            laid.append(piece(shared, shared.html(one.parts), folio))
            say_piece(one.name, len(pieces), folio, laid[-1].pages)
            folio = next_recto(folio + laid[-1].pages - 1)
        return sketch, laid

    return Layouts(runs, lambda html, folio: piece(shared, html, folio))


def render_pieces(shared: Shared, pieces: Sequence[Piece], layouts: Layouts | None = None,
                  ) -> tuple[list[tuple[Path, int]], PageMap, list[Message]]:
    """The pieces' PDFs (files of the spool) with their first page numbers, in order, the book's
    page map and the warnings of the workers; ``layouts`` lays them out."""
    front, runs = pieces[0], [one for one in pieces if one.kind == "run"]
    back = next((one for one in pieces if one.kind == "back"), None)
    lay = layouts or in_process(shared)
    guess: dict[str, int] = {}
    for _attempt in range(ATTEMPTS):
        number_contents(front.parts, {target: guess.get(target, 0) for target in _targets(front.parts)})
        sketch, laid_runs = lay.runs(shared.html(front.parts), runs)
        pages, first_text = dict(sketch.anchors), next_recto(sketch.pages)
        laid, folios, folio = [], [], first_text
        for one in laid_runs:
            laid.append(one)
            folios.append(folio)
            pages.update({anchor: folio + page - 1 for anchor, page in one.anchors.items()})
            folio = next_recto(folio + one.pages - 1)
        if back is not None:
            filled = [Part(part.section, copy.deepcopy(part.element)) for part in back.parts]
            fill_index(filled[0].element, pages)    # a copy: a second try fills the index afresh
            laid.append(lay.one(shared.html(filled), folio))
            folios.append(folio)
            pages.update({anchor: folio + page - 1 for anchor, page in laid[-1].anchors.items()})
        number_contents(front.parts, pages)
        head = lay.one(shared.html(front.parts), 1)
        if next_recto(head.pages) == first_text:
            break
        guess = pages        # the real numbers made the contents longer or shorter: again
    starts = [*head.starts]
    for one, first in zip(laid, folios, strict=True):
        starts += [PageStart(start.page + first - 1, start.anchors) for start in one.starts]
    warnings = [message for one in [head, *laid] for message in one.warnings]
    files = [(one.pdf, first) for one, first in zip([head, *laid], [1, *folios], strict=True)]
    return [(path, first) for path, first in files if path is not None], PageMap(tuple(starts)), warnings


def _targets(parts: Sequence[Part]) -> list[str]:
    return [link.get("href", "")[1:] for part in parts if part.section.kind == "contents"
            for link in part.element.iter(f"{{{XHTML}}}a") if link.get("href", "").startswith("#")]
