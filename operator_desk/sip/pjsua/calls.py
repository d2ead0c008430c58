"""The engine's calls: incoming and outgoing, the commands on them, their call and media
state, DTMF, and how each one ends.

Every ``pj.Call`` (:class:`SipCall`) is kept referenced by its :class:`LiveCall` until
it is disconnected (a ``Call`` without a Python reference is destroyed: the call is
declined), then released on the next ``poll`` (never inside its own callback). An
INVITE is answered 180 before anything else is done with it (parsing, the sink): see
:meth:`Calls.on_incoming_call`. Engine thread only (the thread model:
:mod:`operator_desk.sip.engine`).

Not done yet: remote hold (PJSUA_CALL_MEDIA_REMOTE_HOLD) as an event of its own; DTMF
durations (onDtmfEvent end flags); SRTP, IPv6, a public address for NAT; outgoing-call
failures mapped to a finer EndReason (unreachable vs declined); at most 4 simultaneous
calls (pjsua2-python 2.15.1.post1 caps ``maxCalls`` at 4 whatever is configured, and
pjsua answers 486 beyond with no event; a consult uses one of the 4).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pjsua2 as pj

from operator_desk.core.calls import (
    CALL_HEADERS,
    CallEnded,
    CallState,
    CallStateChanged,
    DtmfReceived,
    EndReason,
    IncomingCall,
    OutgoingCall,
    TransferKind,
    check_transition,
    sip_uri_user,
)
from operator_desk.sip.engine import EngineConfig, SipEngineError, UnknownCallError
from operator_desk.sip.pjsua.endpoint import Endpoint, op_param, pj_error, pj_op
from operator_desk.sip.pjsua.thread import EngineThread
from operator_desk.sip.sipmsg import clean_text, display_name, parse_request

log = logging.getLogger(__name__)

_DTMF_DIGITS = re.compile(r"[0-9*#A-Da-d]+")
_DTMF_METHODS = {
    pj.PJSUA_DTMF_METHOD_RFC2833: "rfc2833",
    pj.PJSUA_DTMF_METHOD_SIP_INFO: "sip_info",
}
ACTIVE_OR_HELD = (CallState.ACTIVE, CallState.HELD)


@dataclass(eq=False, slots=True)
class PendingTransfer:
    """A REFER the desk sent for a call, until its final answer."""

    kind: TransferKind
    target: str
    consult_call: int | None
    deadline: float
    """On the engine's clock: after it the transfer is reported failed."""


@dataclass(eq=False, slots=True)
class LiveCall:
    """What the engine knows of one call, from its first event to its end."""

    handle: int
    call: SipCall | None
    incoming: bool
    call_id: str = ""
    state: CallState = CallState.NEW
    answered_at: float | None = None
    """On the engine's clock: when the call became ACTIVE the first time."""
    local_end: EndReason | None = None
    """Set when the desk ends the call, so CallEnded says who did."""
    transferred: bool = False
    """A transfer of (or through) this call succeeded: it ends as TRANSFERRED."""
    transfer: PendingTransfer | None = None
    """The REFER sent for this call, until its final answer."""
    consult_for: int | None = None
    """This is a consult call for that (held) call."""
    consult_call: int | None = None
    """This call has that consult call."""
    held_for_consult: bool = False
    """The engine put this call on hold for its consult; resumes it when that ends."""
    resume_until: float | None = None
    """Resume this call as soon as it is held (checked by the timers), until then."""
    hangup_at: float | None = None
    """Hang this call up at this time on the engine's clock (the replaced consult leg)."""
    audio_attached: bool = False
    """The call's audio has been connected to the headset at least once."""
    muted: bool = False
    """The operator's microphone is off for this call (kept across hold/resume)."""


class SipCall(pj.Call):  # type: ignore[misc]
    """The pjsua2 call; its callbacks go, guarded, to :class:`Calls`."""

    def __init__(self, calls: Calls, acc: Any, call_id: int) -> None:
        super().__init__(acc, call_id)
        self.calls = calls
        self.record: LiveCall | None = None

    def onCallState(self, prm: Any) -> None:  # pjsua2's callback names
        self.calls.thread.guard("onCallState", self.calls.on_call_state, self, prm)

    def onCallMediaState(self, prm: Any) -> None:
        self.calls.thread.guard("onCallMediaState", self.calls.on_call_media_state, self, prm)

    def onDtmfDigit(self, prm: Any) -> None:
        self.calls.thread.guard("onDtmfDigit", self.calls.on_dtmf_digit, self, prm)

    def onCallTransferStatus(self, prm: Any) -> None:
        self.calls.thread.guard("onCallTransferStatus", self.calls.on_transfer_status, self, prm)


