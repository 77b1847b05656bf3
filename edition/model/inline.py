"""Turn a string and properly nested spans over it into TEI mixed content."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from edition.model.tei import Element

__all__ = ["Insert", "Wrap", "fill_inline"]


@dataclass
class Wrap:
    """Text ``[start, end)`` goes inside an element.

    ``build`` returns the element to put in the tree and the element that receives the wrapped
    text (the same one, except for ``choice``, whose wrapped text goes in ``sic``).
    """

    start: int
    end: int
    build: Callable[[], tuple[Element, Element]]
    rank: int = 0            # among spans with the same range, the higher rank is outside
    origin: object = None    # the annotation it comes from; None for the automatic layer
    label: str = ""          # what it is, for messages: "persName → #marx"

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Insert:
    """An element inserted at ``offset`` (a note after its anchor), outside what ends there."""

    offset: int
    build: Callable[[], Element]
    origin: object = None
    label: str = ""
    order: int = field(default=0)


def fill_inline(container: Element, text: str, wraps: list[Wrap], inserts: list[Insert]) -> None:
    """Append ``text`` to ``container`` with the spans applied; the spans must nest properly."""
    # At one offset: closings (innermost first), then inserts, then openings (outermost first).
    # A span that starts later, or has the lower rank, is the inner one.
    events: list[tuple[int, int, tuple[int, ...], str, int]] = []
    for index, wrap in enumerate(wraps):
        events.append((wrap.end, 0, (-wrap.start, wrap.rank, -index), "close", index))
        events.append((wrap.start, 2, (-wrap.end, -wrap.rank, index), "open", index))
    for index, insert in enumerate(inserts):
        events.append((insert.offset, 1, (insert.order, index), "insert", index))
    events.sort(key=lambda e: e[:3])
    stack: list[tuple[Element, Element]] = [(container, container)]
    position = 0
    for offset, _, _, action, index in events:
        _append_text(stack[-1][1], text[position:offset])
        position = offset
        if action == "open":
            outer, inner = wraps[index].build()
            stack[-1][1].append(outer)
            stack.append((outer, inner))
        elif action == "close":
            stack.pop()
        else:
            stack[-1][1].append(inserts[index].build())
    _append_text(stack[-1][1], text[position:])


def _append_text(element: Element, text: str) -> None:
    if not text:
        return
    # lxml counts children one by one (len() is linear); the last child is found at once. With
    # len() a paragraph of many spans (a long line full of dates) took quadratic time.
    try:
        last = element[-1]
    except IndexError:
        element.text = (element.text or "") + text
        return
    last.tail = (last.tail or "") + text
