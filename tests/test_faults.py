"""Faults: a build killed at any moment, failing at any stage, or run twice at once into the same
folder leaves ``build/`` whole: byte for byte the previous build or the new one, never a mix,
never truncated; and the next build succeeds.

The builds here are real processes (``python -m edition build``) on a corpus of 200 texts made
from the seeds, killed with SIGKILL (no handler, no ``finally``) either when their progress says
they have reached a stage, or from inside at an exact point of the swap.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.build import BuildOptions, build_edition, recover
from edition.cli import app
from edition.errors import EditionError
from edition.model.xmlio import atomic_path, write_atomic
from edition.validate import validate_paths
from tests.conftest import SEEDS
from tests.tools import REPO

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
runner = CliRunner()

Snapshot = dict[str, bytes]


def snapshot(folder: Path) -> Snapshot:
    """Every file of a build (hidden ones too) by relative path, with its bytes.

    The cache is left out: it may lag behind (a killed build saves nothing), and a missing entry
    only makes the next build slower; that every entry it has is whole is checked apart.
    """
    assert cache_entries_whole(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(folder).parts}


def cache_entries_whole(folder: Path) -> bool:
    """Each cache entry that has its description (.json) has the TEI the description hashes."""
    for meta in (folder / ".cache").rglob("*.json"):
        tei = meta.with_suffix(".xml")
        digest = json.loads(meta.read_text(encoding="utf-8"))["sha256"]
        if not tei.is_file() or hashlib.sha256(tei.read_bytes()).hexdigest() != digest:
            return False
    return True


def leftovers(out: Path) -> list[str]:
    """What an interrupted build may leave beside ``out`` (the lock file is meant to stay)."""
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*") if not p.name.endswith(".lock"))


def command(seeds: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "edition", "build", "--seeds", str(seeds), "--out", str(out),
            "--no-pdf", "--no-epub"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 texts made from the seeds: the benchmark generator if it is there, else copies."""
    seeds = tmp_path_factory.mktemp("corpus") / "seeds"
    if MAKE_CORPUS.is_file():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(SEEDS), str(seeds), "200"],
                       check=True, capture_output=True)
    else:
        seeds.mkdir()
        texts = sorted(SEEDS.glob("*.txt"))
        for number in range(200):
            shutil.copyfile(texts[number % len(texts)], seeds / f"doc_{number:05d}.txt")
    assert len(list(seeds.glob("*.txt"))) == 200
    return seeds


@pytest.fixture(scope="module")
def references(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Snapshot]:
    """What a whole build of the bundled seeds and of the corpus look like, byte for byte."""
    root = tmp_path_factory.mktemp("references")
    bundled, large = root / "bundled", root / "large"
    subprocess.run(command(SEEDS, bundled), check=True, capture_output=True)
    subprocess.run(command(corpus, large), check=True, capture_output=True)
    return snapshot(bundled), snapshot(large)


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A folder ``build`` that holds a whole build of the bundled seeds."""
    out = tmp_path / "build"
    subprocess.run(command(SEEDS, out), check=True, capture_output=True)
    return out


def kill_when(seeds: Path, out: Path, trigger: str, delay: float) -> int:
    """Run a build, SIGKILL it ``delay`` seconds after its progress prints ``trigger``."""
    process = subprocess.Popen(command(seeds, out), stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if trigger in line:
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    process.stderr.close()
    return process.returncode


MOMENTS = [("encoding 200 of 200", 0.0), ("encoding 200 of 200", 0.3),
           ("collecting the edition", 0.0), ("validating", 0.0), ("validating", 0.1),
           ("validating", 0.2), ("validating", 0.3), ("validating", 0.4), ("validating", 0.6)]


@pytest.mark.slow
@pytest.mark.parametrize(("trigger", "delay"), MOMENTS)
def test_a_build_killed_at_any_moment_leaves_a_whole_build(
        corpus: Path, previous: Path, references: tuple[Snapshot, Snapshot],
        trigger: str, delay: float) -> None:
    bundled, large = references
    assert snapshot(previous) == bundled
    code = kill_when(corpus, previous, trigger, delay)
    # Killed, or (at the latest moments) already done: either way one whole build, never a mix.
    assert code in (-signal.SIGKILL, 0)
    assert snapshot(previous) in (bundled, large)
    if code == -signal.SIGKILL and delay == 0.0:
        assert snapshot(previous) == bundled
    done = subprocess.run(command(corpus, previous), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert snapshot(previous) == large
    assert leftovers(previous) == []


@pytest.mark.slow
@pytest.mark.parametrize(("trigger", "delay"), MOMENTS[:4])
def test_a_first_build_killed_leaves_no_build(corpus: Path, tmp_path: Path,
                                              trigger: str, delay: float) -> None:
    out = tmp_path / "build"
    assert kill_when(corpus, out, trigger, delay) == -signal.SIGKILL
    assert not out.exists()
    assert subprocess.run(command(corpus, out), capture_output=True, check=False).returncode == 0
    assert (out / "edition.xml").is_file() and leftovers(out) == []


# Killed from inside, at exact points of the swap -------------------------------------------------

KILL_AT = """
import os, signal, sys
from pathlib import Path
import edition.build as build

