"""Turn a PDF into the findings of the machine-checkable rules of PDF/UA-1 (ISO 14289-1) and
PDF/A-3a (ISO 19005-3) that a reader relies on, numbered as veraPDF's profiles number them
(``7.1-10`` is ISO 14289-1 clause 7.1, veraPDF test 10); the rules on the structure tree and
the marked content are in ``structure``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf

from edition.check.structure import STRUCTURE_RULES
from edition.check.tounicode import unmapped_glyphs
from edition.errors import Message

__all__ = ["RULES", "check_pdf", "pdf_findings"]


Rule = Callable[[pikepdf.Pdf], Iterator[str]]


def _catalog_metadata(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.1-8: the catalog has a Metadata stream (ISO 14289-1 §7.1)."""
    if "/Metadata" not in pdf.Root:
        yield "the catalog has no Metadata stream"


def _display_title(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.1-10: ViewerPreferences/DisplayDocTitle is true (ISO 14289-1 §7.1)."""
    prefs = pdf.Root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        yield "the viewer is not told to show the document's title (DisplayDocTitle)"


def _structure_root(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.1-11: the logical structure is rooted in the catalog's StructTreeRoot (ISO 14289-1
    §7.1; ISO 32000-1 §14.7)."""
    if "/StructTreeRoot" not in pdf.Root:
        yield "the document has no structure tree"


def _marked(pdf: pikepdf.Pdf) -> Iterator[str]:
    """PDF/A-3 6.7.2.2-1: the catalog's MarkInfo says Marked true (ISO 19005-3 §6.7.2.2;
    ISO 32000-1 §14.7.1)."""
    mark = pdf.Root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        yield "the document is not marked as tagged (MarkInfo/Marked)"


def _language(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.2-34: the natural language of the text is determinable: veraPDF asks for the catalog's
    Lang (or a Lang on each text's element; the edition always gives the catalog's)
    (ISO 14289-1 §7.2; ISO 32000-1 §14.9.2)."""
    lang = str(pdf.Root.get("/Lang", ""))
    if not lang:
        yield "the catalog gives no Lang"


def _link_descriptions(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.18.5-2: every Link annotation has an alternate description in Contents
    (ISO 14289-1 §7.18.5); and (the edition's own rule) one that is more than the id it leads
    to, which a screen reader would read out as "m10"."""
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            contents = str(annot.get("/Contents", "")).strip()
            if not contents:
                yield f"page {number}: a link without a description (Contents)"
            elif contents == str(annot.get("/Dest", "")):
                yield f"page {number}: a link described by its target's id only ({contents!r})"


def _fonts(pdf: pikepdf.Pdf) -> Iterator[str]:
    """7.21.4.1-1: every font program is embedded (a Type0 font through its descendant);
    7.21.7-1: every font maps its codes to Unicode. veraPDF tests 7.21.7-1 glyph by glyph; this
    asks for the ToUnicode CMap of each font, which is where WeasyPrint puts the map
    (ISO 14289-1 §7.21)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for name, font in fonts.items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            base = str(font.get("/BaseFont", name))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if font.get("/Subtype") != "/Type3" and (descriptor is None or not any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))):
                yield f"font {base} is not embedded"
            if "/ToUnicode" not in font:
                yield f"font {base} has no ToUnicode map"


def _interpolate(pdf: pikepdf.Pdf) -> Iterator[str]:
    """PDF/A-3 6.2.8-3: no image asks to be interpolated (ISO 19005-3 §6.2.8; veraPDF numbers
    it as in its PDF/A-2 profile, whose clause 6.2.8 PDF/A-3 repeats)."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and \
                bool(obj.get("/Interpolate", False)):
            yield f"image {obj.objgen[0]} {obj.objgen[1]} R has Interpolate true"


# (veraPDF rule id, rule): every rule's docstring names its clause. The ids were checked
# against veraPDF's validation profiles (veraPDF-validation-profiles, PDF_UA/1 and PDF_A/2a-2b:
# clause and testNumber of each rule).
RULES: tuple[tuple[str, Rule], ...] = (
    ("PDF/UA-1 7.1-8", _catalog_metadata), ("PDF/UA-1 7.1-10", _display_title),
    ("PDF/UA-1 7.1-11", _structure_root), ("PDF/A-3 6.7.2.2-1", _marked),
    ("PDF/UA-1 7.2-34", _language), ("PDF/UA-1 7.18.5-2", _link_descriptions),
    ("PDF/UA-1 7.21.4.1-1/7.21.7-1", _fonts), ("PDF/A-3 6.2.8-3", _interpolate),
    ("PDF/UA-1 7.21.7-1", unmapped_glyphs),
    *STRUCTURE_RULES,
)


def pdf_findings(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    """(rule, problem) for every rule that the PDF breaks."""
    return [(rule, problem) for rule, check in RULES for problem in check(pdf)]


def check_pdf(path: Path) -> list[Message]:
    """The PDF's broken rules as messages (E701; E706 for a structure tree at odds with its
    pages), a PDF that cannot be read as one (E702)."""
    try:
        with pikepdf.open(path) as pdf:
            found = pdf_findings(pdf)
    except (pikepdf.PdfError, OSError) as error:
        return [Message.at("E702", "error", path, f"not a readable PDF: {error}",
                           "give a PDF that edition pdf made")]
    return [Message.at("E706" if rule.startswith("ISO 32000-1") else "E701", "error", path,
                       f"{rule}: {problem}",
                       "render it again with edition pdf; if it persists, report it")
            for rule, problem in found]
