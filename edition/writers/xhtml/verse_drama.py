"""Turn verse and drama into XHTML: their behaviours and their rows of the model.

TEI P5 §6 (lg, l, caesura) and §7 (sp, speaker, stage, castList).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import Element, is_tei
from edition.writers.xhtml.builder import Context, h
from edition.writers.xhtml.kinds import block, class_token, division, inline, invisible

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "line", "speech", "stage"]


def line(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A verse line, with its number shown every fifth line (or where the number is not a run)."""
    if context.inline:
        renderer.container("span", element, out, context, class_="l")
        return
    # @part (TEI P5 §6.2: a line shared between speakers) and @rend shape the line's indent.
    classes = ["l", *(f"rend-{class_token(t)}" for t in element.get("rend", "").split())]
    if element.get("part"):
        classes.append(f"part-{class_token(element.get('part', ''))}")
    node = renderer.container("div", element, out, context, class_=" ".join(classes), inline=True)
    number = element.get("n")
    if number and (not number.isdigit() or int(number) % 5 == 0):
        node.insert(0, h("span", number, class_="line-number", aria_hidden="true"))
        node[0].tail, node.text = node.text, None


def speech(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    division("div", "sp")(renderer, element, out, context)


def stage(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    kind = element.get("type")
    class_ = f"stage stage-{class_token(kind)}" if kind else "stage"
    parent = element.getparent()
    if context.inline or (parent is not None and is_tei(parent, "p", "l")):
        renderer.container("span", element, out, context, class_=class_, inline=True)
    else:
        renderer.container("p", element, out, context, class_=class_, inline=True)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "lg": division("div", "lg"), "l": line, "caesura": inline("span", "caesura"), "sp": speech,
    "speaker": block("p", "speaker"), "stage": stage, "castList": division("div", "castList"),
    "castGroup": division("div", "castGroup"), "castItem": block("p", "castItem"), "role":
    inline("span", "role"), "roleDesc": inline("span", "roleDesc"), "actor": inline("span", "actor"),
    "set": division("div", "set"), "move": invisible, "view": block("p", "view"), "spGrp":
    division("div", "spGrp"), "prologue": division("div", "prologue"), "epilogue": division("div",
    "epilogue"), "performance": division("div", "performance"), "camera": stage, "sound": stage, "tech":
    stage
}
