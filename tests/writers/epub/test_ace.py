"""The EPUB as Ace by DAISY sees it (the accessibility checker the field uses): no critical, serious
or moderate violation in the bundled edition or in any test document, and the fixes it rests on
(roles, page breaks outside headings, BCP 47 tags, a declared page source, honest claims)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from edition.check.ace import ACE_INSTALL, ace_command, browser, run_ace, violations
from edition.check.epub import ACE_ERRORS
from edition.model.xmlio import read_xml
from edition.writers.epub import EpubWriter
from edition.writers.epub.documents import ROLES
from tests.writers.epub.test_epub import NS, TEI_DATA, WILD, Epub, render

PENDING = sorted((TEI_DATA / "pending").glob("*.xml"))
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="session")
def ace_reports(bundled: Epub, wild: dict[str, Epub],
                tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Ace on every EPUB of the session but the generated 2 MB one, two at a time (~20 s each)."""
    if ace_command() is None or browser() is None:
        pytest.fail(f"Ace by DAISY is not installed: {ACE_INSTALL}")
    out = tmp_path_factory.mktemp("ace-pending")
    books = {"bundled": bundled.path, **{n: b.path for n, b in wild.items() if n != "large"},
             **{f"pending/{p.stem}": render(p, out / f"{p.stem}.epub").path for p in PENDING}}
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(books, pool.map(run_ace, books.values()), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bundled", *(p.stem for p in WILD),
                                  *(f"pending/{p.stem}" for p in PENDING)])
def test_ace_finds_no_critical_serious_or_moderate_violation(ace_reports: dict[str, dict],
                                                             name: str) -> None:
    report = ace_reports[name]
    assert report["earl:testSubject"]["metadata"]["dc:title"]      # Ace read the package
    found = [v for v in violations(report) if v[0] in ACE_ERRORS]
    assert found == []


def test_sections_have_the_role_that_matches_their_epub_type(bundled: Epub) -> None:
    typed = [e for _, html in bundled.documents() for e in html.iter() if e.get(EPUB_TYPE)]
    assert {"chapter", "toc", "index", "footnote", "noteref"} <= {e.get(EPUB_TYPE) for e in typed}
    for element in typed:
        role = ROLES.get(element.get(EPUB_TYPE).split()[0])
        if role and etree.QName(element).localname != "body":
            assert element.get("role") == role, etree.tostring(element)[:120]


def test_no_page_break_marker_is_inside_a_heading(bundled: Epub) -> None:
    markers = [m for _, html in bundled.documents()
               for m in html.xpath("//x:span[@class='pagebreak']", namespaces=NS)]
    assert len(markers) > 20
    inside = [m.get("id") for m in markers
              if m.xpath("ancestor::x:h1|ancestor::x:h2|ancestor::x:h3|ancestor::x:h4", namespaces=NS)]
    assert inside == []
    headings = [h for _, html in bundled.documents() for h in html.xpath("//x:h1|//x:h2", namespaces=NS)]
    # A page that begins with a heading has its marker just before it.
    assert any(h.getprevious() is not None and h.getprevious().get("class") == "pagebreak"
               for h in headings)


TEI_LANGS = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="eng"><teiHeader><fileDesc>
<titleStmt><title>Tags</title></titleStmt><publicationStmt><date when="2021-03-18"/></publicationStmt>
<sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader><text><body>
<p>In English, <foreign xml:lang="lat">carpe diem</foreign>, <foreign xml:lang="grc">λόγος</foreign>,
<foreign xml:lang="fre">la Commune</foreign>.</p></body></text></TEI>"""


def test_language_codes_reach_the_epub_as_shortest_bcp47_tags(tmp_path: Path) -> None:
    source = tmp_path / "langs.xml"
    source.write_text(TEI_LANGS, encoding="utf-8")
    EpubWriter(page_list=False).write(read_xml(source), tmp_path / "langs.epub", base=source)
    book = Epub(tmp_path / "langs.epub")
    langs = {lang for _, html in book.documents() for lang in html.xpath("//@lang")}
    assert {"en", "la", "grc", "fr"} <= langs
    assert not langs & {"eng", "lat", "fre"}
    assert book.dc("language") == ["en"]
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert book.meta("a11y:certifiedBy") == []


def test_a_certifier_is_named_only_when_one_is_given(tmp_path: Path) -> None:
    source = TEI_DATA / "verse.xml"
    EpubWriter(page_list=False, certifier="Example Accessibility Services").write(
        read_xml(source), tmp_path / "v.epub", base=source)
    assert Epub(tmp_path / "v.epub").meta("a11y:certifiedBy") == ["Example Accessibility Services"]
