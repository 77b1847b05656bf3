"""Turn the tagged PDF that WeasyPrint writes into one that PDF/UA-1 (ISO 14289-1) and PDF/A-3a
readers can rely on, by post-processing the final file with pikepdf: each element one structure
element across pages, language changes declared, notes as ``Note``/``Lbl``/``Reference``, the
contents as ``TOC`` with one ``Link`` per entry, running heads, folios and leaders as Artifacts,
the ParentTree rebuilt from the tree, links described, no interpolated images.

A pure function of the PDF (and of the link descriptions the book gives): it reads the marks
``marks.marked_structure`` leaves on WeasyPrint's elements; a PDF without them is still given its
Artifacts and descriptions.

A book laid out in pieces is fixed in two parts. ``fix_piece``, on each piece where it is laid
out: everything that stays inside a piece, for the book is cut only before a text that starts on
a right-hand page, and each part of the book has its own id, so no element (and no note and its
call) crosses from one piece to the next. ``fix_joined``, on the joined PDF: what needs the whole
book, the links' descriptions (the page a link leads to, in another piece maybe). The IDTree,
the ParentTree's keys and the catalog's Lang are the join's (``join``)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence

import pikepdf

from edition.writers.pdf.tagging.artifacts import strays_as_artifacts
from edition.writers.pdf.tagging.links import describe_links, no_interpolation
from edition.writers.pdf.tagging.marks import KEY, ROLE, marked_structure
from edition.writers.pdf.tagging.merge import join_continued
from edition.writers.pdf.tagging.roles import contents_entries, notes_and_calls
from edition.writers.pdf.tagging.tree import mcid_owners, reachable, rebuild_parent_tree, walk

__all__ = ["STEPS", "describe_links", "fix_joined", "fix_piece", "fix_structure", "fix_tagging",
           "marked_structure", "no_interpolation", "reachable"]


def fix_tagging(data: bytes, descriptions: Mapping[str, str] | None = None) -> bytes:
    """The PDF with its tagging fixed; the same bytes in give the same bytes out."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            fix_structure(pdf)
        describe_links(pdf, descriptions or {})
        no_interpolation(pdf)
        out = io.BytesIO()
        # deterministic_id: the second half of /ID from the content, not from the clock.
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def fix_piece(pdf: pikepdf.Pdf) -> None:
    """A piece of a book laid out in pieces fixed as ``fix_tagging`` fixes the whole book, but for
    the links' descriptions (``fix_joined``): the structure tree, the Artifacts, the ParentTree
    (its keys the piece's own, from 0: the join shifts them) and the images."""
    if "/StructTreeRoot" in pdf.Root:
        fix_structure(pdf)
    no_interpolation(pdf)


def fix_joined(pdf: pikepdf.Pdf, descriptions: Mapping[str, str] | None = None) -> None:
    """The pieces' PDF joined, each fixed by ``fix_piece``: its links described, now that the
    pages they lead to are known (ISO 14289-1 §7.18.5)."""
    describe_links(pdf, descriptions or {})


# The fix-ups, in the order they depend on each other: notes first, for moved to their calls
# they no longer stand between a page's text and the next page's.
STEPS: tuple[tuple[str, Callable[[pikepdf.Pdf], int]], ...] = (
    ("notes", notes_and_calls), ("joined", join_continued), ("contents", contents_entries))


def fix_structure(pdf: pikepdf.Pdf, steps: Sequence[tuple[str, Callable[[pikepdf.Pdf], int]]]
                  = STEPS) -> dict[str, int]:
    """The structure tree's fix-ups, then what every state of the tree needs: marked content
    no element owns made Artifact, the ParentTree made again, redundant /Lang and the marks
    removed. Returns what each did."""
    before = _mcids_per_page(pdf)
    done = {name: step(pdf) for name, step in steps}
    owners = mcid_owners(pdf)
    done["artifacts"] = strays_as_artifacts(pdf, before, owners[0])
    rebuild_parent_tree(pdf, owners)
    done["languages"] = declared_languages(pdf)
    return done


def _mcids_per_page(pdf: pikepdf.Pdf) -> dict[int, int]:
    """How many MCIDs each page's ParentTree entry had (StructParents key → count)."""
    counts: dict[int, int] = {}
    for key, value in pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree).items():
        if isinstance(value, pikepdf.Array):
            counts[int(key)] = len(value)
    return counts


def declared_languages(pdf: pikepdf.Pdf) -> int:
    """A /Lang only where the language changes (ISO 14289-1 §7.2; ISO 32000-1 §14.9.2: it is
    inherited from the parent, the document's from the catalog), and the marks removed on the
    same walk. Returns how many changes."""
    inherited: dict[tuple[int, int], str] = {}
    document = str(pdf.Root.get("/Lang", ""))
    changes = 0
    for element in walk(pdf):
        parent = element.get("/P")
        above = inherited.get(parent.objgen, document) if parent is not None else document
        lang = str(element.get("/Lang", "")) or above
        if "/Lang" in element and lang == above:
            del element["/Lang"]
        elif "/Lang" in element:
            changes += 1
        inherited[element.objgen] = lang
        for key in (KEY, ROLE):
            if f"/{key}" in element:
                del element[f"/{key}"]
    return changes
