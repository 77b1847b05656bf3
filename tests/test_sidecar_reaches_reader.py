"""Everything the editor writes reaches the reader (issue 13): every field of every sidecar, of the
bundled edition and of a fixture edition that uses every key (tests/data/sidecars/), is found in
the text of the PDF (pdftotext), of the EPUB (its XHTML documents) and of the web edition (its
HTML pages, which reuse the EPUB's XHTML), as a reader sees it: prose
without its markup, a date as the book prints it, a certainty in words.

A field whose value is no text for a reader (an id, the kind of a block, which match an anchor
means) is exempt, each for a reason given below; what it does is tested where it acts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from edition.build import BuildOptions, build_edition
from edition.model.names import date_label
from edition.writers.book.texts import certainty
from tests.conftest import DATA, SEEDS

FIXTURE = DATA / "sidecars"

# Keys whose value is not text for a reader, and why.
EXEMPT = {
    "id": "an xml:id: the reader sees the entry's name",
    "as": "the kind of a block: tests/readers/test_forms.py checks the structure it gives",
    "occurrence": "which match of the anchor is meant",
    "type": "the kind of a note (its place in the apparatus)",
    "lang": "a language tag: the span's xml:lang (its hyphenation, its font)",
    "language": "a language tag: the text's or the edition's xml:lang",
    "when": "a normalised date: @when of the date the anchor's words already give",
    "ref": "a pointer: the reader sees the named entry in the index (tested below)",
    "author_ref": "a pointer: the author's register entry",
    "licence_url": "the licence's address: a link target, its text is the licence",
    "number": "the gap's number: its note says it",
}
DATES = {"date", "birth", "death", "from", "to"}
CERTAINTIES = {"author_cert": "attribution: {}", "date_cert": "date: {}", "cert": "identification: {}"}
# Authority identifiers as the index prints them, linked (Wikidata Q504 · VIAF 34463780).
AUTHORITIES = {"wikidata": "Wikidata {}", "viaf": "VIAF {}", "geonames": "GeoNames {}"}


def fields(value: object, path: str = "") -> Iterator[tuple[str, str, str]]:
    """(path, key, text) for every string in a TOML document, lists and tables included; a
    person's name as the index prints it ("Marx, Karl", TEI P5 §13.2.1)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "name" and isinstance(value.get("surname"), str) and isinstance(item, str):
                rest = " ".join(item.replace(value["surname"], "", 1).split())
                item = f"{value['surname']}, {rest}" if rest else item
            yield from ((p, k, t) for p, k, t in fields(item, f"{path}.{key}" if path else key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from fields(item, f"{path}[{number}]")
    elif isinstance(value, str | int):
        yield path, path.rsplit(".", 1)[-1].split("[")[0], str(value)


def as_read(key: str, value: str) -> str:
    """The value as a reader sees it."""
    if key in DATES and re.fullmatch(r"-?\d{4}(-\d\d){0,2}", value):
        return date_label(value)
    if key in CERTAINTIES:
        return CERTAINTIES[key].format(certainty(value))
    if key in AUTHORITIES:
        return AUTHORITIES[key].format(value)
    if key == "role" and value == "editor":       # "Edited by X" says it; a role of another
        return "Edited by"                        # kind is printed: "X (annotation)"
    return re.sub(r"<[^>]+>", "", value)           # prose: its words, not its markup


def squeezed(text: str) -> str:
    """Text compared without what typesetting changes: white space, line-end hyphens, quotation
    marks (a <q> prints its own)."""
    return re.sub(r"[\s\u00ad\u2010\-\"'\u2018\u2019\u201c\u201d«»]", "", text)


@cache
def built(seeds: Path) -> tuple[str, str, str]:
    """The squeezed text of the PDF, of the EPUB and of the site built from a copy of ``seeds``."""
    root = Path(__import__("tempfile").mkdtemp(prefix="reader-"))
    shutil.copytree(seeds, root / "seeds")
    build_edition(root / "seeds", root / "build", BuildOptions(formats=("pdf", "epub", "site")))
    # The type area only (148 x 210 mm pages, margins 17 and 22 mm): the running heads and folios
    # in the margins would interrupt a paragraph that runs over a page.
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", "-x", "0", "-y", "46", "-W", "420", "-H", "486",
                          str(root / "build" / "edition.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = []
    with zipfile.ZipFile(root / "build" / "edition.epub") as epub:
        for name in sorted(epub.namelist()):
            if name.endswith(".xhtml"):
                words.append("".join(etree.fromstring(epub.read(name)).itertext()))
    pages = [site_text(page) for page in sorted((root / "build" / "site").glob("*.html"))]
    shutil.rmtree(root)
    return squeezed(pdf), squeezed(" ".join(words)), squeezed(" ".join(pages))


def site_text(page: Path) -> str:
    """The words of a page of the site, without the page-break markers (the number of the
    printed page, set inside a paragraph that runs over it)."""
    html = etree.parse(str(page), etree.HTMLParser(encoding="utf-8")).getroot()
    for marker in html.iter():
        if marker.get("role") == "doc-pagebreak":
            marker.text = None
    return " ".join(html.itertext())


def sidecar_fields(seeds: Path) -> list[tuple[str, str, str, str]]:
    found = []
    for toml in sorted(seeds.glob("*.toml")):
        for path, key, value in fields(tomllib.loads(toml.read_text(encoding="utf-8"))):
            found.append((toml.name, path, key, value))
    return found


@pytest.mark.parametrize("seeds", [SEEDS, FIXTURE], ids=["bundled", "fixture"])
def test_every_field_of_every_sidecar_is_in_the_pdf_the_epub_and_the_site(seeds: Path) -> None:
    pdf, epub, site = built(seeds)
    missing = []
    for name, path, key, value in sidecar_fields(seeds):
        if key in EXEMPT or not value.strip():
            continue
        wanted = squeezed(as_read(key, value))
        for output, text in (("PDF", pdf), ("EPUB", epub), ("site", site)):
            if wanted not in text:
                missing.append(f"{output}: {name} {path} = {value[:60]!r}")
    assert not missing, "\n".join(missing)


def test_the_fixture_uses_every_key_the_readme_documents() -> None:
    """The fixture edition is only a test of every key while it holds them all."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The sidecar format"):readme.index("#### Structure kinds")]
    documented = set(re.findall(r"^\s*([a-z_]+) = ", section, re.M)) | {"from", "to", "when", "geonames"}
    used = {key for _, _, key, _ in sidecar_fields(FIXTURE)}
    assert documented - used == set()


def test_the_index_files_eluard_before_zola_in_the_pdf_and_the_epub() -> None:
    """UCA order for the edition's language (fr): "Éluard" with the E's, before "Zola" (code points
    put "É" after "Z")."""
    pdf, epub, site = built(FIXTURE)
    for text in (pdf, epub, site):
        index = text[text.index("Indexofnames"):]
        assert 0 <= index.index("Éluard,Paul") < index.index("Zola,Émile")
