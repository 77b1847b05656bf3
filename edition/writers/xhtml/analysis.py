"""Turn TEI ``span`` (TEI P5 §17.3, spans and interpretations) into a note on the passage it spans.

``<span from="#a1" to="#a2">a commentary</span>`` says something about the text from the
element ``a1`` to the element ``a2`` (or, without ``@to``, about ``a1`` alone); it is not text of
its own line. Printed where it stands, its words would run into the text ("from here.a
commentary"), so it becomes a note, headed by the passage it is about as an apparatus lemma
is ("from here] a commentary"; a long passage by its first and last words, "Lorem … amet").
``spanGrp`` only groups spans: its spans become notes, in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import Element
from edition.writers.xhtml.builder import Context, h
from edition.writers.xhtml.core import make_note

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "spanned_text"]

LEMMA_WORDS = 6     # a longer passage is named by its first and last words


def spanned_text(root: Element, start: str, end: str) -> str:
    """The words from the element ``start`` to the element ``end`` (both included), or of
    ``start`` alone when there is no ``end``; "" when ``start`` is not there."""
    first = root.xpath("//*[@xml:id=$id]", id=start)
    if not first:
        return ""
    if not end or end == start:
        return " ".join("".join(first[0].itertext()).split())
    last = root.xpath("//*[@xml:id=$id]", id=end)
    if not last:
        return ""
    inside = root.xpath("(//*[@xml:id=$f]//text() | //*[@xml:id=$f]/following::text())"
                        "[not(preceding::*[@xml:id=$t])][not(ancestor::*[local-name()='span'])]"
                        "[not(ancestor::*[local-name()='note'])]", f=start, t=end)
    return " ".join("".join(map(str, inside)).split())   # ``end``'s own words are not before it


def _lemma(words: str) -> Element | None:
    if not words:
        return None
    parts = words.split()
    shown = words if len(parts) <= LEMMA_WORDS else f"{parts[0]} … {parts[-1]}"
    entry = h("p", class_="apparatus")
    entry.append(h("span", shown, class_="lemma-source"))
    entry[-1].tail = "]"
    return entry


def span(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``span``: a note where it stands, on the passage from ``@from`` to ``@to``."""
    start = element.get("from", element.get("target", "")).split()
    end = element.get("to", "")
    words = spanned_text(renderer.root, start[0].removeprefix("#"), end.removeprefix("#")) \
        if start else ""
    make_note(renderer, element, out, context, _lemma(words))


def span_group(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    renderer.children(element, out, context)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {"span": span, "spanGrp": span_group}
