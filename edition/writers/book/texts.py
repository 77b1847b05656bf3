"""Turn each TEI text into sections of the book: its title block, its body, its contents entries."""

from __future__ import annotations

from edition.model.lang import bcp47
from edition.model.tei import NS, XML_ID, XML_LANG, Element, is_tei
from edition.writers.book.facts import main_title
from edition.writers.book.model import (
    Section,
    TocEntry,
    first_head,
    inside,
    section_element,
    text_of,
    visible_text,
)
from edition.writers.xhtml import XHTML, Context, Renderer, append, h

__all__ = ["authors_line", "certainty", "text_sections"]


# ---------------------------------------------------------------------- texts
def text_sections(tei: Element, number: int, renderer: Renderer, book_lang: str,
                   in_corpus: bool) -> list[Section]:
    """The sections of one TEI: one per text in a corpus; for a single long document, one per
    part (front, each top-level division, back) so that no reading-system file is huge."""
    header = tei.find("tei:teiHeader", NS)
    text = tei.find("tei:text", NS)
    ident = tei.get(XML_ID) or f"text-{number}"
    if text is None:
        return []
    lang = bcp47(text.get(XML_LANG) or tei.get(XML_LANG) or "") or book_lang
    title_element = main_title(header)            # not a series title (TEI P5 §2.2.1)
    title = text_of(title_element) or first_head(tei) or f"Text {number}"
    supplied = title_element is not None and title_element.find("tei:supplied", NS) is not None
    shown_title = f"[{title}]" if supplied else title
    if in_corpus or not _splittable(text):
        return [_one_text(tei, text, ident, lang, title, shown_title, renderer)]
    return _split_text(tei, text, ident, lang, title, shown_title, renderer)


def _splittable(text: Element) -> bool:
    body = text.find("tei:body", NS)
    divs = body.findall("tei:div", NS) if body is not None else []
    return len(divs) > 1


def _one_text(tei: Element, text: Element, ident: str, lang: str, title: str, shown_title: str,
              renderer: Renderer) -> Section:
    section = section_element(f"s-{ident}", lang, "text")
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


def authors_line(header: Element, renderer: Renderer, context: Context, class_: str) -> Element:
    """The authors of the header, "A, B and C", with their markup (a name in Arabic script keeps
    its language and direction, so that the dates after it stay in order)."""
    authors = [a for a in header.findall("tei:fileDesc/tei:titleStmt/tei:author", NS) if text_of(a)]
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
    if author is not None and text_of(author):
        line = authors_line(header, renderer, context, "text-author")
        if author.get("cert"):
            append(line, " ", h("span", f"(attribution: {certainty(author.get('cert', ''))})",
                                class_="cert"))
        block.append(line)
    when = bibl.find("tei:date", NS) if bibl is not None else None
    if when is not None and text_of(when):
        line = h("p", text_of(when), class_="text-date")
        if when.get("cert"):
            append(line, " ", h("span", f"(date: {certainty(when.get('cert', ''))})", class_="cert"))
        block.append(line)
    file_name = text_of(bibl.find("tei:idno[@type='filename']", NS)) if bibl is not None else ""
    if file_name:
        block.append(h("p", "Source: ", h("span", file_name, class_="file-name"), class_="text-source"))
    return block


def certainty(value: str) -> str:
    """TEI's att.global.responsibility @cert (high, medium, low, unknown) in words."""
    return "certainty unknown" if value == "unknown" else f"{value} certainty"


def _split_text(tei: Element, text: Element, ident: str, lang: str, title: str,
                shown_title: str, renderer: Renderer) -> list[Section]:
    """A long single document: front, each top-level division of the body, back."""
    sections: list[Section] = []
    body = text.find("tei:body", NS)
    assert body is not None
    first = section_element(f"s-{ident}-0", lang, "text")
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
        element = section_element(f"s-{ident}-{number}", lang, "text")
        div_context = Context(section=element.get("id", ""), lang=lang, note_counter=0)
        if carried is not None:
            element.append(carried)
            carried = None
        else:
            element.set("class", "text continued")
        element.extend(renderer.blocks(part, div_context))
        head = text_of(div.find("tei:head", NS)) or f"Part {number}"
        sections.append(Section(element.get("id", ""), "text", head, lang, element,
                                div_context.notes, _toc_of(element, "", element.get("id", "")),
                                running_title=title))
    back = text.find("tei:back", NS)
    if back is not None:
        element = section_element(f"s-{ident}-back", lang, "text")
        back_context = Context(section=element.get("id", ""), lang=lang)
        element.extend(renderer.blocks([back], back_context))
        sections.append(Section(element.get("id", ""), "text", text_of(back.find(".//tei:head", NS))
                                or "Back matter", lang, element, back_context.notes,
                                _toc_of(element, "", element.get("id", "")), running_title=title))
    return sections


def _toc_of(section: Element, title: str, section_id: str) -> list[TocEntry]:
    """The headings of a section as a tree: the text's title (h1) above its divisions (h2…)."""
    entries: list[TocEntry] = []
    stack: list[TocEntry] = []
    for heading in section.iter(*(f"{{{XHTML}}}h{n}" for n in range(1, 7))):
        if inside(heading, ("aside", "figure", "table", "blockquote")):
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
