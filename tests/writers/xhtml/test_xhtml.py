"""The TEI → XHTML processing model on TEI from the wild (tests/data/tei): what each element
becomes, and the invariant that whatever TEI nests, the XHTML is valid HTML."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.model.xmlio import parse_xml, read_xml
from edition.writers.book import Book, make_book
from edition.writers.xhtml import XHTML, fix_nesting, h
from edition.writers.xhtml.nesting import FLOW_ONLY, PHRASING_ONLY
from tests.conftest import DATA

TEI_DATA = DATA / "tei"
X = f"{{{XHTML}}}"
NS = {"x": XHTML}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@cache
def book(name: str) -> Book:
    path = TEI_DATA / f"{name}.xml"
    return make_book(read_xml(path), path)


def texts(name: str) -> etree._Element:
    """The text sections of a test document, in one XHTML ``div``, notes after them."""
    holder = h("div")
    for section in book(name).texts:
        holder.append(section.body)
        for note in section.notes:
            holder.append(note.content)
    return holder


def find(name: str, xpath: str) -> list[etree._Element]:
    return texts(name).xpath(xpath, namespaces=NS)


def words(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def tei(body: str, lang: str = "en") -> Book:
    """A book of a small TEI document written in the test."""
    source = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc>'
              "<titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>"
              f"<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>{body}</body>"
              "</text></TEI>")
    return make_book(parse_xml(source.encode(), "test.xml"), Path("test.xml"))


def body_of(result: Book) -> etree._Element:
    holder = h("div")
    for section in result.texts:
        holder.append(section.body)
        for note in section.notes:
            holder.append(note.content)
    return holder


# ---------------------------------------------------------------------- verse and drama
def test_verse_lines_are_numbered_every_fifth_line_and_keep_their_indent() -> None:
    numbers = [words(n) for n in find("verse", "//x:span[@class='line-number']")]
    assert numbers and all(int(n) % 5 == 0 for n in numbers if n.isdigit())
    assert find("verse", "//x:div[contains(@class, 'l ')][contains(@class, 'rend-indent')]")
    nested = find("verse", "//x:div[contains(@class, 'lg')]//x:div[contains(@class, 'lg')]")
    assert nested                                     # the sonnet's octave and sestet
    french = find("verse", "//x:section[@lang='fr']")
    assert french and "automne" in words(french[0])


def test_a_note_after_a_poem_is_called_at_the_end_of_its_last_line() -> None:
    calls = find("verse", "//x:a[@class='noteref']")
    assert calls and all(c.getparent().get("class", "").startswith("l") for c in calls)


def test_drama_speeches_speakers_stage_directions_and_cast() -> None:
    assert find("drama", "//x:div[starts-with(@class, 'sp')]/x:p[@class='speaker']")
    stages = {c for s in find("drama", "//*[contains(@class, 'stage')]") for c in s.get("class").split()}
    assert {"stage-entrance", "stage-exit", "stage-setting"} <= stages
    assert find("drama", "//x:div[contains(@class, 'part-F')]")         # a shared line, finished
    assert find("drama", "//*[contains(@class, 'castItem')]/x:span[@class='role']")
    assert [words(h1) for h1 in find("drama", "//x:h1")] == ["The Tragedy of Macbeth"]


def test_the_title_page_of_the_source_is_the_only_title_of_the_text() -> None:
    titles = find("group", "//x:h1")
    assert len(titles) == 1 and titles[0].get("class") == "docTitle"
    levels = {words(e): e.tag[-1] for e in find("group", "//*[self::x:h2 or self::x:h3]")}
    assert levels == {"About this document": "2", "Sonnet XVIII": "2", "Two later sonnets": "2",
                      "Sonnet CXVI": "3", "Sonnet CXXX": "3"}


# ---------------------------------------------------------------------- letters
def test_letter_opener_closer_and_postscript() -> None:
    assert find("letter", "//x:div[@class='opener']/x:p[@class='dateline']")
    assert find("letter", "//x:div[@class='opener']/x:p[@class='salute']")
    assert find("letter", "//x:div[@class='closer']/x:p[@class='signed']")
    assert find("letter", "//x:div[@class='address']/x:p[@class='addrLine']")
    assert find("letter", "//x:div[@class='postscript']")
    mentions = {e.get("id") for e in find("letter", "//x:span[@class='person'][@id]")}
    indexed = {m.id for item in book("letter").registers for m in item.mentions}
    assert mentions and mentions <= indexed       # each name of the letters is in the index


# ---------------------------------------------------------------------- transcription
def test_corrections_show_the_correction_and_keep_the_source_reading() -> None:
    corr = find("manuscript", "//x:span[@class='corr']")[0]
    assert words(corr) == "proposition" and corr.get("title") == "proposistion"
    apparatus = find("manuscript", "//x:p[@class='apparatus']")
    assert apparatus and words(apparatus[0]).startswith("proposistion] proposition")
    # TEI P5 §3.5.1: the reading level ("norm") shows the regularisation, the original in title.
    assert [words(e) for e in find("manuscript", "//x:span[@class='reg']")][:1] == ["battlefield"]
    assert find("manuscript", "//x:span[@class='reg'][@title='battle-field']")
    expansions = [words(e) for e in find("manuscript", "//x:span[@class='expan']")]
    assert "and" in expansions and "November" in expansions


def test_additions_deletions_gaps_and_editorial_supplements() -> None:
    assert [words(e) for e in find("manuscript", "//x:del")] == ["it"]
    assert "that field" in [words(e) for e in find("manuscript", "//x:ins")]
    gap = find("manuscript", "//x:span[@class='gap']")[0]
    assert words(gap) == "[…]" and "illegible" in gap.get("title")
    assert "[this]" in [words(e) for e in find("manuscript", "//x:span[@class='supplied']")]
    assert find("manuscript", "//x:span[@class='unclear']")


def test_page_and_line_beginnings() -> None:
    pages = find("manuscript", "//x:span[@class='pb']")
    assert [words(p) for p in pages] == ["[1]", "[2]"]
    assert all(p.get("role") is None for p in pages)        # not this book's pages
    first = find("manuscript", "//x:p[starts-with(normalize-space(.), 'Four score')]")[0]
    assert first.find("x:br", NS) is None or first.text.strip()   # no break before line 1
    assert len(first.findall(".//x:br", NS)) == 3
    assert find("manuscript", "//x:span[contains(@class, 'milestone')]")


def test_highlighting_by_rend_and_rendition() -> None:
    classes = {c for e in find("manuscript", "//*[contains(@class, 'rend-')]")
               for c in e.get("class").split()}
    assert {"rend-bold", "rend-italic", "rend-underline", "rend-superscript", "rend-smallcaps"} <= \
        classes
    assert find("manuscript", "//x:h2[contains(@style, 'text-align: center')]")


def test_notes_in_every_placement() -> None:
    ids = {n.id for s in book("manuscript").texts for n in s.notes}
    assert {"n-margin", "n-gap", "n-end"} <= ids            # foot, margin and end: footnotes
    inline = find("manuscript", "//x:span[@class='note-inline']")
    assert [words(e) for e in inline] == ["[simulated: ink blot]"]    # inline: stays in the text


# ---------------------------------------------------------------------- structure
def test_lists_tables_figures_and_links() -> None:
    assert find("structure", "//x:ol[contains(@class, 'list-ordered')]/x:li")
    assert find("structure", "//x:dl[contains(@class, 'gloss')]/x:dt")
    table = find("structure", "//x:table[@id='tbl-apportionment']")[0]
    assert table.xpath(".//x:th[@colspan='3']", namespaces=NS)
    assert table.xpath(".//x:th[@rowspan='4']", namespaces=NS)
    assert table.find("x:caption", NS) is not None
    image = find("structure", "//x:figure/x:img")[0]
    assert image.get("src").startswith("images/") and image.get("alt")
    internal = find("structure", "//x:a[@href='#tbl-apportionment']")
    assert internal and words(internal[1]).startswith("Table 1")     # the ptr, labelled
    assert find("structure", "//x:a[@href='https://tei-c.org/guidelines/p5/']")


def test_a_list_inside_a_paragraph_splits_the_paragraph() -> None:
    powers = find("structure", "//x:ol[@id='powers']")[0]
    assert powers.getparent().tag != f"{X}p"
    assert words(powers.getprevious()) == "The Congress shall have Power"


def test_quotation_marks_are_added_once() -> None:
    quoted = [words(e) for e in find("structure", "//x:span[contains(@class, 'q')]")]
    assert '"My dear Mr. Bennet,"' in quoted and "“Every element" in " ".join(quoted)
    assert not any(q.startswith(("““", '“"', "“‘“")) for q in quoted)
    french = [words(e) for e in texts("corpus").xpath("//x:span[contains(@class, 'said')]",
                                                        namespaces=NS)]
    assert "— Nuit et jour à tout venant" in french                    # inside an open «
    assert not any(q.startswith("« «") for q in french)
    assert "‘My name is Ozymandias, king of kings:’" in [
        words(e) for e in find("verse", "//x:span[@class='q']")]     # nested in "…"


def test_titles_of_parts_are_quoted_and_works_in_italics() -> None:
    assert "“Economy”" in [words(e) for e in find("structure", "//x:span[contains(@class, 'title-part')]")]
    assert find("structure", "//x:cite[@class='title']")


def test_floating_texts_front_and_back_matter() -> None:
    assert find("structure", "//x:div[contains(@class, 'floatingText')]")
    assert find("structure", "//x:p//x:span[contains(@class, 'floatingText')]")
    assert find("structure", "//x:div[@class='titlePage']/x:h1[@class='docTitle']")
    assert find("structure", "//x:div[contains(@class, 'argument')]")
    assert find("structure", "//x:ul[@class='listBibl']/x:li")
    assert find("structure", "//*[@class='trailer']")


def test_unsafe_references_are_text_not_links_and_are_reported() -> None:
    assert not find("unsafe-links", "//x:img")
    assert not find("unsafe-links", "//x:a[starts-with(@href, 'file:')]")
    codes = [m.code for m in book("unsafe-links").warnings]
    assert codes.count("W102") >= 2


# ---------------------------------------------------------------------- languages and scripts
def test_language_and_direction() -> None:
    arabic = find("rtl", "//*[@lang='ar']")
    assert arabic and all(e.get("dir") == "rtl" for e in arabic)
    assert all(e.get("dir") == "rtl" for e in find("rtl", "//*[@lang='he']"))
    assert all(e.get("dir") == "ltr" for e in find("rtl", "//*[@dir='rtl']//*[@lang='en']"))
    assert find("cjk", "//x:ruby/x:rt")
    assert {e.get("lang") for e in find("scripts", "//*[@lang]")} >= {"grc", "ru"}
    titles = [s.title for s in book("corpus").texts]
    assert len(titles) == 3 and {s.lang for s in book("corpus").texts} == {"en", "fr"}


def test_a_thin_header_still_renders_with_warnings() -> None:
    thin = book("thin-header")
    assert {m.code for m in thin.warnings} == {"W103"}
    assert "invisible worm" in words(texts("thin-header"))


def test_unknown_elements_render_their_content_and_are_reported_once() -> None:
    result = tei("<p>One <dictScrap>strange</dictScrap> and <dictScrap>odd</dictScrap>.</p>"
                 "<dictScrap><p>A block inside.</p></dictScrap>")
    assert result.unknown == {"dictScrap": 3}
    assert [m.code for m in result.warnings] == ["W101"]
    shown = body_of(result)
    assert "strange" in words(shown) and "A block inside." in words(shown)
    assert shown.xpath("//x:div[@class='tei-dictScrap']/x:p", namespaces=NS)


def test_critical_apparatus_shows_the_lemma_and_notes_the_readings() -> None:
    result = tei('<p>He <app><lem wit="#A">went</lem><rdg wit="#B">came</rdg><rdg wit="#C"/></app> '
                 "home.</p>")
    assert words(body_of(result).find(".//x:p", NS)) == "He went1 home."
    entry = words(result.texts[0].notes[0].content)
    assert entry == "went A] came B; om. C"


def test_markup_names_in_prose() -> None:
    result = tei("<p>Use <gi>sic</gi> with <att>rend</att> <val>bold</val>.</p>")
    assert words(body_of(result).find(".//x:p", NS)) == "Use <sic> with @rend “bold”."


# ---------------------------------------------------------------------- valid HTML, always
def violations(root: etree._Element) -> list[str]:
    """What HTML forbids: a block inside a phrase, a link inside a link, list items astray."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rpartition("}")[2]
        ancestors = [a.tag.rpartition("}")[2] for a in element.iterancestors()]
        if tag in FLOW_ONLY and any(a in PHRASING_ONLY for a in ancestors):
            found.append(f"<{tag}> inside <{next(a for a in ancestors if a in PHRASING_ONLY)}>")
        if tag == "a" and "a" in ancestors:
            found.append("<a> inside <a>")
        if tag == "li" and ancestors[:1] not in (["ul"], ["ol"]):
            found.append(f"<li> inside <{ancestors[:1]}>")
        if tag in ("ul", "ol") and any(c.tag != f"{X}li" for c in element):
            found.append(f"<{tag}> holding something else than <li>")
    return found


