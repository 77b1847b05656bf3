"""Turn codes and ISO dates into the words a reader sees: language names, dates in prose."""

from __future__ import annotations

import calendar

from edition.model.w3cdate import date_words

__all__ = ["date_label", "language_name"]

LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "it": "Italian", "es": "Spanish",
    "pt": "Portuguese", "nl": "Dutch", "la": "Latin", "el": "Greek", "grc": "Ancient Greek",
    "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "cs": "Czech", "ar": "Arabic",
    "he": "Hebrew", "fa": "Persian", "tr": "Turkish", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "hi": "Hindi", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "fi": "Finnish", "hu": "Hungarian", "ro": "Romanian", "ca": "Catalan", "eo": "Esperanto",
}
RTL = frozenset({"ar", "he", "fa", "ur", "yi", "syr", "dv", "ps", "sd", "ug", "arc"})


def language_name(code: str) -> str:
    base = code.split("-")[0].lower()
    name = LANGUAGES.get(base, code)
    return name if base == code.lower() or name == code else f"{name} ({code})"


def is_rtl(code: str | None) -> bool:
    return bool(code) and code.split("-")[0].lower() in RTL  # type: ignore[union-attr]


def date_label(iso: str) -> str:
    """"2021-03-27" → "27 March 2021"; "2021-03" → "March 2021"; "2021" → "2021";
    "-0044-03-15" → "15 March 44 BCE" (``w3cdate``); "--03-18" → "18 March". A value that is no
    date of the calendar is printed as it is written."""
    if iso.startswith("--"):
        parts = iso[2:].split("-")
        try:
            if len(parts) == 2 and 1 <= int(parts[1]) <= 31:
                return f"{int(parts[1])} {calendar.month_name[int(parts[0])]}"
        except (ValueError, IndexError):
            return iso
        return iso
    return date_words(iso) or iso
    return iso
