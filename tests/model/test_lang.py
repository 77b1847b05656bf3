"""BCP 47 tags in their shortest canonical form, from the codes TEI documents use."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition.model.lang import ISO639_1, bcp47


@pytest.mark.parametrize(("code", "tag"), [
    ("lat", "la"), ("eng", "en"), ("fre", "fr"), ("fra", "fr"), ("ger", "de"), ("chi", "zh"),
    ("grc", "grc"), ("ang", "ang"), ("EN", "en"), ("en-gb", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"),
    ("lat-IT", "la-IT"), ("es-419", "es-419"), ("iw", "he"), ("de-1996", "de-1996"),
    ("en-x-Edition", "en-x-edition"), ("x-private", "x-private"),
])
def test_codes_become_their_shortest_canonical_tag(code: str, tag: str) -> None:
    assert bcp47(code) == tag


@pytest.mark.parametrize("not_a_tag", ["", "  ", "en_GB", "français", "en--gb"])
def test_what_is_no_tag_is_left_as_written(not_a_tag: str) -> None:
    assert bcp47(not_a_tag) == not_a_tag


def test_the_table_maps_three_letters_to_two() -> None:
    assert len(ISO639_1) > 190
    assert all(re.fullmatch(r"[a-z]{2,3}", k) and re.fullmatch(r"[a-z]{2}", v)
               for k, v in ISO639_1.items())


@given(st.from_regex(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-[A-Za-z]{2}|-[0-9]{3})?", fullmatch=True))
def test_canonical_form_is_a_fixed_point_and_keeps_the_subtags(code: str) -> None:
    tag = bcp47(code)
    assert bcp47(tag) == tag
    assert tag.count("-") == code.count("-")
    assert tag.split("-")[0] == ISO639_1.get(code.split("-")[0].lower(), code.split("-")[0].lower())
