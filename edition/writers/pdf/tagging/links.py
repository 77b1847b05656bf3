"""Turn link annotations that name an id into ones that say where they lead (ISO 14289-1
§7.18.5: "Index of names, page 25"), and images that ask to be interpolated into ones that do
not (ISO 19005-3 §6.2.8)."""

from __future__ import annotations

from collections.abc import Mapping

import pikepdf

__all__ = ["describe_links", "no_interpolation"]

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


def no_interpolation(pdf: pikepdf.Pdf) -> None:
    """No image asks the viewer to interpolate it (ISO 19005-3 §6.2.8: Interpolate shall be
    false)."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and "/Interpolate" in obj:
            del obj["/Interpolate"]
