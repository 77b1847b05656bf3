"""Turn files and folders into validation findings: grammar first, then rules."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.model.xmlio import read_xml
from edition.validate.ids import check_ids
from edition.validate.rules import check_rules, compile_rules
from edition.validate.schema import check_schema, default_schema_path, load_schema

__all__ = ["collect_xml", "prepare_validation", "unfollowed_references", "validate_paths",
           "validate_tree"]


def prepare_validation(schema: Path | None = None) -> None:
    """Compile the grammar and the rules now (once per process), e.g. before forking workers."""
    load_schema((schema or default_schema_path()).resolve())
    compile_rules()


def validate_tree(tree: etree._ElementTree, path: Path | str, schema: Path | None = None,
                  rules: bool = True) -> list[Message]:
    """The ids (always: they are XML's, not a grammar's), the grammar, and with ``rules`` ours."""
    ids = check_ids(tree, path)
    findings = ids + _without_id_echoes(check_schema(tree, path, schema), ids)
    if rules:
        findings += check_rules(tree, path)
    return sorted(set(findings), key=lambda m: (m.path, m.line, m.col, m.code))


def _without_id_echoes(grammar: list[Message], ids: list[Message]) -> list[Message]:
    """The grammar's findings less libxml2's "Invalid attribute id" where E304/E309 already says
    what is wrong with that xml:id, in words the user can act on."""
    lines = {m.line for m in ids}
    return [m for m in grammar
            if not (m.line in lines and m.text.startswith("Invalid attribute id for element"))]


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
        findings.extend(unfollowed_references(tree, path))
        findings.extend(validate_tree(tree, path, schema, rules))
    return findings


XINCLUDE = "{http://www.w3.org/2001/XInclude}include"


def unfollowed_references(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    """Say what the document asks to have read that edition leaves alone: an external DTD, XIncludes.

    Nothing outside the file is ever read (no file, no network); a document that relies on what
    those would bring in is validated without it, and the user should know why.
    """
    found = []
    system = tree.docinfo.system_url
    if system:
        found.append(Message.at(
            "W051", "warning", path, f"the DOCTYPE names an external DTD ({system}); it is not "
            "loaded, so its entities and default attributes do not apply",
            "remove the DOCTYPE, or write out what the document needs from the DTD", 1, 1))
    for include in tree.getroot().iter(XINCLUDE):
        found.append(Message.at(
            "W052", "warning", path, f"<xi:include href={include.get('href', '')!r}> is not "
            "followed by validation, which checks the document as written (as Jing does)",
            "pdf, epub and site follow includes of files in the document's folder (W111 names "
            "those they cannot); to validate the whole, put the content into the document",
            include.sourceline or 0, 1))
    return found
