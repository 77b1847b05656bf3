"""The PDF's progress: WeasyPrint's page log counted into a line every hundred pages, by pages not time."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from edition.writers.pdf import progress
from edition.writers.pdf.progress import pdf_progress


def test_pages_and_passes_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "EVERY", 5)
    lines: list[str] = []
    html = "".join(f'<p style="break-before: page">{n}</p>' for n in range(12))
    with pdf_progress(lines.append) as counter:
        HTML(string=html).write_pdf()
        HTML(string=html[:200]).render()                  # a second render: a second pass
    assert lines[:3] == ["PDF: layout pass 1, page 5", "PDF: layout pass 1, page 10",
                         "PDF: writing (1 layout passes)"]
    assert counter.passes == 2
    lines.clear()
    HTML(string=html).write_pdf()
    assert lines == []                                    # nothing said outside the render
