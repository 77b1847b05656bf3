"""The post-processing of WeasyPrint's structure tree (``edition.writers.pdf.tagging``): each
fix checked on the bundled edition and the test documents, and the tree checked consistent
after every step (ParentTree ↔ StructParents, each MCID owned once, /P, /K), the text of every
page unchanged, qpdf clean."""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from unittest import mock

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition.check.pdf import pdf_findings
from edition.check.structure import STRUCTURE_RULES, content_marks
from edition.model.xmlio import read_xml
from edition.writers.book import flatten, make_book
from edition.writers.pdf import writer as pdf_writer
from edition.writers.pdf.parts import print_parts
from edition.writers.pdf.tagging import STEPS, fix_structure, fix_tagging
from edition.writers.pdf.tagging.marks import KEY
from edition.writers.pdf.tagging.merge import join_continued
from tests.writers.pdf.test_pdf import TEI_DATA, Bundled, Printed

RULES = dict(STRUCTURE_RULES)


def raw_pdf(source: Path) -> bytes:
    """The PDF as WeasyPrint (with the marks) writes it, before ``fix_tagging``."""
    with mock.patch.object(pdf_writer, "fix_tagging", lambda data, descriptions=None: data):
        data, _, _ = pdf_writer.render_pdf(read_xml(source), source)
    return data


@pytest.fixture(scope="session")
def raw_bundled(bundled: Bundled) -> bytes:
    return raw_pdf(bundled.tei)


def elements(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, pikepdf.Object]]:
    from edition.check.structure import _elements
    return _elements(pdf)


def kids(node: pikepdf.Object) -> list:
    value = node.get("/K")
    return [] if value is None else list(value) if isinstance(value, pikepdf.Array) else [value]


