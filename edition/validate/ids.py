"""Turn a document's xml:id attributes into findings: ids that are not NCNames, ids used twice.

The parser does not check ids (a document with a bad id is well-formed, and the writers should
still get it); these checks run in every validation, whatever the schema, because they come from
XML itself, not from a grammar: the xml:id Recommendation §4 (an xml:id is an NCName, unique in
its document), which TEI P5 adopts for every element (§1.3.1.1.1, att.global).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from edition.errors import Message
from edition.model.tei import XML_ID, is_ncname

__all__ = ["check_ids", "is_ncname"]

def check_ids(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    """E309 for each xml:id that is not an NCName, E304 for each use of an id after its first."""
    findings = []
    first: dict[str, int] = {}
    for element in tree.getroot().iter():
        value = element.get(XML_ID) if isinstance(element.tag, str) else None
        if value is None:
            continue
        line = element.sourceline or 0
        if not is_ncname(value):
            findings.append(Message.at(
                "E309", "error", path, f'xml:id "{value}" is not an XML name (an NCName)',
                "start it with a letter or _, and use only letters, digits, '-', '_' and '.' "
                "(no space, no colon)", line, 1))
        if value in first:
            findings.append(Message.at(
                "E304", "error", path, f'xml:id "{value}" is used twice (first on line '
                f"{first[value]})", "give each element its own xml:id", line, 1))
        else:
            first[value] = line
    return findings
