"""Turn the pieces WeasyPrint makes of one XHTML element, one per page (or per line), into the
one structure element it is: a paragraph continued on the next page is one ``P`` whose kids are
the marked content of both pages (ISO 32000-1 §14.7.2: an element's content may lie on several
pages, each marked-content reference naming its page)."""

from __future__ import annotations

import pikepdf

from edition.writers.pdf.tagging.marks import KEY
from edition.writers.pdf.tagging.tree import is_element, kids_of, set_kids

__all__ = ["join_continued"]


def join_continued(pdf: pikepdf.Pdf) -> int:
    """Siblings that are pieces of one element (same key, same type) become one element, at
    every level, so a section, its list and its paragraph continue together. Returns how many
    pieces were joined to the piece before them."""
    joined = 0
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kept: list = []
        for kid in kids_of(node):
            if kept and _same(kept[-1], kid):
                _absorb(kept[-1], kid)
                joined += 1
            else:
                kept.append(kid)
        if joined or len(kept) != len(kids_of(node)):
            set_kids(node, kept)
        stack.extend(kid for kid in kept if is_element(kid))
    return joined


def _same(first: pikepdf.Object, second: pikepdf.Object) -> bool:
    return is_element(first) and is_element(second) and f"/{KEY}" in first and \
        first.get(f"/{KEY}") == second.get(f"/{KEY}") and first.S == second.S


def _absorb(first: pikepdf.Dictionary, second: pikepdf.Dictionary) -> None:
    """``second``'s kids appended to ``first``'s; an MCID of another page becomes a marked-content
    reference that names its page (ISO 32000-1 §14.7.4.2)."""
    kids = kids_of(first)
    page = second.get("/Pg")
    for kid in kids_of(second):
        if isinstance(kid, int) and page is not None and page.objgen != first.Pg.objgen:
            kids.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=int(kid)))
        else:
            if is_element(kid):
                kid.P = first
            kids.append(kid)
    set_kids(first, kids)
