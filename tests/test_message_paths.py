"""No message names a file that is not there after the command: every failing command of the
test corpora is run, and each path its messages name must exist (or be the option, or the path
the user gave). A build that fails writes nothing, so a message naming ``build/tei/x.xml`` or
``build/edition.xml`` would send the user to a file that does not exist (issue 13)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.cli import app
from tests.annotate.test_sidecar_errors import CASES, EXPECTED, seeds_with
from tests.conftest import DATA

runner = CliRunner()
PLACE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning|info): [EW]\d{3}: ",
                   re.MULTILINE)
TEI_ONLY = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"
    ns="http://www.tei-c.org/ns/1.0"><start><element name="TEI"><ref name="any"/></element></start>
  <define name="any"><zeroOrMore><choice><attribute><anyName/></attribute><text/>
    <element><anyName/><ref name="any"/></element></choice></zeroOrMore></define></grammar>"""
NOTHING = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>
  <element name="nothing"><empty/></element></start></grammar>"""


def named_paths(stderr: str) -> list[str]:
    paths = [found["path"] for found in PLACE.finditer(stderr)]
    assert paths, stderr
    return paths


def assert_every_path_exists(stderr: str, given: list[str], out: Path | None = None) -> None:
    for path in named_paths(stderr):
        if path.startswith("-") or path in given:
            continue
        assert Path(path).exists(), (path, stderr)
        if out is not None:   # never the output folder, which holds at most an older build
            assert not Path(path).resolve().is_relative_to(out.resolve()), (path, stderr)


def run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2) and "Traceback" not in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_build_names_only_files_that_exist(case: str, tmp_path: Path) -> None:
    seeds = seeds_with(tmp_path, case)
    out = tmp_path / "build"
    stderr = run(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf", "--no-epub"])
    assert_every_path_exists(stderr, [], out)


@pytest.mark.parametrize(("schema", "named"), [(NOTHING, "text.txt"), (TEI_ONLY, "seeds")])
def test_a_schema_error_in_the_output_is_named_at_the_source(schema: str, named: str,
                                                            tmp_path: Path) -> None:
    """Each text's TEI (the first schema) and the collected edition (the second) are invalid;
    neither is written, and an earlier build is in the folder: the messages name the sources."""
    seeds = seeds_with(tmp_path)
    out = tmp_path / "build"
    run_ok = runner.invoke(app, ["-q", "build", "--seeds", str(seeds), "--out", str(out),
                                 "--no-pdf", "--no-epub"])
    assert run_ok.exit_code == 0, run_ok.stderr
    (seeds / "text.txt").write_text((CASES / "text.txt").read_text(encoding="utf-8") + "\nMore.\n",
                                    encoding="utf-8")
    rng = tmp_path / "strict.rng"
    rng.write_text(schema, encoding="utf-8")
    stderr = run(["build", "--seeds", str(seeds), "--out", str(out), "--no-pdf", "--no-epub",
                  "--schema", str(rng)])
    assert_every_path_exists(stderr, [], out)
    assert all(Path(p).name == named for p in named_paths(stderr)), stderr
    assert "nothing was written" in stderr


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "invalid").glob("*.xml")))
def test_validate_names_the_file_it_was_given(name: str) -> None:
    given = str(DATA / "invalid" / name)
    assert_every_path_exists(run(["validate", given]), [given])


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "hostile" / "xml").glob("*.xml")))
@pytest.mark.parametrize("command", ["validate", "extract"])
def test_hostile_xml_names_only_files_that_exist(name: str, command: str) -> None:
    given = str(DATA / "hostile" / "xml" / name)
    result = runner.invoke(app, [command, given])
    assert "Traceback" not in result.stderr
    if PLACE.search(result.stderr):
        assert_every_path_exists(result.stderr, [given])


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "hostile" / "text").glob("*.txt")))
def test_convert_names_only_files_that_exist(name: str, tmp_path: Path) -> None:
    source = tmp_path / name
    shutil.copy(DATA / "hostile" / "text" / name, source)
    out = tmp_path / "out.xml"
    result = runner.invoke(app, ["convert", str(source), "-o", str(out)])
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        assert_every_path_exists(result.stderr, [str(source)])
        assert not out.exists()


def test_a_missing_file_is_named_as_given(tmp_path: Path) -> None:
    """The one message that names a file that is not there: the one the user asked for."""
    missing = str(tmp_path / "nowhere.xml")
    stderr = run(["validate", missing])
    assert named_paths(stderr) == [missing]
