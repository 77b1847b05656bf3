"""The join in a fresh process (joiner): its plan survives the trip through JSON, and a join that
fails says why in the coordinator. That it joins the pieces as the one-piece PDF is laid out is
test_chunked's."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.writers.pdf.joiner import JoinPlan, join_apart


def _plan(tmp_path: Path) -> JoinPlan:
    return JoinPlan([(str(tmp_path / "front.pdf"), 1), (str(tmp_path / "run.pdf"), 9)],
                    str(tmp_path / "joined.pdf"), str(tmp_path / "source.xml"), "edition.xml",
                    "2026-01-02T00:00:00+00:00", "pdf/a-3a", {"text-1": "The first text"})


def test_the_plan_reads_back_as_written(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    assert JoinPlan.read(plan.write(tmp_path / "plan.json")) == plan


def test_a_join_that_fails_raises_with_what_the_process_said(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match=r"front\.pdf") as raised:
        join_apart(_plan(tmp_path), tmp_path)            # no piece's file exists
    assert "exit code 1" in str(raised.value)
    assert not (tmp_path / "joined.pdf").exists()