@pytest.mark.parametrize("name", sorted(p.stem for p in TEI_DATA.glob("*.xml")))
def test_the_xhtml_of_every_test_document_is_valid_html(name: str) -> None:
    for section in book(name).sections:
        assert violations(section.body) == [], section.id
        for note in section.notes:
            assert violations(note.content) == []


BLOCKS = ["p", "list", "table", "quote", "lg", "figure", "floatingText", "note", "said", "hi",
          "ref", "cit", "sp", "closer", "address", "foo"]


def tei_tree(depth: int) -> st.SearchStrategy[str]:
    """TEI fragments that nest block and phrase elements in any order."""
    leaf = st.sampled_from(["word", "<lb/>", "<pb n='3'/>", "<gap/>", "<note>n</note>", "x y"])
    if depth == 0:
        return leaf
    children = st.lists(tei_tree(depth - 1), min_size=1, max_size=3).map(" ".join)
    return st.one_of(leaf, st.tuples(st.sampled_from(BLOCKS), children).map(wrap))


def wrap(pair: tuple[str, str]) -> str:
    name, content = pair
    if name == "list":
        return f"<list><item>{content}</item>{content}</list>"
    if name == "table":
        return f"<table><row><cell>{content}</cell></row></table>"
    if name == "figure":
        return f"<figure><head>{content}</head></figure>"
    if name == "floatingText":
        return f"<floatingText><body><p>{content}</p></body></floatingText>"
    if name == "ref":
        return f'<ref target="#x">{content}</ref>'
    if name == "sp":
        return f"<sp><speaker>S</speaker><p>{content}</p></sp>"
    return f"<{name}>{content}</{name}>"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(tei_tree(3), min_size=1, max_size=3))
