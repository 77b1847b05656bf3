"""Turn a tagged PDF's structure tree and marked content into the findings of the rules a
screen reader relies on: content tagged or Artifact and never both (veraPDF PDF/UA-1 7.1-1,
7.1-2, 7.1-3), notes with unique ids (7.9-1, 7.9-2), link annotations inside Link elements
(7.18.5-1), lists built as ISO 32000-1 Table 336 says (7.2-17 to 7.2-20), language tags that
are tags (PDF/A-3 6.7.4-1), and the tree consistent with the pages (ISO 32000-1 §14.7.4):
ParentTree ↔ StructParents, each MCID owned once, every /P its parent, /K of the kinds allowed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pikepdf

__all__ = ["STRUCTURE_RULES", "Marks", "content_marks"]

# Operators that put something on the page (ISO 32000-1 §8.5.3, §8.8, §9.4.2).
PAINTING = frozenset({"Tj", "TJ", "'", '"', "Do", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"})
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")      # veraPDF's own test


@dataclass
class Marks:
    """What a page's content stream holds: its MCIDs (each as often as it is opened), and the
    places where artifacts and tagged content nest in each other or content is neither."""

    mcids: Counter[int] = field(default_factory=Counter)
    artifact_in_tagged: int = 0
    tagged_in_artifact: int = 0
    unmarked: int = 0


def content_marks(page: pikepdf.Page) -> Marks:
    marks = Marks()
    stack: list[tuple[bool, int | None]] = []          # (is an Artifact, its MCID)
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            artifact = instruction.operands[0] == pikepdf.Name.Artifact
            properties = instruction.operands[1] if operator == "BDC" else None
            mcid = int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) \
                and "/MCID" in properties else None
            inside_artifact = any(a for a, _ in stack)
            inside_tagged = any(m is not None for _, m in stack)
            marks.artifact_in_tagged += artifact and inside_tagged
            if mcid is not None:
                marks.mcids[mcid] += 1
                marks.tagged_in_artifact += inside_artifact
            stack.append((artifact, mcid))
        elif operator == "EMC" and stack:
            stack.pop()
        elif operator in PAINTING and not any(a or m is not None for a, m in stack):
            marks.unmarked += 1
    return marks


# ---------------------------------------------------------------------- the tree
def _kids(node: pikepdf.Object) -> list:
    kids = node.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(node: object) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node and \
        node.get("/Type", pikepdf.Name.StructElem) == pikepdf.Name.StructElem


def _elements(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, pikepdf.Object]]:
    """(element, the node whose /K holds it), every element reached once, in reading order."""
    seen: set[tuple[int, int]] = set()
    root = pdf.Root.StructTreeRoot
    stack = [(kid, root) for kid in reversed(_kids(root))]
    while stack:
        node, parent = stack.pop()
        if not _is_element(node) or node.objgen in seen:
            continue
        seen.add(node.objgen)
        yield node, parent
        stack.extend((kid, node) for kid in reversed(_kids(node)))


def _tagged(pdf: pikepdf.Pdf) -> bool:
    return "/StructTreeRoot" in pdf.Root


# ---------------------------------------------------------------------- content
@lru_cache(maxsize=2)         # four rules read the same pages: each content stream parsed once
def _pages_marks(pdf: pikepdf.Pdf) -> list[Marks]:
    return [content_marks(page) for page in pdf.pages]


def _artifact_in_tagged(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.1-1: no Artifact inside tagged content (ISO 14289-1 §7.1; ISO 32000-1 §14.8.2.2)."""
    for number, marks in enumerate(_pages_marks(pdf), start=1):
        if marks.artifact_in_tagged:
            yield f"page {number}: {marks.artifact_in_tagged} Artifact(s) inside tagged content"


