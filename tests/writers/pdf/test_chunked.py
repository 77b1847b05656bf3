"""The PDF laid out in pieces and joined (chunks, barrier, chunked, join) against the PDF laid out in
one piece: the bundled edition cut into five pieces (front, three runs of one text, the index and
colophon) by a small chunk size, so that every kind of piece and every join is met."""

from __future__ import annotations

import io
import itertools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition.check.pdf import pdf_findings
from edition.model.xmlio import read_xml, serialize
from edition.writers.book import PageMap, make_book
from edition.writers.pdf.chunks import Piece, next_recto, plan_pieces, starts_recto, weight
from edition.writers.pdf.parts import Part, print_parts
from edition.writers.pdf.progress import pdf_progress
from edition.writers.pdf.tagging import reachable
from edition.writers.pdf.writer import PdfWriter, render_book
from edition.writers.xhtml import h
from tests.writers.pdf.test_pdf import Bundled

SMALL = 60             # blocks: each bundled text is a run of its own


@dataclass
class Pair:
    one: bytes
    chunked: bytes
    one_map: PageMap
    chunked_map: PageMap
    pieces: list[Piece]


@pytest.fixture(scope="module")
def pair(bundled: Bundled) -> Pair:
    book = make_book(read_xml(bundled.tei), bundled.tei)
    one, _, one_map = render_book(book)
    chunked, _, chunked_map = render_book(make_book(read_xml(bundled.tei), bundled.tei), chunk_blocks=SMALL)
    pieces = plan_pieces(print_parts(book), SMALL)
    assert pieces is not None
    return Pair(one, chunked, one_map, chunked_map, pieces)


def _pdftotext(data: bytes, tmp: Path) -> list[str]:
    path = tmp / "x.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]


