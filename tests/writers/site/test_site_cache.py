"""A rebuild that changes nothing the site is made of does not write the site again, nor index it.

The build is not up to date (a sidecar gained a comment, so its inputs differ), but the corpus,
the files the site offers and the tool are the same: the site's files are the last build's,
linked. Writes are counted (the writer's file writes, Pagefind's runs), not timed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.build import BuildOptions, BuildResult, build_edition
from edition.writers.site import search, writer
from tests.tools import REPO

OPTIONS = BuildOptions(formats=("epub", "site"))   # no PDF: the site's cache does not need it


class Counts:
    def __init__(self) -> None:
        self.writes = 0
        self.indexes = 0


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counts:
    found = Counts()
    put, index = writer._put, writer.build_index

    def counted_put(path: Path, data: bytes) -> None:
        found.writes += 1
        put(path, data)

    def counted_index(*args: object, **kwargs: object) -> list:
        found.indexes += 1
        return index(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "_put", counted_put)
    monkeypatch.setattr(writer, "build_index", counted_index)
    return found


def site_files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the site: (inode, bytes), by path."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.read_bytes())
            for p in sorted((out / "site").rglob("*")) if p.is_file()}


def build(seeds: Path, out: Path) -> BuildResult:
    return build_edition(seeds, out, OPTIONS)


def test_an_unchanged_site_is_neither_written_nor_indexed(tmp_path: Path, counts: Counts) -> None:
    seeds, out = tmp_path / "seeds", tmp_path / "build"
    shutil.copytree(REPO / "seeds", seeds)
    build(seeds, out)
    assert counts.writes >= 20 and counts.indexes == int(search.pagefind_command() is not None)
    before = site_files(out)
    counts.writes = counts.indexes = 0

    sidecar = seeds / "000_ab6ed97fd8b32fba.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n# checked again\n", encoding="utf-8")
    again = build(seeds, out)
    assert not again.up_to_date and "site" in again.reused
    assert (counts.writes, counts.indexes) == (0, 0)
    assert site_files(out) == before          # the same files: same inodes, same bytes

    # A change the site shows makes it again.
    text = seeds / "000_ab6ed97fd8b32fba.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA last line for the web.\n",
                    encoding="utf-8")
    changed = build(seeds, out)
    assert "site" not in changed.reused and counts.writes >= 20
    assert b"A last line for the web." in b"".join(
        p.read_bytes() for p in (out / "site").glob("s-*.html"))


def test_a_damaged_site_is_made_again(tmp_path: Path, counts: Counts) -> None:
    seeds, out = tmp_path / "seeds", tmp_path / "build"
    shutil.copytree(REPO / "seeds", seeds)
    build(seeds, out)
    (out / "site" / "index.html").write_text("edited by hand", encoding="utf-8")
    counts.writes = 0
    sidecar = seeds / "edition.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n# again\n", encoding="utf-8")
    result = build(seeds, out)
    assert "site" not in result.reused and counts.writes >= 20
    assert (out / "site" / "index.html").read_bytes().startswith(b"<!DOCTYPE html>")
