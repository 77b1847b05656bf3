"""The bundled edition built as a user builds it (PDF, EPUB and site), served from 127.0.0.1."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from edition.build import BuildOptions, build_edition
from edition.writers.site.serve import make_server
from tests.tools import REPO

SEEDS = REPO / "seeds"


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


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The site on a free port of 127.0.0.1, as ``edition serve`` serves it."""
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
