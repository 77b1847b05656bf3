"""The static faces cut from the book's variable typeface, and the user's cache that keeps them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from edition import resources
from edition.resources import book_fonts
from edition.writers import fonts
from edition.writers.fonts import cut_static_faces, face_cache_path

WEIGHTS = (400, 700)
CHARS = "Hamlet, Ophelia: þæ ΑΩ Жж"


@pytest.fixture
def roman(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv(resources.CACHE_ENV, str(tmp_path))
    return book_fonts()[0].path.read_bytes()


def _no_cutting(*_: object) -> dict[int, bytes]:
    raise AssertionError("cut again")


def test_faces_are_cut_once_then_read_from_the_cache(roman: bytes, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    first = cut_static_faces(roman, WEIGHTS, CHARS)
    kept = face_cache_path(roman, WEIGHTS, CHARS)
    assert kept.parent == tmp_path / "fonts" and kept.is_file()
    for weight, face in first.items():
        font = TTFont(io.BytesIO(face))
        assert "fvar" not in font and font["OS/2"].usWeightClass == weight   # static, at its weight
        assert {ord(c) for c in CHARS if not c.isspace()} <= set(font.getBestCmap())
    monkeypatch.setattr(fonts, "_cut", _no_cutting)
    assert cut_static_faces(roman, WEIGHTS, CHARS) == first


def test_the_key_holds_weights_characters_and_font(roman: bytes) -> None:
    paths = {face_cache_path(roman, WEIGHTS, CHARS), face_cache_path(roman, (400,), CHARS),
             face_cache_path(roman, WEIGHTS, CHARS + "x"), face_cache_path(roman, WEIGHTS, None),
             face_cache_path(roman[:-1] + bytes([roman[-1] ^ 1]), WEIGHTS, CHARS)}
    assert len(paths) == 5
    assert face_cache_path(roman, WEIGHTS, "".join(reversed(CHARS))) == face_cache_path(roman, WEIGHTS, CHARS)


@pytest.mark.parametrize("damage", [lambda data: data[:-10], lambda data: data[:40] + b"X" + data[41:],
                                    lambda data: b""])
def test_a_damaged_file_is_cut_again(roman: bytes, damage: object) -> None:
    expected = cut_static_faces(roman, WEIGHTS, CHARS)
    kept = face_cache_path(roman, WEIGHTS, CHARS)
    kept.write_bytes(damage(kept.read_bytes()))  # type: ignore[operator]
    assert cut_static_faces(roman, WEIGHTS, CHARS) == expected
    assert kept.read_bytes()[32:].startswith((400).to_bytes(4, "big"))     # written again, whole


def test_a_cache_that_cannot_be_written_costs_only_time(roman: bytes, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(resources.CACHE_ENV, str(blocked))     # a file where a folder should be
    faces = cut_static_faces(roman, (400,), CHARS)
    assert TTFont(io.BytesIO(faces[400]))["OS/2"].usWeightClass == 400


def test_harfbuzz_is_loaded_by_soname_without_a_search(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes.util

    def no_search(name: str) -> None:
        raise AssertionError(f"looked up {name}: ldconfig in a process of its own")
    monkeypatch.setattr(ctypes.util, "find_library", no_search)
    fonts._harfbuzz.cache_clear()
    try:
        assert fonts.engine().startswith("harfbuzz ")
    finally:
        fonts._harfbuzz.cache_clear()
