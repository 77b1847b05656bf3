"""The web edition as files: every page, every internal link resolved, byte-reproducible; the CLI."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html
from typer.testing import CliRunner

from edition.cli import app
from edition.writers.site.serve import make_server

runner = CliRunner()


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


def ids_and_links(page: Path) -> tuple[set[str], list[str]]:
    tree = lxml_html.fromstring(page.read_bytes())
    ids = {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
    links = [e.get("href") or e.get("src") for e in tree.iter("a", "link", "script", "img")
             if e.get("href") or e.get("src")]
    return ids, links


def test_the_site_has_its_pages(site: Path) -> None:
    names = {p.name for p in pages(site)}
    assert {"index.html", "principles.html", "registers.html", "sources.html", "colophon.html",
            "search.html"} <= names
    assert len([n for n in names if n.startswith("s-")]) == 3      # one page per text
    home = site.joinpath("index.html").read_text(encoding="utf-8")
    assert home.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "Edited by" in home and "Introduction" in home


def test_no_dangling_internal_link(site: Path) -> None:
    ids = {p.name: ids_and_links(p)[0] for p in pages(site)}
    broken = []
    for page in pages(site):
        for link in ids_and_links(page)[1]:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            file = unquote(parts.path) or page.name
            if not (site / file).is_file():
                broken.append(f"{page.name}: {link} (no file)")
            elif parts.fragment and file.endswith(".html") and unquote(parts.fragment) not in ids[file]:
                broken.append(f"{page.name}: {link} (no id)")
    assert not broken, broken[:20]


def test_names_link_both_ways(site: Path) -> None:
    text = lxml_html.fromstring((site / "s-t000_ab6ed97fd8b32fba.html").read_bytes())
    register = lxml_html.fromstring((site / "registers.html").read_bytes())
    mentions = text.xpath("//a[contains(@class, 'mention-link')]")
    assert mentions
    for mention in mentions:
        entry = mention.get("href").split("#")[1]
        back = register.xpath(f"//*[@id='{entry}']//a[@class='mention']/@href")
        assert f"s-t000_ab6ed97fd8b32fba.html#{mention.get('id')}" in back


def test_each_text_offers_its_tei_and_the_downloads(site: Path) -> None:
    text = lxml_html.fromstring((site / "s-t001_f0442ab00f886287.html").read_bytes())
    tei = text.xpath("//a[. = 'TEI source']/@href")
    assert tei == ["tei/001_f0442ab00f886287.xml"]
    assert (site / tei[0]).read_bytes() == (site.parent / "tei" / "001_f0442ab00f886287.xml").read_bytes()
    assert (site / "downloads/edition.pdf").read_bytes()[:5] == b"%PDF-"
    assert text.xpath("//a[@href='downloads/edition.epub']")


def test_page_breaks_name_the_printed_pages(site: Path) -> None:
    text = lxml_html.fromstring((site / "s-t001_f0442ab00f886287.html").read_bytes())
    markers = text.xpath("//span[@role='doc-pagebreak']")
    assert markers
    numbers = [int(m.text) for m in markers]
    assert numbers == sorted(numbers) and all(m.get("aria-label") ==
                                              f"page {m.text} of the printed edition" for m in markers)


def test_no_epub_vocabulary_nor_xml_syntax_in_the_html(site: Path) -> None:
    for page in pages(site):
        data = page.read_bytes()
        assert b"epub:type" not in data and b"xmlns" not in data and b"<?xml" not in data, page.name


def files(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_builds_give_the_same_bytes(site: Path, tmp_path: Path) -> None:
    """The whole site, the Pagefind index included, twice from the same TEI."""
    tei = site.parent / "edition.xml"
    for name in ("one", "two"):
        result = runner.invoke(app, ["site", str(tei), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    one, two = (files(tmp_path / name) for name in ("one", "two"))
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    assert any(k.parts[:2] == ("pagefind", "filter") for k in one)


def test_site_refuses_a_folder_it_did_not_make(site: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["site", str(site.parent / "edition.xml"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "E801" in result.output and "Traceback" not in result.output
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_serve_refuses_a_missing_site(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 1 and "E804" in result.output


def test_the_server_serves_only_its_folder(site: Path) -> None:
    import threading

    server = make_server(site, 0)
    assert server.server_address[0] == "127.0.0.1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert urllib.request.urlopen(f"{base}/index.html").status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/../edition.xml")
        assert refused.value.code == 404
        (site / "escape").symlink_to(site.parent / "edition.xml")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/escape")
    finally:
        (site / "escape").unlink(missing_ok=True)
        server.shutdown()
        server.server_close()


def test_every_page_is_headed_by_one_h1(site: Path, document_sites: dict[str, Path]) -> None:
    """Texts of a group on pages of their own (rtl.xml) and a part without a head (the Japanese)
    included: the levels below follow, none skipped at the top."""
    for folder in (site, *document_sites.values()):
        for page in pages(folder):
            tree = lxml_html.fromstring(page.read_bytes())
            levels = [int(e.tag[1]) for e in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
            assert levels and levels[0] == 1 and levels.count(1) == 1, f"{folder.name}/{page.name}: {levels}"
    part = lxml_html.fromstring((document_sites["japanese-ruby"] / "s-text-1-2.html").read_bytes())
    assert part.xpath("string(//main//h1)") == "吾輩は猫である（冒頭）・雨ニモマケズ（抄）"
    # its division has no head but @n="2": the number stays its heading, under the page's h1
    assert [(e.tag, e.text_content()) for e in part.iter("h2")][:1] == [("h2", "2")]
    hebrew = lxml_html.fromstring((document_sites["rtl"] / "s-text-1-2.html").read_bytes())
    assert [e.tag for e in hebrew.iter("h1", "h2", "h3")] == ["h1", "h2"]


BLOCKS = ("p", "li", "dd", "dt", "td", "th", "figcaption")


def test_no_page_break_marker_stands_alone(site: Path) -> None:
    """A marker is inside a block of text ("p. 5" before the first words of the Introduction),
    never on a line of its own before a heading."""
    for page in pages(site):
        tree = lxml_html.fromstring(page.read_bytes())
        for marker in tree.xpath("//span[@role='doc-pagebreak']"):
            assert any(a.tag in BLOCKS for a in marker.iterancestors()), (page.name, marker.text)
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    introduction = home.get_element_by_id("introduction")
    first = introduction.xpath(".//p")[0]
    assert first.xpath("./span[@role='doc-pagebreak']"), "the introduction's page is in its first paragraph"


def test_mention_separators_are_tight(site: Path) -> None:
    """The register's back-links read "1, 2, 3": the site's sheet takes back the margin the
    EPUB's gives each link, which would set the commas apart ("1 , 2")."""
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    epub_rule = css.index("a.mention {")
    assert re.search(r"a\.mention\s*\{[^}]*margin:\s*0[;\s}]", css[epub_rule + 1:]), \
        "site.css sets the mentions' margin back to 0 after epub.css"


