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


def safe_parser(trusted: bool = False, recover: bool = False) -> etree.XMLParser:
    """A parser that resolves no entity, loads no DTD, follows no XInclude and touches no network.

    For XML from anywhere (``trusted=False``) libxml2's limits stay on: it refuses entity-expansion
    bombs, nesting deeper than 256 levels and text nodes over 10 MB, which turns hostile input
    into an error instead of a hang. Only XML that ``edition`` has just serialised itself (no
    DOCTYPE, no entity, shallow) is read without the size limit, so that a source with a very
    long paragraph still builds.
    """
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=trusted,
        remove_blank_text=False,
        recover=recover,
    )


def parse_xml(data: bytes, path: Path | str, trusted: bool = False) -> etree._ElementTree:
    """Parse XML bytes; a syntax error or an entity declaration is an ``EditionError`` with its place.

    An xml:id used twice or not an NCName is not a syntax error (the xml:id Recommendation §4
    makes it a validity error): validation reports it (E304, E309) and the writers still get
    the document.
    """
    parser = safe_parser(trusted)
    try:
        root = etree.fromstring(data, parser, base_url=str(path))
    except etree.XMLSyntaxError as error:
        faults = [entry for entry in parser.error_log if entry.type_name not in ID_ERRORS]
        if faults:
            raise EditionError(_syntax_message(error, faults[0], path)) from error
        root = _read_past_id_errors(data, path, trusted)
    tree = root.getroottree()
    _refuse_entities(tree, path)
    return tree


# libxml2 checks xml:id while parsing and fails the parse on these two, though the document is
# well-formed. lxml's collect_ids=False would skip the check, but only by setting a flag that
# also makes libxml2 load the external DTD subset (it read /etc/passwd as a DTD): not that.
ID_ERRORS = frozenset({"DTD_ID_REDEFINED", "DTD_XMLID_VALUE"})
ID_CODES = frozenset(getattr(etree.ErrorTypes, name) for name in ID_ERRORS)


def _read_past_id_errors(data: bytes, path: Path | str, trusted: bool) -> etree._Element:
    """The same document parsed again in recovery mode, which then only goes past the id errors:
    the first pass found nothing else, and anything else the second finds is still refused."""
    parser = safe_parser(trusted, recover=True)
    root = etree.fromstring(data, parser, base_url=str(path))
    faults = [entry for entry in parser.error_log if entry.type_name not in ID_ERRORS]
    if faults or root is None:  # never seen: the two passes read the same bytes
        raise EditionError.single("E101", path, "not well-formed XML", "fix the XML syntax")
    return root


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


def _syntax_message(error: etree.XMLSyntaxError, first: etree._LogEntry,
                    path: Path | str) -> Message:
    """The message of the error that stopped the parse, or of the first one that is not about an
    xml:id (libxml2 may have reported one of those before the real fault)."""
    if error.code in ID_CODES:
        line, col, text = first.line, first.column, first.message
    else:
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
    changes what a reader sees; here only known block containers whose text is blank are indented,
    and nothing under ``xml:space="preserve"``.
    """
    if local(root) not in BLOCK_CONTAINERS or not len(root):
        return
    if root.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve":
        return      # its white space is its source's (a converted text keeps it for extract)
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
