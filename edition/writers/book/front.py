"""Turn the TEI header into the book's front matter: title page, contents, introduction, principles."""

from __future__ import annotations

from edition.model.names import date_label
from edition.model.tei import NS, Element, local
from edition.writers.book.model import Section, TocEntry, section_element, text_of
from edition.writers.book.texts import authors_line
from edition.writers.xhtml import Context, Renderer, h

__all__ = ["EDITORIAL_PARTS", "contents_section", "editors_line", "front_matter"]


EDITORIAL_PARTS = {"correction": "Corrections", "normalization": "Normalisation",
                   "quotation": "Quotation", "hyphenation": "Hyphenation",
                   "segmentation": "Segmentation", "interpretation": "Interpretation",
                   "punctuation": "Punctuation", "stdVals": "Standard values"}

PLAIN_ROLES = {"editor", "editors", "edited by", "ed."}


# ---------------------------------------------------------------------- front matter
def front_matter(header: Element | None, renderer: Renderer, meta: dict) -> list[Section]:
    lang = meta["language"]
    sections = [_title_page(meta, header, renderer)]
    if header is None:
        return sections
    intro = header.find("tei:encodingDesc/tei:projectDesc", NS)
    if intro is not None and text_of(intro):
        sections.append(_prose_section("introduction", "Introduction", [intro], renderer, lang))
    decls = header.findall("tei:encodingDesc/tei:editorialDecl", NS)
    gaps = header.findall("tei:fileDesc/tei:notesStmt/tei:note[@type='gap']", NS)
    if decls or gaps:
        sections.append(_principles(decls, gaps, renderer, lang))
    return sections


def _title_page(meta: dict, header: Element | None, renderer: Renderer) -> Section:
    lang = meta["language"]
    section = section_element("titlepage", lang, "titlepage")
    section.set("{http://www.idpf.org/2007/ops}type", "titlepage")
    section.append(h("h1", meta["title"], class_="book-title", id="book-title"))
    if meta["subtitle"]:
        section.append(h("p", meta["subtitle"], class_="book-subtitle"))
    if meta["authors"] and header is not None:
        context = Context(section="titlepage", lang=lang)
        section.append(authors_line(header, renderer, context, "book-author"))
    if meta["editors"]:
        section.append(h("p", f"Edited by {editors_line(meta['editors'])}", class_="book-editors"))
    imprint = " · ".join(filter(None, [meta["publisher"],
                                      date_label(meta["date"]) if meta["date"] else ""]))
    if imprint:
        section.append(h("p", imprint, class_="book-imprint"))
    return Section("titlepage", "titlepage", meta["title"], lang, section)


def editors_line(editors: list[tuple[str, str]]) -> str:
    """"A (transcription) and B (annotation)": each editor with the responsibility their
    ``respStmt/resp`` names (TEI P5 §2.2.1), except a bare "editor", which "Edited by" says."""
    named = [f"{name} ({role})" if role and role.strip().lower() not in PLAIN_ROLES else name
             for name, role in editors]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _prose_section(ident: str, title: str, containers: list[Element], renderer: Renderer,
                   lang: str) -> Section:
    section = section_element(ident, lang, ident)
    context = Context(section=ident, lang=lang)
    section.append(h("h1", title, id=f"{ident}-title"))
    for container in containers:
        section.extend(renderer.blocks([c for c in container if isinstance(c.tag, str)], context))
    return Section(ident, ident, title, lang, section, context.notes,
                   [TocEntry(1, f"{ident}-title", title, ident)], running_title=title)


def _principles(decls: list[Element], gaps: list[Element], renderer: Renderer, lang: str) -> Section:
    ident = "principles"
    title = "Editorial principles"
    section = section_element(ident, lang, ident)
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


def contents_section(texts: list[Section], front: list[Section], back: list[Section],
                      lang: str) -> Section:
    """The visible table of contents: front matter, each text with its sections, back matter."""
    section = section_element("contents", lang, "contents")
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
