"""Turn TEI ``g`` (TEI P5 §5.2, characters and glyphs) into the character a reader sees.

A ``g`` with content shows its content: the encoder's own stand-in for the glyph. An empty
``g`` stands for the character or glyph that its ``@ref`` points at in the header's
``charDecl`` (``char``, ``glyph``; §5.2.1), and what it shows is that declaration's ``mapping``
for the level being read: the standard character at "norm", the diplomatic one at "dipl" and
"facs" (§5.2.1 names the mapping types "standard" and "diplomatic"). A mapping to the Private
Use Area is skipped: no font of the edition draws it. With no mapping to print, the ``g``
shows its declared name in square brackets ("[LATIN SMALL LETTER R ROTUNDA]") and a warning
says so — printing nothing would silently lose a letter of the text ("o<g/>der" as "oder").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import NS, XML_ID, Element, local
from edition.writers.xhtml.builder import Context

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "declared_text"]

# The mapping types each level prefers, best first ("" is a mapping without @type).
MAPPINGS = {
    "norm": ("standard", "normalized", "normalised", "", "diplomatic"),
    "dipl": ("diplomatic", "", "standard", "normalized", "normalised"),
    "facs": ("diplomatic", "", "standard", "normalized", "normalised"),
}


def _private_use(text: str) -> bool:
    return any(0xE000 <= ord(c) <= 0xF8FF or 0xF0000 <= ord(c) <= 0x10FFFD for c in text)


def declared_text(declaration: Element, level: str) -> str:
    """What the ``char`` or ``glyph`` stands for at ``level``: its best mapping, or ""."""
    found: dict[str, str] = {}
    for mapping in declaration.findall("tei:mapping", NS):
        text = "".join(mapping.itertext())
        if text and not _private_use(text):
            found.setdefault(mapping.get("type", "").lower(), text)
    for kind in MAPPINGS.get(level, MAPPINGS["norm"]):
        if kind in found:
            return found[kind]
    return next(iter(found.values()), "")


def _declaration(renderer: Renderer, element: Element) -> Element | None:
    ref = element.get("ref", "")
    if not ref.startswith("#"):
        return None
    hits = renderer.root.xpath("//*[@xml:id=$id]", id=ref[1:])
    return next((hit for hit in hits if local(hit) in ("char", "glyph")), None)


def _name(declaration: Element | None, element: Element) -> str:
    if declaration is not None:
        for tag in ("tei:glyphName", "tei:charName", "tei:localProp[@name='Name']"):
            named = declaration.find(tag, NS)
            if named is not None:
                return " ".join("".join(named.itertext()).split()) or named.get("value", "")
        return declaration.get(XML_ID, "")
    return element.get("ref", "") or "g"


def glyph(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``g``: its content, or, empty, the character its declaration maps it to."""
    node = renderer.container("span", element, out, context, class_="g", inline=True)
    if len(element) or (element.text or ""):
        return
    declaration = _declaration(renderer, element)
    text = declared_text(declaration, renderer.level) if declaration is not None else ""
    if text:
        node.text = text
        return
    name = _name(declaration, element)
    node.text = f"[{name}]"
    renderer.warn_once(
        "W110", f"g:{element.get('ref', '')}", f'<g ref="{element.get("ref", "")}"> is empty and '
        "its declaration maps it to no character: its name is printed in its place",
        "add <mapping type=\"standard\">…</mapping> to the char or glyph in charDecl, or write "
        "the character in the g", element)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {"g": glyph}
