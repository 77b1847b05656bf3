"""Turn the encoded texts, the registers and the edition's metadata into one ``teiCorpus``.

TEI P5 §15.1: a corpus has its own header, then its texts. The corpus header carries what is
shared (title, editors, introduction and principles, the registers); each text keeps its own header
but points to the shared declarations instead of repeating their ids.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from lxml import etree

from edition.annotate.prose import fill_prose
from edition.annotate.registers import Register, register_lists
from edition.config import Config
from edition.model.tei import NS, XML_ID, Element, iter_tei, make, sub
from edition.model.xmlio import indent_blocks
from edition.readers.header import (
    encoding_desc,
    profile_desc,
    publication_stmt,
    resp_stmts,
)

__all__ = ["build_corpus", "edition_identifier", "numbering_gaps"]

NUMBER = re.compile(r"^(\d+)")


def edition_identifier(config: Config) -> str:
    """A stable identifier derived from the edition itself (never random): a name-based UUID."""
    if config.identifier:
        return config.identifier
    name = f"edition:{config.title}|{config.subtitle}|{config.publisher}|{config.date}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def numbering_gaps(names: Sequence[str]) -> list[str]:
    """The numbers missing from a numbered series of file names ("000_…", "001_…", "003_…")."""
    found = [(int(m.group(1)), len(m.group(1))) for n in names if (m := NUMBER.match(n))]
    if len(found) < 2:
        return []
    numbers = {n for n, _ in found}
    width = min(w for _, w in found)
    return [f"{n:0{width}d}" for n in range(min(numbers), max(numbers)) if n not in numbers]


class Member(Protocol):
    """What the corpus needs of an encoded text: its id, its file name and its TEI."""

    text_id: str
    file_name: str
    tree: etree._ElementTree


def build_corpus(config: Config, register: Register, texts: Sequence[Member]) -> etree._ElementTree:
    """The corpus, made from the texts' TEI alone (so cached texts need nothing else)."""
    root = make("teiCorpus", xml_lang=config.language)
    root.append(corpus_header(config, register, texts))
    for text in texts:
        root.append(_as_member(text.tree.getroot()))
    indent_blocks(root)
    return root.getroottree()


def corpus_header(config: Config, register: Register, texts: Sequence[Member]) -> Element:
    header = make("teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", config.title, type="main")
    if config.subtitle:
        sub(title_stmt, "title", config.subtitle, type="sub")
    title_stmt.extend(resp_stmts(config))
    file_desc.append(publication_stmt(config, edition_identifier(config)))
    notes = _gap_notes(config, [t.file_name for t in texts])
    if notes is not None:
        file_desc.append(notes)
    source_desc = sub(file_desc, "sourceDesc")
    sources = sub(source_desc, "listBibl")
    sub(sources, "head", "The sources")
    for text in texts:
        sources.append(_source_bibl(text))
    source_desc.extend(register_lists(register))
    header.append(encoding_desc(config, project=config.introduction))
    languages: dict[str, int] = {}
    for text in texts:
        for code, weight in _languages(text.tree.getroot()).items():
            languages[code] = languages.get(code, 0) + weight
    header.append(profile_desc(languages or {config.language: 1}, config.subjects))
    revision = sub(header, "revisionDesc")
    sub(revision, "change", f"Collected from {len(texts)} plain-text sources in "
        f"{config.seeds.name or 'seeds'}/.", when=config.build_date(), who=f"#{config.resp}")
    return header


def _source_bibl(text: Member) -> Element:
    """The text's own description of its source, pointing at the text in the corpus."""
    found = text.tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl", NS)
    bibl = copy.deepcopy(found) if found is not None else make("bibl", type="source")
    pointer = make("ptr", target=f"#{text.text_id}")
    notes = bibl.findall("tei:note", NS)
    if notes:
        notes[0].addprevious(pointer)
    else:
        bibl.append(pointer)
    return bibl


def _languages(tei: Element) -> dict[str, int]:
    """The languages of a text, weighted by its length, from its header's langUsage."""
    text = tei.find("tei:text", NS)
    size = sum(len(t) for t in text.itertext()) if text is not None else 1
    weights = {}
    for language in tei.iterfind("tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language", NS):
        usage = language.get("usage")
        weights[language.get("ident", "")] = size * int(usage) // 100 if usage else size
    return weights


def _gap_notes(config: Config, names: Sequence[str]) -> Element | None:
    """A note for each number missing from the series: the editor's explanation, or a plain
    statement that the number is absent (never a guessed reason)."""
    missing = numbering_gaps(names)
    explained = {gap.number: gap for gap in config.gaps}
    if not missing and not explained:
        return None
    notes = make("notesStmt")
    for number in sorted(set(missing) | set(explained)):
        note = sub(notes, "note", type="gap", n=number, resp=f"#{config.resp}")
        gap = explained.get(number)
        if gap is not None and gap.note:
            fill_prose(note, gap.note)
        else:
            note.text = (f"The sources are numbered in a series from which number {number} is "
                         "absent; no source with that number is part of this collection.")
    return notes


def _as_member(tei: Element) -> Element:
    """A text's TEI as a member of the corpus: the shared declarations stay in the corpus header.

    The text's copies of register entries are removed and its respStmts lose their ids, so
    every id is unique in the corpus and every ``@ref``/``@resp`` resolves to the corpus header.
    """
    member = copy.deepcopy(tei)
    header = member[0]
    for tag in ("listPerson", "listPlace", "listOrg", "listEvent"):
        for element in list(iter_tei(header, tag)):
            parent = element.getparent()
            assert parent is not None
            parent.remove(element)
    for stmt in iter_tei(header, "respStmt"):
        for element in stmt.iter():
            element.attrib.pop(XML_ID, None)
    return member


def collect_paths(seeds: Path) -> list[Path]:
    """The sources of an edition, in seed order (by file name)."""
    return sorted(p for p in seeds.glob("*.txt") if p.is_file())
