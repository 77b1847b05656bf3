"""The PDFs of a test session, shared by the PDF tests and the PDF/UA rules: the bundled edition
built once, every test document of tests/data/tei rendered once."""

from __future__ import annotations

import shutil

import pytest

from edition.build import BuildOptions, build_edition
from edition.model.xmlio import read_xml
from edition.writers.book import make_book
from edition.writers.pdf import PdfWriter
from tests.conftest import SEEDS
from tests.writers.pdf.test_pdf import WILD, Bundled, Printed, read_pdf


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Bundled:
    """The bundled edition built with its PDF, as ``edition build`` does."""
    root = tmp_path_factory.mktemp("bundled-pdf")
    shutil.copytree(SEEDS, root / "seeds")
    out = root / "build"
    build_edition(root / "seeds", out, BuildOptions(formats=("pdf",)))
    tei = out / "edition.xml"
    return Bundled(read_pdf(out / "edition.pdf"), tei, make_book(read_xml(tei), tei))


@pytest.fixture(scope="session")
def wild(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Every test document of tests/data/tei rendered once."""
    out = tmp_path_factory.mktemp("wild-pdf")
    printed = {}
    for source in WILD:
        target = out / f"{source.stem}.pdf"
        PdfWriter().write(read_xml(source), target, base=source)
        printed[source.stem] = read_pdf(target)
    return printed