def test_any_nesting_of_tei_gives_valid_html_with_every_word(fragments: list[str]) -> None:
    body = "".join(f"<p xml:id='x'>{fragments[0]}</p>" if i == 0 else f"<div>{f}</div>"
                   for i, f in enumerate(fragments))
    result = tei(body)
    rendered = body_of(result)
    assert violations(rendered) == []
    shown = words(rendered)
    for fragment in fragments:
        for word in ("word", "x y", "S"):
            if word in fragment:
                assert word.split()[0] in shown


def test_fix_nesting_splits_paragraphs_and_unnests_links() -> None:
    paragraph = h("p", "before ", h("ul", h("li", "item")), " after", id="p1", lang="fr")
    link = h("a", "outer ", h("a", "1", class_="noteref", href="#n"), " text", href="#t")
    holder = h("div", paragraph, h("p", link))
    fix_nesting(holder)
    assert [e.tag.rpartition("}")[2] for e in holder] == ["p", "ul", "p", "p"]
    assert holder[2].get("class") == "continued" and holder[2].get("lang") == "fr"
    assert words(holder[0]) == "before" and words(holder[2]) == "after"
    assert [words(a) for a in holder[3]] == ["outer text", "1"]


def test_the_transcription_of_the_manuscript_matches_its_golden_file(update_golden: bool) -> None:
    """The whole processing model on the densest document, compared as canonical XML; after a
    change that is meant, ``pytest --update-golden`` rewrites the expected file."""
    golden = DATA / "golden" / "manuscript-transcription.xhtml"
    actual = etree.tostring(texts("manuscript"), method="c14n") + b"\n"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(actual)
    assert actual == golden.read_bytes(), "check the change, then run pytest --update-golden"


