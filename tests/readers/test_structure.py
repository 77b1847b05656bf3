"""Structure inference on the bundled seeds and on small made-up texts."""

from __future__ import annotations

from edition.readers.plaintext import read_source, split_blocks
from edition.readers.structure import infer_kinds
from tests.conftest import SEEDS


def kinds(text: str) -> list[tuple[str, str]]:
    blocks = split_blocks(text)
    infer_kinds(blocks)
    return [(b.kind, b.text[:25]) for b in blocks]


def test_seed_003_title_byline_boilerplate_and_closer() -> None:
    source = read_source(SEEDS / "003_8d26f39cb9f4242f.txt")
    infer_kinds(source.blocks)
    found = [b.kind for b in source.blocks]
    assert found[:3] == ["boilerplate", "title", "byline"]
    assert found[-4:] == ["salute", "salute", "dateline", "signed"]
    assert set(found[3:-4]) == {"p"}


def test_seed_001_act_headings_are_heads_and_long_first_line_is_prose() -> None:
    source = read_source(SEEDS / "001_f0442ab00f886287.txt")
    infer_kinds(source.blocks)
    heads = [b.text for b in source.blocks if b.kind == "head"]
    assert heads == ["Act 1: The Defeated", "Act 2: The Thiers", "Act 3: The Paris Commune",
                     "What is happening now?", "Written at the end"]
    assert source.blocks[0].kind == "p"


def test_seed_000_closing_slogans_form_the_closer() -> None:
    source = read_source(SEEDS / "000_ab6ed97fd8b32fba.txt")
    infer_kinds(source.blocks)
    assert [b.kind for b in source.blocks[-4:]] == ["salute"] * 4
    assert source.blocks[-5].kind == "p"


def test_line_endings_and_unicode_blank_lines_separate_blocks() -> None:
    text = "One\r\n\r\nTwo\rstill two\r\u00a0\t\nThree"
    blocks = split_blocks(text)
    # A block's line breaks are kept as written (CR too): extract gives the bytes back.
    assert [b.text for b in blocks] == ["One", "Two\rstill two", "Three"]
    assert [b.line for b in blocks] == [1, 3, 6]
    assert [text[b.start:b.end] for b in blocks] == [b.text for b in blocks]


def test_a_lone_short_line_is_a_paragraph_not_a_title() -> None:
    assert kinds("Only a heading") == [("p", "Only a heading")]


def test_a_text_of_short_lines_has_no_closer() -> None:
    assert {k for k, _ in kinds("Hurrah!\n\nHurrah again!")} == {"p"}
