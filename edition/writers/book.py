"""Turn a TEI document or corpus into a book: metadata and ordered XHTML sections.

The front matter (title page, contents, introduction, principles), one section per text and the
back matter (index of names, note on the sources, colophon) all come from the TEI alone. The PDF
and EPUB writers lay the same book out in their own ways.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from edition import __version__
from edition.dates import build_date
from edition.errors import Message
from edition.model.names import date_label, is_rtl
from edition.model.tei import NS, TEI_NS, XML_ID, XML_LANG, Element, is_tei, local
from edition.writers.xhtml import XHTML, Asset, Context, Mention, Note, Renderer, append, fix_nesting, h

__all__ = ["Book", "RegisterItem", "Section", "SourceInfo", "TocEntry", "make_book", "visible_text"]

REGISTER_KINDS = (("person", "Persons"), ("place", "Places"), ("org", "Organisations"),
                  ("event", "Events"))
EDITORIAL_PARTS = {"correction": "Corrections", "normalization": "Normalisation",
                   "quotation": "Quotation", "hyphenation": "Hyphenation",
                   "segmentation": "Segmentation", "interpretation": "Interpretation",
                   "punctuation": "Punctuation", "stdVals": "Standard values"}


@dataclass
class TocEntry:
    level: int
    id: str
    title: str
    section: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Section:
    """One part of the book: in the EPUB one XHTML file, in the PDF one run of pages."""

    id: str
    kind: str                 # titlepage contents introduction principles text index sources colophon
    title: str
    lang: str
    body: Element             # an XHTML <section>
    notes: list[Note] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    running_title: str = ""


@dataclass
class RegisterItem:
    id: str
    kind: str
    name: str                  # the name as the register gives it: "Karl Marx"
    dates: str
    description: Element | None
    mentions: list[Mention]
    heading: str               # the name as the index prints it: "Marx, Karl"
    sort_key: tuple[str, str]  # where the index files it


@dataclass
class SourceInfo:
    title: str
    file_name: str
    size: str
    sha256: str
    target: str


@dataclass
class Book:
    title: str
    subtitle: str
    language: str
    identifier: str
    date: str                  # ISO date of the edition
    publisher: str
    rights: str
    rights_url: str
    subjects: list[str]
    editors: list[tuple[str, str]]          # (name, role)
    authors: list[str]
    sections: list[Section]
    registers: list[RegisterItem]
    sources: list[SourceInfo]
    assets: list[Asset]
    warnings: list[Message]
    unknown: dict[str, int]

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def published(self) -> datetime | None:
        """The one date of every output: ``SOURCE_DATE_EPOCH``, else the edition's date."""
        return build_date(self.date)

    @property
    def texts(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "text"]


def make_book(tree: etree._ElementTree, base: Path | None = None) -> Book:
    """The book of a TEI document or ``teiCorpus``; a thin header gives a thinner book, not an error."""
    root = tree.getroot()
    renderer = Renderer(root, base)
    header = root.find("tei:teiHeader", NS)
    meta = _metadata(root, header, renderer, base)
    members = [root] if is_tei(root, "TEI") else list(root.iter(f"{{{TEI_NS}}}TEI"))
    texts: list[Section] = []
    for number, member in enumerate(members, start=1):
        texts.extend(_text_sections(member, number, renderer, meta["language"], len(members) > 1))
    front = _front_matter(header, renderer, meta)
    registers = _registers(root, renderer)
    back = [_index_section(registers, meta["language"])] if registers else []
    sources = _sources(root)
    back.append(_sources_section(sources, header, renderer, meta["language"]))
    back.append(_colophon(meta, texts))       # before the contents, which list it too
    contents = _contents_section(texts, front, back, meta["language"])
    sections = [front[0], contents, *front[1:], *texts, *back]
    for section in sections:             # valid XHTML wherever TEI nests what HTML cannot
        fix_nesting(section.body)
        for note_ in section.notes:
            fix_nesting(note_.content)
    return Book(
        title=meta["title"], subtitle=meta["subtitle"], language=meta["language"],
        identifier=meta["identifier"], date=meta["date"], publisher=meta["publisher"],
        rights=meta["rights"], rights_url=meta["rights_url"], subjects=meta["subjects"],
        editors=meta["editors"], authors=meta["authors"], sections=sections,
        registers=registers, sources=sources, assets=list(renderer.assets.values()),
        warnings=renderer.warnings, unknown=dict(sorted(renderer.unknown.items())),
    )


