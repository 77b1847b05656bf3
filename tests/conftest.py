"""Shared fixtures: the bundled edition built once per test session, and reference tools."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from edition.build import BuildOptions, BuildResult, build_edition
from tests.hostile import listening_socket
from tests.tools import REPO

SEEDS = REPO / "seeds"
DATA = REPO / "tests" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected files in tests/data/golden from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_tei(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled edition's TEI (no PDF or EPUB), built from a copy of seeds/."""
    root = tmp_path_factory.mktemp("bundled")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    return build_edition(seeds, root / "build", BuildOptions())


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket on 127.0.0.1 that any attempt to reach the network in a test would connect to."""
    server = listening_socket()
    yield server
    server.close()
