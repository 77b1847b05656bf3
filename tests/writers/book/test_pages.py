"""The page map: a typed value from the PDF's layout to the EPUB, kept by the build as JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from edition.writers.book import PageMap, PageStart

starts = st.builds(PageStart, st.integers(1, 5000),
                   st.lists(st.tuples(st.text(min_size=1), st.integers(0, 10**6)), max_size=4).map(tuple))


@given(st.lists(starts, max_size=20).map(tuple))
def test_json_round_trip(values: tuple[PageStart, ...]) -> None:
    page_map = PageMap(values)
    assert PageMap.from_json(json.loads(json.dumps(page_map.to_json()))) == page_map


def test_what_is_no_page_map_is_none() -> None:
    assert PageMap.from_json(None) is None
    assert PageMap.from_json({"starts": []}) is None
    assert PageMap.from_json([["x", [["a", 1]]]]) is None
    assert PageMap.from_json([]) == PageMap()


def test_a_page_map_cannot_be_changed() -> None:
    page_map = PageMap((PageStart(1, (("s-1", 0),)),))
    try:
        page_map.starts = ()  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("PageMap is not frozen")
