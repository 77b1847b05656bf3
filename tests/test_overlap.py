"""The EPUB written in a forked process while the PDF is drawn (edition.overlap): the same files,
its errors raised at the EPUB, no process left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edition.build import BuildOptions, build_edition
from edition.errors import EditionError, Message
from edition.overlap import can_overlap
from edition.writers.epub import EpubWriter
from edition.writers.pdf import PdfWriter

BOTH = ("pdf", "epub")


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)      # a child running, or one ended and never waited for
    except ChildProcessError:
        return True
    return False


def test_overlap_needs_both_formats_and_two_jobs() -> None:
    assert can_overlap(BOTH, 2) and can_overlap(("pdf", "epub", "site"), 2)
    assert not can_overlap(BOTH, 1) and not can_overlap(("epub",), 2) and not can_overlap(("pdf",), 2)


def test_the_epub_of_another_process_is_the_same_file(seeds_copy: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    writers = tmp_path / "epub-writers"
    render = EpubWriter.render

    def recorded(self: EpubWriter, *args: object, **kwargs: object) -> object:
        with writers.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return render(self, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(EpubWriter, "render", recorded)
    overlapped = build_edition(seeds_copy, tmp_path / "two", BuildOptions(formats=BOTH, jobs=2, cache=False))
    in_turn = build_edition(seeds_copy, tmp_path / "one", BuildOptions(formats=BOTH, jobs=1, cache=False))
    pids = writers.read_text().split()
    assert pids[0] != str(os.getpid()) and pids[1] == str(os.getpid())   # forked, then here
    for name in ("edition.pdf", "edition.epub", "edition.xml"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert overlapped.warnings == in_turn.warnings
    assert _no_children_left()


def test_an_epub_error_is_raised_at_the_epub(seeds_copy: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = Message("seeds/edition.toml", 3, 1, "error", "E499", "the EPUB failed", hint="a test")

    def failing(self: EpubWriter, *_: object, **__: object) -> object:
        raise EditionError(wrong)
    monkeypatch.setattr(EpubWriter, "render", failing)
    with pytest.raises(EditionError) as raised:
        build_edition(seeds_copy, tmp_path / "out", BuildOptions(formats=BOTH, jobs=2, cache=False))
    assert raised.value.messages == [wrong]
    assert not (tmp_path / "out" / "edition.pdf").exists()      # nothing swapped in
    assert _no_children_left()


def test_a_pdf_error_ends_the_waiting_epub_process(seeds_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = Message("seeds/edition.toml", 1, 1, "error", "E404", "the PDF failed", hint="a test")

    def failing(self: PdfWriter, *_: object, **__: object) -> object:
        raise EditionError(wrong)
    monkeypatch.setattr(PdfWriter, "render", failing)
    with pytest.raises(EditionError) as raised:
        build_edition(seeds_copy, tmp_path / "out", BuildOptions(formats=BOTH, jobs=2, cache=False))
    assert raised.value.messages == [wrong]
    assert _no_children_left()
