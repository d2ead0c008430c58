"""The pjsua2 implementation of :class:`~operator_desk.sip.engine.SipEngine`.

With :mod:`operator_desk.sip.pjsua.media` (call audio), the only modules of the desk
that import pjsua2.

Done here: registrar-less local mode; registration with digest auth over UDP/TCP/TLS
(pjsua refreshes before expiry; retries after recoverable failures and lost TCP/TLS
connections, first after ``retry_first_s`` then every ``retry_interval_s`` plus jitter;
the engine's own timer retries auth failures after ``auth_retry_s``); un-REGISTER at
shutdown; blind and attended (consult, REFER/Replaces) transfers, hanging up after a
NOTIFY sipfrag 2xx (pjsua does not).

TODO for the engine issue (not done in this step):
- registration over UDP notices a dead registrar only when a refresh times out
  (pjsip's Timer F, 32 s, not settable from pjsua2); an OPTIONS keep-alive or
  ``Endpoint.handleIpChange()`` on a network change would shorten that;
- back-off is two-step (first retry, then a fixed interval with jitter), not
  exponential; TLS registration is not tested against a real server (Debian's
  kamailio lacks tls.so without kamailio-tls-modules);
- receiving REFER (the desk being transferred) is pjsua's default (it follows it);
- audio bridge (AudioMediaPort <-> PortAudio), ringtone device, underrun metrics;
- remote hold (PJSUA_CALL_MEDIA_REMOTE_HOLD) as an event of its own;
- DTMF durations (onDtmfEvent end flags) and SIP INFO as a send method;
- SRTP, IPv6, a public address for NAT;
- outgoing-call failures mapped to a finer EndReason (e.g. unreachable vs declined);
- at most 4 simultaneous calls: pjsua2-python 2.15.1.post1 caps ``maxCalls`` at 4
  whatever is configured, and pjsua itself answers 486 beyond (no event reaches the
  desk). A consult uses one of the 4. Decide whether that is enough for a queue
  burst, or build pjsua2 with a larger PJSUA_MAX_CALLS;
- a desk policy for a second INVITE while the operator talks (auto-486, or ring).

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
import queue
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
    RegistrationChanged,
    TransferKind,
    TransferProgress,
    TransferStarted,
    check_transition,
    sip_uri_user,
)
from operator_desk.sip.engine import (
    AccountConfig,
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
_UNREGISTER_WAIT_S = 1.0
"""How long shutdown waits for the registrar's answer to the un-REGISTER."""
_REPLACED_LEG_GRACE_S = 1.0
"""After an attended transfer succeeded, the consult leg is normally ended by the
specialist's phone (its dialog was replaced); the desk hangs it up after this long."""
_RESUME_WINDOW_S = 5.0
"""How long a resume planned for a call whose hold is still on its way stays planned."""
_PJSUA_RETRIED = frozenset({408, 480, 500, 502, 503, 504})
"""Registration failures pjsua retries by itself (with 6xx), see pjsua_acc.c regc_cb."""
_ACTIVE_OR_HELD = (CallState.ACTIVE, CallState.HELD)
_PJSIP_EBUSY = 171001
_TLS_HANDSHAKE_TIMEOUT_MS = 10_000
"""A registrar that accepts TCP but never finishes the TLS handshake fails after this."""


def endpoint_config(*, max_calls: int | None = None, user_agent: str = "",
                    log_file: object = None, log_level: int = 4) -> Any:
    """The ``EpConfig`` every pjsua2 endpoint of this project starts from: pjsua2 on the
    one thread that polls ``libHandleEvents`` (module docstring), nothing on the
    console, no Python ``LogWriter`` (it can crash after ``libDestroy``), and pjsip's
    log in ``log_file`` at ``log_level`` when one is given, else no log at all."""
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    if max_calls is not None:
        cfg.uaConfig.maxCalls = max_calls
    if user_agent:
        cfg.uaConfig.userAgent = user_agent
    cfg.logConfig.consoleLevel = 0
    cfg.logConfig.writer = None
    if log_file is not None:
        cfg.logConfig.filename = str(log_file)
        cfg.logConfig.level = log_level
    else:
        cfg.logConfig.level = 0
    return cfg


