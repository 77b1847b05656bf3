"""Turn the registers a document keeps in ``standOff`` into a section of the book.

``standOff`` (TEI P5 §16.10) holds what stands apart from the text: lists of persons, places,
organisations, events, a bibliography. The book prints them after the texts as "Registers",
each list under a heading of its kind (its own ``head`` if it has one) — or, when there is one
list without a head, under its kind alone ("Bibliography") — each entry with its id,
so that the mentions of the text link to it (``xhtml.registers``).

Persons, places, organisations and events, wherever the document keeps them (header,
``standOff``, ``back``), are the index's entries (``back.register_items``): one entry each, with
dates, description, every other fact and the authority links, the mentions linked both ways. A
list of only such entries is therefore not printed again here; a list with anything else (a
``head``, a nested list) still is, so that nothing of it is lost. Those in ``back`` are printed
with their text as well.
"""

from __future__ import annotations

from edition.model.names import date_label
from edition.model.tei import NS, TEI_NS, XML_ID, XML_LANG, Element, is_tei, local
from edition.writers.book.model import RegisterItem, Section, TocEntry, section_element
from edition.writers.xhtml import XHTML, Context, Renderer, append, h

__all__ = ["INDEXED_LISTS", "LIST_TITLES", "TITLE", "entry_facts", "link_to_index", "register_holders",
           "stand_off_sections"]

TITLE = "Registers"
LIST_TITLES = {"listPerson": "Persons", "listPlace": "Places", "listOrg": "Organisations",
               "listEvent": "Events", "listBibl": "Bibliography", "listNym": "Names",
               "listApp": "Apparatus", "listRelation": "Relations"}


def stand_off_sections(tei: Element, number: int, renderer: Renderer, lang: str) -> list[Section]:
    """One section holding every ``standOff`` of one TEI document, or none."""
    stand_offs = list(tei.iterchildren(f"{{{TEI_NS}}}standOff"))
    if not stand_offs:
        return []
    printed = [child for stand_off in stand_offs for child in stand_off
               if isinstance(child.tag, str) and not _in_the_index(child)]
    if not printed:                       # every list is in the index
        return []
    ident = f"s-standoff-{number}"
    own_lang = tei.get(XML_LANG) or lang
    title = _title(printed)
    section = section_element(ident, own_lang, "text")
    title_id = f"{ident}-title"
    section.append(h("header", h("h1", title, class_="text-title", id=title_id), class_="text-head"))
    context = Context(section=ident, lang=own_lang)
    toc = [TocEntry(1, title_id, title, ident)]
    for child in printed:
        if title == TITLE and _untitled_list(child):
            heading_id = renderer.new_id("h")
            section.append(h("h2", LIST_TITLES[local(child)], id=heading_id))
            toc[0].children.append(TocEntry(2, heading_id, LIST_TITLES[local(child)], ident))
        section.extend(renderer.blocks([child], context))
    return [Section(ident, "text", title, own_lang, section, context.notes, toc, running_title=title)]


def _untitled_list(element: Element) -> bool:
    return local(element) in LIST_TITLES and not any(is_tei(c, "head") for c in element)


def _title(printed: list[Element]) -> str:
    """One list without a head of its own is titled by its kind ("Bibliography"): a page called
    "Registers" holding only a bibliography would promise more than it has."""
    if len(printed) == 1 and _untitled_list(printed[0]):
        return LIST_TITLES[local(printed[0])]
    return TITLE


# The lists whose entries are the index's (``back.REGISTER_KINDS``).
INDEXED_LISTS = {"listPerson": "person", "listPlace": "place", "listOrg": "org", "listEvent": "event"}


def _in_the_index(element: Element) -> bool:
    """A list of which the index prints everything: entries with ids, and nothing else."""
    kind = INDEXED_LISTS.get(local(element))
    entries = [c for c in element if isinstance(c.tag, str)]
    return kind is not None and bool(entries) and all(
        local(c) == kind and c.get(XML_ID) for c in entries)


def register_holders(root: Element) -> list[Element]:
    """Where a document keeps its register entries: its header, its ``standOff``s, its ``back``s."""
    header = root.find("tei:teiHeader", NS)
    return ([header] if header is not None else []) + \
        list(root.iter(f"{{{TEI_NS}}}standOff")) + list(root.iter(f"{{{TEI_NS}}}back"))


LIFE = ("birth", "death", "floruit")


def entry_facts(entry: Element, shown: tuple[Element | None, ...], dates: str, renderer: Renderer,
                context: Context) -> Element | None:
    """Every fact of an entry the index shows nowhere else ("Keats House; Hampstead, London";
    "* 31 October 1795, London; poet"), each after a semicolon, as the entry prints it in its
    list (``xhtml.registers``); a date the index's head already gives is not repeated."""
    line = h("p", class_="index-facts")
    for child in entry:
        if not isinstance(child.tag, str) or child in shown or _said_elsewhere(child, dates):
            continue
        append(line, "; " if len(line) or line.text else "")
        if local(child) in ("note", "desc"):       # a description, not a footnote
            renderer.container("span", child, line, context, class_="register-note", inline=True)
        else:
            renderer.render(child, line, context)
    return line if "".join(line.itertext()).strip() else None


def _said_elsewhere(child: Element, dates: str) -> bool:
    text = " ".join("".join(child.itertext()).split())
    if local(child) == "idno" or not text:          # idno: the authority line
        return True
    if local(child) in LIFE:
        return text == date_label(child.get("when", ""))
    return text == dates


def link_to_index(sections: list[Section], registers: list[RegisterItem]) -> None:
    """A name linked to an entry its document prints (``xhtml.names_dates``) links to the
    entry in the index instead: the index has every entry, with its links back to the name."""
    entries = {m.id: item.id for item in registers for m in item.mentions}
    for section in sections:
        for tree in (section.body, *(note.content for note in section.notes)):
            for link in tree.iter(f"{{{XHTML}}}a"):
                if link.get("id", "") in entries and link.get("href", "").startswith("#"):
                    link.set("href", f"#reg-{entries[link.get('id', '')]}")
