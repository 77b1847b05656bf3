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
characters: a page of the list of sources holds few characters and many blocks. Where a run ends
is decided by the texts themselves, not only by the running total: once a run holds half its
budget, it ends before the next text whose id is a *boundary* (its CRC-32 a multiple of
``BOUNDARY_EVERY``), and at the latest before the text that would overfill it. So an edit that
makes one text longer or shorter moves no cut but, at most, its own run's: every other run keeps
its HTML, and the chunk cache its PDF (content-defined chunking, as rsync and restic cut files).

A book without an index ends with the list of sources, some ten blocks for each text (9,701 at
1000 texts): it is cut the same way, between its entries, into parts that each start on a
right-hand page (``section.sources.continued`` in print.css) and are laid out as runs, the
colophon with the last. An edited note on one text's source then lays out that part again, and
no worker holds the whole list. With an index, the list stays in the back (the index, laid out
last, is before it).
"""

from __future__ import annotations

import copy
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from edition.writers.pdf.footnotes import BLOCK_TAGS
from edition.writers.pdf.parts import Part
from edition.writers.xhtml import XHTML

__all__ = ["BOUNDARY_EVERY", "CHUNK_BLOCKS", "CHUNK_ENV", "Piece", "chunk_budget", "cut_sources",
           "is_boundary", "next_recto", "plan_pieces", "starts_recto", "weight"]


CHUNK_BLOCKS = 1000           # blocks per run: about 125 pages of ours (8 blocks a page at 100 texts)
CHUNK_ENV = "EDITION_PDF_CHUNK_BLOCKS"   # another budget (a test's small book in several pieces)
RECTO_KINDS = frozenset({"contents", "introduction", "index"})
BOUNDARY_EVERY = 8            # one text in eight, by its id, ends a run that is half full


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
    if part.section.kind == "sources":
        return "continued" in classes     # a later part of the list (``cut_sources``)
    return part.section.kind in RECTO_KINDS


def weight(part: Part) -> int:
    """The part's cost to lay out, in blocks (at least one)."""
    return max(1, sum(1 for element in part.element.iter()
                      if isinstance(element.tag, str) and element.tag.rpartition("}")[2] in BLOCK_TAGS))


def is_boundary(name: str) -> bool:
    """Whether a run that is half full ends before the part so named (by its id): a property of
    the name alone, so that the cuts stay where they are when the texts around them change."""
    return zlib.crc32(name.encode("utf-8", "surrogatepass")) % BOUNDARY_EVERY == 0


def plan_pieces(parts: Sequence[Part], budget: int = CHUNK_BLOCKS) -> list[Piece] | None:
    """The book in pieces: the front, runs of at most ``budget`` blocks (a text longer than that
    is a run of its own), the back from the index on. None when the book is one run (it is laid
    out in one piece, as it always was) or has no front to number its texts from. Without an
    index, the list of sources is cut into runs of its own (``cut_sources``)."""
    texts = [i for i, part in enumerate(parts) if part.section.kind == "text"]
    if not texts or not starts_recto(parts[texts[0]]) or \
            not any(part.section.kind == "contents" for part in parts[:texts[0]]):
        return None
    index = next((i for i, part in enumerate(parts) if part.section.kind == "index"), len(parts))
    if index < texts[0]:
        return None
    runs = _runs(parts[texts[0]:index], budget, lambda part: part.element.get("id", ""))
    if index == len(parts):
        runs = _runs_with_sources(runs, budget)
    if len(runs) < 2:
        return None
    pieces = [Piece("front", 0, tuple(parts[:texts[0]]))]
    pieces += [Piece("run", number, tuple(run)) for number, run in enumerate(runs, start=1)]
    if index < len(parts):
        pieces.append(Piece("back", len(runs) + 1, tuple(parts[index:])))
    return pieces


def _runs(parts: Sequence[Part], budget: int, name: Callable[[Part], str],
          load: int = 0) -> list[list[Part]]:
    """Consecutive runs of ``parts``, each cut before a right-hand part: at a boundary once it
    holds half of ``budget``, or where the next part would overfill it. ``load``: what the
    first run holds already (the texts before the list of sources)."""
    runs: list[list[Part]] = [[]]
    for part in parts:
        cost = weight(part)
        if (runs[-1] or load) and starts_recto(part) and (
                load + cost > budget or (2 * load >= budget and is_boundary(name(part)))):
            runs.append([])
            load = 0
        runs[-1].append(part)
        load += cost
    return runs


def _runs_with_sources(runs: list[list[Part]], budget: int) -> list[list[Part]]:
    """The runs, the list of sources at the end of the last one cut into runs of its own (the
    colophon after it stays with its last part)."""
    last = runs[-1]
    at = next((i for i, part in enumerate(last) if part.section.kind == "sources"), None)
    if at is None:
        return runs
    cut = cut_sources(last[at], budget, sum(weight(part) for part in last[:at]))
    if len(cut) < 2:
        return runs
    middle = [[part] for part in cut[1:]]
    middle[-1] += last[at + 1:]
    return [*runs[:-1], [*last[:at], cut[0]], *middle]


def cut_sources(part: Part, budget: int, load: int = 0) -> list[Part]:
    """The list of sources in parts of at most ``budget`` blocks (an entry is never cut), by the
    rule of the runs, each entry named by its file name; the first part shares its run with
    texts of ``load`` blocks. The first part keeps the section's id, heading and introduction;
    the others are ``continued`` (no id: the book's ids stay unique)."""
    if not any(_is_entry(child) for child in part.element):
        return [part]
    slices = [Part(part.section, element) for element in _entry_groups(part.element)]
    groups = _runs(slices, budget, _file_name, load)
    if len(groups) < 2:
        return [part]
    first, *rest = groups
    pieces = [_section_of(part.element, [e for p in first for e in p.element], keep_head=True)]
    pieces += [_section_of(part.element, [e for p in group for e in p.element], keep_head=False)
               for group in rest]
    return [Part(part.section, element) for element in pieces]


def _is_entry(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and "source" in element.get("class", "").split()


def _entry_groups(section: etree._Element) -> list[etree._Element]:
    """Each entry wrapped on its own, the later ones marked continued (where a part may start);
    what comes before an entry (the heading, the introduction) goes with it, what comes after
    the last with the last."""
    groups: list[etree._Element] = []
    pending: list[etree._Element] = []
    for child in section:
        pending.append(child)
        if _is_entry(child):
            groups.append(etree.Element(section.tag, {"class": "continued"} if groups else {}))
            groups[-1].extend(copy.deepcopy(one) for one in pending)
            pending = []
    groups[-1].extend(copy.deepcopy(one) for one in pending)
    return groups


def _file_name(part: Part) -> str:
    """An entry's name: its source's file name (the first ``dd``), which an edit leaves as it is."""
    return part.element.findtext(f".//{{{XHTML}}}dd") or "".join(part.element.itertext())


def _section_of(section: etree._Element, children: list[etree._Element], keep_head: bool) -> etree._Element:
    """A copy of ``section`` holding ``children``: the whole section's attributes (its id and
    heading only in the first part), ``continued`` added to the others' classes."""
    made = etree.Element(section.tag, dict(section.attrib))
    made.text = section.text
    if not keep_head:
        made.attrib.pop("id", None)
        made.set("class", " ".join(filter(None, [section.get("class"), "continued"])))
    for child in children:
        made.append(copy.deepcopy(child))
    return made


def next_recto(last_page: int) -> int:
    """The first right-hand page after ``last_page`` (the pages are numbered from 1, recto odd)."""
    return last_page + 1 if last_page % 2 == 0 else last_page + 2
