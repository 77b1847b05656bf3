"""The automatic layer: names (longest match, never inside a word), dates, French phrases."""

from __future__ import annotations

from edition.annotate.auto import NameFinder, find_dates, find_french


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
