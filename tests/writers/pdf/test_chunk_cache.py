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
from edition.writers.pdf import writer as pdf_writer
from edition.writers.pdf.chunks import CHUNK_ENV
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
