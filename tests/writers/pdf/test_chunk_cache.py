"""The chunk cache through ``edition build``: the pieces of the PDF kept in build/.cache/pdf-v1
across builds, and one edited sidecar note laying out again its own run (and the front, which
carries the TEI), not the others. Counted by the cache's files, which a piece laid out rewrites
and a piece reused leaves as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.build import BuildOptions, build_edition
from edition.writers.pdf.chunks import CHUNK_ENV
from tests.conftest import SEEDS

NOTE = "leaving the city to the insurgents."


def _entries(out: Path) -> dict[str, int]:
    folder = out / ".cache" / "pdf-v1"
    return {path.name: path.stat().st_mtime_ns for path in folder.glob("*.pdf")}


def test_an_edited_note_lays_out_its_run_and_the_front_only(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CHUNK_ENV, "60")        # the bundled edition in five pieces
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = tmp_path / "build"
    options = BuildOptions(formats=("pdf",), jobs=1)
    build_edition(seeds, out, options)
    before = _entries(out)
    assert len(before) == 6                    # the front sketched and written, 3 runs, the back
    sidecar = seeds / "001_f0442ab00f886287.toml"
    text = sidecar.read_text(encoding="utf-8")
    assert NOTE in text
    sidecar.write_text(text.replace(NOTE, NOTE[:-1] + ", as the editor adds."), encoding="utf-8")
    build_edition(seeds, out, options)
    after = _entries(out)
    laid_out = [name for name, stamp in after.items() if before.get(name) != stamp]
    kept = [name for name in after if before.get(name) == after[name]]
    assert len(after) == 6
    assert 2 <= len(laid_out) <= 3, laid_out   # the run, the front, the index if a mention moved
    assert len(kept) >= 3                      # the first and third runs, the front's sketch
    fresh = tmp_path / "fresh"
    build_edition(seeds, fresh, BuildOptions(formats=("pdf",), jobs=1, cache=False))
    assert (out / "edition.pdf").read_bytes() == (fresh / "edition.pdf").read_bytes()
    assert not (fresh / ".cache" / "pdf-v1").exists()
