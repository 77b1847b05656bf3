"""The one build date: SOURCE_DATE_EPOCH, else the edition's date, by one rule and one error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edition.dates import build_date, source_date_epoch
from edition.errors import EditionError
from edition.model.xmlio import read_xml
from tests.conftest import DATA


def test_epoch_wins_over_the_edition_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date("1999-01-02") == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_without_epoch_the_edition_date_at_midnight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_date("1999-01-02") == dt.datetime(1999, 1, 2, tzinfo=dt.UTC)
    assert build_date("1999-03") == dt.datetime(1999, 3, 1, tzinfo=dt.UTC)
    assert build_date("1999") == dt.datetime(1999, 1, 1, tzinfo=dt.UTC)
    assert build_date("") is None
    assert build_date("1999-02-30") is None        # no calendar day: no date, not an error
    assert build_date("c. 1999") is None


@pytest.mark.parametrize("value", ["notanumber", "1.5", "1e9", "99999999999999999999"])
def test_a_bad_epoch_is_one_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(EditionError) as raised:
        source_date_epoch()
    assert [m.code for m in raised.value.messages] == ["E403"]
    assert value in str(raised.value)


@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_both_formats_refuse_a_bad_epoch(monkeypatch: pytest.MonkeyPatch, tmp_path, fmt: str) -> None:
    """``edition epub`` used to ignore what ``edition pdf`` refused."""
    from edition.writers import WRITERS

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(EditionError) as raised:
        WRITERS[fmt]().write(read_xml(DATA / "tei" / "verse.xml"), tmp_path / f"out.{fmt}",
                             base=DATA / "tei" / "verse.xml")
    assert [m.code for m in raised.value.messages] == ["E403"]
    assert not (tmp_path / f"out.{fmt}").exists()


@given(st.integers(min_value=0, max_value=2**33))
def test_any_whole_number_of_seconds_is_read_as_it_is(seconds: int) -> None:
    import os

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = f" {seconds} "
    try:
        when = source_date_epoch()
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if saved is None else os.environ.update(SOURCE_DATE_EPOCH=saved)
    assert when is not None and int(when.timestamp()) == seconds