# ---------------------------------------------------------------------- metadata
def _text(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _metadata(root: Element, header: Element | None, renderer: Renderer,
              base: Path | None) -> dict:
    find = (lambda path: header.find(path, NS)) if header is not None else (lambda path: None)
    findall = (lambda path: header.findall(path, NS)) if header is not None else (lambda path: [])
    title = _text(find("tei:fileDesc/tei:titleStmt/tei:title[@type='main']")) or \
        _text(find("tei:fileDesc/tei:titleStmt/tei:title"))
    where = str(base or "<tei>")
    if not title:
        title = _first_head(root) or (base.stem if base else "Untitled")
        renderer.warnings.append(Message.at(
            "W103", "warning", where, "the header gives no title; the book is titled "
            f"{title!r}", "add teiHeader/fileDesc/titleStmt/title", 1, 1))
    language = root.get(XML_LANG) or _attribute(find("tei:profileDesc/tei:langUsage/tei:language"),
                                                 "ident") or _text_language(root)
    if not language:
        language = "en"
        renderer.warnings.append(Message.at(
            "W103", "warning", where, "no language is declared; English is assumed",
            'add xml:lang="…" to the root element or profileDesc/langUsage', 1, 1))
    editors = [(_text(stmt.find("tei:name", NS) if stmt.find("tei:name", NS) is not None
                      else stmt.find("tei:persName", NS)), _text(stmt.find("tei:resp", NS)))
               for stmt in findall("tei:fileDesc/tei:titleStmt/tei:respStmt")
               if stmt.get(XML_ID) != "resp-auto"]
    editors += [(_text(e), e.get("role", "editor")) for e in findall("tei:fileDesc/tei:titleStmt/tei:editor")]
    authors = [_text(a) for a in findall("tei:fileDesc/tei:titleStmt/tei:author")]
    if not is_tei(root, "TEI"):
        authors = []
    date_ = _attribute(find("tei:fileDesc/tei:publicationStmt/tei:date"), "when") or \
        _attribute(find("tei:revisionDesc/tei:change"), "when") or ""
    licence = find("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence")
    availability = find("tei:fileDesc/tei:publicationStmt/tei:availability")
    identifier = _text(find("tei:fileDesc/tei:publicationStmt/tei:idno")) or _derived_id(title, root)
    return {
        "title": title,
        "subtitle": _text(find("tei:fileDesc/tei:titleStmt/tei:title[@type='sub']")),
        "language": language, "identifier": identifier, "date": date_,
        "publisher": _text(find("tei:fileDesc/tei:publicationStmt/tei:publisher")),
        "rights": _text(licence) or _text(availability),
        "rights_url": licence.get("target", "") if licence is not None else "",
        "subjects": [_text(t) for t in findall("tei:profileDesc/tei:textClass/tei:keywords/tei:term")],
        "editors": [(n, r) for n, r in editors if n], "authors": [a for a in authors if a],
    }


def _attribute(element: Element | None, name: str) -> str:
    return element.get(name, "") if element is not None else ""


def _text_language(root: Element) -> str:
    text = root.find(".//tei:text", NS)
    return text.get(XML_LANG, "") if text is not None else ""


def _first_head(root: Element) -> str:
    head = root.find(".//tei:text//tei:head", NS)
    return _text(head)


def _derived_id(title: str, root: Element) -> str:
    """A stable identifier for a document that has none: a UUID from its title and content."""
    try:
        canonical = etree.tostring(root, method="c14n")
    except etree.C14NError:              # a relative namespace URI: C14N refuses it
        canonical = etree.tostring(root, encoding="UTF-8")
    digest = hashlib.sha256(canonical).hexdigest()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'edition:{title}:{digest}')}"