def facts(data: bytes) -> dict[str, Any]:
    """What a reader meets in a PDF, by page number: links and where they land, the outline,
    the structure tree with the page of each element, the owners of each page's MCIDs."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)

        def lands(dest: Any) -> int | None:
            if isinstance(dest, pikepdf.String):
                dest = dests[str(dest)]
            return pages.get(dest[0].objgen)

        links = [(number, [round(float(x), 1) for x in annot.Rect], str(annot.get("/Dest", "")),
                  lands(annot.Dest) if "/Dest" in annot else None, str(annot.get("/Contents", "")))
                 for number, page in enumerate(pdf.pages, start=1)
                 for annot in page.obj.get("/Annots", []) if annot.get("/Subtype") == "/Link"]
        outline: list[tuple[int, str, int | None]] = []
        with pdf.open_outline() as tree:
            stack = [(0, item) for item in reversed(list(tree.root))]
            while stack:
                depth, item = stack.pop()
                outline.append((depth, item.title, lands(item.destination)))
                stack += [(depth + 1, child) for child in reversed(list(item.children))]
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        owners = []
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            found: Any = parents[int(key)] if key is not None and int(key) in parents else []
            owners.append(tuple(str(owner.S) if isinstance(owner, pikepdf.Dictionary) else None
                                for owner in found))
        elements: list[tuple[int, str, int | None]] = []
        stack2 = [(0, pdf.Root.StructTreeRoot)]
        while stack2:
            depth, node = stack2.pop()
            held = node.get("/K")
            kids = list(held) if isinstance(held, pikepdf.Array) else [held] if held is not None else []
            for kid in reversed(kids):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack2.append((depth + 1, kid))
            if node.get("/S") is not None:
                elements.append((depth, str(node.S), pages.get(node.Pg.objgen) if "/Pg" in node else None,
                                 str(node.get("/Lang", "")), str(node.get("/ID", ""))))
        tree = pdf.Root.StructTreeRoot
        ids = [(name, str(element.S), pages.get(element.Pg.objgen) if "/Pg" in element else None)
               for name, element in pikepdf.NameTree(tree.IDTree).items()] if "/IDTree" in tree else []
        return {"links": links, "outline": outline, "owners": owners, "elements": elements, "ids": ids,
                "pages": len(pdf.pages), "lang": str(pdf.Root.Lang)}


# ---------------------------------------------------------------------- the plan
def test_the_bundled_edition_is_one_piece_by_default(bundled: Bundled) -> None:
    assert plan_pieces(print_parts(make_book(read_xml(bundled.tei), bundled.tei))) is None


def test_a_small_chunk_size_cuts_before_each_text(pair: Pair) -> None:
    assert [piece.kind for piece in pair.pieces] == ["front", "run", "run", "run", "back"]
    assert all(starts_recto(piece.parts[0]) for piece in pair.pieces[1:])
    assert pair.pieces[-1].parts[0].section.kind == "index"


def _part(kind: str, blocks: int, continued: bool = False) -> Part:
    section = type("S", (), {"kind": kind})()
    element = h("section", *(h("p", "x") for _ in range(blocks)),
                class_=kind + (" continued" if continued else ""))
    return Part(section, element)


@given(st.lists(st.tuples(st.integers(1, 40), st.booleans()), min_size=1, max_size=30),
       st.integers(5, 120))
def test_pieces_keep_every_part_in_order_and_cut_only_at_rectos(texts: list[tuple[int, bool]],
                                                                budget: int) -> None:
    parts = [_part("titlepage", 2), _part("contents", 5)]
    parts += [_part("text", blocks, continued and i > 0) for i, (blocks, continued) in enumerate(texts)]
    parts += [_part("sources", 7), _part("index", 9), _part("colophon", 1)]
    pieces = plan_pieces(parts, budget)
    if pieces is None:
        return
    assert [part for piece in pieces for part in piece.parts] == parts
    for piece in pieces[1:]:
        assert starts_recto(piece.parts[0])
    for piece in pieces:
        if piece.kind != "run":
            continue
        costs = [weight(part) for part in piece.parts]
        for j, part in enumerate(piece.parts[1:], start=1):
            if starts_recto(part):          # it would have been cut there had the run been full
                assert sum(costs[:j + 1]) <= budget


def test_next_recto() -> None:
    assert [next_recto(n) for n in (1, 2, 3, 4)] == [3, 3, 5, 5]


# ---------------------------------------------------------------------- the joined PDF
def test_the_same_pages_with_the_same_text(pair: Pair, tmp_path: Path) -> None:
    one, chunked = _pdftotext(pair.one, tmp_path), _pdftotext(pair.chunked, tmp_path)
    assert len(one) == len(chunked) == 31
    for number, (a, b) in enumerate(zip(one, chunked, strict=True), start=1):
        assert a == b, f"page {number}"


def test_links_outline_and_tags_are_those_of_the_one_piece_pdf(pair: Pair) -> None:
    one, chunked = facts(pair.one), facts(pair.chunked)
    assert len(one["links"]) > 50 and len(one["outline"]) > 10 and len(one["ids"]) > 5
    assert any(element[3] for element in one["elements"])                      # a change of language
    assert all(link[3] is not None for link in chunked["links"] if link[2])   # every link lands
    for key in one:
        assert one[key] == chunked[key], key


def test_the_page_map_is_the_same(pair: Pair) -> None:
    assert pair.chunked_map == pair.one_map and len(pair.one_map.starts) > 20


def test_the_joined_pdf_is_valid_and_breaks_no_rule(pair: Pair, tmp_path: Path) -> None:
    path = tmp_path / "chunked.pdf"
    path.write_bytes(pair.chunked)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with pikepdf.open(path) as pdf:
        assert pdf_findings(pdf) == []
        tree = reachable(pdf)
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        assert all("/StructParents" in page.obj for page in pdf.pages)   # the blank versos too
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert all(key in parents for key in keys)
        assert len(keys) == len(set(keys)) and int(pdf.Root.StructTreeRoot.ParentTreeNextKey) > max(keys)
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if str(instruction.operator) == "BDC" and "/MCID" in instruction.operands[1]:
                    owner = parents[int(page.obj.StructParents)][int(instruction.operands[1].MCID)]
                    assert owner.objgen in tree
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                assert annot.get("/Subtype") != "/Link" or int(annot.StructParent) in parents


def test_pdf_a_metadata_and_the_attachment_come_through(pair: Pair) -> None:
    with pikepdf.open(io.BytesIO(pair.chunked)) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3A"
        assert "dc:language" in str(meta) or meta.get("dc:language")
        files = pdf.attachments
        assert list(files) == ["edition.xml"]
        assert files["edition.xml"].get_file().read_bytes().startswith(b"<?xml")
        assert len(pdf.Root.AF) == 1


def test_byte_reproducible(pair: Pair, bundled: Bundled) -> None:
    again, _, _ = render_book(make_book(read_xml(bundled.tei), bundled.tei), chunk_blocks=SMALL)
    assert again == pair.chunked


# ---------------------------------------------------------------------- forked workers
def test_two_workers_write_the_same_bytes_and_say_which_run(pair: Pair, bundled: Bundled) -> None:
    lines: list[str] = []
    with pdf_progress(lines.append):
        forked, _, forked_map = render_book(make_book(read_xml(bundled.tei), bundled.tei),
                                            chunk_blocks=SMALL, jobs=2)
    assert forked == pair.chunked
    assert forked_map == pair.chunked_map
    runs = [line for line in lines if line.startswith("PDF: run ")]
    assert len(runs) == 3, lines
    spans = [tuple(map(int, line.rpartition(" ")[2].split("-"))) for line in runs]
    assert [line.split(" paginated")[0] for line in runs] == [f"PDF: run {n} of 3" for n in (1, 2, 3)]
    assert spans[0][0] > 1 and all(first % 2 == 1 for first, _ in spans)   # rectos, after the front
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))             # pages so far, in order


def test_with_workers_the_coordinator_lays_out_nothing_and_leaves_no_spool(
        pair: Pair, bundled: Bundled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The front's sketch, the runs, the back and the front are laid out in forked workers; the
    pieces' files wait in a spool folder that is gone after the join."""
    import os
    import tempfile

    from edition.writers.pdf.layout import Layout

    coordinator, log = os.getpid(), tmp_path / "layouts.txt"
    shipped = Layout.lay_out_html

    def logged(self: Layout, html: str) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{'coordinator' if os.getpid() == coordinator else 'worker'}\n")
        return shipped(self, html)

    monkeypatch.setattr(Layout, "lay_out_html", logged)
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    forked, _, _ = render_book(make_book(read_xml(bundled.tei), bundled.tei), chunk_blocks=SMALL, jobs=2)
    assert forked == pair.chunked
    # the sketch, three runs, the back and the front, each once
    assert log.read_text(encoding="utf-8").split() == ["worker"] * 6
    assert list(spools.iterdir()) == []


