"""The output folder: a build replaces only a folder that it made itself, listed in its marker
(``.edition-build.json``), and never deletes a file it did not write (E005, nothing touched)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition import build as build_module
from edition.build import MARKER, BuildOptions, build_edition, remove_build
from edition.cli import app
from edition.errors import EditionError
from tests.conftest import DATA

runner = CliRunner()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(DATA / "hostile" / "sidecar" / "text.txt", folder / "text.txt")
    return folder


def cli_build(seeds: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["-q", "build", "--seeds", str(seeds), "--out", str(out),
                                 "--no-pdf", "--no-epub"])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def test_a_folder_with_an_edition_xml_of_its_own_is_not_an_earlier_build(seeds: Path,
                                                                        tmp_path: Path) -> None:
    """The trap of issue 13: any file named edition.xml made the folder "an earlier build"."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "edition.xml").write_text("<mine/>", encoding="utf-8")
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    before = snapshot(out)
    code, stderr = cli_build(seeds, out)
    assert code == 1 and f"{out}:0:0: error: E005: " in stderr and MARKER in stderr
    assert snapshot(out) == before


def test_the_marker_lists_exactly_what_the_build_wrote(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds, out, BuildOptions())
    listed = json.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*")
               if p.is_file() and ".cache" not in p.relative_to(out).parts}
    assert set(listed) | {MARKER} == on_disk
    assert {"edition.xml", "tei/text.xml", ".manifest.json"} <= set(listed)


def test_a_users_file_in_an_earlier_build_is_never_deleted(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert cli_build(seeds, out)[0] == 0
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "tei" / "draft.xml").write_text("<draft/>", encoding="utf-8")
    (seeds / "text.txt").write_text("Another text.\n", encoding="utf-8")   # a rebuild is due
    before = snapshot(out)
    code, stderr = cli_build(seeds, out)
    assert code == 1
    assert f"{out / 'notes.txt'}:0:0: error: E005: the output folder holds notes.txt (and 1 more)" \
        in stderr
    assert snapshot(out) == before


def test_an_empty_folder_of_the_user_counts_as_foreign(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert cli_build(seeds, out)[0] == 0
    (out / "figures").mkdir()
    code, stderr = cli_build(seeds, out)
    assert code == 1 and "holds figures/, which no build wrote" in stderr
    assert (out / "figures").is_dir()


def test_a_file_put_there_during_the_build_is_not_deleted(seeds: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder is checked again under the lock, just before the swap."""
    out = tmp_path / "build"
    build_edition(seeds, out, BuildOptions())
    real = build_module.write_marker

    def meanwhile(stage: Path) -> None:
        (out / "late.txt").write_text("written while the build ran", encoding="utf-8")
        real(stage)

    monkeypatch.setattr(build_module, "write_marker", meanwhile)
    (seeds / "text.txt").write_text("Another text.\n", encoding="utf-8")
    before_build = {k: v for k, v in snapshot(out).items() if not k.startswith(".cache")}
    with pytest.raises(EditionError) as raised:
        build_edition(seeds, out, BuildOptions())
    assert raised.value.messages[0].code == "E005"
    after = snapshot(out)
    assert after.pop("late.txt") == b"written while the build ran"
    assert {k: v for k, v in after.items() if not k.startswith(".cache")} == before_build
    assert not list(tmp_path.glob(".build.staging-*"))


def test_a_build_made_before_the_marker_is_recognised_by_its_manifest(seeds: Path,
                                                                     tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds, out, BuildOptions())
    (out / MARKER).unlink()
    (seeds / "text.txt").write_text("Another text.\n", encoding="utf-8")
    build_edition(seeds, out, BuildOptions())
    assert "Another text." in (out / "tei" / "text.xml").read_text(encoding="utf-8")
    assert (out / MARKER).is_file()


def test_removing_a_build_removes_only_what_it_listed(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build_edition(seeds, out, BuildOptions())
    (out / "tei" / "mine.txt").write_text("mine", encoding="utf-8")
    remove_build(out)
    assert snapshot(out) == {"tei/mine.txt": b"mine"}
    shutil.rmtree(out / "tei")
    build_edition(seeds, tmp_path / "again", BuildOptions())
    remove_build(tmp_path / "again")
    assert not (tmp_path / "again").exists()
