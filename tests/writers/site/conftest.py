"""The bundled edition built as a user builds it (PDF, EPUB and site), served from 127.0.0.1; the
sites of a few test documents; Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from edition.build import BuildOptions, build_edition
from edition.writers.site.serve import make_server
from tests.tools import REPO

SEEDS = REPO / "seeds"
TEI = REPO / "tests" / "data" / "tei"

# Documents whose sites differ from the bundled one: right-to-left scripts, Japanese with ruby, a
# drama, a critical apparatus, a letter with registers in a standOff.
DOCUMENTS = ("rtl", "japanese-ruby", "drama", "apparatus", "letter-registers")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``edition build`` of a copy of the bundled seeds: ``build/site/`` beside the PDF and EPUB."""
    root = tmp_path_factory.mktemp("bundled-site")
    shutil.copytree(SEEDS, root / "seeds")
    build_edition(root / "seeds", root / "build", BuildOptions(formats=("pdf", "epub", "site")))
    return root / "build"


@pytest.fixture(scope="session")
def site(site_build: Path) -> Path:
    return site_build / "site"


def serve(folder: Path) -> Iterator[str]:
    """``folder`` on a free port of 127.0.0.1, as ``edition serve`` serves it."""
    server = make_server(folder, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    yield from serve(site)


@pytest.fixture(scope="session")
def document_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``edition site`` of each of ``DOCUMENTS``, by name."""
    from typer.testing import CliRunner

    from edition.cli import app

    root = tmp_path_factory.mktemp("document-sites")
    sites = {}
    for name in DOCUMENTS:
        result = CliRunner().invoke(app, ["site", str(TEI / f"{name}.xml"), "-o", str(root / name)])
        assert result.exit_code == 0, result.output
        sites[name] = root / name
    return sites


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
