"""A clock for the tests of Norwegian dates: the moment Norway's day is ahead of UTC's.

:func:`new_years_night` sets :mod:`formservice.formatting`'s clock (the one every "today in
Norway" reads) to 23:30 UTC on 31 December 2026, which is 00:30 on New Year's Day in Norway.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from formservice import formatting

UTC_MOMENT = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)


class _NewYearsNight(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        return UTC_MOMENT.astimezone(tz) if tz else UTC_MOMENT.replace(tzinfo=None)


def new_years_night(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now until the test ends, formatting's clock reads 23:30 UTC on 31.12.2026."""
    monkeypatch.setattr(formatting, "dt", SimpleNamespace(datetime=_NewYearsNight))