# ---------------------------------------------------------------------- issue 16: every word
def test_a_nested_app_keeps_the_outer_lemma_and_the_note_of_an_entry_is_printed() -> None:
    result = tei('<p><app><lem wit="#A">with <app><lem wit="#A">his</lem><rdg wit="#B">hise</rdg>'
                 '</app> shoures</lem><rdg wit="#C">with swete shoures</rdg></app> and <app>'
                 '<lem>licour</lem><rdg wit="#B">lycour</rdg><note>Spelling only.</note></app></p>')
    assert words(body_of(result).find(".//x:p", NS)) == "with his1 shoures2 and licour3"
    entries = [words(n.content) for n in result.texts[0].notes]
    assert entries == ["his A] hise B", "with his shoures A] with swete shoures C",
                       "licour] lycour B Spelling only."]


def test_a_list_of_apparatus_entries_is_printed_as_entries() -> None:
    entries = find("apparatus", "//x:div[@class='listApp']/x:p[@class='apparatus']")
    assert [words(e) for e in entries] == ["4 engendred is El Hg] is engendred Cp"]
    assert not [m for m in book("apparatus").warnings if m.code == "W101"]


def test_a_source_doc_is_a_diplomatic_transcription_surface_by_surface() -> None:
    sections = [s for s in book("genetic").texts if s.title == "Diplomatic transcription"]
    assert len(sections) == 1
    body = sections[0].body
    assert [words(h2) for h2 in body.iter(f"{X}h2")] == ["Surface 1r", "Surface 1v"]
    zones = body.xpath(".//x:div[starts-with(@class, 'zone')]/@class", namespaces=NS)
    assert zones == ["zone zone-pagination", "zone zone-main", "zone zone-left_margin", "zone zone-main"]
    lines = [words(p) for p in body.xpath(".//x:p[@class='line']", namespaces=NS)]
    assert lines[0] == "21"
    assert "that almost amounted to agony, I collected the instruments" in lines
    assert "already two one in the morning; the rain pattered dismally" in lines


