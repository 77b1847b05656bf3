"""Turn a TEI document or corpus into a book: metadata and ordered XHTML sections."""

from __future__ import annotations

import uuid
from pathlib import Path

from lxml import etree

from edition.errors import Message
from edition.model.lang import bcp47
from edition.model.tei import CERTIFIER_KEY, NS, TEI_NS, XML_ID, XML_LANG, Element, is_tei
from edition.writers.book.back import colophon, index_section, register_items, source_infos, sources_section
from edition.writers.book.facts import main_title, running_head, short_title
from edition.writers.book.front import contents_section, front_matter
from edition.writers.book.ids import part_ids_apart
from edition.writers.book.model import Book, Section, attribute_of, first_head, text_of
from edition.writers.book.registers import link_to_index, stand_off_sections
from edition.writers.book.texts import text_sections
from edition.writers.book.transcription import source_doc_sections
from edition.writers.xhtml import Renderer, fix_nesting

__all__ = ["make_book"]


def make_book(tree: etree._ElementTree, base: Path | None = None, level: str = "norm") -> Book:
    """The book of a TEI document or ``teiCorpus``; a thin header gives a thinner book, not an error.
    ``level``: the transcription level a ``choice`` shows (``--level``)."""
    root = tree.getroot()
    renderer = Renderer(root, base, level)
    header = root.find("tei:teiHeader", NS)
    meta = _metadata(root, header, renderer, base)
    members = [root] if is_tei(root, "TEI") else list(root.iter(f"{{{TEI_NS}}}TEI"))
    texts: list[Section] = []
    for number, member in enumerate(members, start=1):
        renderer.id_block(number)                    # its own ids: an edit elsewhere renames none
        texts.extend(text_sections(member, number, renderer, meta["language"], len(members) > 1))
        texts.extend(source_doc_sections(member, number, renderer, meta["language"]))
        texts.extend(stand_off_sections(member, number, renderer, meta["language"]))
    renderer.id_block(len(members) + 1)
    front = front_matter(header, renderer, meta)
    renderer.id_block(len(members) + 2)
    registers = register_items(root, renderer)
    link_to_index([*front, *texts], registers)    # names link to the index's entries
    back = [index_section(registers, meta["language"])] if registers else []
    sources = source_infos(root)
    renderer.id_block(len(members) + 3)
    back.append(sources_section(sources, header, renderer, meta["language"]))
    back.append(colophon(meta, texts))       # before the contents, which list it too
    contents = contents_section(texts, front, back, meta["language"])
    sections = [front[0], contents, *front[1:], *texts, *back]
    part_ids_apart(sections)             # a TEI xml:id="sources" keeps its name and its links
    short = short_title(header) if len(members) == 1 else ""
    for section in sections:             # a running head is one line (TEI title type="short")
        if section.running_title == meta["title"] and short:
            section.running_title = short
        section.running_title = running_head(section.running_title)
    for section in sections:             # valid XHTML wherever TEI nests what HTML cannot
        fix_nesting(section.body)
        for note_ in section.notes:
            fix_nesting(note_.content)
    return Book(
        title=meta["title"], subtitle=meta["subtitle"], language=meta["language"],
        identifier=meta["identifier"], date=meta["date"], publisher=meta["publisher"],
        rights=meta["rights"], rights_url=meta["rights_url"], subjects=meta["subjects"],
        editors=meta["editors"], authors=meta["authors"], certifier=meta["certifier"], sections=sections,
        registers=registers, sources=sources, assets=list(renderer.assets.values()),
        warnings=renderer.warnings, unknown=dict(sorted(renderer.unknown.items())),
        source=tree, base=base,
    )


