"""Ruby in the PDF (styles/print.css): each gloss above its base, centred, smaller, on no line of
its own and without the parentheses of an inline fallback."""

from __future__ import annotations

import re
import subprocess

from tests.writers.pdf.test_pdf import Printed

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
# (base, gloss) of tests/data/tei/japanese-ruby.xml
PAIRS = [("吾輩", "わがはい"), ("見当", "けんとう"), ("書生", "しょせい"), ("獰悪", "どうあく"),
         ("慾", "よく"), ("瞋", "いか")]


def _boxes(printed: Printed) -> list[tuple[float, float, float, float, str]]:
    xml = subprocess.run(["pdftotext", "-bbox", str(printed.path), "-"], capture_output=True,
                         check=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(xml)]


def test_each_gloss_is_set_above_its_base(wild: dict[str, Printed]) -> None:
    boxes = _boxes(wild["japanese-ruby"])
    for base, gloss in PAIRS:
        glosses = [b for b in boxes if b[4] == gloss]
        assert glosses, gloss
        for x0, y0, x1, y1, _ in glosses:
            # the base whose box is just under the gloss (the same word may come twice)
            under = [b for b in boxes if b[4].startswith(base) and 0 < b[1] - y0 < 12 and
                     b[0] - 2 < (x0 + x1) / 2 < b[2] + 2]
            assert under, (gloss, base)
            bx0, by0, bx1, by1, _ = under[0]
            assert abs((x0 + x1) / 2 - (bx0 + len(base) * (bx1 - bx0) / len(under[0][4]) / 2)) < 1.5
            assert y1 - y0 < 0.6 * (by1 - by0)               # smaller than its base
            assert (y0 + y1) / 2 < by0 + 0.2 * (by1 - by0)   # above it, not beside it


def test_no_gloss_is_printed_inline_in_parentheses(wild: dict[str, Printed]) -> None:
    text = " ".join(wild["japanese-ruby"].pages)
    assert not any(f"({gloss})" in text.replace(" ", "") for _, gloss in PAIRS)
