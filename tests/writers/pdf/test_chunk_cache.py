"""The chunk cache through ``edition build``: the pieces of the PDF kept in build/.cache/pdf-v1
across builds, and one edited sidecar note laying out again its own run only. No piece carries
the TEI (it is attached at the join), so the front is laid out again only when its text or its
page numbers change. Counted by the render's ``PieceCache`` (pieces laid out and reused) and by
the cache's files, which a piece laid out rewrites and a piece reused leaves as it is."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import ClassVar

import pikepdf
import pytest

from edition.build import BuildOptions, build_edition
from edition.cache import PieceCache
from edition.model.xmlio import read_xml
from edition.writers.book import make_book
from edition.writers.pdf import writer as pdf_writer
from edition.writers.pdf.chunks import CHUNK_ENV, Piece, chunk_budget, plan_pieces, weight
from edition.writers.pdf.parts import book_html, print_parts
from tests.conftest import SEEDS

LAST = "003_8d26f39cb9f4242f.toml"            # the last text of the bundled edition
NOTE = "The Commune adopted the red flag in place of the French tricolour."
EDITED = "The Commune adopted the red flag instead of the French tricolour."   # no line more


class Counted(PieceCache):
    """A PieceCache that keeps a list of itself, to read the counts of the build's render."""

    made: ClassVar[list[PieceCache]] = []

    def __init__(self, folder: Path | None) -> None:
        super().__init__(folder)
        Counted.made.append(self)


def _counts() -> tuple[int, int]:
    rendered = [cache for cache in Counted.made if cache.laid_out or cache.reused]
    assert rendered, "no piece was laid out or reused"
    return rendered[-1].laid_out, rendered[-1].reused


def _entries(out: Path) -> dict[str, int]:
    folder = out / ".cache" / "pdf-v1"
    return {path.name: path.stat().st_mtime_ns for path in folder.glob("*.pdf")}


def _cold_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, BuildOptions]:
    """The bundled edition copied and built once, its PDF in five pieces, the renders counted."""
    monkeypatch.setenv(CHUNK_ENV, "60")
    monkeypatch.setattr(pdf_writer, "PieceCache", Counted)
    Counted.made = []
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = tmp_path / "build"
    options = BuildOptions(formats=("pdf",), jobs=1)
    build_edition(seeds, out, options)
    return seeds, out, options


