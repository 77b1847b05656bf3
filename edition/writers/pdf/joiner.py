"""Turn a join plan (the pieces' files, the TEI to attach, the links' descriptions) into the joined
PDF, in a fresh process: ``python -m edition.writers.pdf.joiner PLAN.json``.

The join holds every object of the book at once (pikepdf keeps a document in memory until it is
written). Run in the process that laid out and planned the book, that would come on top of the
book, its XHTML and the pieces' HTML; run in a fresh one, it costs the imports and the objects
only. The plan and what it names live in the render's spool folder; the joined PDF is written
to the plan's target. Same plan, same bytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pikepdf

from edition.writers.pdf.finish import attach_source
from edition.writers.pdf.join import join_pdfs
from edition.writers.pdf.tagging import fix_joined

__all__ = ["JoinPlan", "join_apart", "main"]


@dataclass(frozen=True)
class JoinPlan:
    """What the join needs, as plain values: the pieces (file, first page), the PDF to write,
    the TEI's bytes (a file) with its name and date, the variant and the links' descriptions."""

    pieces: list[tuple[str, int]]
    target: str
    source: str
    source_name: str
    stamp: str                          # ISO 8601
    variant: str | None
    descriptions: dict[str, str]

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(asdict(self), sort_keys=True), encoding="utf-8")
        return path

    @classmethod
    def read(cls, path: Path) -> JoinPlan:
        values = json.loads(path.read_text(encoding="utf-8"))
        values["pieces"] = [(str(name), int(first)) for name, first in values["pieces"]]
        return cls(**values)


def join_planned(plan: JoinPlan) -> None:
    """The plan's pieces joined, the links described and the TEI attached, written to its target."""

    def finish(pdf: pikepdf.Pdf) -> None:
        fix_joined(pdf, plan.descriptions)
        attach_source(pdf, Path(plan.source).read_bytes(), plan.source_name,
                      datetime.fromisoformat(plan.stamp), plan.variant)

    join_pdfs([(Path(name), first) for name, first in plan.pieces], Path(plan.target), finish)


def join_apart(plan: JoinPlan, folder: Path) -> None:
    """``plan`` joined in a fresh Python process (its plan written to ``folder``); a failure
    raises with what the process said."""
    path = plan.write(folder / "join-plan.json")
    done = subprocess.run([sys.executable, "-m", "edition.writers.pdf.joiner", str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the join of the PDF's pieces failed (exit code {done.returncode}):\n"
                           + done.stderr[-4000:])


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: python -m edition.writers.pdf.joiner PLAN.json", file=sys.stderr)
        return 2
    join_planned(JoinPlan.read(Path(arguments[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
