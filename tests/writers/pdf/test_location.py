"""The same edition in two folders gives the same bytes: nothing in the outputs depends on where it lives.

WeasyPrint names an image in the PDF after the MD5 of its URL, so an image reached by its absolute
``file:`` URL made the PDF's bytes depend on the edition's folder (found on structure.xml).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from edition.model.xmlio import read_xml
from edition.writers import WRITERS
from tests.conftest import DATA

SOURCE = DATA / "tei" / "structure.xml"


def _copy(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(SOURCE, folder / SOURCE.name)
    shutil.copytree(SOURCE.parent / "images", folder / "images")
    return folder / SOURCE.name


@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_the_bytes_do_not_depend_on_the_folder(tmp_path: Path, fmt: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    made = []
    for folder in (tmp_path / "a", tmp_path / "deeper" / "elsewhere"):
        source = _copy(folder)
        target = folder / f"out.{fmt}"
        WRITERS[fmt]().write(read_xml(source), target, base=source)
        made.append(target.read_bytes())
    assert made[0] == made[1]


def test_the_image_is_still_embedded_and_named_without_a_path(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    source = _copy(tmp_path / "a")
    target = tmp_path / "out.pdf"
    WRITERS["pdf"]().write(read_xml(source), target, base=source)
    with pikepdf.open(target) as pdf:
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert len(images) == 1
        assert images[0].Width == 40 and images[0].Height == 30
    assert str(tmp_path).encode() not in target.read_bytes()
