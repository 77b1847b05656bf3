"""Every page of the web edition checked by the tools the web uses: the Nu Html Checker for HTML,
axe-core (the engine Ace runs on EPUBs) for accessibility, in Debian's Chromium.

The pages are the bundled edition's and those of the test documents in ``conftest.DOCUMENTS``.
axe runs on each page in the light and the dark scheme, on the search page with results and
filters shown, and on a text with a note's pop-up open. Both tools come from ``tests/ace``
(``npm ci`` there), pinned in its package.json; vnu runs on Debian's Java.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from playwright.sync_api import Browser, Page

from tests.tools import REPO
from tests.writers.site.conftest import serve

NODE_MODULES = REPO / "tests" / "ace" / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
SET_UP = "install the checkers: (cd tests/ace && PUPPETEER_SKIP_DOWNLOAD=1 npm ci), and Java"

# What fails the test: axe's two gravest impacts (the brief: 0 critical, 0 serious).
GRAVE = {"critical", "serious"}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}));
}"""


def all_sites(site: Path, document_sites: dict[str, Path]) -> dict[str, Path]:
    return {"bundled": site, **document_sites}


def html_pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


# ---------------------------------------------------------------------- the Nu Html Checker
def run_vnu(*pages: Path) -> list[dict]:
    """The checker's messages on ``pages`` (its JSON report), errors and warnings alike."""
    java = shutil.which("java")
    assert java and VNU.is_file(), SET_UP
    run = subprocess.run([java, "-jar", str(VNU), "--format", "json", *map(str, pages)],
                         capture_output=True, text=True, check=False, timeout=600)
    return json.loads(run.stderr or run.stdout)["messages"]


def test_the_checker_finds_an_invalid_page(tmp_path: Path) -> None:
    """The checker is real: a ``meta`` without ``name`` (what the site wrote before) is an error."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title>'
                   '<meta content="x" data-pagefind-filter="Text[content]"></head>'
                   '<body><main><h1>x</h1></main></body></html>', encoding="utf-8")
    errors = [m for m in run_vnu(bad) if m["type"] == "error"]
    assert len(errors) == 1 and "meta" in errors[0]["message"]


def test_every_page_is_valid_html(site: Path, document_sites: dict[str, Path]) -> None:
    pages = [page for folder in all_sites(site, document_sites).values()
             for page in html_pages(folder)]
    assert len(pages) >= 39            # 11 bundled, 28 of the documents
    messages = run_vnu(*pages)
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages if m["type"] in ("error", "non-document-error")]
    assert errors == []


# ---------------------------------------------------------------------- axe-core
def axe(page: Page) -> list[dict]:
    assert AXE.is_file(), SET_UP
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE))


def search_word(folder: Path) -> str:
    """A word of the first text, for a search that has results (and so filters to show)."""
    text = next(p for p in html_pages(folder) if p.name.startswith("s-"))
    main = lxml_html.fromstring(text.read_bytes()).get_element_by_id("main")
    words = re.findall(r"\w{4,}", " ".join(p.text_content() for p in main.iter("p")))
    return words[0] if words else "the"


def findings_of(page: Page, base: str, folder: Path) -> list[tuple[str, dict]]:
    """axe's findings on every page of ``folder``, and on what JavaScript shows: results, a note."""
    found: list[tuple[str, dict]] = []
    for file in (p.name for p in html_pages(folder)):
        page.goto(f"{base}/{file}")
        if file == "search.html":
            page.locator("#search input").first.fill(search_word(folder))
            page.locator(".pagefind-ui__message").first.wait_for(timeout=10_000)
            page.wait_for_timeout(300)        # the filters' counts follow the message
        found += [(file, v) for v in axe(page)]
        call = page.locator("a.noteref")
        if call.count():
            call.first.click()
            page.locator("#note-popup").wait_for(state="visible")
            found += [(f"{file} (note open)", v) for v in axe(page)]
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_grave_on_any_page(browser: Browser, site: Path,
                                             document_sites: dict[str, Path], scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 900, "height": 1100})
    page = context.new_page()
    grave, lesser = [], []
    try:
        for name, folder in all_sites(site, document_sites).items():
            for base in serve(folder):
                for file, violation in findings_of(page, base, folder):
                    line = (f"{name}/{file}: {violation['impact']} {violation['rule']} "
                            f"({violation['help']}): {violation['nodes'][:3]}")
                    (grave if violation["impact"] in GRAVE else lesser).append(line)
    finally:
        context.close()
    print(f"axe, {scheme} scheme, moderate and minor findings:", *lesser or ["none"], sep="\n  ")
    assert grave == []


def test_axe_finds_what_it_should(browser: Browser, tmp_path: Path) -> None:
    """axe is real: grey text on white and an unlabelled box are serious and critical."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                   '<h1>x</h1><p style="color:#bbb">faint</p><input type="text"></main></body>'
                   '</html>', encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(bad.as_uri())
        rules = {v["rule"]: v["impact"] for v in axe(page)}
    finally:
        page.close()
    assert rules.get("color-contrast") == "serious" and rules.get("label") == "critical"
