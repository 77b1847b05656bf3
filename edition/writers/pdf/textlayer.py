"""Turn WeasyPrint's glyph runs into a text layer that gives back each word as written.

WeasyPrint 70 maps a glyph to Unicode once, at its first use, and gives a cluster of several
glyphs (a letter and its vowel marks, "ع" + fatha; "о" + the combining acute of "замо́к") all
of the cluster's characters on one glyph and nothing on the others. So a glyph holds whatever
its first cluster had ("إِ" on a kasra seen first under an alef), the marks of a later word are
read as that, and empty mappings leave glyphs without text (PDF/UA-1, ISO 14289-1 §7.21.7:
every glyph maps to Unicode). Mended while the line is drawn, when the text of each glyph is
still known (the final file no longer says which characters a glyph stood for):

- **Fast path**: a line whose runs are left to right, one glyph per character in order, no
  mark, every glyph already mapped to its own character (almost every Latin line) is left as
  WeasyPrint drew it, byte for byte;
- **ToUnicode, glyph by glyph** (ISO 32000-1 §9.10.3): in a cluster of several glyphs each
  glyph gets the characters the font maps to it (its cmap), the others by kind (a mark to a
  mark glyph, GDEF), glyphs left without any first. A glyph's first use decides, so that it
  means the same everywhere; a glyph that stands for several characters (a shadda+fatha glyph)
  maps to all of them;
- **ActualText** (ISO 32000-1 §14.9.4) where the glyphs do not give back the characters one
  to one (a ligature with marks inside, "اللَّهِ"; stacked marks the font draws in another order
  than the text's, a dagesh and a sheva; a glyph that serves other characters elsewhere), as a
  ``/Span`` marked-content sequence with no MCID, so the structure tree and WeasyPrint's marked
  content around it are untouched:
  - a left-to-right line gets one around the line (Poppler reads a mark drawn back over its
    letter as a word of its own: "замо́ к");
  - a right-to-left line gets one per cluster whose glyphs do not give it back one by one, in
    logical order, around the glyphs that draw it (visual order): the smallest span that is
    right (Pango gives a mark drawn apart from its letter a cluster of its own). A letter and
    its marks on a glyph each need none: a reader puts a right-to-left run back in logical
    order glyph by glyph. The TJ arrays are parted at the span's ends, which moves no glyph.
    Readers that honour ActualText but take it for visual order reverse it on a right-to-left
    line: Poppler 22 (pdftotext), PDFium (Chrome) and MuPDF do, on Chromium's own PDFs of the
    same words too; the text is not written backwards for them.

The hook wraps ``weasyprint.draw.text.draw_first_line``, pinned like ``weasyfix``.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
import weakref
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


@dataclass
class _Cluster:
    """One cluster of a line: its characters, its font, its glyphs in logical order, and whether
    its run is right to left."""

    text: str
    font: Any
    glyphs: list[int]
    rtl: bool


@dataclass
class _Line:
    """The clusters of a line just drawn, and the cluster of each glyph drawn (visual order, as
    the TJ strings hold them)."""

    clusters: list[_Cluster]
    drawn: list[int]


_FIELDS = ffi.sizeof("PangoGlyphInfo") // 4


def _glyph_ids(glyphs: Any) -> list[int]:
    """The glyph ids of a Pango glyph string, read in one go: a PangoGlyphInfo is five 32-bit
    fields (glyph, width, x_offset, y_offset, attr), the glyph first."""
    ids: list[int] = ffi.unpack(ffi.cast("uint32_t *", glyphs.glyphs),
                                glyphs.num_glyphs * _FIELDS)[::_FIELDS]
    return ids


def _one_to_one(line: Any, utf8: bytes, font_of: Any) -> bool:
    """The fast path: every run left to right, one glyph per character in order, no mark, and
    every glyph mapped to its own character already (WeasyPrint's first-use map is right)."""
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        item, glyphs = glyph_item.item, glyph_item.glyphs
        count = glyphs.num_glyphs
        if item.analysis.level % 2 or count != item.num_chars:
            return False
        text = utf8[item.offset:item.offset + item.length].decode()
        if not text.isascii() and _marked(text):
            return False
        # Rising cluster starts, one per glyph: each glyph is one character's, in order.
        starts = ffi.unpack(glyphs.log_clusters, count)
        if starts != sorted(set(starts)):
            return False
        to_unicode = font_of(item.analysis.font).to_unicode
        if list(map(to_unicode.get, _glyph_ids(glyphs))) != list(text):
            return False
    return True


def _line_clusters(line: Any, utf8: bytes, font_of: Any) -> _Line:
    """The clusters of a line (Pango's log_clusters) and the cluster of each drawn glyph."""
    clusters: list[_Cluster] = []
    drawn: list[int] = []
    run = line.runs[0]
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        item, glyphs = glyph_item.item, glyph_item.glyphs
        font = font_of(item.analysis.font)
        rtl = bool(item.analysis.level % 2)
        ids = _glyph_ids(glyphs)
        logs = ffi.unpack(glyphs.log_clusters, glyphs.num_glyphs)
        bounds = [*sorted(set(logs)), item.length]
        first = len(clusters)
        index = {start: first + n for n, start in enumerate(bounds[:-1])}
        clusters.extend(_Cluster(utf8[item.offset + start:item.offset + end].decode(), font,
                                 [], rtl) for start, end in itertools.pairwise(bounds))
        for glyph, log in zip(ids, logs, strict=True):
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            drawn.append(index[log])
            if not glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                clusters[index[log]].glyphs.append(glyph)
        if rtl:
            for cluster in clusters[first:]:
                cluster.glyphs.reverse()
    return _Line(clusters, drawn)


def _marked(text: str) -> bool:
    """A cluster with a combining mark, on a glyph of its own or on its letter's ("о́"):
    Poppler reads a mark whose glyph is drawn back over its letter, or that shares a glyph with
    it, as a word of its own ("замо́ к")."""
    return any(unicodedata.category(char).startswith("M") for char in text)


class _Known:
    """What each glyph of each font was given in ToUnicode by this text layer: its first use
    decides, so that a glyph means the same everywhere (ISO 32000-1 §9.10.3)."""

    def __init__(self) -> None:
        self.fonts = _Fonts()
        # Weak keys, not id(): a chunked render lays out piece after piece in one process, and
        # the id of a freed font or page could come back as another's, with its old mapping.
        self.given: weakref.WeakKeyDictionary[Any, dict[int, str]] = weakref.WeakKeyDictionary()
        self.pdf_fonts: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()

    def font_of(self, stream: Any) -> Any:
        """The stream's PDF font for a Pango font, looked up once per page and Pango font:
        WeasyPrint's own lookup (``add_font``) describes the font anew each time. A cffi pointer
        hashes and compares by address, and Pango keeps its fonts for the whole render."""
        known = self.pdf_fonts.setdefault(stream, {})

        def lookup(pango_font: Any) -> Any:
            found = known.get(pango_font)
            if found is None:
                found = known[pango_font] = stream.add_font(pango_font)[0]
            return found
        return lookup

    def map(self, cluster: _Cluster, new: set[int]) -> bool:
        """Map the cluster's glyphs not mapped before (``new``: those WeasyPrint met first on
        this line); True when the glyphs give back the cluster's characters."""
        given = self.given.setdefault(cluster.font, {})
        to_unicode = cluster.font.to_unicode
        texts = (glyph_texts(cluster.text, cluster.glyphs, self.fonts.of(cluster.font))
                 if len(cluster.glyphs) > 1 else {cluster.glyphs[0]: cluster.text})
        for glyph in cluster.glyphs:
            if glyph not in given:
                # A glyph mapped on an earlier line (one to one, the fast path) keeps its text.
                given[glyph] = texts[glyph] if glyph in new else to_unicode[glyph]
                to_unicode[glyph] = given[glyph]
        return "".join(given[glyph] for glyph in cluster.glyphs) == cluster.text


_TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|([^<>]+)")
Token = tuple[bool, bytes]           # (operator, bytes): an operator, or a glyph or number of a TJ


def _tokens(items: list[bytes]) -> list[Token]:
    """The line's operators, its TJ arrays opened into glyphs (four hex digits) and numbers."""
    tokens: list[Token] = []
    for item in items:
        if not item.endswith(b"] TJ"):
            tokens.append((True, item))
            continue
        for match in _TOKEN.finditer(item[1:-4]):
            if match[2] is not None:
                tokens.extend((False, number) for number in match[2].split())
            else:
                tokens.extend((False, b"<" + match[1][at:at + 4] + b">")
                              for at in range(0, len(match[1]), 4))
    return tokens


def _operators(tokens: list[Token]) -> list[bytes]:
    """Tokens back into operators: glyphs and numbers between two operators are one TJ."""
    out: list[bytes] = []
    array: list[bytes] = []
    for operator, token in tokens:
        if operator:
            if array:
                out.append(b"[" + b" ".join(array) + b"] TJ")
                array = []
            out.append(token)
        else:
            array.append(token)
    if array:
        out.append(b"[" + b" ".join(array) + b"] TJ")
    return out


def _spanned(items: list[bytes], keys: list[int | None], texts: dict[int, str]) -> list[bytes]:
    """The line's operators with a ``/Span`` around the glyphs of each key (ISO 32000-1
    §14.9.4): the TJ arrays are parted where a span starts or ends, which moves no glyph. What
    comes between two glyphs (a kerning, a text rise) goes with the later one, so that a span
    opens at its first glyph and closes at its last."""
    result: list[Token] = []
    lead: list[Token] = []
    current: int | None = None
    glyphs = iter(keys)
    for token in _tokens(items):
        if token[0] or not token[1].startswith(b"<"):
            lead.append(token)
            continue
        key = next(glyphs)
        if key != current:
            result.extend([(True, b"EMC")] if current is not None else [])
            result.extend(lead)
            if key is not None:
                result.extend(((True, b"/Span"), (True, actual_text(texts[key])), (True, b"BDC")))
            current = key
        else:
            result.extend(lead)
        lead = []
        result.append(token)
    result.extend([(True, b"EMC")] if current is not None else [])
    return _operators(result + lead)


def _mend(stream: Any, textbox: Any, start: int, known: _Known,
          before: dict[int, int]) -> None:
    """Map the glyphs of the line just drawn; give an ActualText to a left-to-right line whose
    clusters are not one glyph each, and to each span of a right-to-left one that is not."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    font_of = known.font_of(stream)
    if _one_to_one(line, utf8, font_of):
        return
    laid = _line_clusters(line, utf8, font_of)
    fresh = {id(c.font): set(itertools.islice(c.font.to_unicode, before.get(id(c.font), 0), None))
             for c in laid.clusters}
    right = [known.map(c, fresh[id(c.font)]) if c.glyphs else True for c in laid.clusters]
    if not any(c.rtl for c in laid.clusters):
        if any(len(c.glyphs) > 1 or _marked(c.text) or not ok
               for c, ok in zip(laid.clusters, right, strict=True)):
            text = utf8[line.start_index:line.start_index + line.length].decode()
            stream.stream[start:start] = [b"/Span", actual_text(text), b"BDC"]
            stream.stream.append(b"EMC")
        return
    stream.stream[start:] = _letter_spans(stream.stream[start:], laid, right)


def _letter_spans(items: list[bytes], laid: _Line, right: list[bool]) -> list[bytes]:
    """A right-to-left line's operators with an ActualText around each cluster whose glyphs do
    not give back its characters (a ligature with marks, marks the font draws in another
    order): a reader that puts the glyphs of a right-to-left run back in logical order one by
    one reads the others right, and Poppler reads them better without one (it reverses an
    ActualText there). The cluster is the smallest span that is right: Pango gives a mark drawn
    apart from its letter a cluster of its own, so the letter stays outside."""
    texts = {index: c.text for index, (c, ok) in enumerate(zip(laid.clusters, right, strict=True))
             if c.glyphs and not ok}
    drawn = sum(1 for operator, token in _tokens(items) if not operator and token[:1] == b"<")
    # A bitmap font's glyphs are two hex digits: its TJ strings cannot be parted glyph by glyph.
    if not texts or drawn != len(laid.drawn) or any(c.font.bitmap for c in laid.clusters):
        return items
    return _spanned(items, [index if index in texts else None for index in laid.drawn], texts)


@contextmanager
def cluster_text_layer() -> Iterator[None]:
    """Draw every line of the render inside with glyphs mapped one by one, and ActualText
    where the glyphs do not give back the characters one to one."""
    shipped = draw_text_module.draw_first_line
    known = _Known()

    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        start = len(stream.stream)
        before = {id(font): len(font.to_unicode) for font in stream._fonts.values()}
        drawn = shipped(stream, textbox, *args, **kwargs)
        if len(stream.stream) > start:
            _mend(stream, textbox, start, known, before)
        return drawn

    draw_text_module.draw_first_line = draw_first_line
    try:
        yield
    finally:
        draw_text_module.draw_first_line = shipped
