"""The automatic layer: names (longest match, never inside a word), dates, French phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.annotate.auto import NameFinder, find_dates, find_french
from edition.annotate.registers import Register
from edition.config import Config
from edition.convert import convert_source
from edition.model.tei import iter_tei


def spans(finds: list, text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.value) for f in finds]


def test_longest_form_wins_and_hyphenated_words_are_left_alone() -> None:
    finder = NameFinder([("Paris", "paris"), ("Paris Commune", "commune"), ("US", "usa")])
    text = "the Paris Commune, Paris, Anti-US and US-led, the US"
    assert spans(list(finder.find(text)), text) == [
        ("Paris Commune", "commune"), ("Paris", "paris"), ("US", "usa")]


def test_forms_match_across_a_line_break_and_never_inside_a_word() -> None:
    finder = NameFinder([("St. Petersburg", "spb"), ("Marx", "marx")])
    text = "St.\nPetersburg, Marxism, Marx's"
    assert spans(list(finder.find(text)), text) == [("St.\nPetersburg", "spb"), ("Marx", "marx")]


def test_dates_are_normalised_and_an_impossible_day_is_dropped() -> None:
    text = "27th of March, 2021; 18 January 1871; March 27, 2021; 1917; the 1980s; 31 February 1900"
    assert spans(find_dates(text), text) == [
        ("27th of March, 2021", "2021-03-27"), ("18 January 1871", "1871-01-18"),
        ("March 27, 2021", "2021-03-27"), ("1917", "1917"), ("February 1900", "1900-02")]


def test_french_phrases_and_not_english_names() -> None:
    text = "Vive la Commune. For the Internationalism! 150 ans de la Commune; Charles de Gaulle"
    assert [t for t, _ in spans(find_french(text), text)] == ["Vive la Commune",
                                                              "150 ans de la Commune"]


# --- issue 13: the French layer never cuts a phrase, and keeps out of the editor's spans ------


@pytest.mark.parametrize("text", [
    "He drank his Café au lait on the terrace.",
    "It was the coup de grâce for the Commune.",
    "The menu said « Café au lait » and nothing else.",
    "The Vive la Commune-style slogans of 2021.",
])
def test_a_phrase_is_never_cut_where_the_heuristic_stops(text: str) -> None:
    """Before: <foreign>Café au</foreign> lait, coup <foreign>de grâce</foreign>."""
    assert spans(find_french(text), text) == []


@pytest.mark.parametrize(("text", "phrase"), [
    ('The crowd cried "Vive la Commune!" and marched.', "Vive la Commune"),
    ("Its last line: 150 ans de la Commune.", "150 ans de la Commune"),
    ("« Vive la Sociale », they answered.", "Vive la Sociale"),
])
def test_a_whole_french_phrase_is_tagged_whole(text: str, phrase: str) -> None:
    assert [t for t, _ in spans(find_french(text), text)] == [phrase]


def automatic_foreign(tmp_path: Path, text: str, sidecar: str) -> list[tuple[str, str]]:
    """Every <foreign> of a converted text, as (resp, text)."""
    seed = tmp_path / "t.txt"
    seed.write_text(text, encoding="utf-8")
    (tmp_path / "t.toml").write_text(sidecar, encoding="utf-8")
    converted = convert_source(seed, Config(seeds=tmp_path), Register())
    return [(f.get("resp", ""), "".join(f.itertext())) for f in iter_tei(converted.tree, "foreign")]


def test_the_automatic_layer_never_nests_inside_an_editors_language_span(tmp_path: Path) -> None:
    text = "They cried: Vive la Commune, vive la République sociale! and went on.\n"
    sidecar = ('[[language]]\nanchor = "Vive la Commune, vive la République sociale"\n'
               'lang = "fr"\n')
    assert automatic_foreign(tmp_path, text, sidecar) == [
        ("#ed", "Vive la Commune, vive la République sociale")]


def test_the_automatic_layer_does_not_tag_inside_or_across_an_editors_span(tmp_path: Path) -> None:
    text = "The slogan was this. Vive la Commune de Paris! Then silence.\n"
    sidecar = '[[language]]\nanchor = "Commune de Paris"\nlang = "fr-FR"\n'
    assert automatic_foreign(tmp_path, text, sidecar) == [("#ed", "Commune de Paris")]
    # Inside an editor's span of another kind: left alone too (it used to nest in it).
    sidecar = '[[date]]\nanchor = "this. Vive la Commune de Paris"\nwhen = "1871"\n'
    assert automatic_foreign(tmp_path, text, sidecar) == []
    assert automatic_foreign(tmp_path, text, "") == [("#resp-auto", "Vive la Commune de Paris")]