def test_a_worker_that_fails_fails_the_render(bundled: Bundled, monkeypatch: pytest.MonkeyPatch) -> None:
    from edition.writers.pdf import chunked

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("broken on purpose")

    monkeypatch.setattr(chunked, "links_elsewhere", broken)     # met first in a run's worker
    with pytest.raises(ValueError, match="broken on purpose"):
        render_book(make_book(read_xml(bundled.tei), bundled.tei), chunk_blocks=SMALL, jobs=2)


# ---------------------------------------------------------------------- the chunk cache
def _with_note_edited(tei: Path, out: Path) -> Path:
    """The TEI with one word added to a note of the second text."""
    tree = read_xml(tei)
    texts = tree.getroot().findall("{http://www.tei-c.org/ns/1.0}TEI")
    body = texts[1].find("{http://www.tei-c.org/ns/1.0}text")
    assert body is not None
    note = next(body.iter("{http://www.tei-c.org/ns/1.0}note"))
    note.text = (note.text or "") + " Edited."
    target = out / tei.name
    target.write_bytes(serialize(tree))
    return target


def test_one_edited_note_lays_out_its_run_again(pair: Pair, bundled: Bundled, tmp_path: Path) -> None:
    cache = tmp_path / "build"
    writer = PdfWriter(chunk_blocks=SMALL, jobs=1, cache=cache)
    first = tmp_path / "first.pdf"
    writer.write(read_xml(bundled.tei), first, base=bundled.tei)
    assert first.read_bytes() == pair.chunked
    assert (writer.cache.laid_out, writer.cache.reused) == (6, 0)  # front sketched and written, 3 runs, back
    writer.write(read_xml(bundled.tei), tmp_path / "again.pdf", base=bundled.tei)
    assert (writer.cache.laid_out, writer.cache.reused) == (0, 6)
    assert (tmp_path / "again.pdf").read_bytes() == pair.chunked
    edited = _with_note_edited(bundled.tei, tmp_path)
    for jobs in (1, 2):
        writer = PdfWriter(chunk_blocks=SMALL, jobs=jobs, cache=cache)
        writer.write(read_xml(edited), tmp_path / f"edited-{jobs}.pdf", base=edited)
        # Once: the run of the second text, and what the edit moved when it moved a page (the
        # next run's folios, the index's and the contents' numbers: 3 pieces as measured);
        # never the first run or the front's sketch. The front for the TEI alone: never (it is
        # attached at the join; test_chunk_cache's edit moving no page lays out one piece).
        if jobs == 1:
            assert 1 <= writer.cache.laid_out <= 4 and writer.cache.reused == 6 - writer.cache.laid_out
        else:
            assert (writer.cache.laid_out, writer.cache.reused) == (0, 6)
    fresh = tmp_path / "fresh.pdf"
    PdfWriter(chunk_blocks=SMALL, jobs=1).write(read_xml(edited), fresh, base=edited)
    assert (tmp_path / "edited-1.pdf").read_bytes() == fresh.read_bytes() == \
        (tmp_path / "edited-2.pdf").read_bytes()
    kept = sorted(path.suffix for path in (cache / ".cache").rglob("*.*"))
    assert kept.count(".pdf") == 6                  # the pieces of the edited book, no more


def test_the_hooks_refuse_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    from edition.errors import EditionError
    from edition.writers.pdf import barrier

    barrier.check_hooks()                       # the pinned 70.0: no error
    monkeypatch.setitem(barrier.PINNED_HOOKS, "weasyprint.pdf.anchors.resolve_links", "0" * 64)
    with pytest.raises(EditionError) as raised, barrier.links_elsewhere(frozenset()):
        pass
    assert raised.value.messages[0].code == "E421"
    assert "resolve_links" in raised.value.messages[0].text


@pytest.mark.parametrize("variant", ["pdf/a-2b", "none"])
def test_an_untagged_variant_is_laid_out_in_one_piece(bundled: Bundled, variant: str, tmp_path: Path) -> None:
    """The join needs the pieces' structure trees; without tags the book is one piece (it crashed)."""
    data, _, _ = render_book(make_book(read_xml(bundled.tei), bundled.tei), variant, chunk_blocks=SMALL)
    (tmp_path / "x.pdf").write_bytes(data)
    subprocess.run(["qpdf", "--check", str(tmp_path / "x.pdf")], check=True, capture_output=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert len(pdf.pages) == len(_pdftotext(data, tmp_path)) > 25
