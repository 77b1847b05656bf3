"""Turn a PDF's structure tree (ISO 32000-1 §14.7) into lists to edit, and back: the kids of an
element, the elements in reading order, and the ParentTree rebuilt from the tree itself."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf

__all__ = [
    "is_element",
    "kids_of",
    "mcid_owners",
    "reachable",
    "rebuild_parent_tree",
    "set_kids",
    "walk",
]


def is_element(node: object) -> bool:
    # A kid dictionary with /S is an element: MCRs and OBJRs have none (ISO 32000-1 §14.7.4).
    return isinstance(node, pikepdf.Dictionary) and "/S" in node


def kids_of(node: pikepdf.Object) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def set_kids(node: pikepdf.Object, kids: list) -> None:
    node.K = pikepdf.Array(kids)


def walk(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element the root reaches, parents before children, in reading order."""
    seen: set[tuple[int, int]] = set()
    stack = list(reversed(kids_of(pdf.Root.StructTreeRoot)))
    while stack:
        node = stack.pop()
        if not is_element(node) or node.objgen in seen:
            continue
        seen.add(node.objgen)
        yield node
        stack.extend(reversed(kids_of(node)))


def reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The structure elements reachable from the structure tree root (ISO 32000-1 §14.7.2)."""
    return {element.objgen for element in walk(pdf)}


def _page_of(kid: object, element: pikepdf.Dictionary) -> pikepdf.Object | None:
    page = kid.get("/Pg") if isinstance(kid, pikepdf.Dictionary) else None
    return page if page is not None else element.get("/Pg")


def mcid_owners(pdf: pikepdf.Pdf) -> tuple[dict[tuple[tuple[int, int], int], pikepdf.Dictionary],
                                           dict[tuple[int, int], pikepdf.Dictionary]]:
    """(page, MCID) → the element whose kid it is; annotation → the element holding its OBJR."""
    marks: dict[tuple[tuple[int, int], int], pikepdf.Dictionary] = {}
    objects: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for element in walk(pdf):
        for kid in kids_of(element):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary)
                                        and kid.get("/Type") == pikepdf.Name.MCR):
                page = _page_of(kid, element)
                mcid = int(kid) if isinstance(kid, int) else int(kid.MCID)
                if page is not None:
                    marks[(page.objgen, mcid)] = element
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
                objects[kid.Obj.objgen] = element
    return marks, objects


def rebuild_parent_tree(pdf: pikepdf.Pdf, owners: tuple[dict, dict] | None = None) -> None:
    """The ParentTree (ISO 32000-1 §14.7.4.4) made again from the tree: each page's array holds,
    at each MCID, the element that owns it (null where nothing does: an Artifact now); each
    annotation's entry the element holding its OBJR. One flat number tree, keys kept.
    ``owners``: ``mcid_owners(pdf)``, when the caller has it already."""
    marks, objects = owners or mcid_owners(pdf)
    by_page: dict[tuple[int, int], dict[int, pikepdf.Dictionary]] = {}
    for (where, mcid), owner in marks.items():
        by_page.setdefault(where, {})[mcid] = owner
    entries: dict[int, pikepdf.Object] = {}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None:
            continue
        owned = by_page.get(page.obj.objgen, {})
        size = max(owned, default=-1) + 1
        entries[int(key)] = pdf.make_indirect(pikepdf.Array(
            [owned.get(mcid, pikepdf.Object.parse(b"null")) for mcid in range(size)]))
        for annot in page.obj.get("/Annots", []):
            index = annot.get("/StructParent")
            if index is not None and annot.objgen in objects:
                entries[int(index)] = objects[annot.objgen]
    nums: list[object] = []
    for number in sorted(entries):
        nums.extend([number, entries[number]])
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = max(entries, default=-1) + 1
