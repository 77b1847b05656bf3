"""Turn figures and tables into XHTML: their behaviours and their rows of the model.

TEI P5 §14 (table, row, cell, figure, graphic, figDesc, formula).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import Element, is_tei, local
from edition.writers.xhtml.builder import XHTML, Context, append, h
from edition.writers.xhtml.kinds import division, inline, skip

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "figure", "graphic", "table"]


def figure(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    node = h("figure", class_="figure")
    renderer.copy_common(element, node)
    out.append(node)
    caption = h("figcaption")
    description = ""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name_ = local(child)
        if name_ == "head":
            renderer.inline_children(child, caption, context)
        elif name_ == "figDesc":
            description = " ".join("".join(child.itertext()).split())
        elif name_ == "graphic":
            graphic(renderer, child, node, context)
        else:
            renderer.render(child, node, context)
    for image in node.iter(f"{{{XHTML}}}img"):
        image.set("alt", description or image.get("alt", ""))
    for missing in list(node.iter(f"{{{XHTML}}}span")):
        if missing.get("class") == "missing-image" and description:
            # the image is not there: its description is what the reader gets instead
            described = h("span", description, class_="figDesc")
            described.tail, missing.tail = missing.tail, " "
            missing.addnext(described)
    if description and not len(caption) and not caption.text:
        caption.text = description
    if len(caption) or caption.text:
        node.append(caption)


def graphic(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    url = element.get("url", "")
    asset = renderer.resolve_asset(url, element) if url else None
    if asset is None:
        out.append(h("span", f"[image: {url}]", class_="missing-image", title=url or None))
        return
    out.append(h("img", src=asset.href, alt=""))


def table(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    node = h("table", class_="table")
    renderer.copy_common(element, node)
    out.append(node)
    for child in element:
        if is_tei(child, "head"):
            caption = h("caption")
            node.insert(0, caption)
            renderer.inline_children(child, caption, context)
        elif is_tei(child, "row"):
            row = h("tr")
            renderer.copy_common(child, row)
            node.append(row)
            label_row = child.get("role") == "label"
            for cell in child:
                if not is_tei(cell, "cell"):
                    continue
                tag = "th" if label_row or cell.get("role") == "label" else "td"
                item = renderer.container(tag, cell, row, context)
                for attribute, value in (("colspan", cell.get("cols")), ("rowspan", cell.get("rows"))):
                    if value and value.isdigit() and int(value) > 1:
                        item.set(attribute, value)


def notated_music(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``notatedMusic`` (TEI P5 §14.4): the music is in another file (``ptr``, ``ref``) or an
    image (``graphic``); its ``desc`` says what it is, in parentheses after the link, so that
    "tune.mei" and "a tune in MEI" do not run together."""
    node = h("span", class_="notatedMusic")
    renderer.copy_common(element, node)
    out.append(node)
    saved = context.inline
    context.inline = True
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if is_tei(child, "desc"):
            holder = h("span", class_="music-desc")
            holder.text = " (" if len(node) else "("
            node.append(holder)
            renderer.children(child, holder, context)
            append(holder, ")")
        else:
            renderer.render(child, node, context)
    context.inline = saved


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "table": table, "row": division("div", "row"), "cell": inline("span", "cell"), "figure": figure,
    "graphic": graphic, "figDesc": skip, "formula": inline("span", "formula"),
    "notatedMusic": notated_music,
}
