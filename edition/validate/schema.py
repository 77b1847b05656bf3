"""Turn a document and a RELAX NG schema into grammar findings with their lines."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from edition.errors import EditionError, Message
from edition.model.xmlio import read_xml

__all__ = ["check_schema", "default_schema_path", "load_schema"]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def default_schema_path() -> Path:
    """The edition's own customization of TEI (a strict subset of tei_all)."""
    return SCHEMA_DIR / "edition.rng"


@functools.lru_cache(maxsize=8)
def load_schema(path: Path) -> etree.RelaxNG:
    """Compile a RELAX NG schema once per process (tei_all takes seconds; ours milliseconds)."""
    try:
        return etree.RelaxNG(read_xml(path))
    except etree.RelaxNGParseError as error:
        raise EditionError.single(
            "E110", path, f"not a usable RELAX NG schema: {error}",
            "give a RELAX NG schema in XML syntax (.rng); convert .rnc with trang",
        ) from error


def check_schema(tree: etree._ElementTree, path: Path | str, schema: Path | None = None) -> list[Message]:
    """Grammar errors, each at the line and column where the validator found it."""
    relaxng = load_schema((schema or default_schema_path()).resolve())
    if relaxng.validate(tree):
        return []
    return [
        Message.at("E111", "error", path, _clean(entry.message),
                   "see the schema for what may appear here; "
                   "`edition validate --schema tei_all.rng` checks against full TEI",
                   entry.line, entry.column)
        for entry in relaxng.error_log
    ]


def _clean(message: str) -> str:
    return message.replace("{http://www.tei-c.org/ns/1.0}", "")
