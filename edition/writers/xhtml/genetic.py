"""Turn a genetic transcription (``sourceDoc``) into XHTML: behaviours and rows of the model.

TEI P5 §11.2.2: a ``sourceDoc`` records the written surfaces of a document as they are, page by
page (``surface``), area by area (``zone``), line by line (``line``). It is printed as a
diplomatic transcription: each surface under its number, its zones in document order, each
labelled by its type (main text, margin, pagination), and each line on a line of its own, with
the revisions of the line (``del``, ``add``, ``mod``, ``metamark``) as the transcription family
shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import Element
from edition.writers.xhtml.builder import Context, h
from edition.writers.xhtml.kinds import class_token

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "line", "source_doc", "surface", "zone"]


def source_doc(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    renderer.container("div", element, out, context, class_="sourceDoc", inline=False)


def surface(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A page (or any written surface) under its number: "Surface 1r"."""
    node = h("section", class_="surface")
    renderer.copy_common(element, node)
    out.append(node)
    label = element.get("n") or str(1 + len(element.xpath("preceding::*[local-name()='surface']")))
    node.append(h("h2", f"Surface {label}", class_="surface-label", id=renderer.new_id("h")))
    saved = context.inline
    context.inline = False
    renderer.children(element, node, context)
    context.inline = saved


def zone(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """An area of the surface, labelled by its type ("left margin") when it has one."""
    kind = element.get("type", "")
    node = h("div", class_=f"zone zone-{class_token(kind)}" if kind else "zone")
    renderer.copy_common(element, node)
    out.append(node)
    if kind:
        node.append(h("p", kind.replace("_", " "), class_="zone-label"))
    saved = context.inline
    context.inline = False
    renderer.children(element, node, context)
    context.inline = saved


def line(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A line of writing: a line of its own (a phrase inside a phrase)."""
    renderer.container("span" if context.inline else "p", element, out, context, class_="line",
                       inline=True)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "sourceDoc": source_doc, "surfaceGrp": source_doc, "surface": surface, "zone": zone, "line": line,
}
