"""Transfers: blind (REFER) and attended (consult, then REFER with Replaces), and the
consult call's link to the call it is for.

The far end's answers to a REFER come through :meth:`Transfers.on_transfer_status`.
pjsua does not hang up after a completed transfer (NOTIFY with sipfrag 2xx): the desk
does. A consult that ends before a transfer succeeded resumes the held caller by itself.
The time-driven parts (a transfer with no final answer, the replaced leg's hang-up,
a resume waiting for the hold to finish) are run by :mod:`~operator_desk.sip.pjsua.timers`.
Receiving REFER (the desk being transferred) is pjsua's default: it follows it.
Engine thread only (:mod:`operator_desk.sip.engine`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pjsua2 as pj

from operator_desk.core.calls import CallState, TransferKind, TransferProgress, TransferStarted
from operator_desk.sip.engine import SipEngineError
from operator_desk.sip.pjsua.calls import ACTIVE_OR_HELD, Calls, LiveCall, PendingTransfer, SipCall
from operator_desk.sip.pjsua.endpoint import op_param, pj_error, pj_op
from operator_desk.sip.sipmsg import clean_text

log = logging.getLogger(__name__)

REPLACED_LEG_GRACE_S = 1.0
"""After an attended transfer succeeded, the consult leg is normally ended by the
specialist's phone (its dialog was replaced); the desk hangs it up after this long."""
RESUME_WINDOW_S = 5.0
"""How long a resume planned for a call whose hold is still on its way stays planned."""