# ---------------------------------------------------------------------- texts
def _text_sections(tei: Element, number: int, renderer: Renderer, book_lang: str,
                   in_corpus: bool) -> list[Section]:
    """The sections of one TEI: one per text in a corpus; for a single long document, one per
    part (front, each top-level division, back) so that no reading-system file is huge."""
    header = tei.find("tei:teiHeader", NS)
    text = tei.find("tei:text", NS)
    ident = tei.get(XML_ID) or f"text-{number}"
    if text is None:
        return []
    lang = text.get(XML_LANG) or tei.get(XML_LANG) or book_lang
    title_element = header.find("tei:fileDesc/tei:titleStmt/tei:title", NS) if header is not None else None
    title = _text(title_element) or _first_head(tei) or f"Text {number}"
    supplied = title_element is not None and title_element.find("tei:supplied", NS) is not None
    shown_title = f"[{title}]" if supplied else title
    if in_corpus or not _splittable(text):
        return [_one_text(tei, text, ident, lang, title, shown_title, renderer)]
    return _split_text(tei, text, ident, lang, title, shown_title, renderer)


def _splittable(text: Element) -> bool:
    body = text.find("tei:body", NS)
    divs = body.findall("tei:div", NS) if body is not None else []
    return len(divs) > 1


def _section_element(ident: str, lang: str, kind: str) -> Element:
    section = h("section", id=ident, class_=kind, lang=lang, xml_lang=lang,
                epub_type="chapter" if kind == "text" else None)
    if is_rtl(lang):
        section.set("dir", "rtl")
    return section


def _one_text(tei: Element, text: Element, ident: str, lang: str, title: str, shown_title: str,
              renderer: Renderer) -> Section:
    section = _section_element(f"s-{ident}", lang, "text")
    context = Context(section=section.get("id", ""), lang=lang)
    body = text.find("tei:body", NS)
    titled = _has_doc_title(text)         # the source's title page names the text itself
    for part in text:
        if not isinstance(part.tag, str):
            continue
        if part is body and not titled:
            titled = _render_body(part, section, context, renderer, tei, shown_title)
        elif is_tei(part, "group"):
            section.extend(renderer.blocks([part], context))
        else:
            section.extend(renderer.blocks([part], context))
    if not titled:
        section.insert(0, _title_block(tei, shown_title, renderer, context, None))
    return Section(section.get("id", ""), "text", title, lang, section, context.notes,
                   _toc_of(section, title, section.get("id", "")), running_title=title)


def _authors_line(header: Element, renderer: Renderer, context: Context, class_: str) -> Element:
    """The authors of the header, "A, B and C", with their markup (a name in Arabic script keeps
    its language and direction, so that the dates after it stay in order)."""
    authors = [a for a in header.findall("tei:fileDesc/tei:titleStmt/tei:author", NS) if _text(a)]
    line = h("p", class_=class_)
    for number, author in enumerate(authors):
        if number:
            append(line, " and " if number == len(authors) - 1 else ", ")
        rendered = renderer.inline(author, context)
        append(line, rendered.text or "", *list(rendered))
    return line


def _has_doc_title(text: Element) -> bool:
    return text.find("tei:front/tei:titlePage/tei:docTitle", NS) is not None


def _render_body(body: Element, section: Element, context: Context, renderer: Renderer,
                 tei: Element, shown_title: str) -> bool:
    """The body, its first ``head`` becoming the text's title with the text's metadata under it."""
    wrapper = h("div", class_="body")
    renderer.copy_common(body, wrapper)
    section.append(wrapper)
    titled = False
    if body.text and body.text.strip():
        append(wrapper, body.text)
    for child in body:
        if isinstance(child.tag, str) and not titled and is_tei(child, "head"):
            wrapper.append(_title_block(tei, shown_title, renderer, context, child))
            titled = True
        elif isinstance(child.tag, str):
            renderer.render(child, wrapper, context)
        if child.tail and child.tail.strip():
            append(wrapper, child.tail)
    return titled


