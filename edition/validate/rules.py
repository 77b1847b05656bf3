"""Turn a document into the findings of the edition's rules (Schematron, then Python checks)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from lxml import etree, isoschematron

from edition.errors import Message
from edition.model.tei import TEI_NS
from edition.model.w3cdate import day_problem

__all__ = ["check_rules"]

RULES = Path(__file__).resolve().parent.parent / "schema" / "edition.sch"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
# TEI P5 §13.4 and att.datable.w3c / att.datable.iso: these attributes hold dates only on the
# members of att.datable (as listed by tei_all 4.3.0), and docDate/@when (teidata.temporal.w3c).
# Elsewhere the same names are something else: app/@from and span/@from are pointers,
# locus/@from a folio ("1ra"), biblScope/@from a page. The -custom variants are in the calendar
# that @datingMethod names and are not checked here.
DATE_ATTRIBUTES = ("when", "from", "to", "notBefore", "notAfter", "when-iso", "from-iso",
                   "to-iso", "notBefore-iso", "notAfter-iso")
DATABLE = frozenset("""
    acquisition affiliation age altIdentifier analytic annotation application author binding
    bindingDesc birth bloc change climate conversion country creation custEvent custodialHist
    date death district editor education event faith floruit funder geogFeat geogName history
    idno langKnowledge langKnown licence listBibl listChange listEvent listNym listObject listOrg
    listPerson listPlace listRelation location meeting monogr msFrag msIdentifier msItemStruct
    msName name nationality nym objectIdentifier objectName occupation offset orgName origDate
    origPlace origin persName persPronouns place placeName population precision principal
    provenance recordHist region relation residence resp respStmt revisionDesc seal sealDesc
    series seriesStmt settlement sex socecStatus sponsor stamp state terrain time title
    titleStmt trait unitDecl unitDef""".split())
DATED_ELSEWHERE = {"docDate": ("when",)}
# A calendar date's shape (xsd:date, gYearMonth, gYear, gMonthDay): only these can be impossible
# days; a time, a week or a duration is left to the grammar, which checks every lexical form.
ISO = re.compile(r"^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?(?:Z|[+-]\d{2}:\d{2})?$"
                 r"|^--(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$")
DATE_TIME = re.compile(r"^(-?\d{4,})-(\d{2})-(\d{2})T")


def compile_rules() -> None:
    _schematron()


@functools.lru_cache(maxsize=1)
def _schematron() -> isoschematron.Schematron:
    """Compiled once per process: the Schematron is turned into XSLT only the first time."""
    return isoschematron.Schematron(etree.parse(str(RULES)), store_report=True)


def check_rules(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    return (_schematron_findings(tree, path) + check_pointers(tree, path)
            + _date_findings(tree, path))


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
        name = etree.QName(element).localname
        names = DATE_ATTRIBUTES if name in DATABLE else DATED_ELSEWHERE.get(name, ())
        for attribute in names:
            value = element.get(attribute)
            if value is not None and not _real_date(value):
                findings.append(Message.at(
                    "E302", "error", path, f"@{attribute}=\"{value}\" is not a real date",
                    "write YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD with a real month and day",
                    element.sourceline or 0, 1))
    return findings


def _real_date(value: str) -> bool:
    """False only for a value shaped as a calendar date that names no day of the calendar."""
    match = ISO.match(value) or DATE_TIME.match(value)
    if not match:
        return True  # not a calendar date's shape: the grammar's business
    groups = match.groups() + (None,) * (5 - len(match.groups()))
    year, month, day, month_only, day_only = groups
    if month_only:
        try:
            dt.date(2000, int(month_only), int(day_only))
        except ValueError:
            return False
        return True
    # Proleptic Gregorian, years signed as XML Schema 1.0 signs them (w3cdate: -0044-03-15 is
    # 15 March 44 BCE); the year 0000 is the grammar's business.
    if int(year) == 0:
        return True
    return day_problem(int(year), int(month or 1), int(day) if day else None) is None


# Attributes whose values are teidata.pointer, one or several separated by white space
# (TEI P5 §1.3.1.1.3, §16.1): "#id" points into this document; "other.xml#id", a URL or a private
# URI ("psn:x", TEI P5 §16.2.3) points elsewhere and is not followed.
POINTER_ATTRIBUTES = ("ref", "target", "resp", "who", "corresp", "wit", "hand", "sameAs")
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def check_pointers(tree: etree._ElementTree, path: Path | str) -> list[Message]:
    """E301 for each same-document pointer ("#id") that names no element of the document."""
    root = tree.getroot()
    ids = {element.get(XML_ID) for element in root.iter() if isinstance(element.tag, str)}
    findings = []
    for element in root.iter(f"{{{TEI_NS}}}*"):
        for attribute in POINTER_ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            missing = [p for p in value.split() if p.startswith("#") and p[1:] not in ids]
            if missing:
                findings.append(Message.at(
                    "E301", "error", path, f'@{attribute}="{value}" points to no element of this '
                    f"document ({' '.join(missing)})",
                    "add the element with that xml:id (a register entry, an editor in a "
                    "respStmt) or correct the pointer", element.sourceline or 0, 1))
    return findings
