"""The byte-neutral levers: the cyclic GC held back during a render, pyphen's patterns kept as pickles."""

from __future__ import annotations

import gc
from pathlib import Path

import pyphen
import pytest

from edition.writers.pdf import levers
from edition.writers.pdf.levers import cached_hyphenation, hyphenation_cache_dir, quiet_collector


def test_the_collector_is_held_back_and_restored() -> None:
    saved = gc.get_threshold()
    with quiet_collector():
        assert gc.get_threshold()[0] == levers.GC_FIRST_GENERATION
        assert gc.get_freeze_count() > 0                  # what existed before is out of its sight
    assert gc.get_threshold() == saved
    assert gc.get_freeze_count() == 0


@pytest.fixture
def fresh_pyphen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(levers.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(pyphen, "hdcache", {})           # as in a new process
    return tmp_path


def test_patterns_are_parsed_once_then_read_from_the_cache(fresh_pyphen: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with cached_hyphenation():
        first = pyphen.Pyphen(lang="de_AT").inserted("Donaudampfschifffahrt")
    kept = list(hyphenation_cache_dir().glob("hyph_de_AT-*.pickle"))
    assert len(kept) == 1 and kept[0].stat().st_size > 100_000
    assert hyphenation_cache_dir() == fresh_pyphen / "hyphenation"

    monkeypatch.setattr(pyphen, "hdcache", {})
    def no_parsing(self: object, path: Path) -> None:
        raise AssertionError(f"{path} parsed again")
    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parsing)
    with cached_hyphenation():
        again = pyphen.Pyphen(lang="de_AT").inserted("Donaudampfschifffahrt")
    assert again == first and "-" in first
    assert any(path.name == "hyph_de_AT.dic" for path in pyphen.hdcache)   # kept for the process


def test_a_damaged_pickle_is_parsed_again(fresh_pyphen: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with cached_hyphenation():
        expected = pyphen.Pyphen(lang="fr").inserted("anticonstitutionnellement")
    kept, = hyphenation_cache_dir().glob("hyph_fr-*.pickle")
    kept.write_bytes(b"not a pickle")
    monkeypatch.setattr(pyphen, "hdcache", {})
    with cached_hyphenation():
        assert pyphen.Pyphen(lang="fr").inserted("anticonstitutionnellement") == expected
    assert kept.read_bytes() != b"not a pickle"          # written again, whole


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(levers.CACHE_ENV, str(blocked))   # a file where a folder should be
    monkeypatch.setattr(pyphen, "hdcache", {})
    with cached_hyphenation():
        assert pyphen.Pyphen(lang="fr").inserted("anticonstitutionnellement").count("-") >= 3
