"""Turn a contents line's leader into one text box of dots, not one box per dot (WeasyPrint 70, pinned).

WeasyPrint lays ``leader(dotted)`` out as a copy of the dot's text box for every dot that fits
(CSS Generated Content 3 §6: the leader fills the line with its string): a 100-page contents
holds hundreds of thousands of boxes, each drawn with its own Pango layout, and about a third of
the memory of a long book. Here the dots WeasyPrint would have placed are counted the same way
(right-aligned on a grid of the dot's width from the line's end, so that the leaders of all
entries line up) and set as one box holding that many repetitions of the string, starting where
the leftmost dot would. Pango advances each repetition by the dot's width, less any rounding, so
the dots move by sub-pixel amounts: the contents pages' bytes change, nothing visible does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from weasyprint.layout import inline as inline_module
from weasyprint.layout import leader as leader_module
from weasyprint.text.line_break import split_first_line

from edition.writers.pdf.weasyfix import check_pinned

__all__ = ["handle_leader", "one_box_leaders"]


def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
    """WeasyPrint's ``handle_leader`` with the dots set as one box (same widths, same translation
    of what follows the leader)."""
    index, leader_box = leader_module.leader_index(line)
    extra_width = 0.0
    if index is not None and leader_box.children:
        text_box, = leader_box.children
        if text_box.width <= 0:
            return
        extra_width = containing_block.width - sum(
            child.margin_width() for child in line.children if child.is_in_normal_flow())
        for shape in context.excluded_shapes:
            if shape.position_y + shape.height > line.position_y:
                extra_width -= shape.width
        available_width = extra_width + text_box.width
        line.width = containing_block.width
        count, leftmost = _kept(line, text_box, leader_box, available_width)
        leader_box.children = (_repeated(context, text_box, count, leftmost),) if count else ()
        if line.style["direction"] == "rtl":
            leader_box.translate(dx=-extra_width)
    _widen(line, index, extra_width)


def _kept(line: Any, text_box: Any, leader_box: Any, available_width: float) -> tuple[int, float]:
    """WeasyPrint's loop over ``int(line.width // dot)`` grid positions, counted, not copied."""
    dot, count, leftmost = text_box.width, 0, 0.0
    position_x = line.position_x + line.width
    for _ in range(int(line.width // dot)):
        position_x -= dot
        if position_x < leader_box.position_x:
            continue
        if position_x + dot > leader_box.position_x + available_width:
            continue
        count, leftmost = count + 1, position_x
    return count, leftmost


def _repeated(context: Any, text_box: Any, count: int, position_x: float) -> Any:
    """One text box holding the leader's string ``count`` times, laid out by Pango at once."""
    text = text_box.text * count
    layout, _length, _resume, width, _height, _baseline = split_first_line(
        text, text_box.style, context, None, text_box.justification_spacing, is_line_start=False)
    box = text_box.copy_with_text(text)
    box.pango_layout, box.width, box.position_x = layout, width, position_x
    return box


def _widen(line: Any, index: Any, extra_width: float) -> None:
    """The leader's parents widen by what it took; what follows it moves along (WeasyPrint's own)."""
    box = line
    while index is not None:
        for child in box.children[index[0] + 1:]:
            if child.is_in_normal_flow():
                child.translate(dx=extra_width if line.style["direction"] == "ltr" else -extra_width)
        box = box.children[index[0]]
        box.width += extra_width
        index = index[1]


@contextmanager
def one_box_leaders() -> Iterator[None]:
    """Leaders as one box per entry, for the render inside."""
    check_pinned()
    saved = inline_module.handle_leader
    inline_module.handle_leader = handle_leader
    try:
        yield
    finally:
        inline_module.handle_leader = saved
