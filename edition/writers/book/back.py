"""Turn the registers and the sources into the book's back matter: index, note on the sources, colophon."""

from __future__ import annotations

import re

from edition import __version__
from edition.model.collation import sort_key
from edition.model.names import date_label
from edition.model.tei import NS, TEI_NS, XML_ID, XML_LANG, Element, local
from edition.writers.book.authorities import authorities
from edition.writers.book.model import (
    RegisterItem,
    Section,
    SourceInfo,
    TocEntry,
    attribute_of,
    section_element,
    text_of,
)
from edition.writers.book.registers import entry_facts, register_holders
from edition.writers.book.texts import certainty
from edition.writers.xhtml import Context, Mention, Renderer, append, h

__all__ = ["REGISTER_KINDS", "colophon", "index_section", "register_items", "source_infos", "sources_section"]


REGISTER_KINDS = (("person", "Persons"), ("place", "Places"), ("org", "Organisations"),
                  ("event", "Events"))


# ---------------------------------------------------------------------- back matter
def register_items(root: Element, renderer: Renderer) -> list[RegisterItem]:
    """The register entries of the document, each with its mentions: those of its header, and
    those it prints itself in a ``standOff`` or a ``back`` (TEI P5 §16.10, §4.6), so that a
    letter carrying its own persons and places has an index as the bundled edition has."""
    holders = register_holders(root)
    by_ref: dict[str, list[Mention]] = {}
    for mention in renderer.mentions:
        by_ref.setdefault(mention.ref, []).append(mention)
    items = []
    context = Context(section="index", lang=root.get(XML_LANG, "en"), inline=True)
    seen: set[str] = set()
    for kind, _ in REGISTER_KINDS:
        for entry in (e for holder in holders for e in holder.iter(f"{{{TEI_NS}}}{kind}")):
            ident = entry.get(XML_ID)
            if not ident or ident in seen:
                continue
            seen.add(ident)
            name, heading, filed = _index_names(entry, kind)
            description = entry.find("tei:note", NS)
            if description is None:     # an org's dates are a desc of their own (_entry_dates)
                description = next((d for d in entry.findall("tei:desc", NS)
                                    if kind == "event" or d.get("type") != "dates"), None)
            rendered = renderer.inline(description, context) if description is not None else None
            dates = _entry_dates(entry, kind)
            # An entry the document prints itself is printed by the index alone: every fact of
            # it there. The header's (the sidecars' registers) are printed as they always were.
            facts = None if entry.xpath("ancestor::tei:teiHeader", namespaces=NS) else \
                entry_facts(entry, (_main_name(entry, kind), description), dates, renderer, context)
            items.append(RegisterItem(ident, kind, name, dates, rendered, by_ref.get(ident, []),
                                      heading, filed, authorities(entry), facts))
    return items


def _main_name(entry: Element, kind: str) -> Element | None:
    if kind == "event":
        return entry.find("tei:label", NS)
    tag = {"person": "persName", "place": "placeName", "org": "orgName"}[kind]
    main = entry.find(f"tei:{tag}[@type='main']", NS)
    return main if main is not None else entry.find(f"tei:{tag}", NS)


def _index_names(entry: Element, kind: str) -> tuple[str, str, tuple[str, str]]:
    """The entry's name, its index heading and its sort key. A person whose name marks its
    surname (TEI P5 §13.2.1) is printed and filed "Marx, Karl"; any other name as it is. The
    entry's own ``@sortKey`` (TEI att.sortable), when it has one, decides where it is filed."""
    main = _main_name(entry, kind)
    name = text_of(main)
    surname = main.find("tei:surname", NS) if main is not None and kind == "person" else None
    if surname is not None and text_of(surname):
        rest = _text_without(main, surname)
        heading = f"{text_of(surname)}, {rest}" if rest else text_of(surname)
        key = (text_of(surname), rest)
    else:
        heading, key = name, (_filed_as(name), "")
    given = entry.get("sortKey", "").strip()
    return name, heading, (given, "") if given else key