def test_a_documents_own_registers_are_its_register_page(document_sites: dict[str, Path]) -> None:
    """The letter keeps its persons in ``back`` and its places in ``standOff``: the site has a
    registers page of entries (dates, description, idno as a link), every name in the letter
    links to its entry there and the entry back to the name."""
    site = document_sites["letter-registers"]
    register = lxml_html.fromstring((site / "registers.html").read_bytes())
    keats = register.get_element_by_id("reg-keats")
    said = " ".join(keats.text_content().split())
    assert "Keats, John (31 October 1795 – 23 February 1821)" in said and "poet" in said
    assert keats.xpath(".//p[@class='index-authorities']/a/@href") == [
        "https://en.wikipedia.org/wiki/John_Keats"]
    text = lxml_html.fromstring((site / "s-text-1.html").read_bytes())
    names = text.xpath("//a[contains(@class, 'mention-link')]")
    assert {n.get("href") for n in names} >= {"registers.html#reg-keats", "registers.html#reg-brawne",
                                              "registers.html#reg-college-street"}
    for name in names:
        entry = register.get_element_by_id(name.get("href").split("#")[1])
        assert f"s-text-1.html#{name.get('id')}" in entry.xpath(".//a[@class='mention']/@href")
    # No page of semicolon-joined fields: the standOff page keeps only the bibliography, and is
    # titled by it (not "Registers" over one heading).
    standoff = lxml_html.fromstring((site / "s-standoff-1.html").read_bytes())
    assert [" ".join(h.text_content().split()) for h in standoff.xpath("//main//h1")] == ["Bibliography"]
    assert not standoff.xpath("//main//h2")
    assert not standoff.xpath("//p[contains(@class, 'register-entry')]")