def _title_block(tei: Element, shown_title: str, renderer: Renderer, context: Context,
                 head: Element | None) -> Element:
    """The opening of a text: its title, author, date and source line."""
    block = h("header", class_="text-head")
    h1 = h("h1", class_="text-title")
    if head is not None:
        renderer.copy_common(head, h1)
        renderer.inline_children(head, h1, context)
    else:
        h1.text = shown_title
    if not h1.get("id"):
        h1.set("id", renderer.new_id("title"))
    block.append(h1)
    header = tei.find("tei:teiHeader", NS)
    if header is None:
        return block
    bibl = header.find("tei:fileDesc/tei:sourceDesc/tei:bibl", NS)
    author = header.find("tei:fileDesc/tei:titleStmt/tei:author", NS)
    if author is not None and _text(author):
        line = _authors_line(header, renderer, context, "text-author")
        if author.get("cert") and author.get("cert") != "high":
            line.set("title", f"attribution: {author.get('cert')} certainty")
        block.append(line)
    when = bibl.find("tei:date", NS) if bibl is not None else None
    if when is not None and _text(when):
        uncertain = when.get("cert") in ("low", "medium", "unknown")
        label = _text(when) + (" (date uncertain)" if uncertain else "")
        block.append(h("p", label, class_="text-date"))
    file_name = _text(bibl.find("tei:idno[@type='filename']", NS)) if bibl is not None else ""
    if file_name:
        block.append(h("p", "Source: ", h("span", file_name, class_="file-name"), class_="text-source"))
    return block


def _split_text(tei: Element, text: Element, ident: str, lang: str, title: str,
                shown_title: str, renderer: Renderer) -> list[Section]:
    """A long single document: front, each top-level division of the body, back."""
    sections: list[Section] = []
    body = text.find("tei:body", NS)
    assert body is not None
    first = _section_element(f"s-{ident}-0", lang, "text")
    context = Context(section=first.get("id", ""), lang=lang)
    if not _has_doc_title(text):
        first.append(_title_block(tei, shown_title, renderer, context, None))
    front = text.find("tei:front", NS)
    if front is not None:
        first.extend(renderer.blocks([front], context))
    children = [c for c in body if isinstance(c.tag, str)]
    start = next(i for i, c in enumerate(children) if is_tei(c, "div"))
    first.extend(renderer.blocks(children[:start], context))
    # Each top-level division, with what follows it up to the next one (a trailer, a pb…).
    parts: list[list[Element]] = []
    for child in children[start:]:
        if is_tei(child, "div") or not parts:
            parts.append([child])
        else:
            parts[-1].append(child)
    carried = None
    if len(first) == 1 and first[0].get("class") == "text-head" and not context.notes:
        carried = first[0]                # a title alone: it opens the first division's file
    else:
        sections.append(Section(first.get("id", ""), "text", title, lang, first, context.notes,
                                _toc_of(first, title, first.get("id", "")), running_title=title))
    for number, part in enumerate(parts, start=1):
        div = part[0]
        element = _section_element(f"s-{ident}-{number}", lang, "text")
        div_context = Context(section=element.get("id", ""), lang=lang, note_counter=0)
        if carried is not None:
            element.append(carried)
            carried = None
        else:
            element.set("class", "text continued")
        element.extend(renderer.blocks(part, div_context))
        head = _text(div.find("tei:head", NS)) or f"Part {number}"
        sections.append(Section(element.get("id", ""), "text", head, lang, element,
                                div_context.notes, _toc_of(element, "", element.get("id", "")),
                                running_title=title))
    back = text.find("tei:back", NS)
    if back is not None:
        element = _section_element(f"s-{ident}-back", lang, "text")
        back_context = Context(section=element.get("id", ""), lang=lang)
        element.extend(renderer.blocks([back], back_context))
        sections.append(Section(element.get("id", ""), "text", _text(back.find(".//tei:head", NS))
                                or "Back matter", lang, element, back_context.notes,
                                _toc_of(element, "", element.get("id", "")), running_title=title))
    return sections


