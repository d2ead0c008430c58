"""Opening hours: open or not, and when a closed specialist opens (for the transfer dialog)."""

from __future__ import annotations

from datetime import datetime

import pytest

from operator_desk.core.hours import WeeklyHours

OFFICE = WeeklyHours.parse({"mon-fri": "09:00-18:00", "sat": "10:00-14:00"})
NIGHT = WeeklyHours.parse({"daily": "22:00-06:00"})


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, 23 + day, hh, mm)  # 2026-11-23 is a Monday


@pytest.mark.parametrize(("now", "opens"), [
    (at(0, 7, 30), at(0, 9)),          # Monday morning: today at nine
    (at(0, 19), at(1, 9)),             # Monday evening: tomorrow
    (at(4, 18, 0), at(5, 10)),         # Friday at six: Saturday at ten
    (at(5, 15), at(7, 9)),             # Saturday afternoon: Monday (Sunday is closed)
])
def test_when_a_closed_office_opens(now, opens):
    assert not OFFICE.is_open(now)
    assert OFFICE.opens_next(now) == opens
    assert OFFICE.closes_next(now) is None


def test_an_open_office_says_when_it_closes():
    assert OFFICE.opens_next(at(0, 10)) is None
    assert OFFICE.closes_next(at(0, 10)) == at(0, 18)
    assert OFFICE.closes_next(at(5, 13, 59)) == at(5, 14)


def test_hours_past_midnight():
    assert NIGHT.closes_next(at(0, 23)) == at(1, 6)
    assert NIGHT.closes_next(at(1, 2)) == at(1, 6)
    assert NIGHT.opens_next(at(1, 12)) == at(1, 22)


def test_never_open():
    assert WeeklyHours.parse({}).opens_next(at(0, 12)) is None
