"""Turn bytes into XML trees safely, and XML trees into files atomically."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.model.tei import Element, local

__all__ = [
    "atomic_path",
    "parse_xml",
    "serialize",
    "write_atomic",
]


def safe_parser(trusted: bool = False) -> etree.XMLParser:
    """A parser that resolves no entity, loads no DTD, follows no XInclude and touches no network.

    For XML from anywhere (``trusted=False``) libxml2's limits stay on: it refuses entity-expansion
    bombs, nesting deeper than 256 levels and text nodes over 10 MB, which turns hostile input
    into an error instead of a hang. Only XML that ``edition`` has just serialised itself (no
    DOCTYPE, no entity, shallow) is read without the size limit, so that a source with a very
    long paragraph still builds.

    libxml2 does not collect ids (``collect_ids=False``): it would refuse a well-formed document
    whose xml:id is used twice or is not an NCName. Such a document is invalid, not ill-formed
    (the xml:id Recommendation §4 makes these validity errors), so it is read, validation says
    E304 or E309, and the writers can still render it.
    """
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=trusted,
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_xml(data: bytes, path: Path | str, trusted: bool = False) -> etree._ElementTree:
    """Parse XML bytes; a syntax error or an entity declaration is an ``EditionError`` with its place."""
    try:
        root = etree.fromstring(data, safe_parser(trusted), base_url=str(path))
    except etree.XMLSyntaxError as error:
        raise EditionError(_syntax_message(error, path)) from error
    tree = root.getroottree()
    _refuse_entities(tree, path)
    return tree


# libxml2's own words (several phrasings across versions) for the limits it enforces on hostile
# input, and what to tell the user instead of "try XML_PARSE_HUGE". Phrases, not single words:
# a message may quote a tag name.
LIMITS = (
    (re.compile(r"entity amplification|entity reference loop|entity nesting depth"), "E102",
     "entity expansion refused: the document's entities would expand without bound",
     "remove the entity declarations from the DOCTYPE and write their text out"),
    (re.compile(r"Excessive depth in document"), "E104",
     "elements are nested more than 256 levels deep; such a document is not read",
     "flatten the structure: TEI documents rarely nest more than a few dozen levels"),
    (re.compile(r"Resource limit exceeded|huge text node|Huge input lookup|(?:Name|AttValue) "
                r"(?:length )?too long"), "E105",
     "a text node, name or attribute is larger than the parser accepts (10 MB) in XML from "
     "outside the edition",
     "split the text into several elements (paragraphs, or <lb/> at its line breaks)"),
)


def _syntax_message(error: etree.XMLSyntaxError, path: Path | str) -> Message:
    line, col = error.position if error.position else (0, 0)
    text = re.sub(r", line \d+, column \d+$", "", error.msg or "")
    for pattern, code, what, hint in LIMITS:
        if pattern.search(text):
            return Message.at(code, "error", path, what, hint, line, col + 1)
    return Message.at("E101", "error", path, f"not well-formed XML: {text}",
                      "fix the XML syntax at this place (an XML editor will show it)", line, col + 1)


def _refuse_entities(tree: etree._ElementTree, path: Path | str) -> None:
    """Entity declarations and references are refused, not expanded (XXE, billion laughs)."""
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise EditionError.single(
            "E102", path, "the document declares entities in its DOCTYPE; they are not expanded",
            "replace each entity by its text or a character reference and remove the declaration",
            1, 1,
        )
    for node in tree.getroot().iter(etree.Entity):
        raise EditionError.single(
            "E103", path, f"entity reference &{node.name}; is not expanded",
            "replace it by the character or text it stands for",
            node.sourceline or 0, 1,
        )


def read_xml(path: Path) -> etree._ElementTree:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EditionError.single("E001", path, f"cannot read: {error.strerror}") from error
    return parse_xml(data, path)


def serialize(tree: etree._ElementTree | Element) -> bytes:
    """UTF-8 bytes with an XML declaration; the same tree always gives the same bytes."""
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target`` that replaces it only if the block succeeds.

    A failure, an interrupt or a concurrent build never leaves a truncated ``target``: readers see
    either the old file or the new one (``os.replace`` is atomic within a file system).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)


BLOCK_CONTAINERS = frozenset(
    [
        "TEI", "teiCorpus", "teiHeader", "fileDesc", "titleStmt", "editionStmt", "extent",
        "publicationStmt", "seriesStmt", "notesStmt", "sourceDesc", "encodingDesc", "profileDesc",
        "revisionDesc", "projectDesc", "editorialDecl", "langUsage", "textClass", "keywords",
        "availability", "respStmt", "listBibl", "bibl", "msDesc", "listPerson", "listPlace", "listOrg",
        "listEvent", "person", "place", "org", "event", "text", "front", "body", "back", "div",
        "closer", "opener", "standOff", "listChange", "particDesc", "settingDesc", "classDecl",
        "tagsDecl", "appInfo", "application", "notesStmt"
    ]
)


def indent_blocks(root: Element, level: int = 0) -> None:
    """Indent the element-only containers, leaving every element with mixed content untouched.

    ``etree.indent`` would also put white space between two adjacent inline elements, which
    changes what a reader sees; here only known block containers whose text is blank are indented.
    """
    if local(root) not in BLOCK_CONTAINERS or not len(root):
        return
    if (root.text and root.text.strip()) or any(
        child.tail and child.tail.strip() for child in root
    ):
        return
    pad = "\n" + "  " * (level + 1)
    root.text = pad
    for child in root:
        child.tail = pad
        indent_blocks(child, level + 1)
    root[-1].tail = "\n" + "  " * level
