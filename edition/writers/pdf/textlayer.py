"""Turn WeasyPrint's glyph runs into a text layer that gives back each word as written.

WeasyPrint 70 maps a glyph to Unicode once, at its first use, and gives a cluster of several
glyphs (a letter and its vowel marks, "ع" + fatha; "о" + the combining acute of "замо́к") all
of the cluster's characters on one glyph and nothing on the others. So a glyph holds whatever
its first cluster had ("إِ" on a kasra seen first under an alef), the marks of a later word are
read as that, and empty mappings leave glyphs without text (PDF/UA-1, ISO 14289-1 §7.21.7:
every glyph maps to Unicode). Two mends, made while the line is drawn, when the text of each
glyph is still known (the final file no longer says which characters a glyph stood for):

- **ToUnicode, glyph by glyph**: in a cluster of several glyphs each glyph gets the characters
  the font itself maps to it (its cmap), the others go by kind (a mark to a mark glyph, GDEF),
  glyphs left without any first, so a glyph means the same wherever it is used (ISO 32000-1
  §9.10.3). What this cannot mend: one glyph for two stacked marks, or a ligature with marks
  inside ("اللَّهِ"), holds its characters in one order only;
- **ActualText for left-to-right lines** whose clusters do not map one glyph to one cluster:
  the line's text, exactly as written, is the replacement text of a ``/Span`` marked-content
  sequence around its glyphs (ISO 32000-1 §14.9.4). It has no MCID, so the structure tree and
  WeasyPrint's marked content around it are untouched. Right-to-left lines get none: Poppler
  (pdftotext 22) lays an ActualText out left to right and reverses it as it does the visual
  order of glyphs, so a logical replacement text comes out backwards; Chromium's own PDFs, which
  give each Arabic cluster an ActualText, read no better there. Their glyphs, mapped one by one,
  are what a reader that reorders a run glyph by glyph (pypdf) puts back in logical order.

The hook wraps ``weasyprint.draw.text.draw_first_line``, pinned like ``weasyfix``.
"""

from __future__ import annotations

import io
import itertools
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fontTools.ttLib import TTFont
from weasyprint.draw import text as draw_text_module
from weasyprint.text.ffi import ffi, pango

__all__ = ["FontChars", "actual_text", "cluster_text_layer", "glyph_texts"]


Cluster = tuple[str, list[int]]      # the cluster's characters, its glyphs in logical order


def actual_text(text: str) -> bytes:
    """A marked-content property list with ``text`` as ActualText (a UTF-16BE text string)."""
    return b"<</ActualText <FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">>>"


def glyph_texts(text: str, glyphs: list[int], font: FontChars) -> dict[int, str]:
    """The characters of a cluster shared among its glyphs (logical order): each character to
    the glyph the font maps it to (cmap); the others, a mark to the first mark glyph, a letter
    to the first other glyph (GDEF's glyph classes), glyphs left without any first."""
    own = dict.fromkeys(glyphs, "")
    rest = []
    for char in text:
        glyph = next((g for g in glyphs if font.nominal.get(g) == char), None)
        if glyph is None:
            rest.append(char)
        else:
            own[glyph] += char
    for char in rest:
        mark = unicodedata.category(char).startswith("M")
        fitting = [g for g in glyphs if (g in font.marks) == mark] or glyphs
        glyph = next((g for g in fitting if not own[g]), fitting[0])
        own[glyph] += char
    return own


@dataclass(frozen=True)
class FontChars:
    """What a font says of its glyphs: the character each stands for (the reverse of its cmap)
    and which are marks (GDEF class 3, OpenType's "mark glyph")."""

    nominal: dict[int, str]
    marks: frozenset[int]


class _Fonts:
    """Each font file's ``FontChars``, read once per render."""

    def __init__(self) -> None:
        self.read: dict[str, FontChars] = {}

    def of(self, font: Any) -> FontChars:
        found = self.read.get(font.hash)
        if found is None:
            tt = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
            nominal: dict[int, str] = {}
            for code, name in sorted((tt.getBestCmap() or {}).items()):
                nominal.setdefault(tt.getGlyphID(name), chr(code))
            classes = tt["GDEF"].table.GlyphClassDef if "GDEF" in tt else None
            marks = frozenset(tt.getGlyphID(name) for name, kind in
                              (classes.classDefs.items() if classes else ()) if kind == 3)
            found = self.read[font.hash] = FontChars(nominal, marks)
        return found


def _clusters(glyph_item: Any, utf8: bytes) -> list[Cluster]:
    """The clusters of one run: characters and drawn glyphs (Pango's log_clusters)."""
    glyphs, item = glyph_item.glyphs, glyph_item.item
    starts: dict[int, list[int]] = {}
    for index in range(glyphs.num_glyphs):
        glyph = glyphs.glyphs[index].glyph
        drawn = glyph != pango.PANGO_GLYPH_EMPTY and not glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
        starts.setdefault(glyphs.log_clusters[index], []).extend([glyph] if drawn else [])
    bounds = [*sorted(starts), item.length]
    rtl = item.analysis.level % 2
    return [(utf8[item.offset + start:item.offset + end].decode(),
             starts[start][::-1] if rtl else starts[start])
            for start, end in itertools.pairwise(bounds)]


def _marked(text: str) -> bool:
    """A cluster with a combining mark, on a glyph of its own or on its letter's ("о́"):
    Poppler reads a mark whose glyph is drawn back over its letter, or that shares a glyph with
    it, as a word of its own ("замо́ к")."""
    return any(unicodedata.category(char).startswith("M") for char in text)


def _mend_line(stream: Any, textbox: Any, fonts: _Fonts) -> bool:
    """Map the glyphs of the line just drawn one by one; True when a cluster of it is not one
    glyph for its characters and every run of it is left to right."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    uneven, rtl = False, False
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        rtl = rtl or bool(glyph_item.item.analysis.level % 2)
        font, _ = stream.add_font(glyph_item.item.analysis.font)
        for text, glyphs in _clusters(glyph_item, utf8):
            if len(glyphs) > 1:
                uneven = True
                font.to_unicode.update(glyph_texts(text, glyphs, fonts.of(font)))
            elif glyphs and (font.to_unicode.get(glyphs[0]) != text or _marked(text)):
                uneven = True
    return uneven and not rtl


@contextmanager
def cluster_text_layer() -> Iterator[None]:
    """Draw every line of the render inside with glyphs mapped one by one, and an ActualText
    around a left-to-right line whose clusters are not one glyph each."""
    shipped = draw_text_module.draw_first_line
    fonts = _Fonts()

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        start = len(stream.stream)
        drawn = shipped(stream, textbox, *args, **kwargs)
        if len(stream.stream) > start and _mend_line(stream, textbox, fonts):
            line, _ = textbox.pango_layout.get_first_line()
            text = textbox.pango_layout.text.encode()[line.start_index:
                                                      line.start_index + line.length].decode()
            stream.stream[start:start] = [b"/Span", actual_text(text), b"BDC"]
            stream.stream.append(b"EMC")
        return drawn

    draw_text_module.draw_first_line = draw_first_line
    try:
        yield
    finally:
        draw_text_module.draw_first_line = shipped
