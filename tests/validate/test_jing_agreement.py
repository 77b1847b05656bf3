"""`edition validate --schema tei_all.rng` gives Jing's verdict on every test document.

With ``--schema`` the edition's own rules stay out (``--rules`` would add them), so valid and
invalid mean what they mean to Jing on the official schema: tests/data/tei holds real-world TEI,
valid and deliberately invalid, and tests/data/invalid the edition's own defects, most of which
only the rules see.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition.cli import app
from tests.conftest import DATA
from tests.tools import jing, tei_all_path

# Every test document of tests/data/tei and tests/data/invalid.
DOCUMENTS = sorted([*(DATA / "tei").rglob("*.xml"), *(DATA / "invalid").glob("*.xml")])
JING_FINDING = re.compile(r"^(.+?):\d+:\d+: (?:error|fatal): ", re.MULTILINE)
JING_FATAL = re.compile(r"^(.+?):\d+:\d+: fatal: ", re.MULTILINE)


@pytest.fixture(scope="module")
def jing_invalid() -> set[str]:
    """The documents Jing finds invalid (or not well-formed), in as few runs of the JVM as it
    takes: Jing stops at the first document that is not well-formed, so it is run again on the
    documents after that one."""
    invalid: set[str] = set()
    pending = list(DOCUMENTS)
    while pending:
        result = jing(tei_all_path(), *pending)
        assert result.returncode in (0, 1), result.stderr
        output = result.stdout + result.stderr
        invalid |= {Path(path).name for path in JING_FINDING.findall(output)}
        fatal = [Path(path) for path in JING_FATAL.findall(output)]
        pending = pending[pending.index(fatal[0].resolve()) + 1:] if fatal else []
    return invalid


@pytest.fixture(scope="module")
def edition_invalid() -> set[str]:
    result = CliRunner().invoke(app, ["validate", "--schema", str(tei_all_path()), "--format",
                                      "json", *map(str, DOCUMENTS)])
    assert "Traceback" not in result.stderr and "E900" not in result.stdout
    findings = json.loads(result.stdout)
    assert result.exit_code == (1 if any(f["severity"] == "error" for f in findings) else 0)
    return {Path(f["path"]).name for f in findings if f["severity"] == "error"}


def test_both_verdicts_are_there_to_agree_on(jing_invalid: set[str]) -> None:
    names = {path.name for path in DOCUMENTS}
    assert jing_invalid and jing_invalid < names   # some valid, some invalid: the test can fail


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(DATA)))
def test_validate_with_tei_all_agrees_with_jing(document: Path, jing_invalid: set[str],
                                                edition_invalid: set[str]) -> None:
    assert (document.name in edition_invalid) == (document.name in jing_invalid)


def test_invalid_test_documents_are_named_as_such(jing_invalid: set[str]) -> None:
    wild = {path.name for path in (DATA / "tei").rglob("*.xml")}
    assert {name for name in jing_invalid & wild} == {name for name in wild if "-invalid" in name}
