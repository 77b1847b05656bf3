"""Turn the families' rows into one processing model: the table from TEI element names to behaviours.

Each family of the TEI Guidelines keeps its own rows next to its behaviours (``core``,
``verse_drama``, ``transcription``, ``characters``, ``names_dates``, ``figures_tables``, ``header``); they are
merged here, once, and an element claimed by two families is a bug found at import. An element
the table does not know renders its content and is reported (TEI P5 §23.5, the processing model:
"the default is to process the content").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from edition.writers.xhtml import (
    analysis,
    apparatus,
    characters,
    core,
    figures_tables,
    genetic,
    header,
    names_dates,
    registers,
    spoken,
    transcription,
    verse_drama,
)

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour

__all__ = ["FAMILIES", "MODEL", "merge_rows"]

FAMILIES: dict[str, Mapping[str, Behaviour]] = {
    "core": core.ROWS, "verse and drama": verse_drama.ROWS, "transcription and apparatus":
    transcription.ROWS, "names and dates": names_dates.ROWS, "figures and tables": figures_tables.ROWS,
    "header": header.ROWS, "critical apparatus": apparatus.ROWS, "genetic transcription": genetic.ROWS,
    "registers": registers.ROWS, "characters and glyphs": characters.ROWS,
    "analysis": analysis.ROWS, "transcriptions of speech": spoken.ROWS,
}


def merge_rows(families: Mapping[str, Mapping[str, Behaviour]]) -> dict[str, Behaviour]:
    """One table of every family's rows; an element in two families is refused."""
    model: dict[str, Behaviour] = {}
    owner: dict[str, str] = {}
    for family, rows in families.items():
        for name, behaviour in rows.items():
            if name in model:
                raise ValueError(f"<{name}> is in the rows of both {owner[name]} and {family}")
            model[name], owner[name] = behaviour, family
    return model


MODEL: dict[str, Behaviour] = merge_rows(FAMILIES)