def _toc_of(section: Element, title: str, section_id: str) -> list[TocEntry]:
    """The headings of a section as a tree: the text's title (h1) above its divisions (h2…)."""
    entries: list[TocEntry] = []
    stack: list[TocEntry] = []
    for heading in section.iter(*(f"{{{XHTML}}}h{n}" for n in range(1, 7))):
        if _inside(heading, ("aside", "figure", "table", "blockquote")):
            continue
        level = int(heading.tag[-1])
        label = " ".join("".join(visible_text(heading)).split())
        if not heading.get("id") or not label:
            continue
        entry = TocEntry(level, heading.get("id", ""), label, section_id)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else entries).append(entry)
        stack.append(entry)
    return entries


def visible_text(element: Element) -> list[str]:
    """Text of an element without its note calls and line numbers."""
    pieces = [element.text or ""]
    for child in element:
        if child.get("class") not in ("noteref", "line-number"):
            pieces.extend(visible_text(child))
        pieces.append(child.tail or "")
    return pieces


def _inside(element: Element, names: tuple[str, ...]) -> bool:
    return any(isinstance(a.tag, str) and a.tag.rpartition("}")[2] in names
               for a in element.iterancestors())


# ---------------------------------------------------------------------- front matter
def _front_matter(header: Element | None, renderer: Renderer, meta: dict) -> list[Section]:
    lang = meta["language"]
    sections = [_title_page(meta, header, renderer)]
    if header is None:
        return sections
    intro = header.find("tei:encodingDesc/tei:projectDesc", NS)
    if intro is not None and _text(intro):
        sections.append(_prose_section("introduction", "Introduction", [intro], renderer, lang))
    decls = header.findall("tei:encodingDesc/tei:editorialDecl", NS)
    gaps = header.findall("tei:fileDesc/tei:notesStmt/tei:note[@type='gap']", NS)
    if decls or gaps:
        sections.append(_principles(decls, gaps, renderer, lang))
    return sections


def _title_page(meta: dict, header: Element | None, renderer: Renderer) -> Section:
    lang = meta["language"]
    section = _section_element("titlepage", lang, "titlepage")
    section.set("{http://www.idpf.org/2007/ops}type", "titlepage")
    section.append(h("h1", meta["title"], class_="book-title", id="book-title"))
    if meta["subtitle"]:
        section.append(h("p", meta["subtitle"], class_="book-subtitle"))
    if meta["authors"] and header is not None:
        context = Context(section="titlepage", lang=lang)
        section.append(_authors_line(header, renderer, context, "book-author"))
    if meta["editors"]:
        names = ", ".join(n for n, _ in meta["editors"])
        section.append(h("p", f"Edited by {names}", class_="book-editors"))
    imprint = " · ".join(filter(None, [meta["publisher"],
                                      date_label(meta["date"]) if meta["date"] else ""]))
    if imprint:
        section.append(h("p", imprint, class_="book-imprint"))
    return Section("titlepage", "titlepage", meta["title"], lang, section)


def _prose_section(ident: str, title: str, containers: list[Element], renderer: Renderer,
                   lang: str) -> Section:
    section = _section_element(ident, lang, ident)
    context = Context(section=ident, lang=lang)
    section.append(h("h1", title, id=f"{ident}-title"))
    for container in containers:
        section.extend(renderer.blocks([c for c in container if isinstance(c.tag, str)], context))
    return Section(ident, ident, title, lang, section, context.notes,
                   [TocEntry(1, f"{ident}-title", title, ident)], running_title=title)