def test_breaks_inside_a_word_join_it_and_the_page_number_follows_the_word() -> None:
    result = tei('<p>Men<lb break="no"/>schen unzer<lb type="hyphenInWord"/>trennlich Verbin<lb '
                 'rend="hidden"/>dungen Schick<pb n="2" break="no"/>sal, um. Gegen<cb break="no"/>'
                 'wart one<lb/>two</p>')
    paragraph = body_of(result).find(".//x:p", NS)
    assert words(paragraph) == "Menschen unzertrennlich Verbindungen Schicksal,[2] um. Gegenwart onetwo"
    assert len(paragraph.findall(f"{X}br")) == 1


def test_space_is_shown_and_a_gap_prints_its_description() -> None:
    result = tei('<p>Herz<space quantity="2" unit="chars"/>selbst <gap reason="damage"><desc>two '
                 "words blotted</desc></gap> end</p>")
    paragraph = body_of(result).find(".//x:p", NS)
    assert "".join(paragraph.itertext()) == "Herz\u2003\u2003selbst [… two words blotted] end"


def test_deletion_and_addition_of_a_substitution_are_two_words() -> None:
    result = tei("<p>already <subst><del>two</del><add>one</add></subst> in</p>")
    assert words(body_of(result).find(".//x:p", NS)) == "already two one in"


@pytest.mark.parametrize(("level", "shown"), [("norm", "Gáttir allar"), ("dipl", "Gattir allar"),
                                              ("facs", "Gattir allar")])
def test_a_choice_of_levels_shows_one_level(level: str, shown: str) -> None:
    from edition.writers.xhtml import Renderer
    from edition.writers.xhtml.builder import Context

    root = read_xml(TEI_DATA / "levels.xml").getroot()
    line = root.find(".//{http://www.tei-c.org/ns/1.0}l")
    rendered = Renderer(root, level=level).inline(line, Context("s", "non"))
    assert words(rendered).startswith(shown) and words(rendered).count("allar") == 1


def test_menota_levels_are_chosen_as_seg_types_are() -> None:
    first = find("menota-levels-invalid", "//x:span[@class='norm']")[0]
    assert words(first) == "Gáttir" and first.get("title") == "Gattir"


