"""Turn a document into the findings of the edition's rules (Schematron, then Python checks)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from lxml import etree, isoschematron

from edition.errors import Message
from edition.model.tei import TEI_NS

__all__ = ["check_rules"]

RULES = Path(__file__).resolve().parent.parent / "schema" / "edition.sch"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
DATE_ATTRIBUTES = ("when", "from", "to", "notBefore", "notAfter")
ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$|^--(\d{2})-(\d{2})$")


def compile_rules() -> None:
    _schematron()


@functools.lru_cache(maxsize=1)
def _schematron() -> isoschematron.Schematron:
    """Compiled once per process: the Schematron is turned into XSLT only the first time."""
    return isoschematron.Schematron(etree.parse(str(RULES)), store_report=True)


def check_rules(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    return _schematron_findings(tree, path) + _date_findings(tree, path)


def _schematron_findings(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    schematron = _schematron()
    if schematron.validate(tree):
        return []
    findings = []
    report = schematron.validation_report
    for failed in report.iterfind("svrl:failed-assert", SVRL):
        line = _line(tree, failed.get("location", ""))
        text = " ".join("".join(failed.find("svrl:text", SVRL).itertext()).split())
        hint = failed.find("svrl:diagnostic-reference", SVRL)
        findings.append(Message.at(
            failed.get("id", "E300").split(".")[0], "error", path, text,
            " ".join("".join(hint.itertext()).split()) if hint is not None else "", line, 1))
    return findings


# The locations the Schematron skeleton writes: steps by name, or by local name and namespace,
# each with an optional position. The namespace comes from the document, so a location is only
# evaluated when no quote lets it out of its literal: a hostile namespace URI could otherwise
# smuggle an XPath expression (an expensive one, to hang the validator) into the location.
STEP = r"/(?:\*\[local-name\(\)='[\w.\-]+' and namespace-uri\(\)='[^']*'\]|[\w.\-:]+)(?:\[\d+\])?"
SAFE_LOCATION = re.compile(rf"^(?:{STEP})+$")


def _line(tree: etree._ElementTree, location: str) -> int:
    if not SAFE_LOCATION.match(location):
        return 0
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return 0
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0].sourceline or 0
    return 0


def _date_findings(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    """Every date attribute is a real calendar date (the grammar checks only its shape when a
    schema other than the edition's is used; 2021-02-30 has the right shape)."""
    findings = []
    for element in tree.getroot().iter(f"{{{TEI_NS}}}*"):
        for name in DATE_ATTRIBUTES:
            value = element.get(name)
            if value is not None and not _valid_date(value):
                findings.append(Message.at(
                    "E302", "error", path, f"@{name}=\"{value}\" is not a valid ISO 8601 date",
                    "write YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD with a real month and day",
                    element.sourceline or 0, 1))
    return findings


def _valid_date(value: str) -> bool:
    match = ISO.match(value)
    if not match:
        return bool(re.match(r"^-?\d{4}-\d{2}-\d{2}T", value))  # a dateTime: left to the grammar
    year, month, day, month_only, day_only = match.groups()
    try:
        if month_only:
            dt.date(2000, int(month_only), int(day_only))
        elif day:
            dt.date(int(year), int(month), int(day))
        elif month:
            return 1 <= int(month) <= 12
    except ValueError:
        return False
    return True