def _principles(decls: list[Element], gaps: list[Element], renderer: Renderer, lang: str) -> Section:
    ident = "principles"
    title = "Editorial principles"
    section = _section_element(ident, lang, ident)
    context = Context(section=ident, lang=lang)
    section.append(h("h1", title, id=f"{ident}-title"))
    for decl in decls:
        for child in decl:
            if not isinstance(child.tag, str):
                continue
            part = local(child)
            if part in EDITORIAL_PARTS:
                section.append(h("h2", EDITORIAL_PARTS[part], id=renderer.new_id("h")))
                section.extend(renderer.blocks([c for c in child if isinstance(c.tag, str)], context))
            else:
                section.extend(renderer.blocks([child], context))
    if gaps:
        section.append(h("h2", "The numbering of the sources", id="numbering"))
        for gap in gaps:
            paragraph = h("p", class_="gap-note")
            label = gap.get("n")
            if label:
                paragraph.append(h("span", f"No. {label}. ", class_="gap-number"))
            renderer.inline_children(gap, paragraph, context)
            section.append(paragraph)
    return Section(ident, ident, title, lang, section, context.notes,
                   [TocEntry(1, f"{ident}-title", title, ident)], running_title=title)


def _contents_section(texts: list[Section], front: list[Section], back: list[Section],
                      lang: str) -> Section:
    """The visible table of contents: front matter, each text with its sections, back matter."""
    section = _section_element("contents", lang, "contents")
    section.set("{http://www.idpf.org/2007/ops}type", "toc")
    section.append(h("h1", "Contents", id="contents-title"))
    listing = h("ol", class_="toc")
    section.append(listing)
    for part in [*front[1:], *texts, *back]:
        for entry in part.toc:
            listing.append(_toc_item(entry, part))
    return Section("contents", "contents", "Contents", lang, section)


def _toc_item(entry: TocEntry, part: Section) -> Element:
    kind = "toc-text" if part.kind == "text" and entry.level == 1 else f"toc-{part.kind}"
    item = h("li", class_=f"{kind} toc-level-{entry.level}")
    item.append(h("a", entry.title, href=f"#{entry.id}"))
    if entry.children:
        sub = h("ol")
        for child in entry.children:
            sub.append(_toc_item(child, part))
        item.append(sub)
    return item


# ---------------------------------------------------------------------- back matter
def _registers(root: Element, renderer: Renderer) -> list[RegisterItem]:
    """The register entries of the document that are mentioned, each with its mentions."""
    header = root.find("tei:teiHeader", NS)
    if header is None:
        return []
    by_ref: dict[str, list[Mention]] = {}
    for mention in renderer.mentions:
        by_ref.setdefault(mention.ref, []).append(mention)
    items = []
    context = Context(section="index", lang=root.get(XML_LANG, "en"), inline=True)
    for kind, _ in REGISTER_KINDS:
        for entry in header.iter(f"{{{TEI_NS}}}{kind}"):
            ident = entry.get(XML_ID)
            if not ident:
                continue
            name, heading, sort_key = _index_names(entry, kind)
            description = entry.find("tei:note", NS)
            if description is None:
                description = entry.find("tei:desc[@type!='dates']", NS) if kind != "event" else \
                    entry.find("tei:desc", NS)
            rendered = renderer.inline(description, context) if description is not None else None
            items.append(RegisterItem(ident, kind, name, _entry_dates(entry, kind), rendered,
                                      by_ref.get(ident, []), heading, sort_key))
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
    name = _text(main)
    surname = main.find("tei:surname", NS) if main is not None and kind == "person" else None
    if surname is not None and _text(surname):
        rest = _text_without(main, surname)
        heading = f"{_text(surname)}, {rest}" if rest else _text(surname)
        key = (_text(surname).casefold(), rest.casefold())
    else:
        heading, key = name, (_sort_key(name), "")
    sort_key = entry.get("sortKey", "").strip()
    return name, heading, (sort_key.casefold(), "") if sort_key else key


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
        return _date_span(_attribute(birth, "when"), _attribute(death, "when"))
    if kind == "event":
        return _dated(entry)
    # <org> takes no dating attributes (TEI P5 §13.3.3): its dates are in a <desc>.
    dates = entry.find("tei:desc[@type='dates']/tei:date", NS)
    if dates is None:
        return ""
    return _dated(dates) or _text(dates)