def die():
    os.kill(os.getpid(), signal.SIGKILL)

point, argv = sys.argv[1], sys.argv[2:]
writes = [0]
original_write, original_exchange, original_replace = Path.write_bytes, build.exchange, os.replace

def write_bytes(self, data):
    written = original_write(self, data)
    writes[0] += 1
    if point == "half-written" and writes[0] == 100:
        die()
    return written

def exchange(first, second):
    if point == "before-swap":
        die()
    if point.startswith("fallback"):
        return False
    swapped = original_exchange(first, second)
    if point == "after-swap":
        die()
    return swapped

def replace(source, target):
    original_replace(source, target)
    if point == "fallback-between-renames" and str(target).endswith(".old"):
        die()

Path.write_bytes = write_bytes
build.exchange = exchange
build.os.replace = replace
from edition.cli import main
sys.exit(main(argv))
"""


def kill_at(point: str, seeds: Path, out: Path) -> int:
    return subprocess.run([sys.executable, "-c", KILL_AT, point, *command(seeds, out)[3:]],
                          capture_output=True, check=False, timeout=300).returncode


@pytest.mark.slow
@pytest.mark.parametrize(("point", "expected"), [
    ("half-written", "previous"), ("before-swap", "previous"), ("after-swap", "new")])
def test_a_build_killed_inside_the_swap_leaves_one_whole_build(
        corpus: Path, previous: Path, references: tuple[Snapshot, Snapshot],
        point: str, expected: str) -> None:
    bundled, large = references
    assert kill_at(point, corpus, previous) == -signal.SIGKILL
    assert snapshot(previous) == (bundled if expected == "previous" else large)
    assert subprocess.run(command(corpus, previous), capture_output=True).returncode == 0
    assert snapshot(previous) == large and leftovers(previous) == []


@pytest.mark.slow
def test_without_an_atomic_swap_the_next_build_puts_the_previous_one_back(
        corpus: Path, previous: Path, references: tuple[Snapshot, Snapshot]) -> None:
    """Where folders cannot be exchanged in one step, two renames are used; a kill between
    them leaves ``build`` aside as ``.build.old``, which the next build restores first."""
    bundled, large = references
    assert kill_at("fallback-between-renames", corpus, previous) == -signal.SIGKILL
    assert not previous.exists() and (previous.parent / ".build.old").is_dir()
    recover(previous)
    assert snapshot(previous) == bundled
    assert subprocess.run(command(corpus, previous), capture_output=True).returncode == 0
    assert snapshot(previous) == large and leftovers(previous) == []


# Two builds at once -------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("round_", range(3))
def test_two_builds_at_once_into_one_folder_give_one_whole_valid_build(
        corpus: Path, tmp_path: Path, references: tuple[Snapshot, Snapshot], round_: int) -> None:
    bundled, large = references
    out = tmp_path / "build"
    first = subprocess.Popen(command(corpus, out), stderr=subprocess.DEVNULL)
    second = subprocess.Popen(command(SEEDS, out), stderr=subprocess.DEVNULL)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    assert snapshot(out) in (bundled, large)
    assert leftovers(out) == []
    assert [f for f in validate_paths([out]) if f.is_error] == []


@pytest.mark.slow
def test_the_second_build_waits_for_the_first(corpus: Path, tmp_path: Path,
                                               references: tuple[Snapshot, Snapshot]) -> None:
    """Both write the same corpus; while the first holds the lock, the second cannot swap."""
    out = tmp_path / "build"
    builds = [subprocess.Popen(command(corpus, out), stderr=subprocess.DEVNULL) for _ in range(4)]
    assert [b.wait(timeout=300) for b in builds] == [0, 0, 0, 0]
    assert snapshot(out) == references[1] and leftovers(out) == []


# A stage that fails -------------------------------------------------------------------------------

class BrokenWriter:
    """A writer that dies halfway through its file."""

    name, suffix = "pdf", ".pdf"
    failure: type[BaseException] = RuntimeError

    def write(self, tree: object, target: Path, base: Path | None = None,
              variant: str | None = None) -> list[object]:
        target.write_bytes(b"%PDF-1.7\n% half a book")
        raise self.failure("the renderer crashed")


@pytest.mark.parametrize("failure", [RuntimeError, KeyboardInterrupt, MemoryError])
def test_a_failing_writer_leaves_the_previous_build_whole(
        previous: Path, monkeypatch: pytest.MonkeyPatch, failure: type[BaseException]) -> None:
    import edition.writers

    before = snapshot(previous)
    writer = type("Broken", (BrokenWriter,), {"failure": failure})
    monkeypatch.setattr(edition.writers, "WRITERS", {"pdf": writer, "epub": writer})
    result = runner.invoke(app, ["build", "--seeds", str(SEEDS), "--out", str(previous)])
    assert result.exit_code in (1, 130) and "Traceback" not in result.stderr
    assert "E900" in result.stderr or "interrupted; nothing was written" in result.stderr
    assert snapshot(previous) == before and leftovers(previous) == []


def test_a_failing_validation_stage_exits_1_and_changes_nothing(previous: Path,
                                                                tmp_path: Path) -> None:
    before = snapshot(previous)
    schema = tmp_path / "broken.rng"
    schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>'
                      '<ref name="nowhere"/></start></grammar>', encoding="utf-8")
    result = runner.invoke(app, ["build", "--seeds", str(SEEDS), "--out", str(previous),
                                 "--schema", str(schema), "--no-pdf", "--no-epub"])
    assert result.exit_code == 1 and ": error: E110: " in result.stderr
    assert snapshot(previous) == before and leftovers(previous) == []


def test_an_output_the_system_refuses_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["build", "--seeds", str(SEEDS), "--out", str(blocker / "build"),
                                 "--no-pdf", "--no-epub"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert ": error: E004: cannot read or write: " in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# What a build must never replace ------------------------------------------------------------------

def test_the_sources_folder_is_never_the_output(seeds_copy: Path) -> None:
    before = snapshot(seeds_copy)
    for out in (seeds_copy, seeds_copy.parent):
        result = runner.invoke(app, ["build", "--seeds", str(seeds_copy), "--out", str(out),
                                     "--no-pdf", "--no-epub"])
        assert result.exit_code == 1 and ": error: E005: the output folder holds the sources" \
            in result.stderr
    assert snapshot(seeds_copy) == before


def test_a_file_or_a_foreign_folder_is_never_replaced_by_a_build(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.tex").write_text("\\chapter{One}", encoding="utf-8")
    for out, says in ((notes, "the output is not a folder"),
                      (folder, "the output folder is not empty and is not an earlier build")):
        result = runner.invoke(app, ["build", "--seeds", str(SEEDS), "--out", str(out),
                                     "--no-pdf", "--no-epub"])
        assert result.exit_code == 1 and f": error: E005: {says}" in result.stderr
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert snapshot(folder) == {"chapter1.tex": b"\\chapter{One}"}


def test_convert_never_writes_over_its_source(tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text("A text.\n", encoding="utf-8")
    result = runner.invoke(app, ["convert", str(source), "-o", str(source)])
    assert result.exit_code == 1 and ": error: E005: the output is the source itself" in result.stderr
    assert source.read_text(encoding="utf-8") == "A text.\n"


def test_a_build_folder_is_an_ordinary_folder(previous: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    assert previous.stat().st_mode & 0o777 == 0o777 & ~umask   # not the 0700 of a temp folder


def test_a_build_from_a_folder_with_earlier_build_files_only_is_allowed(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / ".cache").mkdir(parents=True)
    (out / ".cache" / "fonts").write_bytes(b"cached")
    build_edition(SEEDS, out, BuildOptions())
    assert (out / ".cache" / "fonts").read_bytes() == b"cached"   # the cache moves with the build
    build_edition(SEEDS, out, BuildOptions())
    assert (out / ".cache" / "fonts").read_bytes() == b"cached"


# Single files written atomically ------------------------------------------------------------------

def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half of the new")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]


def test_a_refused_conversion_leaves_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    out.write_bytes(b"previous output")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    result = runner.invoke(app, ["convert", str(bad), "-o", str(out)])
    assert result.exit_code == 1 and out.read_bytes() == b"previous output"


def test_a_build_with_errors_raises_them_all_and_writes_nothing(seeds_copy: Path,
                                                                 tmp_path: Path) -> None:
    (seeds_copy / "bad.txt").write_bytes(b"\x00")
    with pytest.raises(EditionError) as raised:
        build_edition(seeds_copy, tmp_path / "out", BuildOptions())
    assert [m.code for m in raised.value.messages if m.is_error] == ["E012"]
    assert not (tmp_path / "out").exists() and leftovers(tmp_path / "out") == []
