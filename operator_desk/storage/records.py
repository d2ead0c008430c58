"""Call records: one row per call, built from the engine's call events.

:class:`CallRecorder` is an event sink (like :class:`operator_desk.sip.journal.CallJournal`):
pass it the events of :mod:`operator_desk.core.calls` and it writes each call as it
happens, so a crash loses nothing already seen. What the events cannot know the desk
adds: the tenant (:meth:`CallRecords.set_tenant`, or a ``tenant_of`` function), a
transfer, a rejection because the operator was not ready, the script nodes visited and
the wrap-up.

How a call's outcome is decided when it ends (:func:`classify`):

* answered, and transferred by the desk (a transfer reported done, or the engine ending
  the call as transferred) -> ``transferred`` (``transferred_to`` says to whom);
* answered -> ``answered``;
* never answered and declined by the desk -> ``rejected`` (``not_ready_reason`` is set
  when the operator was not ready);
* incoming, never answered, ended by the caller or the PBX within
  ``abandon_within_s`` of ringing -> ``abandoned`` (the caller gave up at once);
* incoming, never answered otherwise -> ``missed`` (it rang and nobody answered);
* outgoing, never answered -> ``not_answered`` (busy, declined, no answer);
* transport errors and timeouts -> ``failed``;
* still ``ongoing`` when the desk starts (it was killed, or the PC lost power, during
  the call) -> ``interrupted``, ended at the last moment the desk was known alive
  (:meth:`CallRecords.close_interrupted`), so that no statistics count a phantom call.

Each record also keeps what the PBX sent from its IVR (the raw digits and named data of
the configured headers) and who took the call (operator name and group at that time).

Times are wall-clock nanoseconds (``time.time_ns()``), like the events'.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from operator_desk.core.caller_history import PastCall
from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    EndReason,
    IncomingCall,
    OutgoingCall,
    TransferProgress,
    sip_uri_user,
)
from operator_desk.core.numbers import NumberError, parse_number, without_extension
from operator_desk.storage.db import now_ns, transaction

__all__ = [
    "CallOutcome",
    "CallRecord",
    "CallRecorder",
    "CallRecords",
    "Direction",
    "HistoryFilter",
    "TenantStats",
    "classify",
]

log = logging.getLogger(__name__)

DEFAULT_ABANDON_WITHIN_S = 5.0


class Direction(enum.Enum):
    INCOMING = "in"
    OUTGOING = "out"


class CallOutcome(enum.Enum):
    ONGOING = "ongoing"
    ANSWERED = "answered"
    TRANSFERRED = "transferred"
    MISSED = "missed"
    """Rang at the desk and nobody answered."""
    REJECTED = "rejected"
    """Declined by the desk (typically: the operator was not ready)."""
    ABANDONED = "abandoned"
    """The caller hung up within seconds of the ring, before anyone could answer."""
    NOT_ANSWERED = "not_answered"
    """An outgoing call the far end did not answer (busy, declined, no answer)."""
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    """The desk stopped (killed, power cut) while the call was going on."""

    @property
    def is_unanswered(self) -> bool:
        return self in (CallOutcome.MISSED, CallOutcome.REJECTED, CallOutcome.ABANDONED)


@dataclass(frozen=True, slots=True)
class CallRecord:
    id: int
    call_id: str
    direction: Direction
    tenant_id: str
    caller_number: str
    caller_name: str
    dialed_number: str
    started_ns: int
    answered_ns: int | None
    ended_ns: int | None
    outcome: CallOutcome
    end_reason: str
    sip_code: int
    talk_s: float
    transferred_to: str
    not_ready_reason: str
    wrapup_code: str
    note: str
    wrapup_ns: int | None
    consult_for: str = ""
    """For the desk's consult call before an attended transfer: the Call-ID of the call
    it consulted for ('' for every other call)."""
    library_version: str = ""
    """The scripts library version the operator worked from."""
    ivr_digits: str = ""
    """What the caller keyed in the PBX's IVR (the digits header, as sent)."""
    ivr_data: str = ""
    """Named IVR data (the data header, as sent, e.g. ``menu=1;card_last4=4521``)."""
    operator: str = ""
    group_id: str = ""
    nodes: tuple[str, ...] = ()
    """Script question ids the operator opened, in order."""
    callbacks: tuple[str, ...] = ()
    """Ids of callback requests taken during the call."""

    @property
    def ring_s(self) -> float:
        """Seconds from the ring (or dial) to the answer, or to the end when unanswered."""
        end = self.answered_ns or self.ended_ns
        return 0.0 if end is None else max(0.0, (end - self.started_ns) / 1e9)

    @property
    def handle_s(self) -> float:
        """Talk time plus after-call work (up to the wrap-up), 0 for unanswered calls."""
        if self.answered_ns is None or self.ended_ns is None:
            return 0.0
        end = max(self.ended_ns, self.wrapup_ns or 0)
        return (end - self.answered_ns) / 1e9


