"""Turn names and headwords into sort keys in the order of the edition's language.

The Unicode Collation Algorithm (UTS #10) with the tailoring of the Unicode CLDR for the
language, as ICU implements it: "Éluard" sorts with the E's, not after "Zola" (as code points
and case folding have it); "Ångström" sorts after "Z" in Swedish and with the A's in English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

import icu

__all__ = ["collator_version", "sort_key", "sorted_by_language"]

T = TypeVar("T")


@cache
def _collator(lang: str) -> icu.Collator:
    # A BCP 47 tag ("fr", "en-GB", "sv"); an unknown one falls back to the root collation
    # (the UCA's default table, DUCET as tailored by CLDR's root), never to code points.
    return icu.Collator.createInstance(icu.Locale.forLanguageTag(lang or "und"))


def sort_key(text: str, lang: str = "en") -> bytes:
    """The key that sorts ``text`` by the collation of ``lang``; equal texts give equal keys,
    and texts that differ only in case or accents are ordered by them (not merged)."""
    return bytes(_collator(lang).getSortKey(text))


def sorted_by_language(items: Iterable[T], lang: str, key: Callable[[T], str]) -> list[T]:
    """``items`` in the order of ``lang``; ties (the same key) keep their order (stable)."""
    return sorted(items, key=lambda item: sort_key(key(item), lang))


def collator_version() -> str:
    """The ICU version, which decides the order: part of what a rebuild depends on."""
    return str(icu.ICU_VERSION)
