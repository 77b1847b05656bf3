"""Turn a critical apparatus into XHTML: behaviours and rows of the model.

TEI P5 §12.1: an ``app`` in the text shows its lemma (or else its first reading) and puts every
other reading, with its witnesses and the ``note``s of the entry, in an apparatus note
("lemma] reading wit."); an ``app`` nested in a reading is that reading's own entry (§12.1.3).
A ``listApp`` (an apparatus kept apart from the text, §12.2.4) is printed as a list of entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.tei import TEI_NS, Element, is_tei, local
from edition.writers.xhtml.builder import Context, append, h
from edition.writers.xhtml.kinds import invisible

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ROWS", "apparatus", "apparatus_list", "reading_text", "readings"]


def readings(app: Element) -> list[Element]:
    """The lemma and readings of this ``app`` itself (in a ``rdgGrp`` too), not of an ``app``
    nested in one of them."""
    found: list[Element] = []
    for child in app:
        if is_tei(child, "lem", "rdg"):
            found.append(child)
        elif is_tei(child, "rdgGrp"):
            found.extend(readings(child))
    return found


def reading_text(element: Element) -> str:
    """A reading as the apparatus quotes it: a nested ``app`` by its lemma, no notes."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if is_tei(child, "app"):
            inner = readings(child)
            shown = next((r for r in inner if is_tei(r, "lem")), inner[0] if inner else None)
            parts.append(reading_text(shown) if shown is not None else "")
        elif isinstance(child.tag, str) and not is_tei(child, "note", "witDetail"):
            parts.append(reading_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _entry(renderer: Renderer, app: Element, shown: Element | None, context: Context) -> Element:
    """"lemma wit.] reading wit.; om. wit." and the entry's notes, as one paragraph."""
    entry = h("p", class_="apparatus")
    if app.get("loc"):
        append(entry, h("span", app.get("loc"), class_="app-loc"), " ")
    others = [r for r in readings(app) if r is not shown]
    if shown is not None:
        append(entry, h("span", reading_text(shown), class_="lemma-source"))
        _witnesses(entry, shown)
        append(entry, "] ")
    for number, reading in enumerate(others):
        if number:
            append(entry, "; ")
        text = reading_text(reading)
        append(entry, h("span", text, class_="lemma-reading") if text else
               h("i", "om.", class_="lemma-reading"))
        _witnesses(entry, reading)
    for note_ in app.iter(f"{{{TEI_NS}}}note", f"{{{TEI_NS}}}witDetail"):
        if _owner(note_) is app:
            append(entry, " ")
            renderer.container("span", note_, entry, context, class_="app-note", inline=True)
    return entry


def _owner(element: Element) -> Element | None:
    return next((a for a in element.iterancestors(f"{{{TEI_NS}}}app")), None)


def _witnesses(entry: Element, reading: Element) -> None:
    witnesses = " ".join(w.lstrip("#") for w in reading.get("wit", "").split())
    if witnesses:
        append(entry, " ", h("span", witnesses, class_="wit"))


def apparatus(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """An ``app`` in the text: its lemma in the line, the rest of the entry in a note."""
    found = readings(element)
    shown = next((r for r in found if is_tei(r, "lem")), found[0] if found else None)
    node = h("span", class_="app")
    renderer.copy_common(element, node)
    out.append(node)
    if shown is not None:
        renderer.inline_children(shown, node, context)
    if len(found) < 2 and not element.findall(f"{{{TEI_NS}}}note"):
        return
    renderer.apparatus_note(_entry(renderer, element, shown, context), "apparatus", out, context)


def apparatus_list(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A ``listApp``: its head, then one entry per ``app``, the lemma first."""
    node = h("div", class_="listApp")
    renderer.copy_common(element, node)
    out.append(node)
    for child in element:
        if is_tei(child, "app"):
            found = readings(child)
            shown = next((r for r in found if is_tei(r, "lem")), None)
            entry = _entry(renderer, child, shown, context)
            renderer.copy_common(child, entry)
            node.append(entry)
        elif isinstance(child.tag, str):
            renderer.render(child, node, context)


def _reading(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A ``lem`` or ``rdg`` met outside the walk of its ``app`` (a pointer's target)."""
    renderer.container("span", element, out, context, class_=local(element), inline=True)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "app": apparatus, "listApp": apparatus_list, "lem": _reading, "rdg": _reading, "rdgGrp": _reading,
    "witDetail": _reading, "witStart": invisible, "witEnd": invisible, "lacunaStart": invisible,
    "lacunaEnd": invisible, "wit": _reading,
}
