"""Weekly opening hours as script authors write them.

```yaml
business_hours:
  mon-fri: "09:00-21:00"
  sat: "10:00-13:00, 14:00-18:00"
  sun: closed
```

Days are ``mon tue wed thu fri sat sun``, a range (``mon-fri``, ``fri-mon``) or
``daily``; a day may be listed once. Intervals are ``HH:MM-HH:MM`` (``24:00`` allowed as
an end), several separated by commas, or ``closed``; an interval whose end is before its
start runs past midnight (``22:00-06:00``). Days not listed are closed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from operator_desk.core.errors import InputError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_INTERVAL = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class HoursError(InputError):
    """A malformed day or interval; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Open intervals per weekday (0 = Monday), in minutes from midnight."""

    days: tuple[tuple[tuple[int, int], ...], ...]

    @classmethod
    def parse(cls, spec: Mapping[str, object]) -> WeeklyHours:
        days: list[list[tuple[int, int]]] = [[] for _ in DAYS]
        seen: dict[int, str] = {}
        for day_spec, intervals in spec.items():
            for day in _parse_days(str(day_spec)):
                if day in seen:
                    raise HoursError(
                        f"{DAYS[day]} is given twice (in `{seen[day]}` and `{day_spec}`)"
                    )
                seen[day] = str(day_spec)
                days[day].extend(_parse_intervals(str(intervals)))
        return cls(tuple(tuple(sorted(d)) for d in days))

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` (a local time of the tenant) falls in an open interval."""
        minute = at.hour * 60 + at.minute
        weekday = at.weekday()
        for start, end in self.days[weekday]:
            if start <= end and start <= minute < end:
                return True
            if start > end and minute >= start:  # runs past midnight, evening part
                return True
        yesterday = self.days[(weekday - 1) % 7]
        return any(start > end and minute < end for start, end in yesterday)

    def opens_next(self, at: datetime) -> datetime | None:
        """When it next opens after ``at`` (a local time), within a week; None when it
        is open at ``at`` or never opens."""
        if self.is_open(at):
            return None
        midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
        for offset in range(8):
            day = midnight + timedelta(days=offset)
            for start, _end in self.days[day.weekday()]:
                when = day + timedelta(minutes=start)
                if when > at:
                    return when
        return None

    def closes_next(self, at: datetime) -> datetime | None:
        """When the interval open at ``at`` ends (local time); None when closed then."""
        minute = at.hour * 60 + at.minute
        midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
        weekday = at.weekday()
        for start, end in self.days[(weekday - 1) % 7]:
            if start > end and minute < end:  # last night's interval, still open
                return midnight + timedelta(minutes=end)
        for start, end in self.days[weekday]:
            if start <= end and start <= minute < end:
                return midnight + timedelta(minutes=end)
            if start > end and minute >= start:
                return midnight + timedelta(days=1, minutes=end)
        return None

    def describe(self, day_names: tuple[str, ...] = DAYS, closed: str = "closed") -> str:
        """A short human summary, e.g. ``mon-fri 09:00-21:00; sat 10:00-18:00``
        (``day_names`` in another language, Monday first, for the operator)."""
        parts: list[str] = []
        i = 0
        while i < 7:
            j = i
            while j + 1 < 7 and self.days[j + 1] == self.days[i]:
                j += 1
            if self.days[i]:
                span = day_names[i] if i == j else f"{day_names[i]}–{day_names[j]}"
                parts.append(f"{span} " + ", ".join(_fmt(s, e) for s, e in self.days[i]))
            i = j + 1
        return "; ".join(parts) or closed


def _fmt(start: int, end: int) -> str:
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def _parse_days(spec: str) -> list[int]:
    spec = spec.strip().lower()
    if spec in ("daily", "every day", "mon-sun"):
        return list(range(7))
    if "-" in spec:
        first, _, last = spec.partition("-")
        a, b = _day(first.strip(), spec), _day(last.strip(), spec)
        return [(a + k) % 7 for k in range((b - a) % 7 + 1)]
    return [_day(spec, spec)]


def _day(name: str, whole: str) -> int:
    if name not in DAYS:
        raise HoursError(
            f"`{whole}` is not a day: expected one of {', '.join(DAYS)}, a range such as "
            "`mon-fri`, or `daily`"
        )
    return DAYS.index(name)


def _parse_intervals(text: str) -> list[tuple[int, int]]:
    text = text.strip().lower()
    if text in ("closed", "выходной"):
        return []
    if text in ("24h", "24/7", "круглосуточно"):
        return [(0, 24 * 60)]
    out: list[tuple[int, int]] = []
    for part in text.split(","):
        m = _INTERVAL.match(part.strip())
        if not m:
            raise HoursError(
                f"`{part.strip()}` is not an interval: expected `HH:MM-HH:MM` "
                "(e.g. `09:00-18:00`), several separated by commas, or `closed`"
            )
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
            raise HoursError(f"`{part.strip()}` has an impossible time of day")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start == end:
            raise HoursError(f"`{part.strip()}` is empty: the start and end are the same")
        out.append((start, end))
    return out


def local_time(at: datetime, tz_name: str) -> datetime:
    """``at`` (aware, or naive meaning UTC) as the wall-clock time in ``tz_name``."""
    from zoneinfo import ZoneInfo

    if at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo("UTC"))
    return at.astimezone(ZoneInfo(tz_name))
