"""The web edition in a real browser: Debian's Chromium driven by Playwright, over 127.0.0.1.

The reader's path through the site: home page, contents, a text, a note's pop-up, a name to its
register entry and back, a search, and a search filtered by a person. Screenshots of each step go
to ``SHOTS`` (the environment variable ``EDITION_SHOTS``, else the test's temporary folder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 900, "height": 1100})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"script errors in the page: {errors}"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("EDITION_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_home_contents_text_note(page: Page, served: str, shots: Path) -> None:
    page.goto(f"{served}/index.html")
    expect(page.locator("h1").first).to_contain_text("Paris Commune")
    page.screenshot(path=str(shots / "home.png"), full_page=False)
    # The contents lead to a text.
    page.locator("section.contents a[href^='s-']").first.click()
    expect(page).to_have_url(re.compile(r"/s-t000_ab6ed97fd8b32fba\.html(#[\w-]+)?$"))
    # A note call opens the note over the text, without leaving the page.
    call = page.locator("a.noteref").first
    before = page.url
    call.click()
    popup = page.locator("#note-popup")
    expect(popup).to_be_visible()
    assert page.url == before, "the pop-up does not follow the link"
    note_id = (call.get_attribute("href") or "#")[1:]
    note_text = " ".join(page.locator(f"[id='{note_id}']").inner_text().split()[1:4])
    expect(popup).to_contain_text(note_text)
    page.screenshot(path=str(shots / "text-note.png"))
    page.keyboard.press("Escape")
    expect(popup).to_be_hidden()


def test_note_without_javascript_is_a_footnote_link(browser: Browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/s-t000_ab6ed97fd8b32fba.html")
    call = page.locator("a.noteref").first
    target = call.get_attribute("href")
    call.click()
    assert page.url.endswith(f".html{target}")
    expect(page.locator("#note-popup")).to_have_count(0)
    context.close()


def test_a_name_leads_to_its_register_entry_and_back(page: Page, served: str, shots: Path) -> None:
    page.goto(f"{served}/s-t000_ab6ed97fd8b32fba.html")
    name = page.locator("a.mention-link[href='registers.html#reg-marx']").first
    mention = name.get_attribute("id")
    name.click()
    expect(page).to_have_url(f"{served}/registers.html#reg-marx")
    entry = page.locator("#reg-marx")
    expect(entry).to_contain_text("Marx, Karl")
    expect(entry).to_contain_text("1818")
    expect(entry.locator("a[href='https://www.wikidata.org/wiki/Q9061']")).to_have_count(1)
    page.screenshot(path=str(shots / "register.png"))
    entry.locator(f"a.mention[href$='#{mention}']").click()
    expect(page).to_have_url(f"{served}/s-t000_ab6ed97fd8b32fba.html#{mention}")


def test_search_finds_a_text_and_filters_by_person(page: Page, served: str, shots: Path) -> None:
    page.goto(f"{served}/search.html")
    box = page.locator("#search input[type='text'], #search input[type='search']").first
    box.fill("Versailles")
    results = page.locator(".pagefind-ui__result")
    expect(results.first).to_be_visible(timeout=10_000)
    titles = results.locator(".pagefind-ui__result-title").all_inner_texts()
    assert any("Paris Commune" in title for title in titles), titles
    page.screenshot(path=str(shots / "search.png"))
    unfiltered = results.count()
    # Filter by a person of the registers: only texts that name him remain.
    page.locator(".pagefind-ui__filter-name", has_text="Person").click()
    page.locator("label", has_text="Adolphe Thiers").click()
    expect(page.locator(".pagefind-ui__message")).to_contain_text("result")
    page.wait_for_timeout(300)
    filtered = results.count()
    assert 0 < filtered <= unfiltered
    page.screenshot(path=str(shots / "search-filtered.png"))


def _search(page: Page, served: str, word: str) -> None:
    page.goto(f"{served}/search.html")
    page.locator("#search input").first.fill(word)
    expect(page.locator(".pagefind-ui__result").first).to_be_visible(timeout=10_000)


def _style(page: Page, selector: str, prop: str) -> str:
    return str(page.locator(selector).first.evaluate(
        f"e => getComputedStyle(e).getPropertyValue('{prop}')"))


def test_the_search_is_in_the_books_type_and_the_readers_size(page: Page, served: str) -> None:
    """Pagefind's interface in EB Garamond, sized in em: the reader's text size scales it all."""
    _search(page, served, "Versailles")
    assert _style(page, ".pagefind-ui__result-title", "font-family").startswith('"EB Garamond"')
    assert _style(page, "#search input", "font-family").startswith('"EB Garamond"')
    sizes = {}
    for scale in ("100%", "200%"):      # as a reader's default text size of 16px, then 32px
        page.evaluate(f"document.documentElement.style.fontSize = '{scale}'")
        sizes[scale] = [float(_style(page, selector, "font-size")[:-2]) for selector in
                        ("#search input", ".pagefind-ui__result-title",
                         ".pagefind-ui__result-excerpt", ".pagefind-ui__filter-name")]
    assert all(abs(big / small - 2) < 0.05 for small, big in zip(sizes["100%"], sizes["200%"],
                                                                  strict=True)), sizes


def test_the_search_follows_the_readers_colour_scheme(browser: Browser, served: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        _search(page, served, "Versailles")
        colours[scheme] = (_style(page, "html", "background-color"),
                           _style(page, "#search input", "background-color"),
                           _style(page, ".pagefind-ui__result-excerpt", "color"))
        context.close()
    light, dark = colours["light"], colours["dark"]
    assert light[0] == light[1] and dark[0] == dark[1]       # the box on the page's canvas
    assert light != dark and light[2] != dark[2]
