"""Turn the registers a document carries itself into XHTML: behaviours and rows of the model.

TEI P5 §13.3 (``listPerson``/``person``, ``listPlace``/``place``, ``listOrg``/``org``,
``listEvent``/``event``): each entry is printed as a register entry, its id kept so that the
mentions of the text link to it: the main name first, in bold; the life dates (``birth`` "*",
``death`` "†", TEI P5 §13.3.2.1); then every other fact of the entry in document order, each
after a semicolon; an ``idno`` that is a web address is a link (``header.identifier``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from edition.model.names import date_label
from edition.model.tei import Element, local
from edition.writers.xhtml.builder import Context, append, h
from edition.writers.xhtml.kinds import division, inline

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["ENTRY_NAMES", "ROWS", "life_date", "register_entry"]

ENTRY_NAMES = {"person": "persName", "personGrp": "persName", "place": "placeName", "org": "orgName",
               "event": "label", "nym": "form"}
LIFE_SIGNS = {"birth": "*", "death": "†", "floruit": "fl."}


def register_entry(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """One entry: "**John Keats** (* 31 October 1795, London; † 23 February 1821, Rome); poet; …"."""
    node = h("p", class_=f"register-entry register-{local(element)}")
    renderer.copy_common(element, node)
    out.append(node)
    saved = context.inline
    context.inline = True
    children = [c for c in element if isinstance(c.tag, str)]
    name_tag = ENTRY_NAMES.get(local(element), "")
    main = next((c for c in children if local(c) == name_tag), None)
    if main is not None:
        strong = h("strong", class_="register-name")
        node.append(strong)
        renderer.render(main, strong, context)
    lives = [c for c in children if local(c) in LIFE_SIGNS]
    if lives:
        append(node, " (")
        for number, life in enumerate(lives):
            if number:
                append(node, "; ")
            renderer.render(life, node, context)
        append(node, ")")
    for child in children:
        if child is main or child in lives:
            continue
        append(node, "; " if len(node) or (node.text or "").strip() else "")
        if local(child) in ("note", "desc"):       # the entry's description, not a footnote
            renderer.container("span", child, node, context, class_="register-note", inline=True)
        else:
            renderer.render(child, node, context)
    context.inline = saved


def life_date(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """``birth``, ``death``, ``floruit``: the sign, then the text, or the date of ``@when``."""
    node = renderer.container("span", element, out, context, class_=local(element), inline=True)
    if not "".join(node.itertext()).strip():
        when = element.get("when") or element.get("notBefore") or element.get("from") or ""
        node.text = date_label(when) if when else ""
    node.text = f"{LIFE_SIGNS[local(element)]}\u00a0{node.text or ''}"


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    **{name_: division("div", "register") for name_ in ("listPerson", "listPlace", "listOrg",
                                                         "listEvent", "listNym", "listRelation")},
    **{name_: register_entry for name_ in ENTRY_NAMES},
    **{name_: life_date for name_ in LIFE_SIGNS},
    **{name_: inline("span", name_) for name_ in (
        "occupation", "location", "sex", "gender", "age", "state", "trait", "residence", "affiliation",
        "nationality", "faith", "education", "langKnowledge", "langKnown", "socecStatus", "persona",
        "climate", "terrain", "population", "offset", "relation", "form", "orth", "pron")},
}
