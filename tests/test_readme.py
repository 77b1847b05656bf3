"""The README says what is true: its apparatus table is the one the build gives."""

from __future__ import annotations

import re

from edition.build import BuildResult
from edition.model.apparatus import count_apparatus, markdown_table
from tests.tools import REPO


def test_the_readme_apparatus_table_matches_the_built_edition(built_tei: BuildResult) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- apparatus:start -->\n(.*?)\n<!-- apparatus:end -->", readme, re.S)
    assert shown is not None
    assert shown.group(1).strip() == markdown_table(count_apparatus(built_tei.corpus))


def test_the_quick_start_has_two_blocks_and_ci_runs_the_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Quick start")
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", readme[start:], re.S | re.M)[:2]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for line in blocks[1].splitlines():
        assert line.strip() in ci, line
    assert "edition build" in blocks[0]