def pages_of(element: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """The pages of the element's own marked content."""
    found = set()
    for kid in kids(element):
        if isinstance(kid, int):
            found.add(element.Pg.objgen)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
            found.add(kid.Pg.objgen)
    return found


def descendants(element: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from descendants(kid)


def mcid_count(element: pikepdf.Dictionary) -> int:
    return sum(1 for e in [element, *descendants(element)] for k in kids(e)
               if isinstance(k, int) or (isinstance(k, pikepdf.Dictionary)
                                         and k.get("/Type") == pikepdf.Name.MCR))


def pdftotext(data: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")


def consistency(pdf: pikepdf.Pdf) -> list[str]:
    return [*RULES["ISO 32000-1 14.7.4"](pdf), *RULES["PDF/UA-1 7.1-3"](pdf),
            *RULES["PDF/UA-1 7.1-1"](pdf), *RULES["PDF/UA-1 7.1-2"](pdf)]


# ---------------------------------------------------------------------- every step, consistent
def test_weasyprint_alone_is_inconsistent(raw_bundled: bytes) -> None:
    """What the post-processing is for: WeasyPrint's running heads and folios are owned by
    elements the tree does not reach (so the checks below can fail)."""
    with pikepdf.open(io.BytesIO(raw_bundled)) as pdf:
        assert consistency(pdf)


@pytest.mark.parametrize("count", range(len(STEPS) + 1))
def test_each_step_leaves_the_tree_consistent(raw_bundled: bytes, count: int, tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(raw_bundled)) as pdf:
        fix_structure(pdf, STEPS[:count])
        out = tmp_path / "fixed.pdf"
        pdf.save(out)
    with pikepdf.open(out) as pdf:
        assert consistency(pdf) == []
        assert not any(f"/{KEY}" in element for element, _ in elements(pdf))
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


def test_the_text_of_every_page_is_unchanged(raw_bundled: bytes, tmp_path: Path) -> None:
    before = pdftotext(raw_bundled, tmp_path, "raw.pdf")
    after = pdftotext(fix_tagging(raw_bundled), tmp_path, "fixed.pdf")
    assert len(before) > 20 and before == after


@pytest.mark.parametrize("name", ["rtl", "apparatus", "japanese-ruby"])
def test_test_documents_keep_their_text_and_a_consistent_tree(name: str, tmp_path: Path) -> None:
    raw = raw_pdf(TEI_DATA / f"{name}.xml")
    fixed = fix_tagging(raw)
    assert pdftotext(raw, tmp_path, "raw.pdf") == pdftotext(fixed, tmp_path, "fixed.pdf")
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert pdf_findings(pdf) == []


# ---------------------------------------------------------------------- 1. languages
def xhtml_languages(source: Path) -> Counter[str]:
    """Each change of language in the print XHTML (an element whose lang is not its parent's)."""
    changes: Counter[str] = Counter()
    book = make_book(read_xml(source), source)
    for part in print_parts(book):
        for element in part.element.iter():
            parent = element.getparent()
            lang = element.get("lang")
            # the body holds the parts; the document's language is the html element's
            if lang and parent is not None and lang != (_inherited(parent) or book.language):
                changes[lang] += 1
    return changes


def _inherited(element: object) -> str | None:
    node = element
    while node is not None:
        lang = node.get("lang")  # type: ignore[attr-defined]
        if lang:
            return lang
        node = node.getparent()  # type: ignore[attr-defined]
    return None


def pdf_languages(path: Path) -> Counter[str]:
    with pikepdf.open(path) as pdf:
        found = Counter(str(e.Lang) for e, _ in elements(pdf) if "/Lang" in e and mcid_count(e))
    return found


def test_every_language_change_of_the_bundled_edition_is_declared(bundled: Bundled) -> None:
    """ISO 14289-1 §7.2: French, German and Russian (in Latin letters) passages each carry
    their /Lang, once per passage, also where the passage crosses a line or a page."""
    expected = xhtml_languages(bundled.tei)
    assert expected["fr"] >= 5 and expected["de"] >= 1
    assert pdf_languages(bundled.printed.path) == expected


@pytest.mark.parametrize("name", ["rtl", "cjk", "scripts", "structure", "verse", "apparatus"])
def test_every_language_of_a_test_document_is_declared(wild: dict[str, Printed], name: str) -> None:
    """Arabic, Hebrew, Chinese, Japanese, Korean, Greek, Russian, Latin, French, Middle English:
    every language of the XHTML is a /Lang on an element holding content."""
    source = TEI_DATA / f"{name}.xml"
    expected = set(xhtml_languages(source))
    with pikepdf.open(wild[name].path) as pdf:
        document = str(pdf.Root.Lang)
    assert expected - {document} <= set(pdf_languages(wild[name].path))
    assert len(expected) >= 1


# ---------------------------------------------------------------------- 2. notes
def test_footnotes_are_notes_with_label_id_and_reference(bundled: Bundled) -> None:
    """ISO 14289-1 §7.9: each footnote a Note with a unique /ID (in the IDTree), its number a
    Lbl, and read right after its call, a Reference."""
    notes = sum(len(section.notes) for section in bundled.book.sections)
    with pikepdf.open(bundled.printed.path) as pdf:
        found = [(e, p) for e, p in elements(pdf) if pikepdf.Name.Note == e.S]
        assert len(found) == notes > 20
        ids = [str(note.ID) for note, _ in found]
        assert len(set(ids)) == len(ids)
        tree = pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree)
        for note, parent in found:
            assert tree[str(note.ID)].objgen == note.objgen
            assert pikepdf.Name.Lbl == kids(note)[0].S
            siblings = kids(parent)
            at = next(i for i, kid in enumerate(siblings) if kid.objgen == note.objgen)
            assert at > 0 and pikepdf.Name.Reference == siblings[at - 1].S


# ---------------------------------------------------------------------- 3. paragraphs
def test_a_paragraph_across_pages_is_one_p(tmp_path: Path) -> None:
    """One long paragraph, three pages: WeasyPrint makes a P per page, the PDF has one, whose
    marked content lies on every page it covers."""
    source = tmp_path / "long.xml"
    words = " ".join(f"word{n}" for n in range(1800))
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>'
        "<titleStmt><title>One paragraph</title></titleStmt><publicationStmt><p>Test</p>"
        "</publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>"
        f"<text><body><p>{words}</p></body></text></TEI>", encoding="utf-8")
    raw = raw_pdf(source)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        before = [e for e, _ in elements(pdf) if e.S == pikepdf.Name.P and mcid_count(e) > 20]
    with pikepdf.open(io.BytesIO(fix_tagging(raw))) as pdf:
        after = [e for e, _ in elements(pdf) if e.S == pikepdf.Name.P and mcid_count(e) > 20]
        spans = [page for e in after for k in descendants(e) for page in pages_of(k)]
        assert len(before) >= 3 and len(after) == 1
        assert len(set(spans)) == len(before)
        assert consistency(pdf) == []


def test_the_bundled_edition_has_paragraphs_across_pages(bundled: Bundled) -> None:
    with pikepdf.open(bundled.printed.path) as pdf:
        across = [e for e, _ in elements(pdf) if e.S == pikepdf.Name.P and
                  len({p for k in [e, *descendants(e)] for p in pages_of(k)}) > 1]
    assert len(across) >= 5


# ---------------------------------------------------------------------- 4. contents
def test_each_contents_entry_is_one_link(bundled: Bundled) -> None:
    """ISO 32000-1 Table 333: TOC of TOCI, each holding a Reference around one Link with the
    entry's title, its page number and its annotations; no Link inside a Link; the leader's dots
    are an Artifact; the annotation says where it leads."""
    entries = sum(len(list(flatten(section.toc))) for section in bundled.book.sections)
    with pikepdf.open(bundled.printed.path) as pdf:
        items = [e for e, _ in elements(pdf) if e.S == pikepdf.Name.TOCI]
        assert len(items) == entries > 10
        for item in items:
            references = [k for k in kids(item) if pikepdf.Name.Reference == k.S]
            assert len(references) == 1
            link, = kids(references[0])
            assert pikepdf.Name.Link == link.S and mcid_count(link) == 2     # title, page number
            annots = [k.Obj for k in kids(link) if isinstance(k, pikepdf.Dictionary)
                      and k.get("/Type") == pikepdf.Name.OBJR]
            assert annots and all(", page " in str(a.Contents) for a in annots)
        nested = [e for e, _ in elements(pdf) if pikepdf.Name.Link == e.S
                  and any(pikepdf.Name.Link == d.S for d in descendants(e))]
        assert nested == []
        contents = next(i for i, page in enumerate(pdf.pages) if any(
            str(a.get("/Contents", "")).startswith("Introduction") for a in page.obj.get("/Annots", [])))
        artifacts = sum(1 for ins in pikepdf.parse_content_stream(pdf.pages[contents])
                        if ins.operands[:1] == [pikepdf.Name.Artifact])
        page = pdf.pages[contents].obj.objgen
        on_page = sum(1 for item in items if item.Pg.objgen == page)
        marks = content_marks(pdf.pages[contents])
    # the page's marked content: its heading, and each entry's title and number; its leaders
    # (one per entry) and its folio are Artifacts
    assert on_page >= 5
    assert sum(marks.mcids.values()) == 1 + 2 * on_page and artifacts >= on_page

# ---------------------------------------------------------------------- the merge, as a property
@st.composite
def pieces(draw: st.DrawFn) -> list[tuple[str, str, int]]:
    """Siblings as (key, type, MCIDs): runs of pieces of one element, as WeasyPrint cuts them."""
    return draw(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["/P", "/Span"]),
                                   st.integers(1, 3)), max_size=12))


