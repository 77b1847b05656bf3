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

# The veraPDF rules implemented, as veraPDF's validation profiles number them (clause and
# testNumber, read in veraPDF-validation-profiles: PDF_UA/1/…/verapdf-profile-7-1-t08.xml and
# its neighbours; PDF/A-3 shares PDF/A-2's numbering, PDF_A/2a and PDF_A/2b), with what each asks.
VERAPDF = {
    "PDF/UA-1 7.1-1": "no Artifact inside tagged content",
    "PDF/UA-1 7.1-2": "no tagged content inside an Artifact",
    "PDF/UA-1 7.1-3": "content is tagged real content or an Artifact",
    "PDF/UA-1 7.1-8": "the catalog has a Metadata stream",
    "PDF/UA-1 7.1-10": "ViewerPreferences/DisplayDocTitle true",
    "PDF/UA-1 7.1-11": "a StructTreeRoot in the catalog",
    "PDF/UA-1 7.2-17": "LI in L", "PDF/UA-1 7.2-18": "LBody in LI",
    "PDF/UA-1 7.2-19": "L holds L, LI (a Caption first)", "PDF/UA-1 7.2-20": "LI holds Lbl, LBody",
    "PDF/UA-1 7.2-34": "the language of text determinable (catalog Lang or element Lang)",
    "PDF/UA-1 7.9-1": "a Note has an ID", "PDF/UA-1 7.9-2": "Note IDs unique",
    "PDF/UA-1 7.18.5-1": "a link annotation inside a Link element",
    "PDF/UA-1 7.18.5-2": "a link annotation has Contents",
    "PDF/UA-1 7.21.4.1-1": "font programs embedded",
    "PDF/UA-1 7.21.7-1": "glyphs mapped to Unicode",
    "PDF/A-3 6.2.8-3": "no Interpolate true on an image",
    "PDF/A-3 6.7.2.2-1": "MarkInfo/Marked true",
    "PDF/A-3 6.7.4-1": "Lang values are language tags",
}


def _ids(rule: str) -> set[str]:
    """``PDF/UA-1 7.2-17/20`` → the rule ids 7.2-17 to 7.2-20; ``a/b`` → both."""
    family, _, numbers = rule.partition(" ")
    first, *rest = numbers.split("/")
    clause, _, test = first.rpartition("-")
    if rest and "-" not in rest[0] and "." not in rest[0]:
        return {f"{family} {clause}-{n}" for n in range(int(test), int(rest[0]) + 1)}
    return {f"{family} {part}" for part in [first, *rest]}


def test_every_rule_is_a_verapdf_rule_and_names_its_clause() -> None:
    cited: set[str] = set()
    for rule, check in RULES:
        assert "ISO 1" in (check.__doc__ or "") or "ISO 32000-1" in (check.__doc__ or ""), rule
        if not rule.startswith("ISO 32000-1"):      # the tree's consistency: no veraPDF number
            cited |= _ids(rule)
    assert cited == set(VERAPDF)


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


# ---------------------------------------------------------------------- each rule can fail
def _broken(bundled: Bundled, tmp_path: Path, edit: object) -> set[str]:
    """The rules the bundled PDF breaks once ``edit`` has been done to it, with the test
    number where one rule entry holds several (``PDF/UA-1 7.9-1/2 (7.9-2)``)."""
    with pikepdf.open(bundled.printed.path) as pdf:
        assert pdf_findings(pdf) == []
        edit(pdf)  # type: ignore[operator]
        pdf.save(tmp_path / "edited.pdf")
    with pikepdf.open(tmp_path / "edited.pdf") as pdf:
        found = pdf_findings(pdf)
    return {rule for rule, _ in found} | {f"{rule} {problem[problem.rindex('('):]}"
                                           for rule, problem in found if problem.endswith(")")}


def _first(pdf: pikepdf.Pdf, kind: str) -> pikepdf.Dictionary:
    from edition.check.structure import _elements
    return next(e for e, _ in _elements(pdf) if str(e.S) == kind)


