"""What the transfer dialog and the callback form show, decided without Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from operator_desk.core.hours import local_time
from operator_desk.core.model import CallbackField, DirectoryEntry, Question, Tenant
from operator_desk.core.numbers import NumberError, parse_number, phone_problem


@dataclass(frozen=True, slots=True)
class TransferTarget:
    entry: DirectoryEntry
    open_now: bool
    """Within the entry's hours (always true when it has none)."""
    suggested: bool = False
    """The question the operator is at names this entry."""
    opens_at: datetime | None = None
    """When a closed entry next opens (the tenant's local time; None: not within a week)."""
    closes_at: datetime | None = None
    """When an open entry's hours end (None: it has no hours)."""
    now: datetime | None = None
    """The tenant's local time these were worked out at."""

    @property
    def minutes_to_open(self) -> int | None:
        if self.opens_at is None or self.now is None:
            return None
        return max(0, round((self.opens_at - self.now).total_seconds() / 60))


def transfer_targets(tenant: Tenant, at: datetime, question: Question | None = None
                     ) -> list[TransferTarget]:
    """The directory ordered for the dialog: suggested first, then open ones by tier."""
    suggested = {a.target for a in question.actions if a.kind == "transfer"} if question else set()
    local = local_time(at, tenant.timezone)
    targets = []
    for e in tenant.directory:
        hours = e.hours
        targets.append(TransferTarget(
            e, hours is None or hours.is_open(local), e.id in suggested,
            opens_at=hours.opens_next(local) if hours else None,
            closes_at=hours.closes_next(local) if hours else None, now=local))
    return sorted(targets, key=lambda t: (not t.suggested, not t.open_now, t.entry.tier,
                                          t.entry.name))


def alternatives(targets: list[TransferTarget], closed: TransferTarget) -> list[TransferTarget]:
    """What is open instead of a closed entry: the same tier first, then the others."""
    open_ones = [t for t in targets if t.open_now and t is not closed]
    return sorted(open_ones, key=lambda t: (t.entry.tier != closed.entry.tier, t.entry.tier,
                                            t.entry.name))


def callback_prefill(fields: tuple[CallbackField, ...], *, caller_name: str, caller_number: str,
                     question: Question | None, crm: Mapping[str, str] | None = None,
                     ivr: Mapping[str, str] | None = None) -> dict[str, str]:
    """Initial values of the callback form, as each field's ``prefill`` asks. A phone
    field is only ever filled with a phone number: a caller who sent none (``sip:sipp@…``,
    an internal extension) leaves it empty for the operator to ask."""
    sources: dict[str, str] = {
        "caller.name": caller_name,
        "caller.number": caller_number,
        "question": question.question if question else "",
    }
    sources.update({f"crm.{k}": v for k, v in (crm or {}).items()})
    sources.update({f"ivr.{k}": v for k, v in (ivr or {}).items()})
    values = {f.id: sources.get(f.prefill, "") for f in fields if f.prefill}
    for f in fields:
        if f.type == "phone" and values.get(f.id) and phone_problem(values[f.id]):
            del values[f.id]
    return {k: v for k, v in values.items() if v}


def check_callback(fields: tuple[CallbackField, ...], values: Mapping[str, str],
                   region: str = "RU") -> dict[str, str]:
    """Problems with the form, by field id (empty when it may be submitted)."""
    problems: dict[str, str] = {}
    for f in fields:
        value = values.get(f.id, "").strip()
        if f.required and not value:
            problems[f.id] = "required"
            continue
        if value and f.type == "phone" and phone_problem(value, region):
            problems[f.id] = "not a phone number"
        if value and f.type == "choice" and value not in f.choices:
            problems[f.id] = "not one of the choices"
    return problems


def normalised_phone(value: str, region: str = "RU") -> str:
    """``+79161234567`` for a number written any usual way (or the text as typed)."""
    try:
        return parse_number(value, region, strict=False).key.split(";", 1)[0]
    except NumberError:
        return value.strip()
