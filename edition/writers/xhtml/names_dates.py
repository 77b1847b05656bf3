"""Turn names, dates and numbers into XHTML: their behaviours and their rows of the model.

TEI P5 §3.6 (names, dates, numbers, addresses) and §13 (persName, placeName, orgName).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from edition.model.tei import Element, local
from edition.writers.xhtml.builder import Context, Mention, append
from edition.writers.xhtml.kinds import block, class_token, division, inline

if TYPE_CHECKING:
    from edition.writers.xhtml.renderer import Behaviour, Renderer

__all__ = ["NAME_CLASSES", "NAME_PARTS", "ROWS", "date", "name", "name_part"]


NAME_CLASSES = {"persName": "person", "placeName": "place", "orgName": "org", "name": "name"}


def name(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A name; one that points to a register entry is a mention, with an id for the index."""
    kind = local(element)
    ref = element.get("ref", "")
    class_ = NAME_CLASSES.get(kind, kind)
    if kind == "name" and element.get("type"):
        class_ = f"name name-{class_token(element.get('type', ''))}"
    targets = [r[1:] for r in ref.split() if r.startswith("#") and r[1:] in renderer.registers]
    shown = renderer.element_by_id(targets[0]) if targets else None
    # An entry of a register the document prints itself (in back, standOff) is linked to.
    linked = shown is not None and not shown.xpath("ancestor::*[local-name()='teiHeader']") \
        and not element.xpath("ancestor::*[local-name()='ref' or local-name()='ptr']")
    node = renderer.container("a" if linked else "span", element, out, context, class_=class_,
                              inline=True)
    if linked:
        node.set("href", f"#{renderer.link_target(targets[0])}")
    if targets:
        if not node.get("id"):
            node.set("id", renderer.new_id("m"))
        text = " ".join("".join(element.itertext()).split())
        for target in targets:
            renderer.mentions.append(Mention(node.get("id", ""), target, context.section, text,
                                             element.get("cert", "")))


NAME_PARTS = ("forename", "surname", "roleName", "addName", "genName", "nameLink")
# A part that ends so joins the next without a space: "d’" + "Alembert", "Lloyd-" + "George".
JOINING_ENDS = ("'", "\u2019", "-", "\u2010", "\u00ad")


def name_part(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    """A part of a personal name (TEI P5 §13.2.1) set apart from the part before it, when the
    source has nothing at all between the two (``<forename>John</forename><surname>Keats``):
    the parts are words of their own. Whatever the source has between them is kept as it is."""
    before = element.getprevious()
    if before is not None and isinstance(before.tag, str) and local(before) in NAME_PARTS \
            and not before.tail and not "".join(before.itertext()).endswith(JOINING_ENDS) \
            and "".join(before.itertext()).strip():
        append(out, " ")
    renderer.container("span", element, out, context, class_=local(element), inline=True)


def date(renderer: Renderer, element: Element, out: Element, context: Context) -> None:
    when = element.get("when", "")
    # HTML <time datetime> takes years, year-months and dates (HTML §4.5.14), as TEI @when does.
    valid = re.match(r"^\d{4}(-\d\d(-\d\d)?)?$", when)
    node = renderer.container("time" if valid else "span", element, out, context, class_="date",
                              inline=True)
    if valid:
        node.set("datetime", when)


# The rows of this family in the processing model (merged in ``model.py``).
ROWS: dict[str, Behaviour] = {
    "persName": name, "placeName": name, "orgName": name, "name": name, "rs": name, "geogName": name,
    "settlement": name, "country": name, "region": name, "bloc": name, "district": name,
    **dict.fromkeys(NAME_PARTS, name_part), "date": date, "time": inline("span", "time"),
    "num": inline("span",
    "num"), "measure": inline("span", "measure"), "address": division("div", "address"), "addrLine":
    block("p", "addrLine"), "street": inline("span", "street"), "postCode": inline("span", "postCode"),
    "email": inline("span", "email"), "unit": inline("span", "unit"), "geo": inline("span", "geo"),
    "objectName": name
}