def classify(*, direction: Direction, answered: bool, reason: EndReason, ring_s: float,
             transferred_to: str = "", abandon_within_s: float = DEFAULT_ABANDON_WITHIN_S) -> CallOutcome:
    """The outcome of an ended call (rules in the module docs)."""
    if reason is EndReason.TRANSFERRED:
        return CallOutcome.TRANSFERRED
    if answered:
        return CallOutcome.TRANSFERRED if transferred_to else CallOutcome.ANSWERED
    if reason is EndReason.REJECTED:
        return CallOutcome.REJECTED
    if reason is EndReason.FAILED:
        return CallOutcome.FAILED
    if direction is Direction.OUTGOING:
        return CallOutcome.NOT_ANSWERED
    if reason in (EndReason.CANCELLED, EndReason.REMOTE_HANGUP) and ring_s < abandon_within_s:
        return CallOutcome.ABANDONED
    return CallOutcome.MISSED


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which calls :meth:`CallRecords.history` returns; empty fields do not filter."""

    since_ns: int | None = None
    until_ns: int | None = None
    tenant_id: str = ""
    outcomes: frozenset[CallOutcome] = frozenset()
    number: str = ""
    """A part of the caller's or the dialed number."""
    direction: Direction | None = None
    limit: int = 500
    offset: int = 0


@dataclass(frozen=True, slots=True)
class TenantStats:
    """One tenant's calls in a period (see :meth:`CallRecords.stats`)."""

    tenant_id: str
    total: int
    answered: int
    transferred: int
    missed: int
    rejected: int
    abandoned: int
    avg_handle_s: float
    """Average talk + after-call work of answered calls."""
    avg_ring_s: float
    """Average time to answer of answered calls."""


_COLUMNS = (
    "id, call_id, direction, tenant_id, caller_number, caller_name, dialed_number, started_ns, "
    "answered_ns, ended_ns, outcome, end_reason, sip_code, talk_s, transferred_to, not_ready_reason, "
    "wrapup_code, note, wrapup_ns, consult_for, library_version, ivr_digits, ivr_data, operator, group_id"
)


def _record(row: sqlite3.Row, nodes: Sequence[str] = (), callbacks: Sequence[str] = ()) -> CallRecord:
    return CallRecord(
        id=row["id"], call_id=row["call_id"], direction=Direction(row["direction"]),
        tenant_id=row["tenant_id"], caller_number=row["caller_number"], caller_name=row["caller_name"],
        dialed_number=row["dialed_number"], started_ns=row["started_ns"], answered_ns=row["answered_ns"],
        ended_ns=row["ended_ns"], outcome=CallOutcome(row["outcome"]), end_reason=row["end_reason"],
        sip_code=row["sip_code"], talk_s=row["talk_s"], transferred_to=row["transferred_to"],
        not_ready_reason=row["not_ready_reason"], wrapup_code=row["wrapup_code"], note=row["note"],
        wrapup_ns=row["wrapup_ns"], consult_for=row["consult_for"],
        library_version=row["library_version"], ivr_digits=row["ivr_digits"], ivr_data=row["ivr_data"],
        operator=row["operator"], group_id=row["group_id"], nodes=tuple(nodes),
        callbacks=tuple(callbacks),
    )