@dataclass(eq=False, slots=True)
class _Transfer:
    kind: TransferKind
    target: str
    consult_call: int | None
    deadline: float
    """time.monotonic() after which the transfer is reported failed."""


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
    transferred: bool = False
    """A transfer of (or through) this call succeeded: it ends as TRANSFERRED."""
    transfer: _Transfer | None = None
    """The REFER sent for this call, until its final answer."""
    consult_for: int | None = None
    """This is a consult call for that (held) call."""
    consult_call: int | None = None
    """This call has that consult call."""
    held_for_consult: bool = False
    """The engine put this call on hold for its consult; resumes it when that ends."""
    resume_until: float | None = None
    """Resume this call as soon as it is held (and :meth:`poll` runs), until then."""
    hangup_at: float | None = None
    """Hang this call up at this time.monotonic() (the replaced consult leg)."""
    audio_attached: bool = False
    """The call's audio has been connected to the headset at least once."""
    muted: bool = False
    """The operator's microphone is off for this call (kept across hold/resume)."""


class _Account(pj.Account):  # type: ignore[misc]
    def __init__(self, engine: PjsuaEngine) -> None:
        super().__init__()
        self._engine = engine

    def onIncomingCall(self, prm: Any) -> None:  # pjsua2's callback names
        self._engine._guard("onIncomingCall", self._engine._on_incoming_call, self, prm)

    def onRegState(self, prm: Any) -> None:
        self._engine._guard("onRegState", self._engine._on_reg_state, self, prm)


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

    def onCallTransferStatus(self, prm: Any) -> None:
        self.engine._guard("onCallTransferStatus", self.engine._on_transfer_status, self, prm)


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
        self._registration: RegistrationChanged | None = None
        self._reg_failures = 0
        self._reg_retry_at: float | None = None
        self._unregistering = False
        self._audio: Any = None
        """The audio bridge (or pjsua's native devices); None: null device."""
        self._audio_pending = False
        self._audio_events: queue.SimpleQueue[object] = queue.SimpleQueue()
        """Device problems the audio worker thread reports, emitted by poll()."""

    # -- life cycle -------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._ep is not None

    @property
    def listen_port(self) -> int:
        return self._port

    @property
    def registration(self) -> RegistrationChanged | None:
        """The last registration event (None before the first, or without an account)."""
        return self._registration

    @property
    def transports(self) -> tuple[str, ...]:
        """``udp 127.0.0.1:5060``-style descriptions of what the engine listens on."""
        return tuple(self._transports)

    def start(self) -> None:
        if self._ep is not None:
            raise SipEngineError("engine already started")
        cfg = self.config
        if cfg.account is not None and cfg.account.problems():
            raise SipEngineError("bad SIP account: " + "; ".join(cfg.account.problems()))
        self._thread = threading.get_ident()
        ep = pj.Endpoint()
        ep.libCreate()
        try:
            ep_cfg = endpoint_config(max_calls=cfg.max_calls, user_agent=cfg.user_agent,
                                     log_file=cfg.log_file, log_level=cfg.log_level)
            # pjmedia only queues the removal of a call's conference ports; the bridge's
            # clock carries it out. pjsua closes an idle sound device (the null one too)
            # after a second, which stops that clock: every call then leaked 3 slots until
            # the bridge was full and all calls got 488 (bench_soak: after ~85 calls).
            ep_cfg.medConfig.sndAutoCloseTime = -1
            ep.libInit(ep_cfg)
            self._port = self._create_transports(ep)
            ep.libStart()
            ep.audDevManager().setNullDev()
            self._ep = ep
            # Opening the sound devices costs ~1 s of CPU: do it on the first poll, once the
            # engine is listening and the desk is ready, not on the way there.
            self._audio_pending = self.config.audio is not None
            if cfg.account is None:
                acc_cfg = pj.AccountConfig()
                acc_cfg.idUri = f"sip:{cfg.user}@{_host_for_uri(cfg.listen_host)}:{self._port}"
            else:
                acc_cfg = _registering_account(cfg.account)
            acc_cfg.mediaConfig.transportConfig.boundAddress = cfg.listen_host
            account = _Account(self)
            account.create(acc_cfg, True)
            self._account = account
            del acc_cfg  # holds the password: do not keep it around
        except pj.Error as exc:
            self._account = None
            self._ep = None
            gc.collect()
            ep.libDestroy()
            raise SipEngineError(f"cannot start SIP engine: {_pj_error(exc)}") from exc
        log.info("SIP engine listening on %s", ", ".join(self._transports))

    def _open_audio(self, ep: Any) -> None:
        """Bridge call audio to the headset; without a working sound system, carry on
        without audio and say so (an EngineError event), never fail the engine."""
        if self.config.audio is None:
            return
        try:
            from operator_desk.sip.pjsua.media import create_call_audio

            self._audio = create_call_audio(ep, self.config.audio, self._audio_events.put)
        except Exception as exc:  # PortAudio missing, no device, sound server down...
            log.error("no call audio: %s", exc)
            self._audio = None
            ep.audDevManager().setNullDev()
            self._emit(EngineError("audio", f"no call audio: {exc}", time.time_ns()))

    def _create_transports(self, ep: Any) -> int:
        cfg = self.config
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = cfg.listen_host
        tcfg.port = cfg.listen_port
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        self._transports.append(f"udp {cfg.listen_host}:{port}")
        transport = cfg.account.transport if cfg.account is not None else "udp"
        if cfg.tcp or transport == "tcp":
            tcfg = pj.TransportConfig()
            tcfg.boundAddress = cfg.listen_host
            tcfg.port = port
            try:
                ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, tcfg)
                self._transports.append(f"tcp {cfg.listen_host}:{port}")
            except pj.Error as exc:
                if transport == "tcp":
                    raise
                log.warning("no TCP listener on port %d: %s", port, _pj_error(exc))
        if transport == "tls" and cfg.account is not None:
            tcfg = pj.TransportConfig()
            tcfg.boundAddress = cfg.listen_host
            tcfg.port = 0
            tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
            tcfg.tlsConfig.verifyServer = cfg.account.tls_verify_server
            tcfg.tlsConfig.msecTimeout = _TLS_HANDSHAKE_TIMEOUT_MS
            if cfg.account.tls_ca_file:
                tcfg.tlsConfig.CaListFile = cfg.account.tls_ca_file
            tid = ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, tcfg)
            self._transports.append(f"tls {ep.transportGetInfo(tid).localName}")
        return port

    def poll(self, timeout_ms: int = 0) -> int:
        if self._ep is None:
            return 0
        self._check_thread()
        if self._audio_pending:
            self._audio_pending = False
            self._open_audio(self._ep)
        handled = int(self._ep.libHandleEvents(timeout_ms))
        self._run_timers()
        while not self._audio_events.empty():
            self._emit(self._audio_events.get_nowait())
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
        self._unregister(ep)
        audio, self._audio = self._audio, None
        if audio is not None:
            try:
                audio.close()
            except Exception:
                log.exception("closing the audio bridge")
        del audio
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

    def mute(self, engine_call: int, muted: bool) -> None:
        record, call = self._live(engine_call, None, "mute")
        record.muted = muted
        self._apply_mute(record, call)

    def _apply_mute(self, record: _CallRecord, call: Any) -> None:
        """What the call sends comes from the conference bridge: level 0 silences it."""
        try:
            info = call.getInfo()
            for media in info.media:
                if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    call.getAudioMedia(media.index).adjustRxLevel(0.0 if record.muted else 1.0)
        except pj.Error as exc:
            raise SipEngineError(f"mute: {_pj_error(exc)}") from None

    def send_dtmf(self, engine_call: int, digits: str) -> None:
        if not _DTMF_DIGITS.fullmatch(digits):
            raise SipEngineError(f"not DTMF digits: {digits!r}")
        _record, call = self._live(engine_call, CallState.ACTIVE, "send DTMF")
        prm = pj.CallSendDtmfParam()
        prm.digits = digits.upper()
        prm.method = (pj.PJSUA_DTMF_METHOD_SIP_INFO if self.config.dtmf_method == "sip_info"
                      else pj.PJSUA_DTMF_METHOD_RFC2833)
        self._op("send DTMF", call.sendDtmf, prm)

    def make_call(self, uri: str) -> int:
        if self._ep is None or self._account is None:
            raise SipEngineError("engine not started")
        self._check_thread()
        self._check_uri(uri)
        return self._dial(uri, None)

    def _check_uri(self, uri: str) -> None:
        if self._ep.utilVerifySipUri(uri) != 0:
            raise SipEngineError(f"not a SIP URI: {uri!r}")

    def _dial(self, uri: str, consult_for: int | None) -> int:
        assert self._account is not None
        handle = next(self._handles)
        call = _Call(self, self._account, pj.PJSUA_INVALID_ID)
        record = _CallRecord(handle=handle, call=call, incoming=False, consult_for=consult_for)
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
        self._emit(OutgoingCall(record.call_id, handle, uri, time.time_ns(), consult_for))
        if record.state is CallState.NEW:
            self._set_state(record, CallState.DIALING)
        return handle

    # -- transfers --------------------------------------------------------------------
    def transfer_blind(self, engine_call: int, target_uri: str) -> None:
        record, call = self._live(engine_call, _ACTIVE_OR_HELD, "transfer")
        self._check_uri(target_uri)
        if record.transfer is not None:
            raise SipEngineError(f"call {engine_call} is already being transferred")
        self._op("transfer", lambda prm: call.xfer(target_uri, prm), pj.CallOpParam(True))
        self._start_transfer(record, TransferKind.BLIND, target_uri, None)

    def consult(self, engine_call: int, target_uri: str) -> int:
        record, _call = self._live(engine_call, _ACTIVE_OR_HELD, "consult for")
        self._check_uri(target_uri)
        if record.consult_call is not None:
            raise SipEngineError(f"call {engine_call} already has consult call {record.consult_call}")
        if record.transfer is not None:
            raise SipEngineError(f"call {engine_call} is being transferred")
        if record.state is CallState.ACTIVE:
            self.hold(engine_call)
            record.held_for_consult = True
        try:
            handle = self._dial(target_uri, engine_call)
        except SipEngineError:
            self._resume_after_consult(record)
            raise
        if handle in self._calls:
            record.consult_call = handle
        else:  # the consult call failed at once (inside _dial)
            self._resume_after_consult(record)
        return handle

    def transfer_attended(self, engine_call: int, consult_call: int) -> None:
        record, call = self._live(engine_call, _ACTIVE_OR_HELD, "transfer")
        consult, consult_obj = self._live(consult_call, _ACTIVE_OR_HELD, "transfer to")
        if consult_call == engine_call:
            raise SipEngineError("a call cannot be transferred to itself")
        if record.transfer is not None:
            raise SipEngineError(f"call {engine_call} is already being transferred")
        try:
            target = clean_text(consult_obj.getInfo().remoteUri)
        except pj.Error as exc:
            raise SipEngineError(f"consult call {consult_call}: {_pj_error(exc)}") from exc
        self._op(
            "attended transfer",
            lambda prm: call.xferReplaces(consult_obj, prm),
            pj.CallOpParam(True),
        )
        record.consult_call = consult_call
        consult.consult_for = engine_call
        self._start_transfer(record, TransferKind.ATTENDED, target, consult_call)

    def return_to_caller(self, consult_call: int) -> None:
        consult, _call = self._live(consult_call, None, "return from")
        if consult.consult_for is None:
            raise SipEngineError(f"call {consult_call} is not a consult call")
        original = self._calls.get(consult.consult_for)
        if original is not None and original.transfer is not None:
            raise SipEngineError(f"call {original.handle} is being transferred")
        self.hangup(consult_call)  # its end resumes the original (see _end)
        if original is not None and consult.state is not CallState.ENDED:
            # pjsua reports the hang-up at once; should it not, resume anyway.
            self._resume_after_consult(original)

    def _start_transfer(
        self, record: _CallRecord, kind: TransferKind, target: str, consult_call: int | None
    ) -> None:
        deadline = time.monotonic() + self.config.transfer_timeout_s
        record.transfer = _Transfer(kind, target, consult_call, deadline)
        log.info("call %d: %s transfer started", record.handle, kind.value)
        self._emit(
            TransferStarted(
                record.call_id, record.handle, target, kind, consult_call, time.time_ns()
            )
        )

    def _resume_after_consult(self, record: _CallRecord) -> None:
        """Resume a call the engine held for a consult, now or once the hold is done."""
        if not record.held_for_consult:
            return
        record.held_for_consult = False
        if record.state in _ACTIVE_OR_HELD:
            record.resume_until = time.monotonic() + _RESUME_WINDOW_S

    def _live(
        self,
        engine_call: int,
        required: CallState | tuple[CallState, ...] | None,
        what: str,
    ) -> tuple[_CallRecord, _Call]:
        if self._ep is None:
            raise SipEngineError("engine not started")
        self._check_thread()
        record = self._calls.get(engine_call)
        if record is None or record.call is None or record.state is CallState.ENDED:
            raise UnknownCallError(engine_call)
        allowed = (required,) if isinstance(required, CallState) else required
        if allowed is not None and record.state not in allowed:
            raise SipEngineError(
                f"cannot {what} call {engine_call}: it is {record.state.value}, "
                f"not {' or '.join(s.value for s in allowed)}"
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
        if self._audio is not None:
            self._audio.detach(owner=record.handle)
        answered_at = record.answered_at
        duration = 0.0 if answered_at is None else time.monotonic() - answered_at
        if record.transfer is not None:
            self._finish_transfer(record, 0, "the call ended before the transfer completed", False)
        if record.transferred:
            reason = EndReason.TRANSFERRED
        elif record.local_end is not None:
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
        self._unlink_consult(record)
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

    def _unlink_consult(self, record: _CallRecord) -> None:
        """A call ended: its consult becomes a plain call, or its original resumes."""
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
                    self._resume_after_consult(original)

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
            if record.muted and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                with contextlib.suppress(pj.Error):
                    call.getAudioMedia(media.index).adjustRxLevel(0.0)
            if self._audio is not None:
                if media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    first = not record.audio_attached
                    self._audio.attach(call.getAudioMedia(media.index), owner=record.handle)
                    record.audio_attached = True
                    if first and record.incoming and self.config.auto_answer:
                        self._audio.play_zip_tone()
                else:
                    self._audio.detach(owner=record.handle)
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

    # -- transfers: progress ----------------------------------------------------------
    def _on_transfer_status(self, call: _Call, prm: Any) -> None:
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
            self._finish_transfer(record, code, reason, 200 <= code < 300)
            return
        xfer = record.transfer
        self._emit(
            TransferProgress(
                record.call_id, record.handle, xfer.target, code, reason, False, False,
                time.time_ns(),
            )
        )  # fmt: skip

    def _finish_transfer(self, record: _CallRecord, code: int, reason: str, ok: bool) -> None:
        xfer, record.transfer = record.transfer, None
        if xfer is None:
            return
        log.info(
            "call %d: %s transfer %s (%d %s)",
            record.handle, xfer.kind.value, "done" if ok else "failed", code, reason,
        )  # fmt: skip
        self._emit(
            TransferProgress(
                record.call_id, record.handle, xfer.target, code, reason, True, ok,
                time.time_ns(),
            )
        )  # fmt: skip
        consult = self._calls.get(xfer.consult_call or 0) if xfer.consult_call else None
        if ok:
            record.transferred = True
            if record.call is not None and record.state is not CallState.ENDED:
                try:  # pjsua leaves the transferred call up: the desk must hang up
                    record.call.hangup(_op_param(0))
                except pj.Error as exc:
                    log.warning("call %d: hangup after transfer: %s", record.handle, _pj_error(exc))
            if consult is not None:
                consult.transferred = True
                consult.hangup_at = time.monotonic() + _REPLACED_LEG_GRACE_S
        elif record.held_for_consult and consult is None and record.consult_call is None:
            self._resume_after_consult(record)

    # -- timers (run by poll) ---------------------------------------------------------
    def _run_timers(self) -> None:
        now = time.monotonic()
        if self._reg_retry_at is not None and now >= self._reg_retry_at:
            self._reg_retry_at = None
            self._register_again()
        for record in list(self._calls.values()):
            if record.call is None:
                continue
            if record.hangup_at is not None and now >= record.hangup_at:
                record.hangup_at = None
                self._guard("timer hangup", self._timer_hangup, record)
            if record.transfer is not None and now >= record.transfer.deadline:
                self._finish_transfer(record, 408, "no final transfer report in time", False)
            if record.resume_until is not None:
                if now > record.resume_until:
                    record.resume_until = None
                elif record.state is CallState.HELD:
                    try:
                        self.unhold(record.handle)
                        record.resume_until = None
                    except SipEngineError as exc:  # e.g. a re-INVITE still pending
                        log.debug("call %d: resume not yet possible: %s", record.handle, exc)

    def _timer_hangup(self, record: _CallRecord) -> None:
        if record.call is not None and record.state is not CallState.ENDED:
            self.hangup(record.handle)

    # -- registration -----------------------------------------------------------------
    def _on_reg_state(self, account: _Account, prm: Any) -> None:
        acc = self.config.account
        if acc is None:
            return
        code = int(prm.code)
        reason = clean_text(prm.reason) or _pj_status_text(int(prm.status))
        expires = int(prm.expiration)
        registered = 200 <= code < 300 and expires > 0 and not self._unregistering
        retry_in = 0.0
        if registered:
            self._reg_failures = 0
            self._reg_retry_at = None
        elif not self._unregistering:
            self._reg_failures += 1
            if code in _PJSUA_RETRIED or 600 <= code < 700:  # pjsua's own retry
                retry_in = float(acc.retry_first_s if self._reg_failures == 1 else acc.retry_interval_s)
            else:  # refused (401/403/404...) or no status at all: the engine's timer
                delay = acc.auth_retry_s if code else acc.retry_interval_s
                if delay:
                    retry_in = float(delay)
                    self._reg_retry_at = time.monotonic() + retry_in
        log.info(
            "registration %s: %d %s (expires %d s, retry in %.0f s)",
            "ok" if registered else "failed" if not self._unregistering else "removed",
            code, reason, expires, retry_in,
        )  # fmt: skip
        last = self._registration
        if last is not None and (last.registered, last.code, last.reason) == (
            registered, code, reason,
        ):  # fmt: skip
            return
        event = RegistrationChanged(
            account=acc.aor,
            registered=registered,
            code=code,
            reason=reason,
            ts_ns=time.time_ns(),
            expires_s=expires if registered else 0,
            retry_in_s=retry_in,
        )
        self._registration = event
        self._emit(event)

    def _register_again(self) -> None:
        if self._account is None or self._unregistering:
            return
        try:
            self._account.setRegistration(True)
        except pj.Error as exc:
            log.warning("re-registration failed to start: %s", _pj_error(exc))
            acc = self.config.account
            if acc is not None:
                self._reg_retry_at = time.monotonic() + acc.retry_interval_s

    def _unregister(self, ep: Any) -> None:
        """Remove the desk's contact from the registrar and wait (briefly) for the answer."""
        self._reg_retry_at = None
        last = self._registration
        if self._account is None or last is None or not last.registered:
            return
        self._unregistering = True
        deadline = time.monotonic() + _UNREGISTER_WAIT_S
        while True:
            try:
                self._account.setRegistration(False)
                break
            except pj.Error as exc:
                # PJSIP_EBUSY: a refresh is on its way; wait for its answer first.
                if getattr(exc, "status", 0) != _PJSIP_EBUSY or time.monotonic() > deadline:
                    log.warning("un-REGISTER failed: %s", _pj_error(exc))
                    return
            ep.libHandleEvents(10)
        while self._registration is last and time.monotonic() < deadline:
            ep.libHandleEvents(10)


def _registering_account(acc: AccountConfig) -> Any:
    """pjsua's account configuration for ``acc`` (holds the password: drop it soon)."""
    cfg = pj.AccountConfig()
    cfg.idUri = acc.aor
    param = "" if acc.transport == "udp" else f";transport={acc.transport}"
    cfg.regConfig.registrarUri = _with_param(acc.registrar, param)
    cfg.regConfig.timeoutSec = acc.expires_s
    cfg.regConfig.firstRetryIntervalSec = acc.retry_first_s
    cfg.regConfig.retryIntervalSec = acc.retry_interval_s
    cfg.regConfig.randomRetryIntervalSec = acc.retry_random_s
    if acc.proxy:
        cfg.sipConfig.proxies.append(_with_param(acc.proxy, param))
    cfg.sipConfig.authCreds.append(
        pj.AuthCredInfo("digest", acc.realm, acc.auth_user or acc.user, 0, acc.password)
    )
    return cfg


def _with_param(uri: str, param: str) -> str:
    if not param or ";transport=" in uri.lower():
        return uri
    return uri + param


def _pj_status_text(status: int) -> str:
    if not status:
        return ""
    try:
        return clean_text(pj.Endpoint.instance().utilStrError(status))
    except Exception:
        return f"error {status}"


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
