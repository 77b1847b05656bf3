"""Turn quotations into XHTML with the quotation marks of their language.

TEI P5 §3.3.3 (q, said, quote, soCalled): marks are added where the source has none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import TEI_NS, Element, is_tei, local
from edition.writers.xhtml.builder import Context, append
from edition.writers.xhtml.nesting import has_block_child

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Renderer

__all__ = ["QUOTED", "QUOTED_TAGS", "QUOTE_CHARS", "QUOTE_MARKS", "enclose", "quotation", "scare_quoted"]


def quotation(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``quote``/``cit``: a block quotation when it holds blocks, else an inline quotation."""
    if not context.inline and (has_block_child(element) or local(element) == "cit"
                               or element.get("rend") == "block"):
        renderer.container("blockquote", element, out, context, class_=local(element))
    elif local(element) in ("quote", "q", "said"):
        kind = local(element)
        node = renderer.container("span", element, out, context,
                                  class_="q" if kind == "q" else f"q {kind}", inline=True)
        enclose(node, element)
    else:
        renderer.container("span", element, out, context, class_=local(element), inline=True)


QUOTE_CHARS = "\"'“”‘’«»„‚‹›「」『』"


QUOTE_MARKS = {"fr": ("«\u00a0", "\u00a0»", "“", "”"), "de": ("„", "“", "‚", "‘"),
               "ru": ("«", "»", "„", "“"), "pl": ("„", "”", "«", "»"), "it": ("«", "»", "“", "”"),
               "es": ("«", "»", "“", "”"), "ja": ("「", "」", "『", "』"), "zh": ("“", "”", "‘", "’")}


QUOTED = ("q", "said", "quote")


QUOTED_TAGS = frozenset(f"{{{TEI_NS}}}{name_}" for name_ in QUOTED)


def enclose(node: Element, element: Element) -> None:
    """Put quotation marks around a quotation as text (reading systems differ on CSS quotes),
    in its language's style and level, unless the source's own marks are already there."""
    lang = element.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)").split("-")[0]
    marks = QUOTE_MARKS.get(lang.lower(), ("“", "”", "‘", "’"))
    state = _open_quotation(element, marks[0].strip(), marks[1].strip())
    if _marked(element) or state == "continued":
        return
    level = (sum(1 for a in element.iterancestors() if is_tei(a, *QUOTED) or
                 (is_tei(a, "title") and a.get("level") in ("a", "u"))) + (state == "nested")) % 2
    node.text = marks[2 * level] + (node.text or "")
    append(node, marks[2 * level + 1])


def _marked(element: Element) -> bool:
    words = "".join(_words(element)).strip()
    parent, previous = element.getparent(), element.getprevious()
    before = (previous.tail if previous is not None else parent.text if parent is not None else "")
    edges = (words[:1], words[-1:], (before or "").rstrip()[-1:])
    return any(edge and edge in QUOTE_CHARS for edge in edges)


def _open_quotation(element: Element, opening: str, closing: str) -> str:
    """Whether the source opened a quotation before ``element`` in its verse group, speech or
    paragraph and left it open: "continued" when a quotation element opened it (one speech split
    over several lines, each a ``said``), "nested" when the running text did, else ""."""
    container = next(element.iterancestors(*(f"{{{TEI_NS}}}{n}" for n in ("lg", "sp", "p", "ab"))),
                     None)
    if container is None:
        return ""
    ancestors = set(element.iterancestors())
    quoted: list[str] = []          # the text before the element (its order does not matter)
    plain: list[str] = []
    for node in container.iter():
        if node is element:
            break
        inside = node.tag in QUOTED_TAGS or any(a.tag in QUOTED_TAGS for a in node.iterancestors()
                                                if a not in ancestors)
        (quoted if inside else plain).append(node.text or "")
        if node not in ancestors:   # an ancestor's tail comes after the element
            (quoted if inside and node.tag not in QUOTED_TAGS else plain).append(node.tail or "")

    def unbalanced(text: str) -> bool:
        return text.count(opening) > text.count(closing) or text.count('"') % 2 == 1

    return "continued" if unbalanced("".join(quoted)) else "nested" if unbalanced(
        "".join(quoted + plain)) else ""


def _words(element: Element) -> list[str]:
    """The text of an element without its notes."""
    pieces = [element.text or ""]
    for child in element:
        if not is_tei(child, "note"):
            pieces.extend(_words(child))
        pieces.append(child.tail or "")
    return pieces


def scare_quoted(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``soCalled``: a word the author distances himself from, in quotation marks."""
    enclose(renderer.container("span", element, out, context, class_="soCalled", inline=True),
            element)