def _text_without(element: Element, part: Element) -> str:
    """The text of an element, leaving one of its descendants (and that one's children) out."""
    pieces = [element.text or ""]
    for child in element:
        if child is not part:
            pieces.append(_text_without(child, part) if part in child.iterdescendants() else
                          "".join(child.itertext()))
        pieces.append(child.tail or "")
    return " ".join("".join(pieces).split())


def _entry_dates(entry: Element, kind: str) -> str:
    """The dates an index entry shows: a person's life, an event's or organisation's span."""
    if kind == "person":
        birth, death = entry.find("tei:birth", NS), entry.find("tei:death", NS)
        return _date_span(attribute_of(birth, "when"), attribute_of(death, "when"))
    if kind == "event":
        return _dated(entry)
    # <org> takes no dating attributes (TEI P5 §13.3.3): its dates are in a <desc>.
    dates = entry.find("tei:desc[@type='dates']/tei:date", NS)
    if dates is None:
        return ""
    return _dated(dates) or text_of(dates)


def _dated(element: Element) -> str:
    """The label of an element's TEI dating attributes (att.datable.w3c): @when, or @from/@to."""
    if element.get("when"):
        return date_label(element.get("when", ""))
    return _date_span(element.get("from", ""), element.get("to", ""))


def _date_span(start: str, end: str) -> str:
    if not start and not end:
        return ""
    return f"{date_label(start) if start else ''} – {date_label(end) if end else ''}"


def index_section(registers: list[RegisterItem], lang: str) -> Section:
    """The index of names: each entry, its dates and description, and a link to every mention."""
    ident = "index"
    title = "Index of names"
    section = section_element(ident, lang, ident)
    section.set("{http://www.idpf.org/2007/ops}type", "index")
    section.append(h("h1", title, id="index-title"))
    for kind, label in REGISTER_KINDS:
        entries = _collated([r for r in registers if r.kind == kind], lang)
        if not entries:
            continue
        section.append(h("h2", label, id=f"index-{kind}"))
        listing = h("div", class_=f"index-list index-{kind}")
        section.append(listing)
        for item in entries:
            listing.append(_index_entry(item))
    return Section(ident, ident, title, lang, section,
                   toc=[TocEntry(1, "index-title", title, ident)], running_title=title)


def _filed_as(name: str) -> str:
    return re.sub(r"^(the|The)\s+", "", name)


def _collated(items: list[RegisterItem], lang: str) -> list[RegisterItem]:
    """The entries in the order of the edition's language (the Unicode Collation Algorithm as
    ICU tailors it: "Éluard" with the E's, before "Zola"); surname first, then the rest."""
    return sorted(items, key=lambda r: (sort_key(r.sort_key[0], lang), sort_key(r.sort_key[1], lang)))


def _index_entry(item: RegisterItem) -> Element:
    entry = h("div", class_="index-entry", id=f"reg-{item.id}")
    head = h("p", class_="index-head")
    head.append(h("span", item.heading, class_="index-name"))
    if item.dates:
        append(head, " ", h("span", f"({item.dates})", class_="index-dates"))
    entry.append(head)
    if item.description is not None:
        description = h("p", class_="index-description")
        description.text = item.description.text
        for child in list(item.description):
            description.append(child)
        entry.append(description)
    if item.facts is not None:
        entry.append(item.facts)
    if item.authorities:
        entry.append(_authority_line(item))
    uncertain = _uncertain_mentions(item)
    if uncertain is not None:
        entry.append(uncertain)
    if item.mentions:
        refs = h("p", class_="index-mentions")
        groups: dict[str, list[Mention]] = {}
        for mention in item.mentions:
            groups.setdefault(mention.section, []).append(mention)
        for number, (section_id, mentions) in enumerate(groups.items()):
            group = h("span", class_="mention-group", data_section=section_id)
            if number:
                append(refs, "; ")
            for index, mention in enumerate(mentions, start=1):
                if index > 1:
                    append(group, ", ")
                group.append(h("a", str(index), class_="mention", href=f"#{mention.id}",
                               title=mention.text))
            refs.append(group)
        entry.append(refs)
    return entry


