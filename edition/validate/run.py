"""Turn files and folders into validation findings: grammar first, then rules."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.model.xmlio import read_xml
from edition.validate.rules import check_rules
from edition.validate.schema import check_schema

__all__ = ["collect_xml", "validate_paths", "validate_tree"]


def validate_tree(tree: etree._ElementTree, path: Path | str, schema: Path | None = None,
                  rules: bool = True) -> list[Message]:
    findings = check_schema(tree, path, schema)
    if rules:
        findings += check_rules(tree, path)
    return sorted(set(findings), key=lambda m: (m.path, m.line, m.col, m.code))


def collect_xml(paths: Iterable[Path]) -> list[Path]:
    """The XML files named, and those inside the folders named (recursively, sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()))
        else:
            files.append(path)
    return files


def validate_paths(paths: Iterable[Path], schema: Path | None = None,
                   rules: bool = True) -> list[Message]:
    """Findings for every file; a file that cannot be read or parsed is one finding, not a stop."""
    findings: list[Message] = []
    for path in collect_xml(paths):
        if not path.exists():
            findings.append(Message.at("E001", "error", path, "no such file",
                                       "check the path"))
            continue
        try:
            tree = read_xml(path)
        except EditionError as error:
            findings.extend(error.messages)
            continue
        findings.extend(validate_tree(tree, path, schema, rules))
    return findings