def test_hebrew_without_xml_lang_runs_right_to_left_and_english_inside_it_left_to_right() -> None:
    result = tei("<ab>שמעון הצדיק <hi>היה</hi></ab><p>English</p><ab>מן <p>inner English</p></ab>",
                 lang="en")
    body = body_of(result)
    blocks = body.xpath(".//x:div[@class='body']//x:p | .//x:span[@class='tei-p']", namespaces=NS)
    assert [e.get("dir") for e in blocks] == ["rtl", None, "rtl", "ltr"]
    hebrew = find("hebrew-ms-nolang", "//x:section[@dir='rtl']//x:p[@class='ab']")
    assert len(hebrew) == 3
    assert [n.content.get("dir") for n in book("hebrew-ms-nolang").texts[0].notes] == ["rtl"]


def test_ids_that_are_no_xml_names_or_twice_are_renamed_with_a_warning() -> None:
    path = DATA / "invalid" / "bad-ids.xml"
    result = make_book(read_xml(path), path)
    ids = [i for s in result.sections for i in s.body.xpath(".//@id")]
    assert len(ids) == len(set(ids))
    assert not {"1", "art 2", "issue:1845-01-29"} & set(ids)
    warned = [m.text for m in result.warnings if m.code == "W105"]
    assert any('"1"' in text for text in warned) and any('"p1"' in text for text in warned)


def test_a_line_feed_between_japanese_characters_is_no_space() -> None:
    result = tei("<p>吾輩は猫で\n      ある。名前は\nまだ無い。 English\nwords</p>", lang="ja")
    text = "".join(body_of(result).find(".//x:p", NS).itertext())
    assert text == "吾輩は猫である。名前はまだ無い。 English\nwords"


def test_registers_of_the_document_are_entries_and_mentions_link_to_them() -> None:
    entry = find("letter-registers", "//x:p[@id='keats']")[0]
    assert words(entry) == ("John Keats (* 31 October 1795, London; † 23 February 1821, Rome); poet; "
                            "https://en.wikipedia.org/wiki/John_Keats")
    assert entry.xpath("x:a[@class='idno']/@href", namespaces=NS) == ["https://en.wikipedia.org/wiki/John_Keats"]
    # The book links the name to the entry in its index (book.registers.link_to_index), where
    # the standOff's persons, places and organisations are; its bibliography stays here.
    assert find("letter-registers", "//x:a[@class='person'][@href='#reg-brawne']")
    bibliography = [s for s in book("letter-registers").texts if s.title == "Bibliography"]
    assert len(bibliography) == 1 and bibliography[0].body.find(f".//{X}*[@id='colvin-1917']") is not None
    assert not [m for m in book("letter-registers").warnings if m.code == "W101"]


def test_the_header_gives_the_main_title_and_a_running_head_of_one_line() -> None:
    crusoe = book("header")
    assert crusoe.title.startswith("The Life and Strange Surprizing Adventures of Robinson Crusoe")
    heads = {s.running_title for s in crusoe.texts}
    assert heads == {"The Life and Strange Surprizing Adventures of Robinson…"}
    assert {s.running_title for s in book("letter-registers").texts} >= {"Keats to Brawne, 13 Oct. 1819"}
    sources = book("header").section("sources")
    assert sources is not None and "does not describe" not in words(sources.body)
    assert "First edition" in words(sources.body)


def test_an_empty_g_prints_the_character_its_declaration_maps_it_to() -> None:
    """TEI P5 §5.2.1: ``<g ref="#rrot"/>`` stands for the glyph declared in ``charDecl``. At the
    normalised level the reader sees its standard mapping ("ordine"), at the diplomatic level
    its diplomatic one ("oꝛdine"); a Private Use mapping is no character a font draws, so a
    glyph with only that one prints its name, with W110 — before, an empty g printed nothing,
    and "o<g/>dine" read "odine". A g with content prints its content."""
    path = TEI_DATA / "gaiji.xml"
    norm, dipl = (make_book(read_xml(path), path, level=level) for level in ("norm", "dipl"))
    assert words(body_of(norm)).endswith(
        "De ordine Factum est [LATIN ABBREVIATION SIGN SMALL ET] facta ſunt. Pars prima adctionis.")
    assert "De oꝛdine Factum eſt [LATIN ABBREVIATION SIGN SMALL ET]" in words(body_of(dipl))
    assert "\uf20e" not in words(body_of(dipl)) and "\uf158" not in words(body_of(dipl))
    warned = [m for m in norm.warnings if m.code == "W110"]
    assert len(warned) == 1 and '<g ref="#et">' in warned[0].text and warned[0].line == 39
    assert not [m for m in norm.warnings if m.code == "W101"]