def _pages(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_an_edited_note_in_the_last_text_lays_out_its_run_only(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seeds, out, options = _cold_build(tmp_path, monkeypatch)
    assert _counts() == (6, 0)                 # the front sketched and written, 3 runs, the back
    before, pages = _entries(out), _pages(out / "edition.pdf")
    assert len(before) == 6
    sidecar = seeds / LAST
    text = sidecar.read_text(encoding="utf-8")
    assert text.count(NOTE) == 1
    sidecar.write_text(text.replace(NOTE, EDITED), encoding="utf-8")

    build_edition(seeds, out, options)
    assert _counts() == (1, 5)                 # the last text's run; not the front, not the back
    after = _entries(out)
    assert len(after) == 6
    assert len(set(after) - set(before)) == 1  # one piece's key changed: the run's
    assert all(after[name] == stamp for name, stamp in before.items() if name in after)
    assert _pages(out / "edition.pdf") == pages
    with pikepdf.open(out / "edition.pdf") as pdf:
        attached = pdf.attachments["edition.xml"].get_file().read_bytes()
    assert attached == (out / "edition.xml").read_bytes()     # the edited TEI, attached at the join
    assert EDITED.encode() in attached and NOTE.encode() not in attached

    fresh = tmp_path / "fresh"
    build_edition(seeds, fresh, BuildOptions(formats=("pdf",), jobs=1, cache=False))
    assert (out / "edition.pdf").read_bytes() == (fresh / "edition.pdf").read_bytes()
    assert not (fresh / ".cache" / "pdf-v1").exists()


def test_an_edited_note_that_moves_a_page_lays_out_what_follows_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A longer note in the second text: its run again, and the pieces whose folios or page
    numbers it moved (the next run, the index, the contents), never the first run or the
    front's sketch; the PDF is still the cold build's."""
    seeds, out, options = _cold_build(tmp_path, monkeypatch)
    before = _entries(out)
    sidecar = seeds / "001_f0442ab00f886287.toml"
    text = sidecar.read_text(encoding="utf-8")
    note = "leaving the city to the insurgents."
    assert note in text
    sidecar.write_text(text.replace(note, note[:-1] + ", as the editor adds."), encoding="utf-8")
    build_edition(seeds, out, options)
    laid_out, reused = _counts()
    assert 2 <= laid_out <= 4 and laid_out + reused == 6, (laid_out, reused)   # 3 when measured
    after = _entries(out)
    assert len([name for name in after if before.get(name) == after[name]]) >= 2
    fresh = tmp_path / "fresh"
    build_edition(seeds, fresh, BuildOptions(formats=("pdf",), jobs=1, cache=False))
    assert (out / "edition.pdf").read_bytes() == (fresh / "edition.pdf").read_bytes()


# ---------------------------------------------------------------------- an edition without an identifier
WORDS = ("The assembly met at the town hall and heard the delegates of every district, who spoke "
         "in turn of bread, of rents and of the guns on the hill above the city.")


def _plain_edition(folder: Path, texts: int = 8) -> Path:
    """An edition with no identifier, no publisher and no registers (as the benchmark corpora
    are): its book identifier is derived, it has no index, and it ends with the list of sources.
    Each text has a note on one word and a note on its source (``[text] note``)."""
    folder.mkdir()
    (folder / "edition.toml").write_text('title = "Minutes"\nlanguage = "en"\n', encoding="utf-8")
    for number in range(texts):
        stem = f"minutes_{number:02d}"
        paragraphs = [f"Sitting {number}, paragraph {p}. {WORDS}" for p in range(6)]
        (folder / f"{stem}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        (folder / f"{stem}.toml").write_text(
            f'[text]\ntitle = "Sitting {number}"\n'
            f'note = "Minutes of sitting {number}, kept by the clerk."\n\n'
            '[[note]]\nanchor = "assembly"\noccurrence = 1\ntext = "The elected council."\n',
            encoding="utf-8")
    return folder


def _cold_plain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, BuildOptions]:
    monkeypatch.setenv(CHUNK_ENV, "40")
    monkeypatch.setattr(pdf_writer, "PieceCache", Counted)
    Counted.made = []
    seeds = _plain_edition(tmp_path / "seeds")
    out = tmp_path / "build"
    options = BuildOptions(formats=("pdf",), jobs=1)
    build_edition(seeds, out, options)
    return seeds, out, options


def _plan(out: Path) -> list[Piece]:
    book = make_book(read_xml(out / "edition.xml"), out / "edition.xml")
    pieces = plan_pieces(print_parts(book), chunk_budget())
    assert pieces is not None
    return pieces


def _same_as_cold(seeds: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    build_edition(seeds, fresh, BuildOptions(formats=("pdf",), jobs=1, cache=False))
    assert (out / "edition.pdf").read_bytes() == (fresh / "edition.pdf").read_bytes()


def test_without_an_identifier_a_note_in_a_middle_run_lays_out_that_run_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The book identifier is derived from what names the book, not from its words: a note
    edited in a text in the middle leaves every other piece's key (and the colophon) as it was."""
    seeds, out, options = _cold_plain(tmp_path, monkeypatch)
    pieces = _plan(out)
    texts = [piece for piece in pieces if all(part.section.kind == "text" for part in piece.parts)]
    assert len(texts) >= 2
    middle = texts[len(texts) // 2]
    assert middle is not pieces[1] and middle is not pieces[-1]
    laid_out, reused = _counts()
    assert reused == 0 and laid_out == len(pieces) + 1      # + the front's sketch
    identifier = _identifier(out)
    stem = middle.parts[0].element.get("id", "").removeprefix("s-")
    sidecar = seeds / f"{stem}.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("elected council", "elected Council"),
                       encoding="utf-8")
    build_edition(seeds, out, options)
    assert _counts() == (1, len(pieces))
    assert _identifier(out) == identifier
    _same_as_cold(seeds, out, tmp_path)


def test_the_list_of_sources_is_cut_and_an_edited_source_note_lays_out_its_part_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an index the list of sources ends the book: cut between its entries into runs
    that each start on a right-hand page; a source's note edited lays out its part only."""
    seeds, out, options = _cold_plain(tmp_path, monkeypatch)
    pieces = _plan(out)
    listed = [piece for piece in pieces if any(part.section.kind == "sources" for part in piece.parts)]
    assert len(listed) >= 3, [piece.name for piece in pieces]
    assert all(weight(part) <= chunk_budget() for piece in listed for part in piece.parts)
    assert all("continued" in piece.parts[0].element.get("class", "") for piece in listed[1:])
    last = listed[-1].parts[0].element
    name = last.findtext(".//{http://www.w3.org/1999/xhtml}dd") or ""
    assert name.endswith(".txt")
    sidecar = seeds / name.replace(".txt", ".toml")
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("kept by the clerk", "kept by the Clerk"),
                       encoding="utf-8")
    build_edition(seeds, out, options)
    laid_out, reused = _counts()
    assert (laid_out, reused) == (1, len(pieces)), (laid_out, reused)
    _same_as_cold(seeds, out, tmp_path)


def _identifier(out: Path) -> str:
    found = read_xml(out / "edition.xml")
    return make_book(found, out / "edition.xml").identifier


def test_a_note_added_to_one_text_changes_the_html_of_its_own_run_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ids made for a text (its notes' and headings') are numbered in a series of its own: a
    note added to a text in the middle renames no id elsewhere, so every other piece keeps its
    HTML, hence its key in the chunk cache (checked without laying anything out)."""
    monkeypatch.setenv(CHUNK_ENV, "40")
    seeds = _plain_edition(tmp_path / "seeds")

    def htmls() -> list[str]:
        out = tmp_path / "tei"
        build_edition(seeds, out, BuildOptions(formats=(), jobs=1))
        book = make_book(read_xml(out / "edition.xml"), out / "edition.xml")
        pieces = plan_pieces(print_parts(book), chunk_budget())
        assert pieces is not None
        return [book_html(book, piece.parts, book.published) for piece in pieces]

    before = htmls()
    sidecar = seeds / "minutes_03.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") +
                       '\n[[note]]\nanchor = "delegates"\noccurrence = 1\ntext = "One for each district."\n',
                       encoding="utf-8")
    after = htmls()
    assert len(after) == len(before)
    changed = [number for number, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert len(changed) == 1 and "One for each district." in after[changed[0]]
