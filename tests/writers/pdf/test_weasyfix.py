"""The pinned patch of WeasyPrint 70's pagination: same bytes as unpatched, loud on any other WeasyPrint."""

from __future__ import annotations

import io

import pikepdf
import pytest
import weasyprint
from weasyprint import HTML
from weasyprint.layout import page as page_module

from edition.writers.pdf import weasyfix
from edition.writers.pdf.weasyfix import WeasyFixError, check_pinned, patched_pagination

# Many pages, many anchors, margin boxes on named, left and right pages, and a contents whose
# page numbers point forward (target-counter): every path of the two patched functions.
SHEET = """
@page { size: 100mm 80mm; @bottom-center { content: counter(page); } }
@page :left { @top-left { content: "left"; } }
@page :right { @top-right { content: string(head); } }
@page chapter:first { @top-right { content: none; } }
section { page: chapter; break-before: right; }
h1 { string-set: head content(); }
a::after { content: leader('.') target-counter(attr(href), page); }
"""


def _book(chapters: int) -> str:
    contents = "".join(f'<p><a href="#c{n}">Chapter {n}</a></p>' for n in range(chapters))
    body = "".join(
        f'<section id="c{n}"><h1>Chapter {n}</h1>'
        + "".join(f'<p id="p{n}-{m}">Paragraph {m} of chapter {n}, long enough to wrap a line or two '
                  "on these small pages, which makes the book run to many of them.</p>"
                  for m in range(12))
        + "</section>" for n in range(chapters))
    return f"<html><head><style>{SHEET}</style></head><body>{contents}{body}</body></html>"


def _pdf(html: str) -> bytes:
    return bytes(HTML(string=html).write_pdf(pdf_identifier=b"fixed", uncompressed_pdf=True))


def test_patched_pagination_gives_the_same_bytes() -> None:
    html = _book(6)
    shipped = page_module.make_page
    plain = _pdf(html)
    with patched_pagination():
        assert page_module.make_page is not shipped
        patched = _pdf(html)
    assert len(pikepdf.open(io.BytesIO(patched)).pages) > 30   # a book of some length
    assert patched == plain


def test_the_patch_is_undone_after_the_render() -> None:
    before = page_module.make_page, page_module.set_page_type_computed_styles
    with patched_pagination():
        assert page_module.set_page_type_computed_styles is weasyfix.set_page_type_computed_styles
    assert (page_module.make_page, page_module.set_page_type_computed_styles) == before


def test_another_weasyprint_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(WeasyFixError, match=r"found 71\.0"):
        check_pinned()
    with pytest.raises(WeasyFixError), patched_pagination():
        pass                                                # never reached: refused before


def test_changed_weasyprint_code_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(weasyfix.PINNED_SOURCES, "weasyprint.layout.page.make_page", "0" * 64)
    with pytest.raises(WeasyFixError, match=r"make_page is not WeasyPrint 70\.0's"):
        check_pinned()


def test_an_edit_that_no_longer_matches_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyfix, "MAKE_PAGE_EDITS", (("    no such line\n", "    x\n"),))
    with pytest.raises(WeasyFixError, match="no such line"):
        weasyfix.linear_make_page()


def test_the_lists_are_made_sets() -> None:
    shipped, patched = page_module.make_page.__code__, weasyfix.linear_make_page().__code__
    assert not {"update", "add"} & set(shipped.co_names)
    assert {"update", "add"} <= set(patched.co_names)
    assert patched.co_filename == shipped.co_filename      # tracebacks still point at WeasyPrint
