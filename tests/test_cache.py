"""Incremental and parallel builds: what did not change is not redone, and the result is the same."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from edition.build import BuildOptions, build_edition
from edition.cache import MANIFEST
from tests.conftest import SEEDS

SIDE = "003_8d26f39cb9f4242f.toml"


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and p.name != MANIFEST}


def test_a_rebuild_with_nothing_changed_does_nothing(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = build_edition(seeds_copy, out, BuildOptions())
    before = {p: p.stat().st_ino for p in out.rglob("*.xml")}
    again = build_edition(seeds_copy, out, BuildOptions())
    assert not first.up_to_date and again.up_to_date
    assert {p: p.stat().st_ino for p in out.rglob("*.xml")} == before   # not even rewritten
    assert [w.code for w in again.warnings] == [w.code for w in first.warnings]


def test_editing_one_sidecar_reencodes_only_that_text(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds_copy, out, BuildOptions())
    sidecar = seeds_copy / SIDE
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + '\n[[note]]\nanchor = "Gwangju"\n'
                       'occurrence = 1\ntext = "A city in the south-west of Korea."\n', "utf-8")
    result = build_edition(seeds_copy, out, BuildOptions())
    fresh = {t.file_name for t in result.texts if not t.cached}
    assert fresh == {"003_8d26f39cb9f4242f.txt"}
    assert "A city in the south-west of Korea." in (out / "edition.xml").read_text(encoding="utf-8")
    # The same as a build from nothing.
    clean = build_edition(seeds_copy, tmp_path / "clean", BuildOptions(cache=False))
    assert outputs(out) == outputs(clean.out)


def test_a_changed_register_reencodes_every_text(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds_copy, out, BuildOptions())
    registers = seeds_copy / "registers.toml"
    registers.write_text(registers.read_text(encoding="utf-8") + "\n# a comment\n", "utf-8")
    result = build_edition(seeds_copy, out, BuildOptions())
    assert not any(t.cached for t in result.texts)


def test_a_damaged_cache_entry_is_a_miss_not_a_wrong_text(seeds_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds_copy, out, BuildOptions())
    for entry in (out / ".cache").rglob("*.xml"):
        entry.write_bytes(entry.read_bytes().replace(b"Commune", b"Kommune"))
    (seeds_copy / SIDE).write_text((seeds_copy / SIDE).read_text(encoding="utf-8") + "\n", "utf-8")
    result = build_edition(seeds_copy, out, BuildOptions())
    assert not any(t.cached for t in result.texts)
    assert b"Kommune" not in (out / "edition.xml").read_bytes()


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path) -> None:
    seeds = tmp_path / "many"
    seeds.mkdir()
    texts = sorted(SEEDS.glob("*.txt"))
    for number in range(40):   # enough for the pool to be used
        shutil.copyfile(texts[number % 3], seeds / f"text_{number:03d}.txt")
    serial = build_edition(seeds, tmp_path / "serial", BuildOptions(jobs=1, cache=False))
    parallel = build_edition(seeds, tmp_path / "parallel", BuildOptions(jobs=2, cache=False))
    assert outputs(serial.out) == outputs(parallel.out)
    assert len(parallel.texts) == 40


def test_errors_in_parallel_are_all_reported(tmp_path: Path) -> None:
    from edition.errors import EditionError

    seeds = tmp_path / "many"
    seeds.mkdir()
    for number in range(20):
        (seeds / f"t{number:02d}.txt").write_text(f"Text {number}.\n\nMore.\n", "utf-8")
        if number % 5 == 0:
            (seeds / f"t{number:02d}.toml").write_text('[[note]]\nanchor = "absent"\ntext = "x"\n',
                                                       "utf-8")
    with pytest.raises(EditionError) as raised:
        build_edition(seeds, tmp_path / "out", BuildOptions(jobs=2))
    assert sorted(Path(m.path).name for m in raised.value.messages if m.code == "E241") == [
        "t00.toml", "t05.toml", "t10.toml", "t15.toml"]


def test_watch_rebuilds_after_a_change(seeds_copy: Path, tmp_path: Path) -> None:
    from edition.watch import watch_and_build

    out, said = tmp_path / "build", []
    seed = seeds_copy / "003_8d26f39cb9f4242f.txt"

    def edit_when_watching() -> None:
        while not any("watching" in s for s in said):
            time.sleep(0.05)
        (seeds_copy / SIDE).write_text((seeds_copy / SIDE).read_text(encoding="utf-8")
                                       + "\n# edited\n", "utf-8")

    editor = threading.Thread(target=edit_when_watching)
    editor.start()
    watch_and_build(seeds_copy, out, BuildOptions(), said.append, lambda _: None, rounds=2)
    editor.join()
    assert sum(1 for s in said if s.startswith("built")) == 2
    assert seed.read_bytes() == (SEEDS / seed.name).read_bytes()


def test_the_pdf_is_laid_out_once_and_kept_while_the_corpus_is_the_same(
        seeds_copy: Path, tmp_path: Path) -> None:
    from edition.model.xmlio import read_xml
    from edition.writers.epub import EpubWriter

    out = tmp_path / "build"
    first = build_edition(seeds_copy, out, BuildOptions(formats=("pdf", "epub")))
    assert not first.reused
    # The EPUB's page list came from the PDF's layout: the same as the EPUB writer's own.
    alone = tmp_path / "alone.epub"
    EpubWriter().write(read_xml(out / "edition.xml"), alone, base=out / "edition.xml")
    assert alone.read_bytes() == (out / "edition.epub").read_bytes()
    # A comment in a sidecar changes the inputs but not the corpus: nothing is rendered again.
    before = {name: (out / name).read_bytes() for name in ("edition.pdf", "edition.epub")}
    (seeds_copy / SIDE).write_text((seeds_copy / SIDE).read_text(encoding="utf-8") + "\n# c\n",
                                   "utf-8")
    second = build_edition(seeds_copy, out, BuildOptions(formats=("pdf", "epub")))
    assert not second.up_to_date and sorted(second.reused) == ["edition.epub", "edition.pdf"]
    assert {name: (out / name).read_bytes() for name in before} == before


@pytest.mark.parametrize("change", ["styles", "code", "source-date-epoch"])
def test_a_render_is_not_kept_when_what_decides_its_bytes_changed(
        change: str, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same corpus with other stylesheets, other writer code or another SOURCE_DATE_EPOCH
    is rendered again, not taken from the last build."""
    import edition.build

    out = tmp_path / "build"
    options = BuildOptions(formats=("epub",))
    first = build_edition(seeds_copy, out, options)
    assert not first.reused
    if change == "styles":
        monkeypatch.setattr(edition.build, "styles_digest", lambda: "other styles")
    elif change == "code":
        monkeypatch.setattr(edition.build, "tool_digest", lambda: "other code")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    second = build_edition(seeds_copy, out, options)
    assert not second.up_to_date and second.reused == []
    monkeypatch.undo()
    third = build_edition(seeds_copy, out, options)
    assert not third.up_to_date and third.reused == []   # back to the first: rendered again too


def test_a_build_without_the_pdf_makes_an_epub_without_a_page_list(
        seeds_copy: Path, tmp_path: Path) -> None:
    """``--no-pdf`` is the editing loop: the EPUB is not held up by a layout of the book for its
    page list; and an EPUB with a page list is not kept for a build that makes none."""
    from edition.model.xmlio import read_xml
    from edition.writers.epub import EpubWriter

    out = tmp_path / "build"
    build_edition(seeds_copy, out, BuildOptions(formats=("pdf", "epub")))
    with_list = (out / "edition.epub").read_bytes()
    assert b"page-list" in _nav(out / "edition.epub")
    result = build_edition(seeds_copy, out, BuildOptions(formats=("epub",)))
    assert result.reused == []
    assert b"page-list" not in _nav(out / "edition.epub")
    alone = tmp_path / "alone.epub"
    EpubWriter(page_list=False).write(read_xml(out / "edition.xml"), alone, base=out / "edition.xml")
    assert (out / "edition.epub").read_bytes() == alone.read_bytes() != with_list


def _nav(epub: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(epub) as package:
        return next(package.read(n) for n in package.namelist() if n.endswith("nav.xhtml"))
