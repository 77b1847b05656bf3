"""Turn the PDF files of a book's pieces into one PDF: pages in order, one structure tree, one
outline, one name tree; the catalogue (XMP, output intent, language) of the first piece; then
``finish`` (the links described, ``tagging.fix_joined``; the TEI attached, ``finish.attach_source``:
no piece carries it, so that none is laid out again for an edit elsewhere).

Each piece is a tagged PDF of its own (WeasyPrint), its tagging fixed (``tagging.fix_piece``),
whose keys into its ParentTree start at 0. The pieces are opened one at a time from their files
and closed once their pages are in: what stays is what the joined PDF is made of (its objects,
the content streams as they are compressed), never a piece's file or its whole-book fix-ups,
which are the pieces' own. The join (pikepdf, ISO 32000-1):

- copies the pages, with an empty left-hand page wherever the next piece starts two pages on
  (the blank verso before a text on a right-hand page, as in the one-piece layout), its
  ParentTree entry empty;
- hangs the children of each piece's ``Document`` element under the first piece's (§14.7.2);
- shifts each piece's ParentTree keys past those before it, with the pages' ``StructParents``
  and the annotations' ``StructParent`` (§14.7.4.4); MCIDs are page-local and stay;
- merges the named destinations, sorted (§7.9.6, §12.3.2.3): a link to another piece resolves;
- merges the pieces' IDTrees, the notes' ids (§14.7.2), into one;
- chains the outlines' top-level items (§12.3.3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pikepdf

__all__ = ["join_pdfs"]


def join_pdfs(pieces: Sequence[tuple[Path, int]], target: Path,
              finish: Callable[[pikepdf.Pdf], None] | None = None) -> None:
    """One PDF written to ``target`` of ``pieces``, each (its PDF file, number of its first page);
    the first is the front; ``finish`` completes the joined PDF before it is written."""
    (first_path, _), rest = pieces[0], pieces[1:]
    with pikepdf.open(first_path) as pdf:
        tree = pdf.Root.StructTreeRoot
        document = _document(tree)
        nums: list[object] = list(tree.ParentTree.Nums)
        next_key = _next_key(pdf, nums)
        names = _names(pdf)
        ids = _ids(tree)
        outlines = _top_outlines(pdf.Root)
        for path, first_page in rest:
            while len(pdf.pages) + 1 < first_page:
                _blank_page(pdf, next_key)
                nums += [next_key, pikepdf.Array()]
                next_key += 1
            with pikepdf.open(path) as other:
                before = len(pdf.pages)
                for page in other.pages:
                    pdf.pages.append(page)
                for page in pdf.pages[before:]:
                    _shift_keys(page.obj, next_key)
                other_tree = other.Root.StructTreeRoot
                other_nums = list(other_tree.ParentTree.Nums)
                for key, value in zip(other_nums[::2], other_nums[1::2], strict=True):
                    nums += [int(key) + next_key, _copied(pdf, value)]
                next_key += _next_key(other, other_nums)
                ids += [(name, _copied(pdf, element)) for name, element in _ids(other_tree)]
                for kid in _kids(_copied(pdf, _document(other_tree))):
                    kid.P = document
                    document.K.append(kid)
                names += [(name, _copied(pdf, dest)) for name, dest in _names(other)]
                outlines += _top_outlines_copied(pdf, other)
        tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        tree.ParentTreeNextKey = next_key
        _set_names(pdf, names)
        _set_ids(pdf, tree, ids)
        _set_outlines(pdf, outlines)
        if finish is not None:
            finish(pdf)
        pdf.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)


def _copied(pdf: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF in ``pdf``: indirect objects copied once each (qpdf keeps the map,
    so a page already copied is the same page), direct ones rebuilt around them."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copied(pdf, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(pdf, value) for key, value in obj.items()})
    return obj


def _document(tree: pikepdf.Object) -> pikepdf.Object:
    kids = tree.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _next_key(pdf: pikepdf.Pdf, nums: Sequence[object]) -> int:
    """The key after every key of the piece: its ParentTree's, and its pages' and annotations'
    (one the fixed tree no longer lists must not come again in the next piece)."""
    keys = [int(key) for key in nums[::2]]  # type: ignore[call-overload]
    for page in pdf.pages:
        keys += [int(page.obj.StructParents)] if "/StructParents" in page.obj else []
        keys += [int(annot.StructParent) for annot in page.obj.get("/Annots", [])
                 if "/StructParent" in annot]
    return max(keys, default=-1) + 1


def _ids(tree: pikepdf.Object) -> list[tuple[str, pikepdf.Object]]:
    if "/IDTree" not in tree:
        return []
    return [(str(name), element) for name, element in pikepdf.NameTree(tree.IDTree).items()]


def _set_ids(pdf: pikepdf.Pdf, tree: pikepdf.Object, ids: list[tuple[str, pikepdf.Object]]) -> None:
    """One IDTree of every piece's (the ids are the book's, unique across pieces)."""
    if not ids:
        return
    merged = pikepdf.NameTree.new(pdf)
    for name, element in sorted(ids, key=lambda item: item[0]):
        merged[name] = element
    tree.IDTree = merged.obj


def _shift_keys(page: pikepdf.Object, shift: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + shift
    for annot in page.get("/Annots", []):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + shift


def _blank_page(pdf: pikepdf.Pdf, key: int) -> None:
    """An empty left-hand page the size of the page before it, with its own (empty) entry in the
    ParentTree, as every page of the one-piece PDF has (ISO 32000-1 §14.7.4.4; ISO 14289-1 §7.1)."""
    last = pdf.pages[-1].obj
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, Contents=pdf.make_stream(b""),
                              Resources=last.Resources)
    for box in ("/MediaBox", "/TrimBox", "/BleedBox"):
        if box in last:
            page[box] = last[box]
    page.Tabs = pikepdf.Name.S
    page.StructParents = key
    pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))


def _names(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    return [(str(name), dest) for name, dest in pikepdf.NameTree(names.Dests).items()]


def _set_names(pdf: pikepdf.Pdf, names: list[tuple[str, pikepdf.Object]]) -> None:
    if not names:
        return
    flat = pikepdf.Array()
    for name, dest in sorted(names, key=lambda item: item[0]):
        flat.append(pikepdf.String(name))
        flat.append(dest)
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=flat))


def _top_outlines(root: pikepdf.Object) -> list[pikepdf.Object]:
    outlines = root.get("/Outlines")
    items = []
    item = outlines.get("/First") if outlines is not None else None
    while item is not None:
        items.append(item)
        item = item.get("/Next")
    return items


def _top_outlines_copied(pdf: pikepdf.Pdf, other: pikepdf.Pdf) -> list[pikepdf.Object]:
    outlines = other.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        return []
    return _top_outlines(pikepdf.Dictionary(Outlines=pdf.copy_foreign(outlines)))


def _set_outlines(pdf: pikepdf.Pdf, items: list[pikepdf.Object]) -> None:
    """The top-level items chained in order under one ``/Outlines``; its count is the number of
    items shown when the outline opens (each open item's count added, §12.3.3 table 152)."""
    if not items:
        return
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    shown = 0
    for position, item in enumerate(items):
        item.Parent = root
        for link in ("/Prev", "/Next"):
            if link in item:
                del item[link]
        if position:
            item.Prev = items[position - 1]
            items[position - 1].Next = item
        count = int(item.get("/Count", 0))
        shown += 1 + max(count, 0)
    root.First, root.Last, root.Count = items[0], items[-1], shown
    pdf.Root.Outlines = root
