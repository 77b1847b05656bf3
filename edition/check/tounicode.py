"""Turn a PDF's content streams into the glyph codes each font draws that have no Unicode: the
rule veraPDF numbers PDF/UA-1 7.21.7-1 (ISO 14289-1 §7.21.7) and PDF/A 6.2.11.7.2 (ISO 19005-3
§6.2.11.7.2), tested as veraPDF tests it, per glyph code actually shown, not per font: a font
with a ToUnicode CMap can still draw a code the map leaves out or maps to nothing (ISO 32000-1
§9.10.2: without an entry a reader has no text for the glyph)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pikepdf

__all__ = ["unmapped_glyphs"]

_SHOW = frozenset({"Tj", "TJ", "'", '"'})
_HEX = rb"<([0-9A-Fa-f]*)>"


def cmap_entries(cmap: bytes) -> dict[int, str]:
    """The codes a ToUnicode CMap maps, with their text (bfchar and bfrange, ISO 32000-1
    §9.10.3; a range with one destination counts up from it)."""
    entries: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(_HEX + rb"\s*" + _HEX, block):
            entries[int(code, 16)] = _text(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, single, listed in re.findall(
                _HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[([^\]]*)\])", block):
            first, last = int(low, 16), int(high, 16)
            if listed:
                for code, text in zip(range(first, last + 1),
                                      re.findall(_HEX, listed), strict=False):
                    entries[code] = _text(text)
                continue
            start = _text(single)
            for offset, code in enumerate(range(first, last + 1)):
                entries[code] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
    return entries


def _text(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="replace")


def _codes(operands: list[Any], width: int) -> Iterator[int]:
    """The character codes of a text-showing operator's strings (``width`` bytes a code)."""
    for operand in operands:
        strings = operand if isinstance(operand, pikepdf.Array) else [operand]
        for string in strings:
            if isinstance(string, pikepdf.String):
                data = bytes(string)
                yield from (int.from_bytes(data[at:at + width], "big")
                            for at in range(0, len(data) - width + 1, width))


def _width(font: pikepdf.Object) -> int:
    """Two bytes a code for a composite font with an Identity encoding (what WeasyPrint and
    most writers use), one for a simple font."""
    return 2 if font.get("/Subtype") == "/Type0" else 1


def _shown(content: Any, resources: Any, seen: set[tuple[int, int]],
           used: dict[tuple[int, int], set[int]], fonts: dict[tuple[int, int], pikepdf.Object]
           ) -> None:
    """Add the codes each font shows in ``content`` (and the forms it draws) to ``used``."""
    font_resources: Any = resources.get("/Font", {})
    forms: Any = resources.get("/XObject", {})
    font: pikepdf.Object | None = None
    for instruction in pikepdf.parse_content_stream(content):
        operands, name = list(instruction.operands), str(instruction.operator)
        if name == "Tf":
            font = font_resources.get(str(operands[0]))
        elif name in _SHOW and font is not None and "/ToUnicode" in font:
            fonts[font.objgen] = font
            used.setdefault(font.objgen, set()).update(_codes(operands, _width(font)))
        elif name == "Do":
            form = forms.get(str(operands[0]))
            if form is not None and form.get("/Subtype") == "/Form" and form.objgen not in seen:
                seen.add(form.objgen)
                _shown(form, form.get("/Resources", resources), seen, used, fonts)


def unmapped_glyphs(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.21.7-1: every glyph code shown with a font has a non-empty ToUnicode entry (ISO 14289-1
    §7.21.7; a font with no ToUnicode at all is the font rule's finding)."""
    used: dict[tuple[int, int], set[int]] = {}
    fonts: dict[tuple[int, int], pikepdf.Object] = {}
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        _shown(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), seen, used, fonts)
    for key in sorted(used):
        font = fonts[key]
        entries = cmap_entries(font.ToUnicode.read_bytes())
        missing = sorted(code for code in used[key] if not entries.get(code))
        if missing:
            codes = " ".join(f"{code:04X}" for code in missing[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            yield (f"font {font.get('/BaseFont', '?')} draws glyph code(s) {codes}{more} "
                   "with no Unicode in its ToUnicode map")