def test_a_caesura_parts_the_words_it_stands_between() -> None:
    """TEI P5 §6.2: "Gardena<caesura/>in" is two words with a metrical break between them. The
    gap is an em space in the text itself (before: only a CSS width in print and generated
    content in the EPUB, so copying or searching met "Gardenain")."""
    result = tei("<lg><l>Hwæt we Gardena<caesura/>in geardagum</l></lg>")
    line = body_of(result).find(".//x:div[@class='l']", NS)
    assert line is not None
    assert "".join(line.itertext()).strip().endswith("Hwæt we Gardena\u2003in geardagum")


def test_a_span_is_a_note_on_the_passage_it_spans() -> None:
    """TEI P5 §17.3: ``span`` annotates the text from ``@from`` to ``@to``. Before, its words ran
    into the text ("from here.a commentary") under W101; now it is a note headed by the passage."""
    result = tei('<p>Lead <anchor xml:id="a1"/>from here to <hi>there</hi><anchor xml:id="a2"/>.'
                 '<span from="#a1" to="#a2">A commentary.</span> Then '
                 '<seg xml:id="s1">one two three four five six seven</seg>.'
                 '<spanGrp><span from="#s1">On the seg.</span></spanGrp></p>')
    body = body_of(result)
    paragraph = body.find(".//x:p", NS)
    assert paragraph is not None and "commentary" not in "".join(paragraph.itertext())
    notes = [words(n) for n in body.xpath(".//x:div[@class='note-body']", namespaces=NS)]
    assert notes == ["from here to there] A commentary.", "one … seven] On the seg."]
    assert not [m for m in result.warnings if m.code == "W101"]


def test_a_transcription_of_speech_names_its_speakers_and_brackets_what_is_not_said() -> None:
    """TEI P5 §8 (the Guidelines' own Mara and Rosie): each ``u`` begins with its speaker's name
    from ``particDesc``; pauses, sounds, gestures and incidents are bracketed, so they cannot
    be read as speech. Before, every utterance ran into one paragraph, without a speaker."""
    lines = [words(p) for p in find("spoken", "//x:p[@class='u' or @class='spoken-line']")]
    assert lines[:5] == [
        "Mara you never (pause) take this cat for show and tell (pause 2 s) meow meow",
        "Rosie yeah well I dont want to",
        "(toy cat has bell in tail which continues to make a tinkling sound)",
        "Mara (meows)", "Rosie because it is so old"]
    assert "Mara and Rosie meow meow" in lines and "nobody who said that" in lines
    assert "Rosie (shakes her head) (loud: f)no(loud: normal)" in lines
    assert not [m for m in book("spoken").warnings
                if m.code == "W101"]


def test_a_list_numbered_by_the_source_keeps_its_numbers() -> None:
    """``item/@n`` (TEI P5 §3.8) is the source's number: "i", "ii" are printed, not the reader's
    counters "1.", "2." (which the list's own style turns off)."""
    result = tei('<list rend="numbered"><item n="i">first</item><item n="ii">second</item></list>'
                 "<list><item>plain</item></list>")
    lists = body_of(result).xpath(".//x:ol | .//x:ul", namespaces=NS)
    assert "list-own-numbers" in lists[0].get("class", "")
    assert [words(li) for li in lists[0]] == ["i first", "ii second"]
    assert "list-own-numbers" not in lists[1].get("class", "") and words(lists[1]) == "plain"


def test_notated_music_gives_its_description_apart_from_its_link() -> None:
    result = tei('<p>Music: <notatedMusic><ptr target="https://example.org/tune.mei"/>'
                 "<desc>a tune in MEI</desc></notatedMusic> here.</p>")
    assert words(body_of(result).find(".//x:p", NS)).endswith(
        "Music: https://example.org/tune.mei (a tune in MEI) here.")
    assert not [m for m in result.warnings if m.code == "W101"]