@settings(max_examples=60, deadline=None)
@given(pieces())
def test_joining_keeps_every_mcid_and_leaves_no_two_pieces_side_by_side(
        siblings: list[tuple[str, str, int]]) -> None:
    pdf = pikepdf.new()
    for _ in range(2):
        pdf.add_blank_page()
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                    S=pikepdf.Name.Document, P=root))
    root.K = pikepdf.Array([document])
    pdf.Root.StructTreeRoot = root
    made, mcid, page_of = [], 0, []
    for index, (key, kind, count) in enumerate(siblings):
        page = pdf.pages[index % 2].obj
        made.append(pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name(kind), P=document, Pg=page,
            K=pikepdf.Array(list(range(mcid, mcid + count))), **{KEY: pikepdf.String(key)})))
        mcid += count
        page_of += [page.objgen] * count
    document.K = pikepdf.Array(made)
    join_continued(pdf)
    kept = kids(document)
    marks = [(k.Pg.objgen, int(k.MCID)) if isinstance(k, pikepdf.Dictionary) else (e.Pg.objgen, int(k))
             for e in kept for k in kids(e)]
    # every MCID kept once, in order, still naming its own page
    assert [m for _, m in marks] == list(range(mcid))
    assert all(page == page_of[m] for page, m in marks)
    assert all((a.get(f"/{KEY}"), a.S) != (b.get(f"/{KEY}"), b.S) for a, b in pairwise(kept))
    assert all(e.P.objgen == document.objgen for e in kept)


def test_the_marks_refuse_a_weasyprint_they_were_not_written_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.pdf import tags

    from edition.writers.pdf.tagging import marked_structure
    from edition.writers.pdf.weasyfix import WeasyFixError

    def other(*args: object) -> Iterator[object]:
        yield from ()
    monkeypatch.setattr(tags, "_build_box_tree", other)
    with pytest.raises(WeasyFixError) as refused, marked_structure():
        pass
    assert "E420" in str(refused.value) and "_build_box_tree" in str(refused.value)
