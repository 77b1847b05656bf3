"""The EPUBs of a test session, shared by the EPUBCheck and Ace tests: the bundled edition built
once, every test document of tests/data/tei rendered once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.build import BuildOptions, build_edition
from tests.conftest import SEEDS
from tests.writers.epub.test_epub import WILD, Epub, make_large, render


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``edition build`` of a copy of the bundled seeds, as a user runs it (the PDF too: the
    EPUB's page list marks its pages)."""
    root = tmp_path_factory.mktemp("bundled-epub")
    shutil.copytree(SEEDS, root / "seeds")
    build_edition(root / "seeds", root / "build", BuildOptions(formats=("pdf", "epub")))
    return root / "build"


@pytest.fixture(scope="session")
def bundled(bundled_build: Path) -> Epub:
    return Epub(bundled_build / "edition.epub")


@pytest.fixture(scope="session")
def wild(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Epub]:
    """Every test document of tests/data/tei, and the 2 MB one, as EPUBs."""
    out = tmp_path_factory.mktemp("wild-epub")
    books = {source.stem: render(source, out / f"{source.stem}.epub") for source in WILD}
    books["large"] = render(make_large(out / "large.xml"), out / "large.epub")
    return books
