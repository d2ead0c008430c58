"""Has this caller called before? The repeat-caller line of the caller card.

The desk's own records answer first (:meth:`operator_desk.storage.records.CallRecords.
calls_from`); any other source of past calls (the call floor's shared records) plugs in as
a :class:`CallerHistorySource`. :func:`gather` merges what the sources know (a call known
to two of them counts once) and :func:`repeat_caller` sums it up for the card:
"called 3 times today, last call 14:02 about the warranty".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

LOOK_BACK_DAYS = 30
"""How far back the card looks for earlier calls."""

UNANSWERED = frozenset({"missed", "abandoned", "rejected"})


@dataclass(frozen=True, slots=True)
class PastCall:
    """An earlier incoming call from the same number."""

    call_id: str
    tenant_id: str
    started_ns: int
    outcome: str
    """A :class:`storage.records.CallOutcome` value: ``answered``, ``missed``…"""
    wrapup_code: str = ""
    question_id: str = ""
    """The first script question the operator opened ('' if none)."""
    source: str = "desk"
    """Whose records: ``desk`` (this PC's) or ``floor``."""

    @property
    def unanswered(self) -> bool:
        return self.outcome in UNANSWERED


class CallerHistorySource(Protocol):
    """Anything that knows earlier calls by the caller's number."""

    def calls_from(self, e164: str, since_ns: int, limit: int = 50) -> Sequence[PastCall]:
        """Incoming calls from ``e164`` started at or after ``since_ns``, newest first."""
        ...


@dataclass(frozen=True, slots=True)
class RepeatCaller:
    """The caller's earlier calls, summed up (the call on the line is not counted)."""

    today: int
    """Earlier calls today."""
    unanswered_today: int
    recent: int
    """Earlier calls in the last :data:`LOOK_BACK_DAYS` days (today's included)."""
    last: PastCall | None

    @property
    def first_time(self) -> bool:
        return self.last is None


def gather(sources: Iterable[CallerHistorySource], e164: str, since_ns: int,
           exclude_call_id: str = "", limit: int = 50) -> list[PastCall]:
    """Every source's calls from ``e164``, each call once, newest first."""
    seen: dict[str, PastCall] = {}
    for source in sources:
        for call in source.calls_from(e164, since_ns, limit):
            if call.call_id != exclude_call_id:
                seen.setdefault(call.call_id, call)
    return sorted(seen.values(), key=lambda c: c.started_ns, reverse=True)[:limit]


def repeat_caller(calls: Sequence[PastCall], day_start_ns: int) -> RepeatCaller:
    """Sum ``calls`` (newest first, as :func:`gather` gives them) up for the card."""
    today = [c for c in calls if c.started_ns >= day_start_ns]
    return RepeatCaller(len(today), sum(c.unanswered for c in today), len(calls),
                        calls[0] if calls else None)
