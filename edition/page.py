"""Turn the ``pdf --page-size`` and ``--margins`` options into a checked page, or a usage error.

The writer receives the strings as given; this module only decides whether they make a page a
book can be printed on: a size CSS names (CSS Paged Media 3, §7.1 "page-size") or two absolute
lengths, and margins (one to four lengths, as CSS's ``margin`` shorthand) that leave a text block
of at least ``MIN_BLOCK`` of each dimension. Without it, ``banana`` was ignored in silence and
``0mm 0mm`` or ``--margins 200mm`` made a book of 1,209 empty pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.errors import Message, UsageError

__all__ = ["DEFAULT_MARGINS", "DEFAULT_SIZE", "MIN_BLOCK", "PAGE_SIZES", "Page", "check_page"]

# What styles/print.css gives when no option is set.
DEFAULT_SIZE = (148.0, 210.0)
DEFAULT_MARGINS = "17mm 20mm 22mm 16mm"
MIN_BLOCK = 0.4                  # the text block: at least 40 % of the page's width and height
MIN_SIDE, MAX_SIDE = 50.0, 2000.0   # mm: smaller than a postcard's half, larger than A0
MM_PER = {"mm": 1.0, "cm": 10.0, "q": 0.25, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6,
          "px": 25.4 / 96}
LENGTH = re.compile(r"^(?P<n>\d+(?:\.\d+)?|\.\d+)(?P<unit>[A-Za-z]+)?$")


def _iso_series(width: float, height: float, prefix: str) -> dict[str, tuple[float, float]]:
    """ISO 216 (and JIS P 0138): each size is the one before halved, rounded down to the mm."""
    sizes = {}
    for number in range(11):
        sizes[f"{prefix}{number}"] = (width, height)
        width, height = float(int(height / 2)), width
    return sizes


PAGE_SIZES: dict[str, tuple[float, float]] = {
    **_iso_series(841, 1189, "a"), **_iso_series(1000, 1414, "b"),
    **_iso_series(917, 1297, "c"), **_iso_series(1030, 1456, "jis-b"),
    "letter": (215.9, 279.4), "legal": (215.9, 355.6), "ledger": (279.4, 431.8),
}
ORIENTATIONS = ("portrait", "landscape")


@dataclass(frozen=True)
class Page:
    width: float     # mm
    height: float
    margins: tuple[float, float, float, float]   # top, outside, bottom, inside


def check_page(size: str | None, margins: str | None) -> Page:
    """The page the options give; ``UsageError`` (exit 2) when it cannot be read or used."""
    width, height = _size(size) if size is not None else DEFAULT_SIZE
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise _error("E407", "--page-size", f"a page of {width:.4g} × {height:.4g} mm cannot be "
                     f"printed as a book (each side from {MIN_SIDE:g} to {MAX_SIDE:g} mm)",
                     'e.g. --page-size A5, "A4 landscape" or "156mm 234mm"')
    four = _margins(margins if margins is not None else DEFAULT_MARGINS)
    top, outside, bottom, inside = four
    block_width, block_height = width - outside - inside, height - top - bottom
    if block_width < MIN_BLOCK * width or block_height < MIN_BLOCK * height:
        where = "--margins" if margins is not None else "--page-size"
        shown = ", ".join(f"{m:.4g}" for m in four)
        raise _error("E408", where, f"margins of {shown} mm leave a text block of "
                     f"{max(block_width, 0):.4g} × {max(block_height, 0):.4g} mm on a page of "
                     f"{width:.4g} × {height:.4g} mm: under {MIN_BLOCK:.0%} of its width or height",
                     "give smaller margins (or a larger page)")
    return Page(width, height, four)


def _size(text: str) -> tuple[float, float]:
    words = text.lower().split()
    orientation = [w for w in words if w in ORIENTATIONS]
    names = [w for w in words if w not in ORIENTATIONS]
    if len(orientation) <= 1 and len(names) == 1 and names[0] in PAGE_SIZES:
        width, height = PAGE_SIZES[names[0]]
        return (height, width) if orientation == ["landscape"] else (width, height)
    if not orientation and 1 <= len(names) <= 2:
        lengths = [length for length in map(_length, names) if length is not None]
        if len(lengths) == len(names):
            return lengths[0], lengths[-1]
    raise _error("E406", "--page-size", f"cannot read the page size {text!r}",
                 "a size by name (A3, A4, A5, A6, B5, JIS-B5, letter, legal, ledger, …; "
                 'with "landscape" if wanted) or two lengths, e.g. "156mm 234mm", "6in 9in"')


def _margins(text: str) -> tuple[float, float, float, float]:
    parts = text.split()
    lengths = [_length(part, zero=True) for part in parts]
    if not 1 <= len(parts) <= 4 or any(length is None for length in lengths):
        raise _error("E401", "--margins", f"cannot read margins {text!r}",
                     'give one to four lengths (top, outside, bottom, inside), '
                     'e.g. "18mm 20mm 24mm 16mm"')
    values = [length for length in lengths if length is not None]
    top = values[0]
    outside = values[1] if len(values) > 1 else top
    bottom = values[2] if len(values) > 2 else top
    inside = values[3] if len(values) > 3 else outside
    return top, outside, bottom, inside


def _length(text: str, zero: bool = False) -> float | None:
    """An absolute CSS length in mm (CSS Values 3, §6.2); a bare 0 only where CSS allows it."""
    found = LENGTH.match(text)
    if found is None:
        return None
    number, unit = float(found["n"]), (found["unit"] or "").lower()
    if not unit:
        return 0.0 if zero and number == 0 else None
    return number * MM_PER[unit] if unit in MM_PER else None


def _error(code: str, option: str, text: str, hint: str) -> UsageError:
    return UsageError(Message.at(code, "error", option, text, hint))
