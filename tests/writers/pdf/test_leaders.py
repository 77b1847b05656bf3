"""Leaders as one box per entry: the same dots in the same places as WeasyPrint's box per dot."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image, ImageChops
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from edition.writers.pdf.leaders import one_box_leaders

CONTENTS = """<html><head><style>
@page { size: 120mm 160mm; margin: 15mm; }
body { font-family: serif; font-size: 11pt; }
a { display: block; padding-right: 2em; }
a::after { content: leader(dotted) " " target-counter(attr(href url), page); }
a.dashes::after { content: leader("- ") " " target-counter(attr(href url), page); }
p { break-before: page; }
</style></head><body>
<a href="#one">A short entry</a>
<a href="#two">An entry long enough to come near the page number at the end of the line</a>
<a href="#three" style="padding-left: 2em">Indented</a>
<a class="dashes" href="#one">Leader of a string of two</a>
<p id="one">One</p><p id="two">Two</p><p id="three">Three</p>
</body></html>"""


def _leader_boxes(html: str) -> list[list[str]]:
    """For each leader of the first page, the texts of its boxes."""
    page = HTML(string=html).render().pages[0]
    found: list[list[str]] = []
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if getattr(box, "is_leader", False):
            found.append([child.text for child in box.children if isinstance(child, boxes.TextBox)])
        stack.extend(reversed(getattr(box, "children", ())))
    return found


def _raster(pdf: bytes, target: Path) -> Image.Image:
    target.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(target.with_suffix(".pdf")), str(target)], check=True)
    return Image.open(target.with_suffix(".png")).convert("L")


def test_one_box_holds_the_dots_that_were_boxes() -> None:
    per_dot = _leader_boxes(CONTENTS)
    with one_box_leaders():
        one_box = _leader_boxes(CONTENTS)
    assert len(per_dot) == len(one_box) == 4
    for dots, box in zip(per_dot, one_box, strict=True):
        assert len(dots) > 3 and len(box) == 1                   # many boxes became one
        assert box[0] == "".join(dots)                           # the same dots, every one


def test_the_page_looks_the_same(tmp_path: Path) -> None:
    plain = _raster(bytes(HTML(string=CONTENTS).write_pdf()), tmp_path / "per-dot")
    with one_box_leaders():
        joined = _raster(bytes(HTML(string=CONTENTS).write_pdf()), tmp_path / "one-box")
    difference = ImageChops.difference(plain, joined)
    # Sub-pixel moves of a dot only: no pixel differs by more than a faint shade at 150 dpi.
    assert max(difference.getextrema()) < 96
    assert ImageChops.difference(plain, Image.new("L", plain.size, 255)).getbbox() is not None
