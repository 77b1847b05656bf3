"""Turn a TEI document or corpus into counts of its editorial apparatus, text by text."""

from __future__ import annotations

from dataclasses import dataclass, fields

from lxml import etree

from edition.model.tei import NS, XML_ID, Element, iter_tei

__all__ = ["ApparatusCounts", "count_apparatus", "markdown_table"]

NAME_KINDS = {"persons": "persName", "places": "placeName", "organisations": "orgName"}


@dataclass
class ApparatusCounts:
    """For names: the distinct register entries mentioned, and (mentions) in parentheses."""

    text: str
    notes: int = 0
    emendations: int = 0
    persons: tuple[int, int] = (0, 0)
    places: tuple[int, int] = (0, 0)
    organisations: tuple[int, int] = (0, 0)
    events: tuple[int, int] = (0, 0)
    dates: int = 0


def count_apparatus(tree: etree._ElementTree | Element) -> list[ApparatusCounts]:
    """One row per text, then a total row (names counted as distinct entries across texts)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    members = [root] if root.tag.endswith("}TEI") else list(iter_tei(root, "TEI"))
    rows = [_count(_title(tei), tei.findall("tei:text", NS)) for tei in members]
    texts = [text for tei in members for text in tei.findall("tei:text", NS)]
    return [*rows, _count("**Total**", texts)]


def _title(tei: Element) -> str:
    title = tei.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", NS)
    return " ".join("".join(title.itertext()).split()) if title is not None else tei.get(XML_ID, "")


def _count(label: str, texts: list[Element]) -> ApparatusCounts:
    counts = ApparatusCounts(label)

    def every(tag: str) -> list[Element]:
        return [e for text in texts for e in iter_tei(text, tag)]

    counts.notes = sum(1 for n in every("note") if n.get("type") != "emendation")
    counts.emendations = sum(1 for c in every("choice") if c.find("tei:corr", NS) is not None)
    for key, tag in NAME_KINDS.items():
        setattr(counts, key, _names(every(tag)))
    counts.events = _names([e for e in every("name") if e.get("type") == "event"])
    counts.dates = sum(1 for d in every("date") if d.get("when"))
    return counts


def _names(elements: list[Element]) -> tuple[int, int]:
    refs = [e.get("ref", "") for e in elements if e.get("ref")]
    return len(set(refs)), len(refs)


def markdown_table(rows: list[ApparatusCounts]) -> str:
    """The table the README shows; names as "entries (mentions)"."""
    names = [f.name for f in fields(ApparatusCounts)]
    header = "| " + " | ".join(n.capitalize() for n in names) + " |"
    rule = "|" + "|".join(["---"] + ["---:"] * (len(names) - 1)) + "|"
    return "\n".join([header, rule, *(_row(row) for row in rows)])


def _row(row: ApparatusCounts) -> str:
    cells = [row.text]
    for f in fields(ApparatusCounts)[1:]:
        value = getattr(row, f.name)
        cells.append(f"{value[0]} ({value[1]})" if isinstance(value, tuple) else str(value))
    return "| " + " | ".join(cells) + " |"
