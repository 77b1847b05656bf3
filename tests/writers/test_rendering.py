"""One corpus, several formats: a full build assembles the book once and hands the PDF's page
map to the EPUB as a value (``edition.writers.Rendering``)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

import edition.writers
import edition.writers.base
import edition.writers.book
import edition.writers.book.assemble
from edition.build import BuildOptions, build_edition
from edition.model.xmlio import read_xml
from edition.writers import PageMap, Rendering
from edition.writers.xhtml.renderer import Renderer
from tests.conftest import DATA


@pytest.fixture
def assemblies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every assembly of a book (``make_book``, wherever it is imported) and every rendering of
    TEI into XHTML (a ``Renderer``, one per assembly) is recorded."""
    calls: list[str] = []
    real_make_book = edition.writers.book.assemble.make_book
    real_init = Renderer.__init__

    def make_book(tree: Any, base: Path | None = None, level: str = "norm") -> Any:
        calls.append("make_book")
        return real_make_book(tree, base, level)

    def init(self: Renderer, *args: Any, **kwargs: Any) -> None:
        calls.append("Renderer")
        real_init(self, *args, **kwargs)

    for module in (edition.writers, edition.writers.base, edition.writers.book,
                   edition.writers.book.assemble):
        monkeypatch.setattr(module, "make_book", make_book)
    monkeypatch.setattr(Renderer, "__init__", init)
    return calls


def test_a_full_build_assembles_the_book_once(seeds_copy: Path, tmp_path: Path,
                                              assemblies: list[str]) -> None:
    out = tmp_path / "build"
    build_edition(seeds_copy, out, BuildOptions(formats=("pdf", "epub"), cache=False))
    assert assemblies == ["make_book", "Renderer"]
    # The EPUB's page list comes from the PDF just made: it has one, and no second layout made it.
    with zipfile.ZipFile(out / "edition.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert 'epub:type="page-list"' in nav
    assert len(re.findall(r'<li><a href="[^"]+#page-\d+', nav)) > 3


def test_rendering_each_format_alone_assembles_a_book_each(tmp_path: Path, assemblies: list[str]) -> None:
    """The counter counts: the standalone writers each assemble their own book."""
    source = DATA / "tei" / "verse.xml"
    for fmt in ("pdf", "epub"):
        edition.writers.WRITERS[fmt]().write(read_xml(source), tmp_path / f"v.{fmt}", base=source)
    assert assemblies.count("make_book") == 2 and assemblies.count("Renderer") >= 2


def test_the_pdf_page_map_goes_to_the_epub(tmp_path: Path) -> None:
    source = DATA / "tei" / "verse.xml"
    rendering = Rendering(read_xml(source), source)
    rendering.render("pdf", tmp_path / "v.pdf")
    assert isinstance(rendering.pages, PageMap) and rendering.pages.starts
    given = rendering.pages
    rendering.render("epub", tmp_path / "v.epub")
    assert rendering.pages == given
    with zipfile.ZipFile(tmp_path / "v.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert nav.count("#page-") == len(given.starts)


def test_an_empty_page_map_means_no_page_list(tmp_path: Path) -> None:
    source = DATA / "tei" / "verse.xml"
    Rendering(read_xml(source), source, PageMap()).render("epub", tmp_path / "v.epub")
    with zipfile.ZipFile(tmp_path / "v.epub") as epub:
        assert "page-list" not in epub.read("EPUB/nav.xhtml").decode()