class Transfers:
    """Transfers and consults of the calls in ``calls``."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls
        self._thread = calls.thread
        self._clock = calls.clock

    # -- commands -----------------------------------------------------------------------
    def transfer_blind(self, engine_call: int, target_uri: str) -> None:
        record, call = self._calls.live(engine_call, ACTIVE_OR_HELD, "transfer")
        self._verify_uri(target_uri)
        if record.transfer is not None:
            raise SipEngineError(f"call {engine_call} is already being transferred")
        pj_op("transfer", lambda prm: call.xfer(target_uri, prm), pj.CallOpParam(True))
        self._start(record, TransferKind.BLIND, target_uri, None)

    def consult(self, engine_call: int, target_uri: str) -> int:
        record, _call = self._calls.live(engine_call, ACTIVE_OR_HELD, "consult for")
        self._verify_uri(target_uri)
        if record.consult_call is not None:
            raise SipEngineError(f"call {engine_call} already has consult call {record.consult_call}")
        if record.transfer is not None:
            raise SipEngineError(f"call {engine_call} is being transferred")
        if record.state is CallState.ACTIVE:
            self._calls.hold(engine_call)
            record.held_for_consult = True
        try:
            handle = self._calls.dial(target_uri, engine_call)
        except SipEngineError:
            self.resume_after_consult(record)
            raise
        if self._calls.get(handle) is not None:
            record.consult_call = handle
        else:  # the consult call failed at once (inside dial)
            self.resume_after_consult(record)
        return handle

    def transfer_attended(self, engine_call: int, consult_call: int) -> None:
        record, call = self._calls.live(engine_call, ACTIVE_OR_HELD, "transfer")
        consult, consult_obj = self._calls.live(consult_call, ACTIVE_OR_HELD, "transfer to")
        if consult_call == engine_call:
            raise SipEngineError("a call cannot be transferred to itself")
        if record.transfer is not None:
            raise SipEngineError(f"call {engine_call} is already being transferred")
        try:
            target = clean_text(consult_obj.getInfo().remoteUri)
        except pj.Error as exc:
            raise SipEngineError(f"consult call {consult_call}: {pj_error(exc)}") from exc
        pj_op(
            "attended transfer",
            lambda prm: call.xferReplaces(consult_obj, prm),
            pj.CallOpParam(True),
        )
        record.consult_call = consult_call
        consult.consult_for = engine_call
        self._start(record, TransferKind.ATTENDED, target, consult_call)

    def return_to_caller(self, consult_call: int) -> None:
        consult, _call = self._calls.live(consult_call, None, "return from")
        if consult.consult_for is None:
            raise SipEngineError(f"call {consult_call} is not a consult call")
        original = self._calls.get(consult.consult_for)
        if original is not None and original.transfer is not None:
            raise SipEngineError(f"call {original.handle} is being transferred")
        self._calls.hangup(consult_call)  # its end resumes the original (call_ending)
        if original is not None and consult.state is not CallState.ENDED:
            # pjsua reports the hang-up at once; should it not, resume anyway.
            self.resume_after_consult(original)

    def _verify_uri(self, uri: str) -> None:
        assert self._calls.endpoint is not None  # live() checked the engine runs
        self._calls.endpoint.verify_uri(uri)

    def _start(
        self, record: LiveCall, kind: TransferKind, target: str, consult_call: int | None
    ) -> None:
        deadline = self._clock() + self._calls.config.transfer_timeout_s
        record.transfer = PendingTransfer(kind, target, consult_call, deadline)
        log.info("call %d: %s transfer started", record.handle, kind.value)
        self._thread.emit(
            TransferStarted(
                record.call_id, record.handle, target, kind, consult_call, time.time_ns()
            )
        )

    # -- progress -----------------------------------------------------------------------
    def on_transfer_status(self, call: SipCall, prm: Any) -> None:
        """The far end's answer to the REFER (202 comes as 100 "Accepted", a refusal as
        its final code) and each NOTIFY's sipfrag status (measured, pjsua 2.15.1)."""
        record = call.record
        if record is None or record.transfer is None:
            prm.cont = False
            return
        code = int(prm.statusCode)
        reason = clean_text(prm.reason)
        if code >= 200 or prm.finalNotify:
            prm.cont = False
            self.finish(record, code, reason, 200 <= code < 300)
            return
        xfer = record.transfer
        self._thread.emit(
            TransferProgress(
                record.call_id, record.handle, xfer.target, code, reason, False, False,
                time.time_ns(),
            )
        )  # fmt: skip

    def finish(self, record: LiveCall, code: int, reason: str, ok: bool) -> None:
        """The transfer of ``record`` is over: report it; on success hang up the desk's
        leg(s), on failure resume a caller held for the consult."""
        xfer, record.transfer = record.transfer, None
        if xfer is None:
            return
        log.info(
            "call %d: %s transfer %s (%d %s)",
            record.handle, xfer.kind.value, "done" if ok else "failed", code, reason,
        )  # fmt: skip
        self._thread.emit(
            TransferProgress(
                record.call_id, record.handle, xfer.target, code, reason, True, ok,
                time.time_ns(),
            )
        )  # fmt: skip
        consult = self._calls.get(xfer.consult_call) if xfer.consult_call else None
        if ok:
            record.transferred = True
            if record.call is not None and record.state is not CallState.ENDED:
                try:  # pjsua leaves the transferred call up: the desk must hang up
                    record.call.hangup(op_param(0))
                except pj.Error as exc:
                    log.warning("call %d: hangup after transfer: %s", record.handle, pj_error(exc))
            if consult is not None:
                consult.transferred = True
                consult.hangup_at = self._clock() + REPLACED_LEG_GRACE_S
        elif record.held_for_consult and consult is None and record.consult_call is None:
            self.resume_after_consult(record)

    # -- consult links ------------------------------------------------------------------
    def call_ending(self, record: LiveCall) -> None:
        """``record`` ends: its transfer failed; its consult becomes a plain call, or the
        call it was a consult for resumes."""
        if record.transfer is not None:
            self.finish(record, 0, "the call ended before the transfer completed", False)
        if record.consult_call is not None:
            consult = self._calls.get(record.consult_call)
            if consult is not None and consult.consult_for == record.handle:
                consult.consult_for = None
        if record.consult_for is not None:
            original = self._calls.get(record.consult_for)
            if original is not None and original.consult_call == record.handle:
                original.consult_call = None
                # Not while the REFER with Replaces is out: the specialist's phone ends
                # the replaced consult leg just before the transfer is reported done.
                if original.transfer is None and not original.transferred:
                    self.resume_after_consult(original)

    def resume_after_consult(self, record: LiveCall) -> None:
        """Resume a call the engine held for a consult, now or once the hold is done."""
        if not record.held_for_consult:
            return
        record.held_for_consult = False
        if record.state in ACTIVE_OR_HELD:
            record.resume_until = self._clock() + RESUME_WINDOW_S