def _no_transfers(call: SipCall, prm: Any) -> None:
    prm.cont = False


class Calls:
    """The engine's table of live calls and everything done to one of them.

    Hooks the engine sets: :attr:`on_ending` (a call is about to end: its transfer and
    consult links are settled there) and :attr:`on_transfer_status` (the far end's
    answers to a REFER).
    """

    def __init__(self, config: EngineConfig, thread: EngineThread,
                 clock: Callable[[], float]) -> None:
        self.config = config
        self.thread = thread
        self.clock = clock
        self.endpoint: Endpoint | None = None
        self.account: Any = None
        """The pjsua2 account calls are made on and arrive at (set at start)."""
        self.audio: Any = None
        """The audio bridge (or pjsua's native devices) once opened; None: null device."""
        self.on_ending: Callable[[LiveCall], None] = lambda record: None
        self.on_transfer_status: Callable[[SipCall, Any], None] = _no_transfers
        self._table: dict[int, LiveCall] = {}
        self._graveyard: list[SipCall] = []
        self._handles = itertools.count(1)

    # -- the table ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._table)

    def get(self, handle: int) -> LiveCall | None:
        return self._table.get(handle)

    def records(self) -> list[LiveCall]:
        """The live calls, a copy (a command on one may end another)."""
        return list(self._table.values())

    def live(
        self,
        engine_call: int,
        required: CallState | tuple[CallState, ...] | None,
        what: str,
    ) -> tuple[LiveCall, SipCall]:
        """The call ``engine_call`` names, in one of the ``required`` states."""
        if self.endpoint is None:
            raise SipEngineError("engine not started")
        self.thread.check()
        record = self._table.get(engine_call)
        if record is None or record.call is None or record.state is CallState.ENDED:
            raise UnknownCallError(engine_call)
        allowed = (required,) if isinstance(required, CallState) else required
        if allowed is not None and record.state not in allowed:
            raise SipEngineError(
                f"cannot {what} call {engine_call}: it is {record.state.value}, "
                f"not {' or '.join(s.value for s in allowed)}"
            )
        return record, record.call

    def release_ended(self) -> None:
        """Drop the ``pj.Call`` objects of calls that ended (outside their callbacks)."""
        if self._graveyard:
            self._graveyard.clear()

    def forget_all(self) -> None:
        """Drop every reference to a ``pj.Call`` (before ``libDestroy``)."""
        for record in self._table.values():
            if record.call is not None:
                record.call.record = None
            record.call = None
        self._table.clear()
        self._graveyard.clear()

    # -- commands -----------------------------------------------------------------------
    def answer(self, engine_call: int) -> None:
        _record, call = self.live(engine_call, CallState.RINGING, "answer")
        pj_op("answer", call.answer, op_param(200))

    def reject(self, engine_call: int, code: int | None = None) -> None:
        status = self.config.reject_code if code is None else code
        if not 400 <= status <= 699:
            raise SipEngineError(f"reject needs a 4xx-6xx status, not {status}")
        record, call = self.live(engine_call, CallState.RINGING, "reject")
        record.local_end = EndReason.REJECTED
        pj_op("reject", call.hangup, op_param(status))

    def hangup(self, engine_call: int) -> None:
        record, call = self.live(engine_call, None, "hang up")
        if record.local_end is None:
            record.local_end = (
                EndReason.REJECTED if record.state is CallState.RINGING else EndReason.LOCAL_HANGUP
            )
        pj_op("hangup", call.hangup, op_param(0))

    def hold(self, engine_call: int) -> None:
        _record, call = self.live(engine_call, CallState.ACTIVE, "hold")
        pj_op("hold", call.setHold, pj.CallOpParam(True))

    def unhold(self, engine_call: int) -> None:
        _record, call = self.live(engine_call, CallState.HELD, "resume")
        prm = pj.CallOpParam(True)
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        pj_op("unhold", call.reinvite, prm)

    def mute(self, engine_call: int, muted: bool) -> None:
        record, call = self.live(engine_call, None, "mute")
        record.muted = muted
        self._apply_mute(record, call)

    def _apply_mute(self, record: LiveCall, call: Any) -> None:
        """What the call sends comes from the conference bridge: level 0 silences it."""
        try:
            info = call.getInfo()
            for media in info.media:
                if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    call.getAudioMedia(media.index).adjustRxLevel(0.0 if record.muted else 1.0)
        except pj.Error as exc:
            raise SipEngineError(f"mute: {pj_error(exc)}") from None

    def send_dtmf(self, engine_call: int, digits: str) -> None:
        if not _DTMF_DIGITS.fullmatch(digits):
            raise SipEngineError(f"not DTMF digits: {digits!r}")
        _record, call = self.live(engine_call, CallState.ACTIVE, "send DTMF")
        prm = pj.CallSendDtmfParam()
        prm.digits = digits.upper()
        prm.method = (pj.PJSUA_DTMF_METHOD_SIP_INFO if self.config.dtmf_method == "sip_info"
                      else pj.PJSUA_DTMF_METHOD_RFC2833)
        pj_op("send DTMF", call.sendDtmf, prm)

    def make_call(self, uri: str) -> int:
        if self.endpoint is None or self.account is None:
            raise SipEngineError("engine not started")
        self.thread.check()
        self.endpoint.verify_uri(uri)
        return self.dial(uri, None)

    def dial(self, uri: str, consult_for: int | None) -> int:
        """Call ``uri`` (a checked SIP URI); the new call's handle."""
        handle = next(self._handles)
        call = SipCall(self, self.account, pj.PJSUA_INVALID_ID)
        record = LiveCall(handle=handle, call=call, incoming=False, consult_for=consult_for)
        call.record = record
        self._table[handle] = record
        try:
            call.makeCall(uri, pj.CallOpParam(True))
        except pj.Error as exc:
            self._table.pop(handle, None)
            call.record = None
            record.call = None
            self._graveyard.append(call)
            raise SipEngineError(f"cannot call {uri}: {pj_error(exc)}") from exc
        try:
            record.call_id = clean_text(call.getInfo().callIdString)
        except pj.Error:
            record.call_id = ""
        self.thread.emit(OutgoingCall(record.call_id, handle, uri, time.time_ns(), consult_for))
        if record.state is CallState.NEW:
            self.set_state(record, CallState.DIALING)
        return handle

    # -- an INVITE arrives --------------------------------------------------------------
    def on_incoming_call(self, account: Any, prm: Any) -> None:
        ts_ns = time.time_ns()
        record = self._take(account, prm.callId)
        self._ring(record)  # first: parsing and the sink come after the 180 is on its way
        self._offer(record, prm.rdata.wholeMsg, ts_ns)

    def _take(self, account: Any, pj_call_id: int) -> LiveCall:
        """Hold the new ``pj.Call`` (unreferenced, pjsua2 would decline it)."""
        call = SipCall(self, account, pj_call_id)
        record = LiveCall(handle=next(self._handles), call=call, incoming=True)
        call.record = record
        self._table[record.handle] = record
        return record

    @staticmethod
    def _ring(record: LiveCall) -> None:
        assert record.call is not None
        try:
            record.call.answer(op_param(180))
        except pj.Error as exc:
            log.warning("could not send 180 Ringing: %s", pj_error(exc))

    def _offer(self, record: LiveCall, message: str, ts_ns: int) -> None:
        """Tell the desk who calls and what was dialed (:class:`IncomingCall`), then
        that it rings."""
        req = parse_request(message)
        record.call_id = req.header("call-id")
        if not record.call_id and record.call is not None:
            with contextlib.suppress(pj.Error):
                record.call_id = clean_text(record.call.getInfo().callIdString)
        wanted = CALL_HEADERS + tuple(h.lower() for h in self.config.extra_headers)
        headers = {name: req.headers[name] for name in wanted if name in req.headers}
        from_header = req.header("from")
        self.thread.emit(
            IncomingCall(
                call_id=record.call_id,
                engine_call=record.handle,
                request_uri=req.request_uri,
                to_header=req.header("to"),
                from_header=from_header,
                display_name=display_name(from_header),
                caller_number=sip_uri_user(from_header),
                headers=MappingProxyType(headers),
                ts_ns=ts_ns,
            )
        )
        if record.state is CallState.NEW:
            self.set_state(record, CallState.RINGING)

    # -- call state ---------------------------------------------------------------------
    def set_state(self, record: LiveCall, new: CallState) -> None:
        old = record.state
        if old is new:
            return
        record.state = check_transition(old, new)
        if new is CallState.ACTIVE and record.answered_at is None:
            record.answered_at = self.clock()
        self.thread.emit(CallStateChanged(record.call_id, record.handle, old, new, time.time_ns()))

    def on_call_state(self, call: SipCall, prm: Any) -> None:
        record = call.record
        if record is None:
            return
        try:
            info = call.getInfo()
        except pj.Error as exc:  # the call is gone under us: report it ended
            log.warning("call %d: getInfo failed: %s", record.handle, pj_error(exc))
            self.end(record, 0, "")
            return
        inv_state = info.state
        if inv_state == pj.PJSIP_INV_STATE_CONNECTING:
            self.set_state(record, CallState.CONNECTING)
        elif inv_state == pj.PJSIP_INV_STATE_CONFIRMED:
            if record.state in (CallState.RINGING, CallState.DIALING, CallState.CONNECTING):
                self.set_state(record, CallState.ACTIVE)
        elif inv_state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.end(record, int(info.lastStatusCode), clean_text(info.lastReason))
        # CALLING, INCOMING, EARLY: the engine set DIALING / RINGING itself.

    def end(self, record: LiveCall, code: int, reason_text: str) -> None:
        """The call is over: report how (CallStateChanged to ENDED, then CallEnded)."""
        if self.audio is not None:
            self.audio.detach(owner=record.handle)
        answered_at = record.answered_at
        duration = 0.0 if answered_at is None else self.clock() - answered_at
        self.on_ending(record)
        reason = self._end_reason(record, code)
        old = record.state
        record.state = CallState.ENDED
        call = record.call
        record.call = None
        self._table.pop(record.handle, None)
        if call is not None:
            call.record = None
            self._graveyard.append(call)
        if old is not CallState.ENDED:
            self.thread.emit(
                CallStateChanged(record.call_id, record.handle, old, CallState.ENDED, time.time_ns())
            )
        self.thread.emit(
            CallEnded(
                call_id=record.call_id,
                engine_call=record.handle,
                reason=reason,
                sip_code=code,
                sip_reason=reason_text,
                duration_s=round(duration, 3),
                ts_ns=time.time_ns(),
            )
        )

    @staticmethod
    def _end_reason(record: LiveCall, code: int) -> EndReason:
        if record.transferred:
            return EndReason.TRANSFERRED
        if record.local_end is not None:
            return record.local_end
        if record.answered_at is not None:
            return EndReason.REMOTE_HANGUP
        if record.incoming:
            return EndReason.CANCELLED if code == 487 else EndReason.FAILED
        if (400 <= code < 500 and code != 408) or 600 <= code < 700:
            return EndReason.DECLINED  # busy, not found, decline...
        return EndReason.FAILED  # timeout, server error, transport

    # -- media and DTMF -----------------------------------------------------------------
    def on_call_media_state(self, call: SipCall, prm: Any) -> None:
        record = call.record
        if record is None:
            return
        info = call.getInfo()
        for media in info.media:
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            if media.status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD:
                if record.state is CallState.ACTIVE:
                    self.set_state(record, CallState.HELD)
            elif record.state is CallState.HELD:
                self.set_state(record, CallState.ACTIVE)
            if record.muted and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                with contextlib.suppress(pj.Error):
                    call.getAudioMedia(media.index).adjustRxLevel(0.0)
            if self.audio is not None:
                self._route_audio(record, call, media)
            break

    def _route_audio(self, record: LiveCall, call: SipCall, media: Any) -> None:
        """The headset follows the call whose media is active; off when it is not."""
        if media.status != pj.PJSUA_CALL_MEDIA_ACTIVE:
            self.audio.detach(owner=record.handle)
            return
        first = not record.audio_attached
        self.audio.attach(call.getAudioMedia(media.index), owner=record.handle)
        record.audio_attached = True
        if first and record.incoming and self.config.auto_answer:
            self.audio.play_zip_tone()

    def on_dtmf_digit(self, call: SipCall, prm: Any) -> None:
        record = call.record
        if record is None:
            return
        self.thread.emit(
            DtmfReceived(
                call_id=record.call_id,
                engine_call=record.handle,
                digit=clean_text(str(prm.digit)),
                method=_DTMF_METHODS.get(prm.method, str(prm.method)),
                ts_ns=time.time_ns(),
            )
        )

    # -- shutdown -----------------------------------------------------------------------
    def hang_up_all(self, ep: Any, grace_s: float) -> None:
        """Hang up every call and poll up to ``grace_s`` so the BYEs can leave."""
        for handle in list(self._table):
            try:
                self.hangup(handle)
            except SipEngineError as exc:
                log.warning("hanging up call %d at shutdown: %s", handle, exc)
        if not self._table:
            return
        try:
            ep.hangupAllCalls()
            deadline = time.monotonic() + grace_s
            while self._table and time.monotonic() < deadline:
                ep.libHandleEvents(10)
        except Exception:  # shutdown goes on whatever happens: libDestroy must still run
            log.exception("hanging up calls at shutdown")
