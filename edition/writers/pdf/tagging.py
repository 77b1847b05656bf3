"""Turn the tagged PDF that WeasyPrint writes into one that PDF/UA-1 (ISO 14289-1) and PDF/A-3a
readers can rely on, by post-processing the final file with pikepdf: running heads and folios as
Artifacts, links with a description, no interpolated images. A pure function of the PDF (and of
the link descriptions the book gives), so it works on a PDF joined from several renders."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping

import pikepdf

__all__ = ["describe_links", "fix_tagging", "margins_as_artifacts", "no_interpolation", "reachable"]


def fix_tagging(data: bytes, descriptions: Mapping[str, str] | None = None) -> bytes:
    """The PDF with its tagging fixed; the same bytes in give the same bytes out."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            margins_as_artifacts(pdf)
        describe_links(pdf, descriptions or {})
        no_interpolation(pdf)
        out = io.BytesIO()
        # deterministic_id: the second half of /ID from the content, not from the clock.
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


# ---------------------------------------------------------------------- artifacts
def reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The structure elements reachable from the structure tree root (ISO 32000-1 §14.7.2)."""
    seen: set[tuple[int, int]] = set()
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type", "/StructElem") == "/StructElem" \
                    and "/S" in kid and kid.objgen not in seen:
                seen.add(kid.objgen)
                stack.append(kid)
    return seen


def margins_as_artifacts(pdf: pikepdf.Pdf) -> int:
    """Marked content whose structure element the tree does not reach (WeasyPrint's page margin
    boxes: running heads, folios) becomes an Artifact, and leaves the ParentTree: ISO 14289-1
    §7.1 (content is either real content, tagged, or an artifact) and §7.8 (page headers and
    footers are artifacts). Returns how many sequences were turned."""
    tree = reachable(pdf)
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    turned = 0
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parents:
            continue
        owners = parents[int(key)]
        stray = {mcid for mcid, owner in enumerate(owners)
                 if isinstance(owner, pikepdf.Dictionary) and owner.objgen not in tree}
        if not stray:
            continue
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(
            list(_as_artifacts(pikepdf.parse_content_stream(page), stray))))
        for mcid in stray:
            owners[mcid] = pikepdf.Null() if hasattr(pikepdf, "Null") else None
        turned += len(stray)
    return turned


def _as_artifacts(instructions: list, stray: set[int]) -> Iterator:
    for instruction in instructions:
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "BDC" and len(operands) == 2 and \
                isinstance(operands[1], pikepdf.Dictionary) and \
                int(operands[1].get("/MCID", -1)) in stray:
            yield pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
        else:
            yield instruction


# ---------------------------------------------------------------------- links
def describe_links(pdf: pikepdf.Pdf, descriptions: Mapping[str, str]) -> None:
    """Every internal link says where it leads, not the id it points to (ISO 14289-1 §7.18.5:
    an alternate description in Contents): "Index of names, page 25"."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    names = pdf.Root.get("/Names")
    dests = pikepdf.NameTree(names.Dests) if names is not None and "/Dests" in names else None
    titles = {**_outline_titles(pdf), **descriptions}
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            dest = annot.get("/Dest")
            if annot.get("/Subtype") != "/Link" or not isinstance(dest, pikepdf.String):
                continue
            name = str(dest)
            number = _dest_page(dests, name, pages)
            where = f"page {number}" if number else ""
            label = ", ".join(part for part in (titles.get(name, ""), where) if part)
            annot.Contents = pikepdf.String(label or "a place in this book")


def _dest_page(dests: pikepdf.NameTree | None, name: str, pages: dict) -> int | None:
    if dests is None or name not in dests:
        return None
    target = dests[name]
    target = target.get("/D", target) if isinstance(target, pikepdf.Dictionary) else target
    return pages.get(target[0].objgen) if isinstance(target, pikepdf.Array) and len(target) else None


def _outline_titles(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The bookmarks' titles by the named destination they lead to."""
    titles: dict[str, str] = {}
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            dest = item.destination
            if isinstance(dest, (str, pikepdf.String)):
                titles.setdefault(str(dest), item.title)
            stack.extend(item.children)
    return titles


# ---------------------------------------------------------------------- images
def no_interpolation(pdf: pikepdf.Pdf) -> None:
    """No image asks the viewer to interpolate it (ISO 19005-3 §6.2.8: Interpolate shall be
    false)."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and "/Interpolate" in obj:
            del obj["/Interpolate"]
