"""The command line, the typer way: exit codes, stdout, stderr, and no traceback for mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from edition import __version__
from edition.cli import app
from tests.conftest import DATA, SEEDS

runner = CliRunner()
SEED = SEEDS / "003_8d26f39cb9f4242f.txt"


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"edition {__version__}"
    for command in ("build", "convert", "validate", "extract"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout, command


def test_convert_writes_tei_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["-q", "convert", str(SEED)])
    assert result.exit_code == 0
    assert result.stdout.startswith("<?xml") and "<TEI " in result.stdout
    out = tmp_path / "003.xml"
    result = runner.invoke(app, ["-q", "convert", str(SEED), "-o", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8") == runner.invoke(
        app, ["-q", "convert", str(SEED)]).stdout


def test_validate_exit_codes_0_1_2(built_tei) -> None:
    assert runner.invoke(app, ["validate", str(built_tei.out / "edition.xml")]).exit_code == 0
    bad = runner.invoke(app, ["validate", str(DATA / "invalid" / "dangling-ref.xml")])
    assert bad.exit_code == 1
    assert "dangling-ref.xml:" in bad.stderr and ": error: E301: " in bad.stderr
    assert "hint:" in bad.stderr and "Traceback" not in bad.stderr
    assert runner.invoke(app, ["validate", "--format", "yaml", "x.xml"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_validate_json_format() -> None:
    result = runner.invoke(app, ["validate", "--format", "json",
                                 str(DATA / "invalid" / "duplicate-id.xml")])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert {f["code"] for f in findings} >= {"E304"}
    assert all({"path", "line", "col", "severity", "code", "message", "hint"} <= f.keys()
               for f in findings)


def test_extract_prints_the_seed_words(built_tei) -> None:
    result = runner.invoke(app, ["extract", str(built_tei.out / "tei" / f"{SEED.stem}.xml")])
    assert result.exit_code == 0
    assert result.stdout.split() == SEED.read_text(encoding="utf-8").split()


def test_a_users_mistake_has_no_traceback_but_debug_shows_one(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Café".encode("latin-1"))
    result = runner.invoke(app, ["convert", str(legacy)])
    assert result.exit_code == 1
    assert f"{legacy}:1:4: error: E011:" in result.stderr and "Traceback" not in result.stderr
    debug = subprocess.run([sys.executable, "-m", "edition", "--debug", "convert", str(legacy)],
                           capture_output=True, text=True, check=False)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_build_reports_every_error_in_one_run(seeds_copy: Path, tmp_path: Path) -> None:
    (seeds_copy / "registers.toml").write_text(
        '[[person]]\nid = "a"\nname = "A"\n\n[[person]]\nid = "a"\nname = "B"\nbogus = 1\n', "utf-8")
    result = runner.invoke(app, ["build", "--seeds", str(seeds_copy), "--out",
                                 str(tmp_path / "b"), "--no-pdf", "--no-epub"])
    assert result.exit_code == 1
    assert "registers.toml:6:1: error: E222" in result.stderr
    assert "registers.toml:8:1: error: E203" in result.stderr
    assert not (tmp_path / "b").exists()


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "edition", "--version"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == f"edition {__version__}"


def test_every_message_code_is_documented_in_the_readme() -> None:
    """The README's table of codes is the user's reference: a code the package can print (in
    Python or in the Schematron rules) must be in it."""
    import re

    from tests.tools import REPO

    package = REPO / "edition"
    sources = [*package.rglob("*.py"), *package.rglob("*.sch")]
    codes = {code for path in sources
             for code in re.findall(r"""["'](E\d{3}|W\d{3})[."']""", path.read_text(encoding="utf-8"))}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([EW]\d{3})`", readme.split("## Exit codes and messages")[1]))
    assert codes >= {"E001", "E011", "E102", "E202", "E301", "W012"}
    assert sorted(codes - documented) == []
