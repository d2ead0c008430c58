"""The pjsua2 implementation of :class:`~operator_desk.sip.engine.SipEngine`.

The ONLY module of the desk that imports pjsua2.

TODO for the engine issue (not done in this step):
- registration with a registrar (kamailio), re-registration, RegistrationChanged events;
  behind a registrar the Request-URI is the operator's contact (see IncomingCall);
- blind and attended transfer (REFER), including hanging up after a NOTIFY sipfrag 200
  (pjsua does not);
- audio bridge (AudioMediaPort <-> PortAudio), ringtone device, underrun metrics;
- remote hold (PJSUA_CALL_MEDIA_REMOTE_HOLD) as an event of its own;
- DTMF durations (onDtmfEvent end flags) and SIP INFO as a send method;
- TLS/SRTP transports, IPv6, a public address for NAT;
- outgoing-call failures mapped to a finer EndReason (e.g. unreachable vs declined);
- at most 4 simultaneous calls: pjsua2-python 2.15.1.post1 caps ``maxCalls`` at 4
  whatever is configured, and pjsua itself answers 486 beyond (no event reaches the
  desk). Decide whether that is enough for a queue burst, or build pjsua2 with a
  larger PJSUA_MAX_CALLS;
- a desk policy for a second INVITE while the operator talks (auto-486, or ring);
- shutdown with a registrar: un-REGISTER and wait for its answer before libDestroy.

Rules this module keeps (measured; see the engine notes, /work/shared/ENGINE-NOTES.md):
- ``threadCnt = 0``, ``mainThreadOnly = True``: every pjsua2 call and callback runs on the
  thread that called :meth:`PjsuaEngine.start`, which must also call :meth:`poll`;
- a pjsua2 call from a thread pjlib does not know aborts the process, so commands from
  any other thread raise :class:`SipEngineError` instead;
- every callback is guarded: an exception escaping into pjsua2 aborts the process;
- every ``Call`` object is kept referenced until it is disconnected, then released on
  the next :meth:`poll` (never inside its own callback);
- at shutdown all ``Call`` and ``Account`` references are dropped and collected before
  ``libDestroy`` (objects alive then assert); logs go to a file, never a Python LogWriter.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import re
import threading
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
    EngineError,
    IncomingCall,
    OutgoingCall,
    check_transition,
    sip_uri_user,
)
from operator_desk.sip.engine import (
    EngineConfig,
    EventSink,
    SipEngine,
    SipEngineError,
    UnknownCallError,
)
from operator_desk.sip.sipmsg import clean_text, display_name, parse_request

log = logging.getLogger(__name__)

_DTMF_DIGITS = re.compile(r"[0-9*#A-Da-d]+")
_DTMF_METHODS = {
    pj.PJSUA_DTMF_METHOD_RFC2833: "rfc2833",
    pj.PJSUA_DTMF_METHOD_SIP_INFO: "sip_info",
}
_SHUTDOWN_GRACE_S = 0.3
"""How long shutdown keeps polling so BYEs of calls still up can leave."""


@dataclass(eq=False, slots=True)
class _CallRecord:
    handle: int
    call: _Call | None
    incoming: bool
    call_id: str = ""
    state: CallState = CallState.NEW
    answered_at: float | None = None
    """time.monotonic() when the call became ACTIVE the first time."""
    local_end: EndReason | None = None
    """Set when the desk ends the call, so CallEnded says who did."""


class _Account(pj.Account):  # type: ignore[misc]
    def __init__(self, engine: PjsuaEngine) -> None:
        super().__init__()
        self._engine = engine

    def onIncomingCall(self, prm: Any) -> None:  # pjsua2's callback names
        self._engine._guard("onIncomingCall", self._engine._on_incoming_call, self, prm)


class _Call(pj.Call):  # type: ignore[misc]
    def __init__(self, engine: PjsuaEngine, acc: _Account, call_id: int) -> None:
        super().__init__(acc, call_id)
        self.engine = engine
        self.record: _CallRecord | None = None

    def onCallState(self, prm: Any) -> None:
        self.engine._guard("onCallState", self.engine._on_call_state, self, prm)

    def onCallMediaState(self, prm: Any) -> None:
        self.engine._guard("onCallMediaState", self.engine._on_call_media_state, self, prm)

    def onDtmfDigit(self, prm: Any) -> None:
        self.engine._guard("onDtmfDigit", self.engine._on_dtmf_digit, self, prm)


class PjsuaEngine(SipEngine):
    """pjsua2 with no worker threads, polled by its owner. See the module docstring."""

    def __init__(self, config: EngineConfig, sink: EventSink) -> None:
        super().__init__(config, sink)
        self._ep: Any = None
        self._account: _Account | None = None
        self._calls: dict[int, _CallRecord] = {}
        self._graveyard: list[_Call] = []
        self._handles = itertools.count(1)
        self._port = 0
        self._transports: list[str] = []
        self._pending_exit: BaseException | None = None
        self._thread = 0

    # -- life cycle -------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._ep is not None

    @property
    def listen_port(self) -> int:
        return self._port

    @property
    def transports(self) -> tuple[str, ...]:
        """``udp 127.0.0.1:5060``-style descriptions of what the engine listens on."""
        return tuple(self._transports)

    def start(self) -> None:
        if self._ep is not None:
            raise SipEngineError("engine already started")
        cfg = self.config
        self._thread = threading.get_ident()
        ep = pj.Endpoint()
        ep.libCreate()
        try:
            ep_cfg = pj.EpConfig()
            ep_cfg.uaConfig.threadCnt = 0
            ep_cfg.uaConfig.mainThreadOnly = True
            ep_cfg.uaConfig.maxCalls = cfg.max_calls
            ep_cfg.uaConfig.userAgent = cfg.user_agent
            ep_cfg.logConfig.consoleLevel = 0
            ep_cfg.logConfig.writer = None
            if cfg.log_file is not None:
                ep_cfg.logConfig.filename = str(cfg.log_file)
                ep_cfg.logConfig.level = cfg.log_level
            else:
                ep_cfg.logConfig.level = 0
            ep.libInit(ep_cfg)
            self._port = self._create_transports(ep)
            ep.libStart()
            ep.audDevManager().setNullDev()
            self._ep = ep
            acc_cfg = pj.AccountConfig()
            acc_cfg.idUri = f"sip:{cfg.user}@{_host_for_uri(cfg.listen_host)}:{self._port}"
            acc_cfg.mediaConfig.transportConfig.boundAddress = cfg.listen_host
            account = _Account(self)
            account.create(acc_cfg, True)
            self._account = account
        except pj.Error as exc:
            self._account = None
            self._ep = None
            gc.collect()
            ep.libDestroy()
            raise SipEngineError(f"cannot start SIP engine: {_pj_error(exc)}") from exc
        log.info("SIP engine listening on %s", ", ".join(self._transports))

    def _create_transports(self, ep: Any) -> int:
        cfg = self.config
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = cfg.listen_host
        tcfg.port = cfg.listen_port
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        self._transports.append(f"udp {cfg.listen_host}:{port}")
        if cfg.tcp:
            tcfg = pj.TransportConfig()
            tcfg.boundAddress = cfg.listen_host
            tcfg.port = port
            try:
                ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, tcfg)
                self._transports.append(f"tcp {cfg.listen_host}:{port}")
            except pj.Error as exc:
                log.warning("no TCP listener on port %d: %s", port, _pj_error(exc))
        return port

    def poll(self, timeout_ms: int = 0) -> int:
        if self._ep is None:
            return 0
        self._check_thread()
        handled = int(self._ep.libHandleEvents(timeout_ms))
        # Calls that disconnected during the poll: release them now, outside their
        # own callbacks.
        if self._graveyard:
            self._graveyard.clear()
        if self._pending_exit is not None:
            exc, self._pending_exit = self._pending_exit, None
            raise exc
        return handled

    def shutdown(self) -> None:
        ep = self._ep
        if ep is None:
            return
        self._check_thread()
        # With no call up there is nothing left to say on the network, and pjsua would
        # otherwise wait a full second for finished transactions; with calls up, let it
        # wait for the BYEs' answers.
        destroy_flags = 0 if self._calls else pj.PJSUA_DESTROY_NO_NETWORK
        for handle in list(self._calls):
            try:
                self.hangup(handle)
            except SipEngineError as exc:
                log.warning("hanging up call %d at shutdown: %s", handle, exc)
        try:
            if self._calls:
                ep.hangupAllCalls()
                deadline = time.monotonic() + _SHUTDOWN_GRACE_S
                while self._calls and time.monotonic() < deadline:
                    ep.libHandleEvents(10)
        except Exception:
            log.exception("hanging up calls at shutdown")
        for record in self._calls.values():
            if record.call is not None:
                record.call.record = None
            record.call = None
        self._calls.clear()
        self._graveyard.clear()
        account, self._account = self._account, None
        if account is not None:
            try:
                account.shutdown()
            except pj.Error as exc:
                log.warning("account shutdown: %s", _pj_error(exc))
        del account
        gc.collect()
        self._ep = None
        try:
            ep.libDestroy(destroy_flags)
        except pj.Error as exc:
            log.warning("libDestroy: %s", _pj_error(exc))
        log.info("SIP engine stopped")

    # -- commands ---------------------------------------------------------------------
    def answer(self, engine_call: int) -> None:
        _record, call = self._live(engine_call, CallState.RINGING, "answer")
        self._op("answer", call.answer, _op_param(200))

    def reject(self, engine_call: int, code: int | None = None) -> None:
        status = self.config.reject_code if code is None else code
        if not 400 <= status <= 699:
            raise SipEngineError(f"reject needs a 4xx-6xx status, not {status}")
        record, call = self._live(engine_call, CallState.RINGING, "reject")
        record.local_end = EndReason.REJECTED
        self._op("reject", call.hangup, _op_param(status))

    def hangup(self, engine_call: int) -> None:
        record, call = self._live(engine_call, None, "hang up")
        if record.local_end is None:
            record.local_end = (
                EndReason.REJECTED if record.state is CallState.RINGING else EndReason.LOCAL_HANGUP
            )
        self._op("hangup", call.hangup, _op_param(0))

    def hold(self, engine_call: int) -> None:
        _record, call = self._live(engine_call, CallState.ACTIVE, "hold")
        self._op("hold", call.setHold, pj.CallOpParam(True))

    def unhold(self, engine_call: int) -> None:
        _record, call = self._live(engine_call, CallState.HELD, "resume")
        prm = pj.CallOpParam(True)
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        self._op("unhold", call.reinvite, prm)

    def send_dtmf(self, engine_call: int, digits: str) -> None:
        if not _DTMF_DIGITS.fullmatch(digits):
            raise SipEngineError(f"not DTMF digits: {digits!r}")
        _record, call = self._live(engine_call, CallState.ACTIVE, "send DTMF")
        prm = pj.CallSendDtmfParam()
        prm.digits = digits.upper()
        prm.method = pj.PJSUA_DTMF_METHOD_RFC2833
        self._op("send DTMF", call.sendDtmf, prm)

    def make_call(self, uri: str) -> int:
        if self._ep is None or self._account is None:
            raise SipEngineError("engine not started")
        self._check_thread()
        if self._ep.utilVerifySipUri(uri) != 0:
            raise SipEngineError(f"not a SIP URI: {uri!r}")
        handle = next(self._handles)
        call = _Call(self, self._account, pj.PJSUA_INVALID_ID)
        record = _CallRecord(handle=handle, call=call, incoming=False)
        call.record = record
        self._calls[handle] = record
        try:
            call.makeCall(uri, pj.CallOpParam(True))
        except pj.Error as exc:
            self._calls.pop(handle, None)
            call.record = None
            record.call = None
            self._graveyard.append(call)
            raise SipEngineError(f"cannot call {uri}: {_pj_error(exc)}") from exc
        try:
            record.call_id = clean_text(call.getInfo().callIdString)
        except pj.Error:
            record.call_id = ""
        self._emit(OutgoingCall(record.call_id, handle, uri, time.time_ns()))
        if record.state is CallState.NEW:
            self._set_state(record, CallState.DIALING)
        return handle

    def _live(
        self, engine_call: int, required: CallState | None, what: str
    ) -> tuple[_CallRecord, _Call]:
        if self._ep is None:
            raise SipEngineError("engine not started")
        self._check_thread()
        record = self._calls.get(engine_call)
        if record is None or record.call is None or record.state is CallState.ENDED:
            raise UnknownCallError(engine_call)
        if required is not None and record.state is not required:
            raise SipEngineError(
                f"cannot {what} call {engine_call}: it is {record.state.value}, "
                f"not {required.value}"
            )
        return record, record.call

    def _check_thread(self) -> None:
        if threading.get_ident() != self._thread:
            raise SipEngineError(
                "SIP engine used from a thread other than the one that started it"
            )

    @staticmethod
    def _op(what: str, method: Callable[[Any], None], prm: Any) -> None:
        try:
            method(prm)
        except pj.Error as exc:
            raise SipEngineError(f"{what} failed: {_pj_error(exc)}") from exc

    # -- events -----------------------------------------------------------------------
    def _emit(self, event: object) -> None:
        try:
            self._sink(event)
        except Exception:
            log.exception("event sink failed on %s", type(event).__name__)

    def _guard(self, where: str, handler: Callable[..., None], *args: Any) -> None:
        """Run a pjsua2 callback's body; nothing may escape into pjsua2."""
        try:
            handler(*args)
        except Exception as exc:
            log.exception("error in pjsua2 callback %s", where)
            self._emit(EngineError(where, f"{type(exc).__name__}: {exc}", time.time_ns()))
        except BaseException as exc:  # KeyboardInterrupt, SystemExit: re-raised by poll()
            self._pending_exit = exc

    def _set_state(self, record: _CallRecord, new: CallState) -> None:
        old = record.state
        if old is new:
            return
        record.state = check_transition(old, new)
        if new is CallState.ACTIVE and record.answered_at is None:
            record.answered_at = time.monotonic()
        self._emit(CallStateChanged(record.call_id, record.handle, old, new, time.time_ns()))

    def _on_incoming_call(self, account: _Account, prm: Any) -> None:
        ts_ns = time.time_ns()
        call = _Call(self, account, prm.callId)
        handle = next(self._handles)
        record = _CallRecord(handle=handle, call=call, incoming=True)
        call.record = record
        self._calls[handle] = record
        # Ring first: parsing and the sink come after the 180 is on its way.
        try:
            call.answer(_op_param(180))
        except pj.Error as exc:
            log.warning("could not send 180 Ringing: %s", _pj_error(exc))
        req = parse_request(prm.rdata.wholeMsg)
        record.call_id = req.header("call-id")
        if not record.call_id:
            with contextlib.suppress(pj.Error):
                record.call_id = clean_text(call.getInfo().callIdString)
        wanted = CALL_HEADERS + tuple(h.lower() for h in self.config.extra_headers)
        headers = {name: req.headers[name] for name in wanted if name in req.headers}
        from_header = req.header("from")
        self._emit(
            IncomingCall(
                call_id=record.call_id,
                engine_call=handle,
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
            self._set_state(record, CallState.RINGING)

    def _on_call_state(self, call: _Call, prm: Any) -> None:
        record = call.record
        if record is None:
            return
        try:
            info = call.getInfo()
        except pj.Error as exc:  # the call is gone under us: report it ended
            log.warning("call %d: getInfo failed: %s", record.handle, _pj_error(exc))
            self._end(record, 0, "")
            return
        inv_state = info.state
        if inv_state == pj.PJSIP_INV_STATE_CONNECTING:
            self._set_state(record, CallState.CONNECTING)
        elif inv_state == pj.PJSIP_INV_STATE_CONFIRMED:
            if record.state in (CallState.RINGING, CallState.DIALING, CallState.CONNECTING):
                self._set_state(record, CallState.ACTIVE)
        elif inv_state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self._end(record, int(info.lastStatusCode), clean_text(info.lastReason))
        # CALLING, INCOMING, EARLY: the engine set DIALING / RINGING itself.

    def _end(self, record: _CallRecord, code: int, reason_text: str) -> None:
        answered_at = record.answered_at
        duration = 0.0 if answered_at is None else time.monotonic() - answered_at
        if record.local_end is not None:
            reason = record.local_end
        elif answered_at is not None:
            reason = EndReason.REMOTE_HANGUP
        elif record.incoming:
            reason = EndReason.CANCELLED if code == 487 else EndReason.FAILED
        elif (400 <= code < 500 and code != 408) or 600 <= code < 700:
            reason = EndReason.DECLINED  # busy, not found, decline...
        else:
            reason = EndReason.FAILED  # timeout, server error, transport
        old = record.state
        record.state = CallState.ENDED
        call = record.call
        record.call = None
        self._calls.pop(record.handle, None)
        if call is not None:
            call.record = None
            self._graveyard.append(call)
        if old is not CallState.ENDED:
            self._emit(
                CallStateChanged(
                    record.call_id, record.handle, old, CallState.ENDED, time.time_ns()
                )
            )
        self._emit(
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

    def _on_call_media_state(self, call: _Call, prm: Any) -> None:
        record = call.record
        if record is None:
            return
        info = call.getInfo()
        for media in info.media:
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            if media.status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD:
                if record.state is CallState.ACTIVE:
                    self._set_state(record, CallState.HELD)
            elif record.state is CallState.HELD:
                self._set_state(record, CallState.ACTIVE)
            break

    def _on_dtmf_digit(self, call: _Call, prm: Any) -> None:
        record = call.record
        if record is None:
            return
        self._emit(
            DtmfReceived(
                call_id=record.call_id,
                engine_call=record.handle,
                digit=clean_text(str(prm.digit)),
                method=_DTMF_METHODS.get(prm.method, str(prm.method)),
                ts_ns=time.time_ns(),
            )
        )


def _op_param(status: int) -> Any:
    prm = pj.CallOpParam()
    if status:
        prm.statusCode = status
    return prm


def _pj_error(exc: Any) -> str:
    info = getattr(exc, "info", None)
    if callable(info):
        try:
            return str(info())
        except Exception:
            pass
    return str(exc)


def _host_for_uri(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
