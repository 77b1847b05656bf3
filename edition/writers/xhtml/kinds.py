"""Turn a TEI element into one of the kinds of XHTML every family uses.

Block, division, inline, invisible, skipped and flexible (block or inline by context).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from edition.model.tei import XML_ID, Element, local
from edition.writers.xhtml.builder import Context, h
from edition.writers.xhtml.nesting import holds_blocks

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["block", "class_token", "division", "division_depth", "first_strong", "flexible", "inline",
           "invisible", "joins_word", "skip"]


def block(tag: str, class_: str | None = None) -> Behaviour:
    """A block of text: ``p`` → ``<p>``; inside an inline context it becomes a ``span``."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        if context.inline:
            renderer.container("span", element, out, context, class_=class_ or f"tei-{local(element)}")
            return
        renderer.container(tag, element, out, context, class_=class_, inline=tag == "p")

    return behaviour


def division(tag: str, class_: str) -> Behaviour:
    """A container of blocks (``div``, ``lg``, ``sp``…); inline it degrades to a span."""

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        if context.inline:
            renderer.container("span", element, out, context, class_=class_)
            return
        kind = element.get("type")
        node = renderer.container(tag, element, out, context,
                                  class_=f"{class_} {class_}-{class_token(kind)}" if kind else class_)
        if local(element) == "div":
            node.set("data-depth", str(division_depth(element)))

    return behaviour


def inline(tag: str, class_: str | None = None) -> Behaviour:
    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        renderer.container(tag, element, out, context, class_=class_, inline=True)

    return behaviour


def invisible(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Elements with nothing to show (``cb``, ``anchor``, ``handShift``): keep their id as a target."""
    if element.get(XML_ID):
        node = h("span")
        renderer.copy_common(element, node)
        out.append(node)


def skip(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """Metadata inside the text that is not shown (``figDesc`` is used as alt text)."""


def flexible(class_: str) -> Behaviour:
    """A paragraph when it holds phrases, a division when it holds paragraphs (``support``,
    ``origin``, ``summary``… may hold either)."""
    as_block, as_division = block("p", class_), division("div", class_)

    def behaviour(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
        (as_division if holds_blocks(element) else as_block)(renderer, element, out, context)

    return behaviour


def joins_word(element: Element) -> bool:
    """A break inside a word: ``@break="no"`` (TEI P5 §3.11.3), or the common equivalents
    ``type="hyphenInWord"`` and ``rend="hidden"``."""
    return (element.get("break") == "no" or element.get("type") == "hyphenInWord"
            or element.get("rend") == "hidden")


def first_strong(text: str) -> str | None:
    """The direction of the first strong character (Unicode UAX #9, rule P2), or None."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def class_token(value: str) -> str:
    return re.sub(r"[^\w\-]", "-", value.strip()).strip("-") or "x"


def division_depth(element: Element) -> int:
    """How many divisions (``div``, ``div1``…, ``lg``, ``floatingText``) enclose an element."""
    depth = 0
    for ancestor in element.iterancestors():
        name_ = local(ancestor)
        parent = ancestor.getparent()
        inside = local(parent) if parent is not None else ""
        # Each division is a level; so is a group within a group, and each text of a group.
        if (name_ == "div" or re.fullmatch(r"div\d", name_) or (name_ == "group" and inside == "group")
                or (name_ == "text" and inside in ("group", "floatingText"))):
            depth += 1
        elif name_ in ("text", "TEI", "teiCorpus"):
            break
    return depth