def test_a_note_without_its_id_breaks_7_9_1(bundled: Bundled, tmp_path: Path) -> None:
    def no_id(pdf: pikepdf.Pdf) -> None:
        del _first(pdf, "/Note")["/ID"]
    assert "PDF/UA-1 7.9-1/2 (7.9-1)" in _broken(bundled, tmp_path, no_id)


def test_two_notes_with_one_id_break_7_9_2(bundled: Bundled, tmp_path: Path) -> None:
    def same_id(pdf: pikepdf.Pdf) -> None:
        from edition.check.structure import _elements
        notes = [e for e, _ in _elements(pdf) if str(e.S) == "/Note"]
        notes[1].ID = notes[0].ID
    assert "PDF/UA-1 7.9-1/2 (7.9-2)" in _broken(bundled, tmp_path, same_id)


def test_a_link_annotation_outside_a_link_breaks_7_18_5_1(bundled: Bundled, tmp_path: Path) -> None:
    assert "PDF/UA-1 7.18.5-1" in _broken(bundled, tmp_path, lambda pdf: setattr(
        _first(pdf, "/Link"), "S", pikepdf.Name.Span))


def test_an_invalid_language_tag_breaks_6_7_4_1(bundled: Bundled, tmp_path: Path) -> None:
    assert "PDF/A-3 6.7.4-1" in _broken(bundled, tmp_path, lambda pdf: setattr(
        _first(pdf, "/P"), "Lang", pikepdf.String("fr_FR!")))


def test_a_list_item_outside_a_list_breaks_7_2_17(bundled: Bundled, tmp_path: Path) -> None:
    assert "PDF/UA-1 7.2-17/20 (7.2-17)" in _broken(bundled, tmp_path, lambda pdf: setattr(
        _first(pdf, "/P"), "S", pikepdf.Name.LI))


def test_a_wrong_parent_breaks_the_trees_consistency(bundled: Bundled, tmp_path: Path) -> None:
    def wrong_parent(pdf: pikepdf.Pdf) -> None:
        _first(pdf, "/P").P = _first(pdf, "/H1")
    assert "ISO 32000-1 14.7.4" in _broken(bundled, tmp_path, wrong_parent)


def test_marked_content_nobody_owns_breaks_7_1_3(bundled: Bundled, tmp_path: Path) -> None:
    def orphan(pdf: pikepdf.Pdf) -> None:
        _first(pdf, "/P").K = pikepdf.Array([])        # its text's Spans out of the tree
    assert {"PDF/UA-1 7.1-3", "ISO 32000-1 14.7.4"} <= _broken(bundled, tmp_path, orphan)


def _wrap_first_text(pdf: pikepdf.Pdf, outer: list, inner: list) -> None:
    """The first tagged sequence of page 1 wrapped in ``outer`` … EMC, with ``inner`` inside."""
    page = pdf.pages[0]
    instructions = list(pikepdf.parse_content_stream(page))
    start = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "BDC")
    out = [*instructions[:start], pikepdf.ContentStreamInstruction(outer, pikepdf.Operator("BMC")),
           *([pikepdf.ContentStreamInstruction(inner, pikepdf.Operator("BMC")),
              pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))] if inner else []),
           *instructions[start:], pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))]
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def test_tagged_content_inside_an_artifact_breaks_7_1_2(bundled: Bundled, tmp_path: Path) -> None:
    assert "PDF/UA-1 7.1-2" in _broken(bundled, tmp_path, lambda pdf: _wrap_first_text(
        pdf, [pikepdf.Name.Artifact], []))


def test_an_artifact_inside_tagged_content_breaks_7_1_1(bundled: Bundled, tmp_path: Path) -> None:
    def artifact_inside(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        instructions = list(pikepdf.parse_content_stream(page))
        start = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "BDC")
        instructions[start + 1:start + 1] = [
            pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")),
            pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))]
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    assert "PDF/UA-1 7.1-1" in _broken(bundled, tmp_path, artifact_inside)