def _dated(element: Element) -> str:
    """The label of an element's TEI dating attributes (att.datable.w3c): @when, or @from/@to."""
    if element.get("when"):
        return date_label(element.get("when", ""))
    return _date_span(element.get("from", ""), element.get("to", ""))


def _date_span(start: str, end: str) -> str:
    if not start and not end:
        return ""
    return f"{date_label(start) if start else ''} – {date_label(end) if end else ''}"


def _index_section(registers: list[RegisterItem], lang: str) -> Section:
    """The index of names: each entry, its dates and description, and a link to every mention."""
    ident = "index"
    title = "Index of names"
    section = _section_element(ident, lang, ident)
    section.set("{http://www.idpf.org/2007/ops}type", "index")
    section.append(h("h1", title, id="index-title"))
    for kind, label in REGISTER_KINDS:
        entries = sorted((r for r in registers if r.kind == kind), key=lambda r: r.sort_key)
        if not entries:
            continue
        section.append(h("h2", label, id=f"index-{kind}"))
        listing = h("div", class_=f"index-list index-{kind}")
        section.append(listing)
        for item in entries:
            listing.append(_index_entry(item))
    return Section(ident, ident, title, lang, section,
                   toc=[TocEntry(1, "index-title", title, ident)], running_title=title)


def _sort_key(name: str) -> str:
    return re.sub(r"^(the|The)\s+", "", name).casefold()


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


def _sources(root: Element) -> list[SourceInfo]:
    sources = []
    listed = "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:listBibl/tei:bibl[@type='source']"
    bibls = root.findall(listed, NS) or root.findall(
        ".//tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type='source']", NS)
    for bibl in bibls:
        sources.append(SourceInfo(
            title=_text(bibl.find("tei:title", NS)),
            file_name=_text(bibl.find("tei:idno[@type='filename']", NS)),
            size=_attribute(bibl.find("tei:extent/tei:measure", NS), "quantity"),
            sha256=_text(bibl.find("tei:idno[@type='sha256']", NS)),
            target=_attribute(bibl.find("tei:ptr", NS), "target"),
        ))
    return sources


def _sources_section(sources: list[SourceInfo], header: Element | None, renderer: Renderer,
                     lang: str) -> Section:
    """The note on the sources: each source's file name, size and SHA-256 checksum."""
    ident = "sources"
    title = "Note on the sources"
    section = _section_element(ident, lang, ident)
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
            section.append(entry)
    elif header is not None:
        source_desc = header.find("tei:fileDesc/tei:sourceDesc", NS)
        if source_desc is not None:
            section.extend(renderer.blocks([c for c in source_desc if isinstance(c.tag, str)
                                            and local(c) in ("p", "bibl", "listBibl", "msDesc")],
                                           context))
    if len(section) == 1:
        section.append(h("p", "The document does not describe its sources."))
    return Section(ident, ident, title, lang, section, context.notes,
                   [TocEntry(1, "sources-title", title, ident)], running_title=title)


def _bytes(size: str) -> str:
    return f"{int(size):,} bytes" if size.isdigit() else size


def _colophon(meta: dict, text_sections: list[Section]) -> Section:
    lang = meta["language"]
    section = _section_element("colophon", lang, "colophon")
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
    lines.append(f"Identifier: {meta['identifier']}.")
    for text in lines:
        section.append(h("p", text))
    return Section("colophon", "colophon", "Colophon", lang, section,
                   toc=[TocEntry(1, "colophon-title", "Colophon", "colophon")],
                   running_title="Colophon")