class CallRecords:
    """Reads and writes call records on one connection (one thread)."""

    def __init__(self, conn: sqlite3.Connection, *,
                 abandon_within_s: float = DEFAULT_ABANDON_WITHIN_S, region: str = "RU") -> None:
        self.conn = conn
        self.abandon_within_s = abandon_within_s
        self.region = region
        """How numbers without a country code were written where these calls came in."""

    # -- writing ---------------------------------------------------------------------

    def start(self, call_id: str, direction: Direction, started_ns: int, *, tenant_id: str = "",
              caller_number: str = "", caller_name: str = "", dialed_number: str = "",
              consult_for: str = "", library_version: str = "", ivr_digits: str = "", ivr_data: str = "",
              operator: str = "", group_id: str = "") -> int:
        """Record a new call (an existing ``call_id`` is kept as is); return its row id."""
        self.conn.execute(
            "INSERT INTO calls (call_id, direction, tenant_id, caller_number, caller_name, dialed_number,"
            " started_ns, consult_for, library_version, ivr_digits, ivr_data, operator, group_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING",
            (call_id, direction.value, tenant_id, caller_number, caller_name, dialed_number, started_ns,
             consult_for, library_version, ivr_digits, ivr_data, operator, group_id),
        )
        row = self.conn.execute("SELECT id FROM calls WHERE call_id = ?", (call_id,)).fetchone()
        return int(row[0])

    def set_tenant(self, call_id: str, tenant_id: str) -> None:
        self._update(call_id, "tenant_id = ?", tenant_id)

    def mark_answered(self, call_id: str, at_ns: int) -> None:
        self.conn.execute(
            "UPDATE calls SET answered_ns = ? WHERE call_id = ? AND answered_ns IS NULL", (at_ns, call_id)
        )

    def mark_transferred(self, call_id: str, target: str) -> None:
        """The desk transferred the call to ``target`` (a directory entry or URI)."""
        self._update(call_id, "transferred_to = ?", target)
        self.conn.execute(
            "UPDATE calls SET outcome = ? WHERE call_id = ? AND outcome = ?",
            (CallOutcome.TRANSFERRED.value, call_id, CallOutcome.ANSWERED.value),
        )

    def mark_rejected_not_ready(self, call_id: str, reason: str) -> None:
        """The desk declined the call because the operator was not ready (``reason``)."""
        self._update(call_id, "not_ready_reason = ?", reason or "not ready")

    def end(self, call_id: str, reason: EndReason, at_ns: int, *, sip_code: int = 0,
            talk_s: float = 0.0) -> CallOutcome | None:
        """Close the call and decide its outcome; None when the call was never started."""
        row = self.conn.execute(
            "SELECT direction, started_ns, answered_ns, transferred_to FROM calls WHERE call_id = ?",
            (call_id,),
        ).fetchone()
        if row is None:
            log.warning("call record: end of an unknown call %s", call_id)
            return None
        answered = row["answered_ns"] is not None
        ring_end = row["answered_ns"] if answered else at_ns
        outcome = classify(
            direction=Direction(row["direction"]), answered=answered, reason=reason,
            ring_s=(ring_end - row["started_ns"]) / 1e9, transferred_to=row["transferred_to"],
            abandon_within_s=self.abandon_within_s,
        )
        self.conn.execute(
            "UPDATE calls SET ended_ns = ?, outcome = ?, end_reason = ?, sip_code = ?, talk_s = ?"
            " WHERE call_id = ?",
            (at_ns, outcome.value, reason.value, sip_code, talk_s, call_id),
        )
        return outcome

    def close_interrupted(self, last_alive_ns: int | None) -> int:
        """Close the calls a stopped desk left ``ongoing``: ``interrupted``, ended at the last
        moment the desk was known alive (not before the call rang or was answered). Call it
        when the desk starts, before the engine takes calls. Returns how many were closed."""
        alive = 0 if last_alive_ns is None else last_alive_ns
        closed = self.conn.execute(
            "UPDATE calls SET outcome = ?, end_reason = 'desk_stopped',"
            " ended_ns = MAX(started_ns, COALESCE(answered_ns, 0), ?),"
            " talk_s = CASE WHEN answered_ns IS NULL THEN 0"
            "   ELSE MAX(0, (MAX(started_ns, answered_ns, ?) - answered_ns) / 1e9) END"
            " WHERE outcome = ? AND ended_ns IS NULL",
            (CallOutcome.INTERRUPTED.value, alive, alive, CallOutcome.ONGOING.value),
        ).rowcount
        if closed:
            log.warning("call records: %d call(s) were going on when the desk stopped; closed as "
                        "interrupted", closed)
        return closed

    def add_node(self, call_id: str, node_id: str, at_ns: int | None = None) -> None:
        """The operator opened script question ``node_id`` during the call."""
        at_ns = now_ns() if at_ns is None else at_ns
        with transaction(self.conn):
            call = self._row_id(call_id)
            if call is None:
                return
            self.conn.execute(
                "INSERT INTO call_nodes (call, seq, node_id, at_ns) VALUES"
                " (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM call_nodes WHERE call = ?), ?, ?)",
                (call, call, node_id, at_ns),
            )

    def wrap_up(self, call_id: str, code: str, note: str = "", at_ns: int | None = None) -> None:
        """Store the wrap-up code and note (again: the last one wins)."""
        at_ns = now_ns() if at_ns is None else at_ns
        self.conn.execute(
            "UPDATE calls SET wrapup_code = ?, note = ?, wrapup_ns = ? WHERE call_id = ?",
            (code, note, at_ns, call_id),
        )

    def _update(self, call_id: str, assignment: str, value: object) -> None:
        self.conn.execute(f"UPDATE calls SET {assignment} WHERE call_id = ?", (value, call_id))

    def _row_id(self, call_id: str) -> int | None:
        row = self.conn.execute("SELECT id FROM calls WHERE call_id = ?", (call_id,)).fetchone()
        return None if row is None else int(row[0])

    # -- reading ---------------------------------------------------------------------

    def get(self, call_id: str) -> CallRecord | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM calls WHERE call_id = ?", (call_id,)).fetchone()
        if row is None:
            return None
        return self._complete([row])[0]

    def history(self, flt: HistoryFilter | None = None) -> list[CallRecord]:
        """Calls matching ``flt``, newest first (a shift's history: ``since_ns``/``until_ns``)."""
        flt = flt or HistoryFilter()
        where, args = _where(flt)
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM calls {where} ORDER BY started_ns DESC, id DESC LIMIT ? OFFSET ?",
            (*args, flt.limit, flt.offset),
        ).fetchall()
        return self._complete(rows)

    def count(self, flt: HistoryFilter | None = None) -> int:
        where, args = _where(flt or HistoryFilter())
        return int(self.conn.execute(f"SELECT COUNT(*) FROM calls {where}", args).fetchone()[0])

    def stats(self, since_ns: int, until_ns: int) -> list[TenantStats]:
        """Per tenant: counts by outcome and average handle time of calls started in the period
        (consult calls of attended transfers are not counted)."""
        rows = self.conn.execute(
            """SELECT tenant_id, COUNT(*) AS total,
                   SUM(outcome = 'answered') AS answered, SUM(outcome = 'transferred') AS transferred,
                   SUM(outcome = 'missed') AS missed, SUM(outcome = 'rejected') AS rejected,
                   SUM(outcome = 'abandoned') AS abandoned,
                   AVG(CASE WHEN answered_ns IS NOT NULL AND ended_ns IS NOT NULL
                       THEN (MAX(ended_ns, COALESCE(wrapup_ns, 0)) - answered_ns) / 1e9 END) AS handle,
                   AVG(CASE WHEN answered_ns IS NOT NULL THEN (answered_ns - started_ns) / 1e9 END) AS ring
               FROM calls WHERE started_ns >= ? AND started_ns < ? AND consult_for = ''
               GROUP BY tenant_id ORDER BY tenant_id""",
            (since_ns, until_ns),
        ).fetchall()
        return [
            TenantStats(r["tenant_id"], r["total"], r["answered"], r["transferred"], r["missed"],
                        r["rejected"], r["abandoned"], r["handle"] or 0.0, r["ring"] or 0.0)
            for r in rows
        ]

    def calls_from(self, e164: str, since_ns: int, limit: int = 50) -> list[PastCall]:
        """Incoming calls from ``e164`` (``+79161234567``) since ``since_ns``, newest first,
        however the PBX wrote the number (``89161234567``, ``+7 916…``): the desk's answer
        to :class:`core.caller_history.CallerHistorySource`. Rows are picked by the
        number's last digits through the start-time index, then checked one by one."""
        digits = e164.lstrip("+")
        if not digits.isdigit():
            return []
        tail = digits[-10:]
        rows = self.conn.execute(
            """SELECT c.call_id, c.tenant_id, c.started_ns, c.outcome, c.wrapup_code,
                   c.caller_number,
                   (SELECT node_id FROM call_nodes n WHERE n.call = c.id ORDER BY seq LIMIT 1)
                       AS first_node
               FROM calls c
               WHERE c.started_ns >= ? AND c.direction = 'in' AND c.consult_for = ''
                 AND substr(replace(replace(replace(replace(replace(c.caller_number, ' ', ''),
                     '-', ''), '(', ''), ')', ''), '+', ''), -?) = ?
               ORDER BY c.started_ns DESC, c.id DESC LIMIT ?""",
            (since_ns, len(tail), tail, limit * 2),
        ).fetchall()
        found = []
        for r in rows:
            try:
                key = without_extension(parse_number(r["caller_number"], self.region,
                                                     strict=False).key)
            except NumberError:
                continue
            if key == e164:
                found.append(PastCall(r["call_id"], r["tenant_id"], r["started_ns"],
                                      r["outcome"], r["wrapup_code"], r["first_node"] or ""))
        return found[:limit]

    def busiest_tenants(self, since_ns: int) -> list[str]:
        """Tenants by how many calls they had since ``since_ns``, busiest first (the
        order in which the desk prepares their scripts)."""
        rows = self.conn.execute(
            """SELECT tenant_id FROM calls WHERE started_ns >= ? AND tenant_id != ''
               GROUP BY tenant_id ORDER BY COUNT(*) DESC, tenant_id""",
            (since_ns,),
        ).fetchall()
        return [str(r["tenant_id"]) for r in rows]

    def _complete(self, rows: Sequence[sqlite3.Row]) -> list[CallRecord]:
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        call_ids = [row["call_id"] for row in rows]
        nodes: dict[int, list[str]] = {}
        callbacks: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for call, node in self.conn.execute(
                f"SELECT call, node_id FROM call_nodes WHERE call IN ({marks}) ORDER BY call, seq", chunk
            ):
                nodes.setdefault(call, []).append(node)
        for chunk_ids in _chunks(call_ids):
            marks = ",".join("?" * len(chunk_ids))
            for call_id, cb in self.conn.execute(
                f"SELECT call_id, id FROM callbacks WHERE call_id IN ({marks}) ORDER BY created_ns",
                chunk_ids,
            ):
                callbacks.setdefault(call_id, []).append(cb)
        return [_record(r, nodes.get(r["id"], ()), callbacks.get(r["call_id"], ())) for r in rows]


