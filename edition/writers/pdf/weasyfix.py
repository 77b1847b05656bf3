"""Turn WeasyPrint 70's two quadratic pagination loops into linear ones, and keep the footnotes
its re-pagination lost: a pinned, checked patch.

WeasyPrint 70 costs more per page the longer the book (``../shared/design/pdf-at-scale.md``):

- ``set_page_type_computed_styles`` walks *every* cascaded style to find the margin boxes of
  the page being made, and after the first pass that dictionary holds an entry per page type,
  which carries the page's index: one page scans all pages made before it;
- ``make_page`` gathers the anchors of every previous page into a list and asks the list,
  once per anchor of the page, whether it holds it.

The first is replaced by a function that asks only for the page's own entries, in the order
WeasyPrint would have met them; the second is ``make_page`` recompiled from its own source with
the two lists made sets (they are only added to and asked for membership). Both give the same
pages, so the same bytes: ``tests/writers/pdf/test_weasyfix.py`` renders with and without.

The patch is pinned: it applies to WeasyPrint 70.0 only, and only when the patched source is
still the one it was written against (a digest). Anything else raises ``WeasyFixError`` (E420), so an
upgrade fails loudly in the tests instead of rendering on unpatched, or wrongly patched, code.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.layout as layout_module
from weasyprint.layout import page as page_module

from edition.errors import EditionError, Message

__all__ = ["PINNED_VERSION", "WeasyFixError", "check_pinned", "patched_pagination"]


PINNED_VERSION = "70.0"

# sha256 of the source of the functions replaced (here and in ``leaders``), as 70.0 ships them.
PINNED_SOURCES = {
    "weasyprint.layout.page.make_page":
        "656f183328e8b1b56311a342621442056c067422958dcaf6730acdfb6c7b8971",
    "weasyprint.layout.page.set_page_type_computed_styles":
        "4e68b396b35c4a0640453f413be69acdc81a82b37e0f806fd00999c937a126bb",
    "weasyprint.layout.leader.handle_leader":
        "e4bf5941eb946d0b2029b21c3613f384d6157edb01d98add8d3bfa120ac3e571",
    "weasyprint.layout.page.make_all_pages":
        "b5e4034894841caa9581fa5d33338c71a7d8948be65618d358ab4b946f367edb",
}

# make_page's lines that change: (as shipped, as patched); each must be found exactly once.
MAKE_PAGE_EDITS = (
    ("    cached_anchors = []\n    cached_lookups = []\n",
     "    cached_anchors = set()\n    cached_lookups = set()\n"),
    ("        cached_anchors.extend(x_remake_state.get('anchors', []))\n"
     "        cached_lookups.extend(x_remake_state.get('content_lookups', []))\n",
     "        cached_anchors.update(x_remake_state.get('anchors', []))\n"
     "        cached_lookups.update(x_remake_state.get('content_lookups', []))\n"),
    ("            cached_anchors.append(anchor)\n", "            cached_anchors.add(anchor)\n"),
    ("                cached_lookups.append(counter_lookup_id)\n",
     "                cached_lookups.add(counter_lookup_id)\n"),
)


# make_all_pages's lines that change, so that no footnote is lost when pages are made again.
# WeasyPrint lays out again only the pages whose content changed (a page number of the contents
# or the index, resolved in a later pass); the footnotes a page could not hold and reported to
# the next (``context.reported_footnotes``) are not part of a page's saved state. So (1) a page
# kept as it was reports nothing, and the next page, made again, lost the footnotes it had held;
# (2) a page made again that now reports other footnotes left the next page as it was. A page
# now records what it reported; a kept page reports it again, and a change makes the next page
# again (issue 13: "the footnote that vanished", ``tests/writers/pdf/test_footnotes.py``).
MAKE_ALL_PAGES_EDITS = (
    ("            reported_footnotes = context.reported_footnotes\n            yield page\n",
     "            reported_footnotes = context.reported_footnotes\n"
     "            carried = context.__dict__.setdefault('edition_carried', {})\n"
     "            if carried.get(i, []) != reported_footnotes and (\n"
     "                    resume_at is not None or reported_footnotes):\n"
     "                context.page_maker[i + 1][-1]['content_changed'] = True\n"
     "            carried[i] = list(reported_footnotes)\n"
     "            yield page\n"),
    ("            reported_footnotes = None\n            yield pages[i]\n",
     "            context.reported_footnotes = list(\n"
     "                context.__dict__.get('edition_carried', {}).get(i, []))\n"
     "            reported_footnotes = context.reported_footnotes\n"
     "            yield pages[i]\n"),
)


class WeasyFixError(EditionError):
    """WeasyPrint is not the version, or not the code, the pagination patch was written for
    (``E420``, pointing at WeasyPrint's file: the installation is at fault, not the edition)."""


HINT = ("install the pinned WeasyPrint (pip install 'weasyprint==70.0'), or check"
        " edition/writers/pdf/weasyfix.py against the new version and pin it again")


def _refused(text: str) -> WeasyFixError:
    path = inspect.getsourcefile(page_module) or "weasyprint"
    return WeasyFixError(Message.at("E420", "error", path, text, HINT))


def source_digest(function: Any) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()


_SHIPPED: dict[str, Any] = {}


def _shipped(name: str) -> Any:
    """The function as WeasyPrint ships it: taken the first time it is asked for, before any
    patch of ours replaces it."""
    if name not in _SHIPPED:
        module, _, function = name.rpartition(".")
        _SHIPPED[name] = getattr(importlib.import_module(module), function)
    return _SHIPPED[name]


def check_pinned() -> None:
    """Raise ``WeasyFixError`` unless WeasyPrint is 70.0 with the functions the patch replaces."""
    if weasyprint.__version__ != PINNED_VERSION:
        raise _refused(f"edition patches WeasyPrint {PINNED_VERSION}'s pagination,"
                       f" found {weasyprint.__version__}")
    for name, digest in PINNED_SOURCES.items():
        found = source_digest(_shipped(name))
        if found != digest:
            raise _refused(f"{name} is not WeasyPrint {PINNED_VERSION}'s"
                           f" (sha256 {found}): the pagination patch no longer applies")


def linear_make_page() -> Any:
    """``make_page`` compiled from its own source with the anchor and lookup lists made sets."""
    return _recompiled("weasyprint.layout.page.make_page", MAKE_PAGE_EDITS)


def footnote_keeping_make_all_pages() -> Any:
    """``make_all_pages`` compiled from its own source, keeping each page's reported footnotes."""
    return _recompiled("weasyprint.layout.page.make_all_pages", MAKE_ALL_PAGES_EDITS)


def _recompiled(name: str, edits: tuple[tuple[str, str], ...]) -> Any:
    """A function of WeasyPrint's page module compiled from its own source with ``edits``."""
    shipped_function = _shipped(name)
    source = textwrap.dedent(inspect.getsource(shipped_function))
    for shipped, patched in edits:
        if source.count(shipped) != 1:
            raise _refused(f"{name.rpartition('.')[2]} no longer holds {shipped.strip()!r} once")
        source = source.replace(shipped, patched)
    namespace: dict[str, Any] = {}
    code = compile(source, inspect.getsourcefile(shipped_function) or f"<{name}>", "exec")
    exec(code, vars(page_module), namespace)      # WeasyPrint's own source, digest checked
    return namespace[name.rpartition(".")[2]]


def set_page_type_computed_styles(page_type: Any, html: Any, style_for: Any) -> None:
    """WeasyPrint's function, asking for this page type's margin boxes only (CSS Paged Media 3
    §5: each page has its own); the scan of all cascaded styles found the same ones, in the
    order their rules come in the sheets, which ``add_page_declarations`` also follows."""
    style_for.add_page_declarations(page_type)
    style_for.set_computed_styles(
        page_type, root=html.etree_element, parent=html.etree_element, base_url=html.base_url)
    cascaded = style_for.get_cascaded_styles()
    for pseudo_type in _page_pseudo_types(style_for, page_type):
        if (page_type, pseudo_type) in cascaded:
            style_for.set_computed_styles(
                page_type, pseudo_type=pseudo_type, root=html.etree_element, parent=page_type,
                base_url=html.base_url)


def _page_pseudo_types(style_for: Any, page_type: Any) -> list[str]:
    """The margin boxes whose rules match the page type, each once, in the sheets' order."""
    found: dict[str, None] = {}
    for sheet, _origin, _sheet_specificity in style_for._sheets:
        for _rule, selector_list, _declarations in sheet.page_rules:
            for _, pseudo_type, page_selector_type in selector_list:
                if pseudo_type and style_for._page_type_match(page_selector_type, page_type):
                    found.setdefault(pseudo_type, None)
    return list(found)


@contextmanager
def patched_pagination() -> Iterator[None]:
    """WeasyPrint's pagination without its two quadratic loops, and without losing a reported
    footnote when pages are made again, for the render inside."""
    check_pinned()
    saved = page_module.make_page, page_module.set_page_type_computed_styles
    saved_all = layout_module.make_all_pages           # layout_document's own name for it
    page_module.make_page = linear_make_page()
    page_module.set_page_type_computed_styles = set_page_type_computed_styles
    layout_module.make_all_pages = footnote_keeping_make_all_pages()
    try:
        yield
    finally:
        page_module.make_page, page_module.set_page_type_computed_styles = saved
        layout_module.make_all_pages = saved_all


for _name in PINNED_SOURCES:
    _shipped(_name)