def _metadata(root: Element, header: Element | None, renderer: Renderer,
              base: Path | None) -> dict:
    find = (lambda path: header.find(path, NS)) if header is not None else (lambda path: None)
    findall = (lambda path: header.findall(path, NS)) if header is not None else (lambda path: [])
    title = text_of(main_title(header))
    where = str(base or "<tei>")
    if not title:
        title = first_head(root) or (base.stem if base else "Untitled")
        renderer.warnings.append(Message.at(
            "W103", "warning", where, "the header gives no title; the book is titled "
            f"{title!r}", "add teiHeader/fileDesc/titleStmt/title", 1, 1))
    language = root.get(XML_LANG) or attribute_of(find("tei:profileDesc/tei:langUsage/tei:language"),
                                                 "ident") or _text_language(root)
    language = bcp47(language)
    if not language:
        language = "en"
        renderer.warnings.append(Message.at(
            "W103", "warning", where, "no language is declared; English is assumed",
            'add xml:lang="…" to the root element or profileDesc/langUsage', 1, 1))
    stmts = findall("tei:fileDesc/tei:titleStmt/tei:respStmt")
    certifying = [s for s in stmts if s.find(f"tei:resp[@key='{CERTIFIER_KEY}']", NS) is not None]
    editors = [(_stmt_name(stmt), text_of(stmt.find("tei:resp", NS))) for stmt in stmts
               if stmt.get(XML_ID) != "resp-auto" and stmt not in certifying]
    editors += [(text_of(e), e.get("role", "editor"))
                for e in findall("tei:fileDesc/tei:titleStmt/tei:editor")]
    authors = [text_of(a) for a in findall("tei:fileDesc/tei:titleStmt/tei:author")]
    if not is_tei(root, "TEI"):
        authors = []
    date_ = attribute_of(find("tei:fileDesc/tei:publicationStmt/tei:date"), "when") or \
        attribute_of(find("tei:revisionDesc/tei:change"), "when") or ""
    licence = find("tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence")
    availability = find("tei:fileDesc/tei:publicationStmt/tei:availability")
    identifier = text_of(find("tei:fileDesc/tei:publicationStmt/tei:idno")) or _derived_id(title, root)
    return {
        "title": title,
        "subtitle": text_of(find("tei:fileDesc/tei:titleStmt/tei:title[@type='sub']")),
        "language": language, "identifier": identifier, "date": date_,
        "publisher": text_of(find("tei:fileDesc/tei:publicationStmt/tei:publisher")),
        "rights": text_of(licence) or text_of(availability),
        "rights_url": licence.get("target", "") if licence is not None else "",
        "subjects": [text_of(t) for t in findall("tei:profileDesc/tei:textClass/tei:keywords/tei:term")],
        "editors": [(n, r) for n, r in editors if n], "authors": [a for a in authors if a],
        "certifier": next((n for n in map(_stmt_name, certifying) if n), ""),
    }


def _stmt_name(stmt: Element) -> str:
    name = stmt.find("tei:name", NS)
    return text_of(name if name is not None else stmt.find("tei:persName", NS))


def _text_language(root: Element) -> str:
    text = root.find(".//tei:text", NS)
    return text.get(XML_LANG, "") if text is not None else ""


def _derived_id(title: str, root: Element) -> str:
    """A stable identifier for a document that has none: a name-based UUID (RFC 9562 §5.5) of
    what names the publication, not of its content. EPUB 3.3 §5.4: the unique identifier names
    the publication and stays the same across its revisions (the release identifier adds
    ``dcterms:modified``), so an edited note, a corrected source or a changed date leaves it
    as it is, and so does every print piece keyed by it (``pdf.chunked.piece_key``)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'edition:' + chr(31).join(_names_of(title, root)))}"


def _names_of(title: str, root: Element) -> list[str]:
    """The book's title, its responsible people (TEI P5 §2.2.1 ``titleStmt``) and, for each of
    its texts, its ``xml:id`` and its sources' file names (``idno type="filename"``): the list of
    what the book holds, by name. Not the texts' titles or words: an editor revises those."""
    names = [title]
    stmt = root.find("tei:teiHeader/tei:fileDesc/tei:titleStmt", NS)
    if stmt is not None:
        names += [f"{_local(e)}:{text_of(e)}" for e in stmt if isinstance(e.tag, str) and
                  _local(e) in ("author", "editor", "respStmt") and e.get(XML_ID) != "resp-auto"]
    members = [root] if is_tei(root, "TEI") else list(root.iter(f"{{{TEI_NS}}}TEI"))
    for member in members:
        names.append(f"text:{member.get(XML_ID, '')}")
        names += [f"file:{text_of(idno)}" for idno in member.iterfind(
            "tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:idno[@type='filename']", NS)]
    return names


def _local(element: Element) -> str:
    return etree.QName(element).localname