def _tagged_in_artifact(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.1-2: no tagged content inside an Artifact (ISO 14289-1 §7.1; ISO 32000-1 §14.8.2.2)."""
    for number, marks in enumerate(_pages_marks(pdf), start=1):
        if marks.tagged_in_artifact:
            yield f"page {number}: {marks.tagged_in_artifact} tagged sequence(s) inside an Artifact"


def _real_or_artifact(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.1-3: all content is tagged real content or an Artifact (ISO 14289-1 §7.1): no painting
    operator outside marked content, and every MCID owned by an element of the tree."""
    if not _tagged(pdf):
        return
    owned = _owned(pdf)
    for number, (page, marks) in enumerate(zip(pdf.pages, _pages_marks(pdf), strict=True), start=1):
        if marks.unmarked:
            yield f"page {number}: {marks.unmarked} operator(s) neither tagged nor Artifact"
        stray = sorted(set(marks.mcids) - owned.get(page.obj.objgen, set()))
        if stray:
            yield f"page {number}: MCIDs {stray[:5]} belong to no structure element of the tree"


def _owned(pdf: pikepdf.Pdf) -> dict[tuple[int, int], set[int]]:
    owned: dict[tuple[int, int], set[int]] = {}
    for element, _ in _elements(pdf):
        for page, mcid in _element_mcids(element):
            owned.setdefault(page, set()).add(mcid)
    return owned


def _element_mcids(element: pikepdf.Dictionary) -> Iterator[tuple[tuple[int, int], int]]:
    default = element.get("/Pg")
    for kid in _kids(element):
        if isinstance(kid, int) and default is not None:
            yield default.objgen, int(kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            page = kid.get("/Pg", default)
            if page is not None:
                yield page.objgen, int(kid.MCID)


# ---------------------------------------------------------------------- notes, links, lists
def _note_ids(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.9-1 and 7.9-2: every Note has an ID, and no two the same (ISO 14289-1 §7.9)."""
    if not _tagged(pdf):
        return
    ids = Counter(str(e.get("/ID", "")) for e, _ in _elements(pdf) if str(e.S) == "/Note")
    if ids.get(""):
        yield f"{ids['']} Note element(s) without an ID (7.9-1)"
    for ident, count in ids.items():
        if ident and count > 1:
            yield f"the ID {ident!r} is on {count} Note elements (7.9-2)"


def _links_tagged(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.18.5-1: every Link annotation sits in a Link structure element, which the ParentTree
    names at the annotation's StructParent (ISO 14289-1 §7.18.5; ISO 32000-1 §14.8.4.4.2)."""
    if not _tagged(pdf):
        return
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != pikepdf.Name.Link:
                continue
            key = annot.get("/StructParent")
            owner = parents[int(key)] if key is not None and int(key) in parents else None
            if owner is None or not _is_element(owner) or str(owner.S) != "/Link":
                yield f"page {number}: a link annotation outside a Link element"


def _lists(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.2-17 to 7.2-20: LI in L, LBody in LI, L holds L/LI (a Caption first), LI holds
    Lbl/LBody (ISO 14289-1 §7.2; ISO 32000-1 §14.8.4.3.3, Table 336)."""
    if not _tagged(pdf):
        return
    for element, parent in _elements(pdf):
        kind = str(element.S)
        above = str(parent.get("/S", ""))
        kinds = [str(kid.S) for kid in _kids(element) if _is_element(kid)]
        if kind == "/LI" and above != "/L":
            yield f"an LI inside {above or 'the root'} (7.2-17)"
        elif kind == "/LBody" and above != "/LI":
            yield f"an LBody inside {above or 'the root'} (7.2-18)"
        if kind == "/L" and any(k not in ("/L", "/LI") for k in kinds[kinds[:1] == ["/Caption"]:]):
            yield f"an L holding {sorted(set(kinds) - {'/L', '/LI'})} (7.2-19)"
        if kind == "/LI" and any(k not in ("/Lbl", "/LBody") for k in kinds):
            yield f"an LI holding {sorted(set(kinds) - {'/Lbl', '/LBody'})} (7.2-20)"


def _language_tags(pdf: pikepdf.Pdf) -> Iterator[str]:
    """PDF/A-3 6.7.4-1: every Lang, of the catalog and of each structure element, is empty or a
    language tag (ISO 19005-3 §6.7.4; ISO 32000-1 §14.9.2)."""
    values = [str(pdf.Root.get("/Lang", ""))]
    if _tagged(pdf):
        values += [str(e.Lang) for e, _ in _elements(pdf) if "/Lang" in e]
    for value in sorted(set(values)):
        if value and not LANGUAGE_TAG.match(value):
            yield f"Lang {value!r} is not a language tag"


# ---------------------------------------------------------------------- consistency
def _consistent(pdf: pikepdf.Pdf) -> Iterator[str]:
    """ISO 32000-1 §14.7.4: each page's StructParents names its ParentTree array; each MCID on
    a page is opened once, and the array names, at that MCID, the one element holding it; each
    element's /P is the node that holds it; /K holds only MCIDs, MCRs, OBJRs and elements."""
    if not _tagged(pdf):
        return
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    holders: dict[tuple[tuple[int, int], int], list[pikepdf.Dictionary]] = {}
    for element, parent in _elements(pdf):
        if element.get("/P") is None or element.P.objgen != parent.objgen:
            yield f"a {element.S} whose /P is not the element holding it"
        for kid in _kids(element):
            if not (isinstance(kid, int) or _is_element(kid) or (isinstance(kid, pikepdf.Dictionary)
                    and kid.get("/Type") in (pikepdf.Name.MCR, pikepdf.Name.OBJR))):
                yield f"a {element.S} holds a kid of no allowed kind ({kid!r:.40})"
        for mark in _element_mcids(element):
            holders.setdefault(mark, []).append(element)
    by_page: dict[tuple[int, int], set[int]] = {}
    for page_id, mcid in holders:
        by_page.setdefault(page_id, set()).add(mcid)
    for number, (page, marks) in enumerate(zip(pdf.pages, _pages_marks(pdf), strict=True), start=1):
        yield from _page_consistent(number, page, marks, parents, holders)
        for mcid in sorted(by_page.get(page.obj.objgen, set()) - set(marks.mcids)):
            yield f"page {number}: the tree holds MCID {mcid}, which the page does not mark"


def _page_consistent(number: int, page: pikepdf.Page, marks: Marks, parents: pikepdf.NumberTree,
                     holders: dict) -> Iterator[str]:
    key = page.obj.get("/StructParents")
    if marks.mcids and key is None:
        yield f"page {number}: marked content but no StructParents"
        return
    owners = parents[int(key)] if key is not None and int(key) in parents else None
    for mcid, count in sorted(marks.mcids.items()):
        held = holders.get((page.obj.objgen, mcid), [])
        if count != 1:
            yield f"page {number}: MCID {mcid} opened {count} times"
        if len(held) != 1:
            yield f"page {number}: MCID {mcid} held by {len(held)} elements"
        elif not isinstance(owners, pikepdf.Array) or mcid >= len(owners) or \
                not isinstance(owners[mcid], pikepdf.Dictionary) or owners[mcid].objgen != held[0].objgen:
            yield f"page {number}: the ParentTree does not name MCID {mcid}'s element"


STRUCTURE_RULES = (
    ("PDF/UA-1 7.1-1", _artifact_in_tagged), ("PDF/UA-1 7.1-2", _tagged_in_artifact),
    ("PDF/UA-1 7.1-3", _real_or_artifact), ("PDF/UA-1 7.2-17/20", _lists),
    ("PDF/UA-1 7.9-1/2", _note_ids), ("PDF/UA-1 7.18.5-1", _links_tagged),
    ("PDF/A-3 6.7.4-1", _language_tags), ("ISO 32000-1 14.7.4", _consistent),
)
