"""The PDF against the machine-checkable rules of veraPDF's PDF/UA-1 (ISO 14289-1) and PDF/A-3a
profiles that ``edition check`` implements, on the bundled edition and every test document; and
the post-processing of the structure tree (``edition.writers.pdf.tagging``) kept consistent."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from edition.check.pdf import RULES, pdf_findings
from edition.writers.pdf.tagging import fix_tagging, reachable
from tests.writers.pdf.test_pdf import WILD, Bundled, Printed


def test_every_rule_names_its_clause() -> None:
    for rule, check in RULES:
        assert rule.startswith(("PDF/UA-1 7.", "PDF/A-3 6.")) and "ISO 1" in (check.__doc__ or "")


def test_the_bundled_pdf_breaks_no_rule(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf:
        assert pdf_findings(pdf) == []


@pytest.mark.parametrize("name", [p.stem for p in WILD])
def test_no_test_document_breaks_a_rule(wild: dict[str, Printed], name: str) -> None:
    with pikepdf.open(wild[name].path) as pdf:
        assert pdf_findings(pdf) == []


def test_links_say_where_they_lead(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf:
        links = [a for p in pdf.pages for a in p.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
        described = [str(a.Contents) for a in links if "/Dest" in a]
    assert len(described) > 50
    assert any(d.startswith("Index") and ", page " in d for d in described), described[:10]
    assert any(d.startswith("mention of ") and ", page " in d for d in described), described[-10:]
    assert not any(d.isidentifier() for d in described)        # never a bare id like "m10"


def test_running_heads_and_folios_are_artifacts_not_stray_tags(bundled: Bundled) -> None:
    """ISO 14289-1 §7.8: every marked-content id on a page belongs to a structure element that
    the tree reaches (ParentTree, MCIDs and StructParents agree); the rest is Artifact."""
    with pikepdf.open(bundled.printed.path) as pdf:
        tree = reachable(pdf)
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        artifacts = 0
        for page in pdf.pages:
            owners = parents[int(page.obj.StructParents)]
            mcids = []
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) == "BDC":
                    mcids.append(int(instruction.operands[1].MCID))
                artifacts += instruction.operands[:1] == [pikepdf.Name.Artifact]
            for mcid in mcids:
                assert owners[mcid].objgen in tree, (page.index, mcid)
        assert artifacts > len(pdf.pages)          # heads and folios on (nearly) every page


def test_tagging_is_a_pure_function_of_the_pdf(bundled: Bundled, tmp_path: Path) -> None:
    data = bundled.printed.path.read_bytes()
    again = fix_tagging(data)
    assert fix_tagging(data) == again
    assert fix_tagging(again) == fix_tagging(again)


def test_interpolated_images_lose_the_flag(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    image = pdf.make_stream(b"\xff\x00\x00", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                            Width=1, Height=1, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                            Interpolate=True)
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    buffer = io.BytesIO()
    pdf.save(buffer)
    with pikepdf.open(buffer) as before:
        assert [r for r, _ in pdf_findings(before)].count("PDF/A-3 6.2.8-3") == 1
    with pikepdf.open(io.BytesIO(fix_tagging(buffer.getvalue()))) as after:
        assert "PDF/A-3 6.2.8-3" not in [r for r, _ in pdf_findings(after)]
