"""Turn the registers a document keeps in ``standOff`` into a section of the book.

``standOff`` (TEI P5 §16.10) holds what stands apart from the text: lists of persons, places,
organisations, events, a bibliography. The book prints them after the texts as "Registers",
each list under a heading of its kind (its own ``head`` if it has one), each entry with its id,
so that the mentions of the text link to it (``xhtml.registers``). The registers of the header
are the index's (``back.register_items``); those in ``back`` are printed with their text.
"""

from __future__ import annotations

from edition.model.tei import TEI_NS, XML_LANG, Element, is_tei, local
from edition.writers.book.model import Section, TocEntry, section_element
from edition.writers.xhtml import Context, Renderer, h

__all__ = ["LIST_TITLES", "TITLE", "stand_off_sections"]

TITLE = "Registers"
LIST_TITLES = {"listPerson": "Persons", "listPlace": "Places", "listOrg": "Organisations",
               "listEvent": "Events", "listBibl": "Bibliography", "listNym": "Names",
               "listApp": "Apparatus", "listRelation": "Relations"}


def stand_off_sections(tei: Element, number: int, renderer: Renderer, lang: str) -> list[Section]:
    """One section holding every ``standOff`` of one TEI document, or none."""
    stand_offs = list(tei.iterchildren(f"{{{TEI_NS}}}standOff"))
    if not stand_offs:
        return []
    ident = f"s-standoff-{number}"
    own_lang = tei.get(XML_LANG) or lang
    section = section_element(ident, own_lang, "text")
    title_id = f"{ident}-title"
    section.append(h("header", h("h1", TITLE, class_="text-title", id=title_id), class_="text-head"))
    context = Context(section=ident, lang=own_lang)
    toc = [TocEntry(1, title_id, TITLE, ident)]
    for stand_off in stand_offs:
        for child in stand_off:
            if not isinstance(child.tag, str):
                continue
            has_head = any(is_tei(c, "head") for c in child)
            if not has_head and local(child) in LIST_TITLES:
                heading_id = renderer.new_id("h")
                section.append(h("h2", LIST_TITLES[local(child)], id=heading_id))
                toc[0].children.append(TocEntry(2, heading_id, LIST_TITLES[local(child)], ident))
            section.extend(renderer.blocks([child], context))
    return [Section(ident, "text", TITLE, own_lang, section, context.notes, toc, running_title=TITLE)]