def _uncertain_mentions(item: RegisterItem) -> Element | None:
    """The editor's certainty of each identification that has one (TEI @cert on the name,
    att.global.responsibility, P5 §21.1), in words: "“the clerks” (identification: medium
    certainty)". A paragraph of its own, since the PDF turns the mentions' links into page
    numbers."""
    said = list(dict.fromkeys((m.text, m.cert) for m in item.mentions if m.cert))
    if not said:
        return None
    line = h("p", class_="index-certainty")
    for number, (text, cert) in enumerate(said):
        append(line, "; " if number else "", f"\u201c{text}\u201d (identification: {certainty(cert)})")
    return line


def _authority_line(item: RegisterItem) -> Element:
    """The entry's authority identifiers, "Wikidata Q504 · VIAF 34463780", each linked."""
    line = h("p", class_="index-authorities")
    for number, authority in enumerate(item.authorities):
        if number:
            append(line, " · ")
        line.append(h("a", authority.label, href=authority.href) if authority.href else
                    h("span", authority.label))
    return line


def source_infos(root: Element) -> list[SourceInfo]:
    sources = []
    listed = "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:listBibl/tei:bibl[@type='source']"
    bibls = root.findall(listed, NS) or root.findall(
        ".//tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type='source']", NS)
    # The texts' titles by id, found once: a search of the whole corpus for each of its sources
    # took 50 s at 1000 texts.
    titles: dict[str, Element | None] = {}
    if bibls:
        for member in root.iter(f"{{{TEI_NS}}}TEI"):
            ident = member.get(XML_ID)
            if ident is not None and titles.get(ident) is None:     # the first, as XPath's [0]
                titles[ident] = member.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS)
    for bibl in bibls:
        sources.append(SourceInfo(
            title=text_of(bibl.find("tei:title", NS)) or _supplied_title(bibl, titles),
            file_name=text_of(bibl.find("tei:idno[@type='filename']", NS)),
            size=attribute_of(bibl.find("tei:extent/tei:measure", NS), "quantity"),
            sha256=text_of(bibl.find("tei:idno[@type='sha256']", NS)),
            target=attribute_of(bibl.find("tei:ptr", NS), "target"),
            note=bibl.find("tei:note[@type='attribution']", NS),
        ))
    return sources


def _supplied_title(bibl: Element, titles: dict[str, Element | None]) -> str:
    """An untitled source's title as the editor supplied it (TEI P5 §3.5.3 ``supplied``), in
    brackets and said to be supplied, or "" when the editor gave none. ``titles``: the first
    title of each text of the corpus, by the text's id."""
    title = bibl.find("../../tei:titleStmt/tei:title", NS)
    target = attribute_of(bibl.find("tei:ptr", NS), "target")
    if title is None and target.startswith("#"):     # a corpus lists the sources of its texts
        title = titles.get(target[1:])
    if title is None or title.find("tei:supplied", NS) is None:
        return ""
    return f"[{text_of(title)}] (untitled in the source; title supplied by the editor)"


