"""Turn the print parts of a book into pieces laid out apart: the front, runs of texts, the back.

A piece is laid out by WeasyPrint on its own and written as its own PDF; ``join`` makes one PDF
of them (``../shared/design/pdf-at-scale.md``). The cuts are where the layout of what follows
does not depend on what came before:

- a run is cut only before a part that starts on a right-hand page (``break-before: right`` in
  print.css: a text that is not the continuation of a split document, the index). Such a part
  lays out the same at any odd page: only its folios change with the number, and WeasyPrint makes
  the margin boxes after the pagination (``barrier``);
- the front (title page, contents, introduction, principles) is a piece of its own: the
  contents list the pages of every other piece, so it is laid out when they are known;
- the back starts at the index, which lists the pages of the mentions: laid out last.

Runs are bounded by their weight in blocks (paragraphs, lines of verse, list items), not
characters: a page of the list of sources holds few characters and many blocks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from edition.writers.pdf.footnotes import BLOCK_TAGS
from edition.writers.pdf.parts import Part

__all__ = ["CHUNK_BLOCKS", "CHUNK_ENV", "Piece", "chunk_budget", "next_recto", "plan_pieces", "starts_recto",
           "weight"]


CHUNK_BLOCKS = 1000           # blocks per run: about 125 pages of ours (8 blocks a page at 100 texts)
CHUNK_ENV = "EDITION_PDF_CHUNK_BLOCKS"   # another budget (a test's small book in several pieces)
RECTO_KINDS = frozenset({"contents", "introduction", "index"})


@dataclass(frozen=True)
class Piece:
    """Parts of the book laid out together: ``front``, ``run`` (texts) or ``back``."""

    kind: str
    number: int                       # 0 for the front, 1… for the runs, then the back
    parts: tuple[Part, ...]

    @property
    def name(self) -> str:
        return self.kind if self.kind != "run" else f"run {self.number}"


def chunk_budget() -> int:
    """The blocks per run: ``$EDITION_PDF_CHUNK_BLOCKS`` when it is a positive number, else
    ``CHUNK_BLOCKS``. Any budget gives the same text on the same pages; only the bytes differ."""
    value = os.environ.get(CHUNK_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else CHUNK_BLOCKS


def starts_recto(part: Part) -> bool:
    """Whether print.css starts the part on a right-hand page (``break-before: right``)."""
    classes = part.element.get("class", "").split()
    if part.section.kind == "text":
        return "continued" not in classes
    return part.section.kind in RECTO_KINDS


def weight(part: Part) -> int:
    """The part's cost to lay out, in blocks (at least one)."""
    return max(1, sum(1 for element in part.element.iter()
                      if isinstance(element.tag, str) and element.tag.rpartition("}")[2] in BLOCK_TAGS))


def plan_pieces(parts: Sequence[Part], budget: int = CHUNK_BLOCKS) -> list[Piece] | None:
    """The book in pieces: the front, runs of at most ``budget`` blocks (a text longer than that
    is a run of its own), the back from the index on. None when the book is one run (it is laid
    out in one piece, as it always was) or has no front to number its texts from."""
    texts = [i for i, part in enumerate(parts) if part.section.kind == "text"]
    if not texts or not starts_recto(parts[texts[0]]) or \
            not any(part.section.kind == "contents" for part in parts[:texts[0]]):
        return None
    index = next((i for i, part in enumerate(parts) if part.section.kind == "index"), len(parts))
    if index < texts[0]:
        return None
    runs: list[list[Part]] = [[]]
    load = 0
    for part in parts[texts[0]:index]:
        cost = weight(part)
        if runs[-1] and load + cost > budget and starts_recto(part):
            runs.append([])
            load = 0
        runs[-1].append(part)
        load += cost
    if len(runs) < 2:
        return None
    pieces = [Piece("front", 0, tuple(parts[:texts[0]]))]
    pieces += [Piece("run", number, tuple(run)) for number, run in enumerate(runs, start=1)]
    if index < len(parts):
        pieces.append(Piece("back", len(runs) + 1, tuple(parts[index:])))
    return pieces


def next_recto(last_page: int) -> int:
    """The first right-hand page after ``last_page`` (the pages are numbered from 1, recto odd)."""
    return last_page + 1 if last_page % 2 == 0 else last_page + 2
