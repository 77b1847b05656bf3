"""Turn the book typeface into the faces the EPUB embeds (cut to the characters used) and its CSS."""

from __future__ import annotations

from functools import lru_cache

from edition.resources import Font, book_fonts, stylesheet
from edition.writers.fonts import cut_static_faces

__all__ = ["ALWAYS_CHARS", "FACES", "embedded_fonts", "static_faces", "stylesheet_bytes"]


# The faces embedded: EB Garamond's variable fonts cut to static instances, which every reading
# system understands (variable fonts are not supported everywhere).
FACES = (("normal", 400, "Regular"), ("italic", 400, "Italic"), ("normal", 700, "Bold"),
         ("italic", 700, "BoldItalic"))


ALWAYS_CHARS = "".join(map(chr, range(0x20, 0x7F))) + "\u00a0–—‘’“”…•·§¶†‡×°\u2009\u200a"


# ---------------------------------------------------------------------- styles and fonts
def stylesheet_bytes(fonts: list[tuple[str, bytes]]) -> bytes:
    """``styles/epub.css`` after the ``@font-face`` rules of the embedded faces."""
    faces = []
    for (style, weight, label), (name, _) in zip(FACES, fonts, strict=True):
        assert label in name
        faces.append(f'@font-face {{\n  font-family: "EB Garamond";\n  font-style: {style};\n'
                     f'  font-weight: {weight};\n  src: url("../fonts/{name}");\n}}\n')
    return ("".join(faces) + "\n").encode() + stylesheet("epub.css").read_bytes()


def embedded_fonts(chars: str) -> list[tuple[str, bytes]]:
    """EB Garamond (SIL Open Font License) regular, italic, bold and bold italic, each a static
    instance cut down to ``chars``: (file name, bytes)."""
    sources = {font.style: font for font in book_fonts()}
    weights = tuple(sorted({weight for _, weight, _ in FACES}))
    return [(f"EBGaramond-{label}.ttf", static_faces(sources[style], weights, chars)[weight])
            for style, weight, label in FACES]


@lru_cache(maxsize=8)
def static_faces(font: Font, weights: tuple[int, ...], chars: str) -> dict[int, bytes]:
    """Static instances of a variable font at ``weights``, with only the glyphs for ``chars``
    (HarfBuzz where installed, else fontTools: see ``edition.writers.fonts``)."""
    return cut_static_faces(font.path.read_bytes(), weights, chars)
