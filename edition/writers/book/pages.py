"""Where the printed book's pages begin, as a value: what the PDF's layout returns and the EPUB receives.

The first word of each page is named by the elements with an id that hold it, each with the number
of letters and digits before that word inside it: the EPUB, made from the same XHTML, counts the
same letters to put its page-break marker before the same word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PageMap", "PageStart"]


@dataclass(frozen=True)
class PageStart:
    """Where printed page ``page`` begins: for each element with an id around its first word,
    outermost first, how many letters and digits of that element come before the word."""

    page: int
    anchors: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PageMap:
    """Where every page of one printed book begins, in page order (pages without text have none)."""

    starts: tuple[PageStart, ...] = ()

    def to_json(self) -> list[list[Any]]:
        """The map as JSON values (the build keeps it with the PDF it reuses)."""
        return [[start.page, [list(anchor) for anchor in start.anchors]] for start in self.starts]

    @classmethod
    def from_json(cls, value: Any) -> PageMap | None:
        """The map that ``to_json`` wrote; None for anything else (a cache from another version)."""
        if not isinstance(value, list):
            return None
        try:
            return cls(tuple(PageStart(int(page), tuple((str(ident), int(count)) for ident, count in anchors))
                             for page, anchors in value))
        except (TypeError, ValueError):
            return None
