"""The order in which the workers take the pieces: the front's sketch first, then the heaviest run
(the list of sources at the end of a long book), then the others in order; every piece once.
That any order gives the same bytes is test_chunked's (``--jobs 2`` against one process)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from edition.writers.pdf.chunks import Piece, weight
from edition.writers.pdf.parts import Part
from edition.writers.pdf.workers import _order
from edition.writers.xhtml import h


def _run(number: int, blocks: int) -> Piece:
    section = type("S", (), {"kind": "text"})()
    return Piece("run", number, (Part(section, h("section", *(h("p", "x") for _ in range(blocks)))),))


@given(st.lists(st.integers(1, 30), min_size=1, max_size=12), st.data())
def test_the_sketch_then_the_heaviest_run_then_the_others_in_order(blocks: list[int],
                                                                   data: st.DataObject) -> None:
    pieces = [_run(number, size) for number, size in enumerate(blocks, start=1)]
    numbers = sorted(data.draw(st.sets(st.integers(0, len(pieces)))))     # those not in the cache
    order = _order(numbers, pieces)
    assert sorted(order) == numbers
    runs = [number for number in numbers if number]
    if 0 in numbers:
        assert order[0] == 0
    if runs:
        first = order[1] if 0 in numbers else order[0]
        heaviest = max(weight(part) for number in runs for part in pieces[number - 1].parts)
        assert sum(weight(part) for part in pieces[first - 1].parts) == heaviest
        assert [number for number in order if number and number != first] == \
            [number for number in runs if number != first]
