"""The call journal: one JSON line per call event, for support and for measuring.

Each line has ``event``, ``call_id`` (SIP Call-ID), ``engine_call``, ``ts_ns`` (wall
clock, ns) and the event's details::

    {"event": "invite_received", "call_id": "...", "engine_call": 1, "ts_ns": ...,
     "to": "...", "from": "...", "request_uri": "...", "dialed": ["+7495..."]}
    {"event": "ringing_sent", ...}
    {"event": "answered", ...}          the call became active
    {"event": "held", ...} / {"event": "resumed", ...}
    {"event": "dtmf", ..., "digit": "5", "method": "rfc2833"}
    {"event": "ended", ..., "reason": "remote_hangup", "sip_code": 200, "duration_s": 12.3}
    {"event": "transfer_started", ..., "kind": "blind", "target": "sip:...", "consult_call": null}
    {"event": "transfer_progress", ..., "code": 180, "reason": "Ringing"}
    {"event": "transfer_done", ..., "code": 200, "reason": "OK"}
    {"event": "transfer_failed", ..., "code": 486, "reason": "Busy Here"}
    {"event": "registration", "call_id": "", "engine_call": null, "ts_ns": ...,
     "account": "sip:1001@pbx", "registered": true, "code": 200, "reason": "OK",
     "expires_s": 300, "retry_in_s": 0.0}

A consult call's ``dialing`` line has ``consult_for`` (the held call's handle).

Other state changes are written as ``state`` lines (``old``/``new``). Callers' names and
header values stay out of the journal at the default detail; ``personal=True`` adds
them (the journal then holds personal data).

A :class:`CallJournal` is an event sink: pass it (or a fan-out including it) to the
engine. Each line is flushed; a failing write is logged once and never raised.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import IO, Any

from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    DtmfReceived,
    IncomingCall,
    OutgoingCall,
    RegistrationChanged,
    TransferProgress,
    TransferStarted,
)

log = logging.getLogger(__name__)

_STATE_EVENTS = {
    (CallState.NEW, CallState.RINGING): "ringing_sent",
    (CallState.CONNECTING, CallState.ACTIVE): "answered",
    (CallState.RINGING, CallState.ACTIVE): "answered",
    (CallState.DIALING, CallState.ACTIVE): "answered",
    (CallState.ACTIVE, CallState.HELD): "held",
    (CallState.HELD, CallState.ACTIVE): "resumed",
}


class CallJournal:
    """Appends JSON lines to ``path`` (created with its folder if missing)."""

    def __init__(self, path: Path, *, personal: bool = False) -> None:
        self.path = path
        self.personal = personal
        self._file: IO[str] | None = None
        self._failed = False

    def __call__(self, event: object) -> None:
        record = self.to_record(event)
        if record is not None:
            self.write(record)

    def to_record(self, event: object) -> dict[str, Any] | None:
        """The journal line for an event, or None for events the journal skips."""
        match event:
            case IncomingCall():
                rec = self._base("invite_received", event.call_id, event.engine_call, event.ts_ns)
                rec["dialed"] = list(event.dialed_candidates)
                rec["request_uri"] = event.request_uri
                if self.personal:
                    rec["to"] = event.to_header
                    rec["from"] = event.from_header
                    rec["display_name"] = event.display_name
                    rec["caller_number"] = event.caller_number
                    rec["headers"] = dict(event.headers)
                else:
                    rec["headers"] = sorted(event.headers)
                return rec
            case OutgoingCall():
                rec = self._base("dialing", event.call_id, event.engine_call, event.ts_ns)
                if event.consult_for is not None:
                    rec["consult_for"] = event.consult_for
                if self.personal:
                    rec["uri"] = event.uri
                return rec
            case CallStateChanged():
                if event.new is CallState.ENDED:
                    return None  # CallEnded follows with the details
                name = _STATE_EVENTS.get((event.old, event.new), "state")
                rec = self._base(name, event.call_id, event.engine_call, event.ts_ns)
                if name == "state":
                    rec["old"] = event.old.value
                    rec["new"] = event.new.value
                return rec
            case DtmfReceived():
                rec = self._base("dtmf", event.call_id, event.engine_call, event.ts_ns)
                rec["digit"] = event.digit
                rec["method"] = event.method
                return rec
            case CallEnded():
                rec = self._base("ended", event.call_id, event.engine_call, event.ts_ns)
                rec["reason"] = event.reason.value
                rec["sip_code"] = event.sip_code
                rec["sip_reason"] = event.sip_reason
                rec["duration_s"] = event.duration_s
                return rec
            case TransferStarted():
                rec = self._base("transfer_started", event.call_id, event.engine_call, event.ts_ns)
                rec["kind"] = event.kind.value
                rec["target"] = event.target  # the desk's specialist, not the caller
                rec["consult_call"] = event.consult_call
                return rec
            case TransferProgress():
                name = (
                    "transfer_progress"
                    if not event.final
                    else "transfer_done" if event.ok else "transfer_failed"
                )
                rec = self._base(name, event.call_id, event.engine_call, event.ts_ns)
                rec["code"] = event.code
                rec["reason"] = event.reason
                if event.final:
                    rec["target"] = event.target
                return rec
            case RegistrationChanged():
                rec = {"event": "registration", "call_id": "", "engine_call": None}
                rec["ts_ns"] = event.ts_ns
                rec["account"] = event.account
                rec["registered"] = event.registered
                rec["code"] = event.code
                rec["reason"] = event.reason
                rec["expires_s"] = event.expires_s
                rec["retry_in_s"] = event.retry_in_s
                return rec
        return None

    @staticmethod
    def _base(name: str, call_id: str, engine_call: int, ts_ns: int) -> dict[str, Any]:
        return {"event": name, "call_id": call_id, "engine_call": engine_call, "ts_ns": ts_ns}

    def write(self, record: dict[str, Any]) -> bool:
        """Append one line; return False (and log, once) when it could not be written."""
        try:
            line = json.dumps(record, ensure_ascii=False, default=str)
            if self._file is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._file = self.path.open("a", encoding="utf-8", errors="replace")
            self._file.write(line + "\n")
            self._file.flush()
        except (OSError, ValueError, TypeError) as exc:  # disk full, permissions, closed file, odd data
            if not self._failed:
                log.error("call journal %s: cannot write: %s", self.path, exc)
            self._failed = True
            self._drop_file()
            return False
        if self._failed:
            log.info("call journal %s: writing again", self.path)
            self._failed = False
        return True

    def close(self) -> None:
        self._drop_file()

    def _drop_file(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except (OSError, ValueError) as exc:  # the last flush failed (disk full...)
                log.debug("call journal %s: close failed: %s", self.path, exc)
