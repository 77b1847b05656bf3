"""Turn a corpus size into a cached folder of plain-text essays for the benchmarks.

The texts come from the shared generator (``../shared/bench/make_corpus.py`` beside the
repository, or the path in ``EDITION_BENCH_GENERATOR``), fed with the bundled seeds. Size 3 is
the seeds themselves. Corpora are cached under ``tests/benchmarks/out/corpora/<n>/`` (git-ignored)
and made again only when a folder does not hold exactly ``n`` texts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = [
    "CORPORA_DIR",
    "OUT_DIR",
    "REPO_ROOT",
    "SEEDS_DIR",
    "SEEDS_SIZE",
    "find_generator",
    "make_corpus",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT / "seeds"
OUT_DIR = REPO_ROOT / "tests" / "benchmarks" / "out"
CORPORA_DIR = OUT_DIR / "corpora"
GENERATOR_ENV = "EDITION_BENCH_GENERATOR"
SEEDS_SIZE = 3  # the corpus size that stands for "the seeds themselves"


def find_generator() -> Path:
    """Return $EDITION_BENCH_GENERATOR, else ../shared/bench/make_corpus.py beside the repo."""
    override = os.environ.get(GENERATOR_ENV)
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "bench" / "make_corpus.py"
    if not path.is_file():
        raise FileNotFoundError(f"corpus generator not found at {path}; set {GENERATOR_ENV}")
    return path


def seed_texts() -> list[Path]:
    """The bundled seeds: only the .txt files, never the TOML sidecars beside them."""
    return sorted(SEEDS_DIR.glob("*.txt"))


def make_corpus(n: int, out_dir: Path = CORPORA_DIR) -> Path:
    """Return ``out_dir/<n>/`` holding ``n`` texts, generating it unless it is already there."""
    if n < 1:
        raise ValueError(f"a corpus needs at least one text, not {n}")
    target = out_dir / str(n)
    if is_complete(target, n):
        return target
    staging = out_dir / f".{n}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if n == SEEDS_SIZE:
        copy_seeds(staging)
    else:
        run_generator(n, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)  # only complete corpora ever carry the final name
    return target


def is_complete(folder: Path, n: int) -> bool:
    return folder.is_dir() and len(list(folder.glob("*.txt"))) == n


def copy_seeds(dest: Path) -> None:
    for path in seed_texts():
        shutil.copyfile(path, dest / path.name)  # copyfile: not the seeds' read-only mode


def run_generator(n: int, dest: Path) -> None:
    command = [sys.executable, str(find_generator()), str(SEEDS_DIR), str(dest), str(n)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