def _chunks(items: Sequence[object], size: int = 500) -> Iterable[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _where(flt: HistoryFilter) -> tuple[str, tuple[object, ...]]:
    clauses: list[str] = []
    args: list[object] = []
    if flt.since_ns is not None:
        clauses.append("started_ns >= ?")
        args.append(flt.since_ns)
    if flt.until_ns is not None:
        clauses.append("started_ns < ?")
        args.append(flt.until_ns)
    if flt.tenant_id:
        clauses.append("tenant_id = ?")
        args.append(flt.tenant_id)
    if flt.outcomes:
        values = sorted(o.value for o in flt.outcomes)
        clauses.append(f"outcome IN ({','.join('?' * len(values))})")
        args.extend(values)
    if flt.number:
        pattern = "%" + flt.number.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(caller_number LIKE ? ESCAPE '\\' OR dialed_number LIKE ? ESCAPE '\\')")
        args.extend((pattern, pattern))
    if flt.direction is not None:
        clauses.append("direction = ?")
        args.append(flt.direction.value)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


class CallRecorder:
    """An event sink that keeps :class:`CallRecords` in step with the engine's events.

    ``tenant_of`` may name the tenant of an incoming call from its event (routing);
    otherwise the desk calls :meth:`CallRecords.set_tenant`. A failing write is logged
    and never raised: a full disk must not take the call down.
    """

    def __init__(self, records: CallRecords,
                 tenant_of: Callable[[IncomingCall], str] | None = None,
                 library_version: Callable[[], str] | None = None, *,
                 ivr_headers: tuple[str, str] = ("X-IVR-Digits", "X-IVR-Data"),
                 operator: tuple[str, str] = ("", "")) -> None:
        self.records = records
        self.tenant_of = tenant_of
        self.library_version = library_version
        """Tells the scripts library version in use, stamped on each new call."""
        self.ivr_headers = ivr_headers
        """The SIP headers with the IVR's digits and named data (the settings' names)."""
        self.operator = operator
        """The operator's name and group, stamped on each call."""
        self._call_ids: dict[int, str] = {}
        """Engine handle -> Call-ID of the calls under way (consult calls name their call by handle)."""

    def __call__(self, event: object) -> None:
        try:
            self._handle(event)
        except sqlite3.Error as exc:  # a full disk, a locked or closed file; a bug surfaces
            log.error("call record: cannot store %s: %s", type(event).__name__, exc)

    def _version(self) -> str:
        return self.library_version() if self.library_version is not None else ""

    def _handle(self, event: object) -> None:
        match event:
            case IncomingCall():
                self._call_ids[event.engine_call] = event.call_id
                dialed = event.dialed_candidates
                tenant = self.tenant_of(event) if self.tenant_of is not None else ""
                self.records.start(
                    event.call_id, Direction.INCOMING, event.ts_ns or now_ns(), tenant_id=tenant,
                    caller_number=event.caller_number, caller_name=event.display_name,
                    dialed_number=dialed[0] if dialed else "", library_version=self._version(),
                    ivr_digits=event.header(self.ivr_headers[0]), ivr_data=event.header(self.ivr_headers[1]),
                    operator=self.operator[0], group_id=self.operator[1],
                )
            case OutgoingCall():
                self._call_ids[event.engine_call] = event.call_id
                consulted = "" if event.consult_for is None else self._call_ids.get(event.consult_for, "")
                self.records.start(event.call_id, Direction.OUTGOING, event.ts_ns or now_ns(),
                                   dialed_number=sip_uri_user(event.uri) or event.uri, consult_for=consulted,
                                   library_version=self._version(), operator=self.operator[0],
                                   group_id=self.operator[1])
            case TransferProgress(final=True, ok=True):
                self.records.mark_transferred(event.call_id, event.target)
            case CallStateChanged(new=CallState.ACTIVE):
                self.records.mark_answered(event.call_id, event.ts_ns or now_ns())
            case CallEnded():
                self._call_ids.pop(event.engine_call, None)
                self.records.end(event.call_id, event.reason, event.ts_ns or now_ns(),
                                 sip_code=event.sip_code, talk_s=event.duration_s)