def sources_section(sources: list[SourceInfo], header: Element | None, renderer: Renderer,
                     lang: str) -> Section:
    """The note on the sources: each source's file name, size and SHA-256 checksum."""
    ident = "sources"
    title = "Note on the sources"
    section = section_element(ident, lang, ident)
    section.append(h("h1", title, id="sources-title"))
    context = Context(section=ident, lang=lang)
    if sources:
        section.append(h("p", "Each text of this edition is encoded from one plain-text file, "
                              "identified here by its name, its size and its SHA-256 checksum, so "
                              "that anyone can check that a copy of a source is the one edited.",
                         class_="sources-intro"))
        for source in sources:
            entry = h("div", class_="source")
            label = source.title or "(untitled in the source)"
            link = h("a", label, href=source.target.replace("#", "#s-", 1)) if source.target else \
                h("span", label)
            entry.append(h("p", link, class_="source-title"))
            facts = h("dl", class_="source-facts")
            for key, value in (("File", source.file_name), ("Size", _bytes(source.size)),
                               ("SHA-256", source.sha256)):
                facts.append(h("dt", key))
                facts.append(h("dd", value, class_="checksum" if key == "SHA-256" else None))
            entry.append(facts)
            if source.note is not None:
                entry.append(_text_note(source.note, renderer, context))
            section.append(entry)
    elif header is not None:
        source_desc = header.find("tei:fileDesc/tei:sourceDesc", NS)
        if source_desc is not None:
            _describe(source_desc, section, renderer, context)
    if len(section) == 1 or not "".join(section[-1].itertext()).strip():
        section.append(h("p", "The document does not describe its sources."))
    return Section(ident, ident, title, lang, section, context.notes,
                   [TocEntry(1, "sources-title", title, ident)], running_title=title)


def _text_note(note: Element, renderer: Renderer, context: Context) -> Element:
    """The editor's note on a text (the sidecar's ``[text] note``: what is known of its
    attribution and date), under the facts of its source."""
    block = h("div", class_="text-note")
    paragraphs = [p for p in note if isinstance(p.tag, str) and local(p) == "p"]
    if paragraphs:
        block.extend(renderer.blocks(paragraphs, context))
    else:
        line = h("p")
        renderer.inline_children(note, line, context)
        block.append(line)
    return block


def _bytes(size: str) -> str:
    return f"{int(size):,} bytes" if size.isdigit() else size


def colophon(meta: dict, text_sections: list[Section]) -> Section:
    lang = meta["language"]
    section = section_element("colophon", lang, "colophon")
    section.append(h("h1", "Colophon", id="colophon-title"))
    texts = len(text_sections)
    lines = [
        f"{meta['title']}." + (f" {meta['subtitle']}." if meta["subtitle"] else ""),
        f"Encoded in TEI P5 and rendered by edition {__version__} from the TEI alone; "
        f"{texts} text section{'s' if texts != 1 else ''}.",
        "Set in EB Garamond (SIL Open Font License).",
    ]
    if meta["publisher"]:
        lines.append(f"Published by {meta['publisher']}" +
                     (f", {date_label(meta['date'])}." if meta["date"] else "."))
    if meta["rights"]:
        lines.append(meta["rights"])
    if meta["subjects"]:        # TEI profileDesc/textClass/keywords (P5 §2.4.3), as a catalogue prints them
        lines.append(f"Subjects: {'; '.join(meta['subjects'])}.")
    if meta["certifier"]:
        lines.append("Accessibility: the conformance of the EPUB edition to EPUB Accessibility 1.1 "
                     f"(WCAG 2.2, level AA) was evaluated by {meta['certifier']}.")
    lines.append(f"Identifier: {meta['identifier']}.")
    for text in lines:
        section.append(h("p", text))
    return Section("colophon", "colophon", "Colophon", lang, section,
                   toc=[TocEntry(1, "colophon-title", "Colophon", "colophon")],
                   running_title="Colophon")


def _describe(source_desc: Element, section: Element, renderer: Renderer, context: Context) -> None:
    """Whatever ``sourceDesc`` holds (TEI P5 §2.2.7: ``p``, ``bibl``, ``biblStruct``, ``biblFull``,
    ``listBibl``, ``msDesc``, ``listWit``, ``recordingStmt``…), a bibliographic entry as a
    paragraph of its own."""
    for child in source_desc:
        if not isinstance(child.tag, str) or not "".join(child.itertext()).strip():
            continue
        if local(child) in ("bibl", "biblStruct", "biblFull"):
            paragraph = h("p", class_="source-bibl")
            section.append(paragraph)
            saved = context.inline
            context.inline = True
            renderer.render(child, paragraph, context)
            context.inline = saved
        else:
            section.extend(renderer.blocks([child], context))
