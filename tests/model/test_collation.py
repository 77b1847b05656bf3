"""The order of names: the Unicode Collation Algorithm for the edition's language (ICU, CLDR)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from edition.model.collation import sort_key, sorted_by_language

NAMES = ["Zola", "Éluard", "eluard", "Marx", "Ångström", "Aalto", "Æsop", "Ørsted", "Odin",
         "Courbet", "Çelebi", "Dąbrowski", "Varlin"]


def order(lang: str, names: list[str] = NAMES) -> list[str]:
    return sorted(names, key=lambda name: sort_key(name, lang))


def test_an_accented_initial_files_with_its_letter_not_after_z() -> None:
    """Issue 13: "Éluard" came after "Zola" when the index compared case-folded code points."""
    for lang in ("fr", "en", "de"):
        names = order(lang)
        assert names.index("Éluard") < names.index("Marx") < names.index("Zola")
        # Ç is C with an accent, not a letter of its own: "Çelebi" files as "Celebi".
        assert names.index("Çelebi") < names.index("Courbet") < names.index("Dąbrowski")
    assert sorted(NAMES, key=str.casefold).index("Éluard") > sorted(NAMES, key=str.casefold).index("Zola")


def test_the_languages_own_alphabet_is_followed() -> None:
    # Swedish: å, ä, ö after z; Danish and Norwegian: æ, ø, å after z; English: with a and o.
    english, swedish, danish = order("en"), order("sv"), order("da")
    assert english.index("Ångström") < english.index("Marx")
    assert swedish.index("Zola") < swedish.index("Ångström")
    assert danish[-4:] == ["Æsop", "Ørsted", "Aalto", "Ångström"]   # "aa" is "å" in Danish
    assert english.index("Ørsted") < english.index("Zola")


def test_case_and_accents_order_but_do_not_merge() -> None:
    assert sort_key("eluard", "fr") != sort_key("Éluard", "fr")
    assert order("fr", ["Éluard", "eluard", "Eluard"]) == ["eluard", "Eluard", "Éluard"]


def test_an_unknown_language_falls_back_to_the_root_order() -> None:
    assert order("x-unknown", ["Zola", "Éluard"]) == ["Éluard", "Zola"]
    assert order("", ["Zola", "Éluard"]) == ["Éluard", "Zola"]


def test_sorted_by_language_is_stable_on_equal_keys() -> None:
    items = [("Marx", 1), ("Marx", 2), ("Éluard", 3)]
    assert sorted_by_language(items, "fr", key=lambda item: item[0]) == \
        [("Éluard", 3), ("Marx", 1), ("Marx", 2)]


@given(st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=8),
       st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=8),
       st.sampled_from(["en", "fr", "de"]))
def test_plain_latin_letters_keep_the_alphabetical_order(a: str, b: str, lang: str) -> None:
    """Where there is nothing to tailor, the collation is the alphabet, case aside."""
    if a.casefold() != b.casefold():
        assert (sort_key(a, lang) < sort_key(b, lang)) == (a.casefold() < b.casefold())
