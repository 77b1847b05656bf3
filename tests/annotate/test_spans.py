"""The editor's anchors: found exactly once, or an error with the sidecar's file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.annotate.registers import load_registers
from edition.annotate.sidecar import load_sidecar
from edition.annotate.spans import apply_structure, collect_spans
from edition.readers.plaintext import split_blocks

TEXT = "Thiers fled to Versailles.\n\nThiers came back with the army of Versailles."
REGISTERS = """
[[person]]
id = "thiers"
name = "Adolphe Thiers"
forms = ["Thiers"]

[[place]]
id = "versailles"
name = "Versailles"
"""


def spans_for(tmp_path: Path, sidecar: str):
    (tmp_path / "r.toml").write_text(REGISTERS, "utf-8")
    (tmp_path / "s.toml").write_text(sidecar, "utf-8")
    blocks = split_blocks(TEXT)
    car = load_sidecar(tmp_path / "s.toml")
    problems = apply_structure(blocks, car)
    result = collect_spans(blocks, car, load_registers(tmp_path / "r.toml"), "ed", "t")
    return result, problems


def test_ambiguous_anchor_names_file_line_and_the_lines_found(tmp_path: Path) -> None:
    result, _ = spans_for(tmp_path, '# c\n\n[[note]]\nanchor = "Versailles"\ntext = "n"\n')
    [message] = result.messages
    assert (message.code, message.line) == ("E242", 3)
    assert message.path.endswith("s.toml")
    assert "found 2 times (source lines 1, 3)" in message.text


def test_missing_anchor_says_what_the_text_has(tmp_path: Path) -> None:
    result, _ = spans_for(tmp_path, '[[note]]\nanchor = "thiers fled"\ntext = "n"\n')
    [message] = result.messages
    assert message.code == "E241"
    assert "'Thiers fled'" in message.text


def test_occurrence_out_of_range(tmp_path: Path) -> None:
    result, _ = spans_for(tmp_path, '[[note]]\nanchor = "Thiers"\noccurrence = 3\ntext = "n"\n')
    assert [m.code for m in result.messages] == ["E243"]


def test_incompatible_overlap_is_an_error_naming_both(tmp_path: Path) -> None:
    sidecar = ('[[language]]\nanchor = "fled to"\nlang = "fr"\noccurrence = 1\n\n'
               '[[date]]\nanchor = "to Versailles"\nwhen = "1871"\n')
    result, _ = spans_for(tmp_path, sidecar)
    [message] = result.messages
    assert message.code == "E246" and message.line == 6
    assert "s.toml:1" in message.text


def test_dangling_ref_is_an_error(tmp_path: Path) -> None:
    result, _ = spans_for(tmp_path, '[[entity]]\nanchor = "army"\nref = "nobody"\n')
    assert [m.code for m in result.messages] == ["E244"]


def test_automatic_layer_yields_to_the_editor_and_nests(tmp_path: Path) -> None:
    sidecar = '[[entity]]\nanchor = "Thiers"\nref = "thiers"\ncert = "high"\noccurrence = "all"\n'
    result, problems = spans_for(tmp_path, sidecar)
    assert not result.messages and not problems
    wraps = result.blocks[0].wraps
    assert sum(1 for w in wraps if w.start == 0 and w.end == 6) == 1  # no duplicate auto tag


@pytest.mark.parametrize("bad", ['[[note]]\nanchr = "x"\ntext = "y"\n',
                                 '[[note]]\nanchor = "x"\n', 'not toml = = 1\n'])
def test_malformed_sidecars_are_reported_with_lines(tmp_path: Path, bad: str) -> None:
    from edition.errors import EditionError

    (tmp_path / "s.toml").write_text(bad, "utf-8")
    with pytest.raises(EditionError) as raised:
        load_sidecar(tmp_path / "s.toml")
    assert all(m.line >= 1 for m in raised.value.messages)
