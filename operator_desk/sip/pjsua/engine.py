"""The pjsua2 implementation of :class:`~operator_desk.sip.engine.SipEngine`.

:class:`PjsuaEngine` is the engine's life cycle (start, poll, shutdown) and owns its
rooms: the :class:`~.endpoint.Endpoint` and its transports, the account's
:class:`~.account.Registration`, the :class:`~.calls.Calls`, the
:class:`~.transfers.Transfers`, the :class:`~.timers.Timers` and the call audio
(:mod:`.media`). Commands are handed to the room they concern. Threads: the model in
:mod:`operator_desk.sip.engine`, enforced by :class:`~.thread.EngineThread`.

Shutdown drops every ``Call`` and ``Account`` reference and collects before
``libDestroy`` (objects alive then assert); pjsua logs to a file, never to a Python
``LogWriter``.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_desk.core.calls import EngineError, RegistrationChanged
from operator_desk.sip.engine import EngineConfig, EventSink, SipEngine, SipEngineError
from operator_desk.sip.pjsua.account import DeskAccount, Registration, account_config
from operator_desk.sip.pjsua.calls import Calls
from operator_desk.sip.pjsua.endpoint import Endpoint, pj_error
from operator_desk.sip.pjsua.thread import EngineThread
from operator_desk.sip.pjsua.timers import Timers
from operator_desk.sip.pjsua.transfers import Transfers

log = logging.getLogger(__name__)

_SHUTDOWN_GRACE_S = 0.3
"""How long shutdown keeps polling so BYEs of calls still up can leave."""


class PjsuaEngine(SipEngine):
    """pjsua2 with no worker threads, polled by its owner.

    ``clock`` (seconds, monotonic) is what the engine's own timers read: a transfer's
    deadline, the registration retry after a refusal, durations. Tests pass a clock
    they move; everything else leaves ``time.monotonic``.
    """

    def __init__(self, config: EngineConfig, sink: EventSink,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(config, sink)
        self.thread = EngineThread(sink)
        self.calls = Calls(config, self.thread, clock)
        self.transfers = Transfers(self.calls)
        self.calls.on_ending = self.transfers.call_ending
        self.calls.on_transfer_status = self.transfers.on_transfer_status
        self._registration = Registration(config.account, self.thread, clock)
        self._timers = Timers(self._registration, self.calls, self.transfers, clock)
        self._endpoint: Endpoint | None = None
        self._account: DeskAccount | None = None
        self._audio_pending = False
        self._audio_events: queue.SimpleQueue[object] = queue.SimpleQueue()
        """Device problems the audio worker thread reports, emitted by poll()."""

    # -- life cycle -------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._endpoint is not None

    @property
    def listen_port(self) -> int:
        return self._endpoint.port if self._endpoint is not None else 0

    @property
    def endpoint(self) -> Any:
        """The ``pj.Endpoint`` while the engine runs (benchmarks read its counters)."""
        return self._endpoint.ep if self._endpoint is not None else None

    @property
    def registration(self) -> RegistrationChanged | None:
        """The last registration event (None before the first, or without an account)."""
        return self._registration.last

    @property
    def transports(self) -> tuple[str, ...]:
        """``udp 127.0.0.1:5060``-style descriptions of what the engine listens on."""
        return self._endpoint.transports if self._endpoint is not None else ()

    def start(self) -> None:
        if self._endpoint is not None:
            raise SipEngineError("engine already started")
        cfg = self.config
        if cfg.account is not None and cfg.account.problems():
            raise SipEngineError("bad SIP account: " + "; ".join(cfg.account.problems()))
        self.thread.bind()
        endpoint = Endpoint.start(cfg)
        try:
            acc_cfg = account_config(cfg, endpoint.port)
            account = DeskAccount(self.thread, self.calls, self._registration)
            account.create(acc_cfg, True)
            del acc_cfg  # holds the password: do not keep it around
        except pj.Error as exc:
            account = None
            endpoint.destroy(0)
            raise SipEngineError(f"cannot start SIP engine: {pj_error(exc)}") from exc
        self._endpoint = endpoint
        self._account = account
        self._registration.account = account
        self.calls.endpoint = endpoint
        self.calls.account = account
        # Opening the sound devices costs ~1 s of CPU: do it on the first poll, once the
        # engine is listening and the desk is ready, not on the way there.
        self._audio_pending = cfg.audio is not None
        log.info("SIP engine listening on %s", ", ".join(endpoint.transports))

    def _open_audio(self, ep: Any) -> None:
        """Bridge call audio to the headset; without a working sound system, carry on
        without audio and say so (an EngineError event), never fail the engine."""
        if self.config.audio is None:
            return
        try:
            from operator_desk.sip.pjsua.media import create_call_audio

            self.calls.audio = create_call_audio(ep, self.config.audio, self._audio_events.put)
        # Not only AudioUnavailableError: PortAudio, libpulse and pjsua2's port each fail
        # in their own way, and calls must pop without audio whatever the reason.
        except Exception as exc:
            log.error("no call audio: %s", exc)
            self.calls.audio = None
            ep.audDevManager().setNullDev()
            self._emit(EngineError("audio", f"no call audio: {exc}", time.time_ns()))

    def poll(self, timeout_ms: int = 0) -> int:
        endpoint = self._endpoint
        if endpoint is None:
            return 0
        self.thread.check()
        if self._audio_pending:
            self._audio_pending = False
            self._open_audio(endpoint.ep)
        handled = int(endpoint.ep.libHandleEvents(timeout_ms))
        self._timers.run()
        while not self._audio_events.empty():
            self._emit(self._audio_events.get_nowait())
        self.calls.release_ended()  # calls that disconnected during the poll
        self.thread.raise_pending()
        return handled

    def shutdown(self) -> None:
        endpoint = self._endpoint
        if endpoint is None:
            return
        self.thread.check()
        ep = endpoint.ep
        # With no call up there is nothing left to say on the network, and pjsua would
        # otherwise wait a full second for finished transactions; with calls up, let it
        # wait for the BYEs' answers.
        destroy_flags = 0 if len(self.calls) else pj.PJSUA_DESTROY_NO_NETWORK
        self.calls.hang_up_all(ep, _SHUTDOWN_GRACE_S)
        self.calls.forget_all()
        self._registration.unregister(ep)
        audio, self.calls.audio = self.calls.audio, None
        if audio is not None:
            try:
                audio.close()
            except Exception:  # shutdown goes on whatever happens: libDestroy must still run
                log.exception("closing the audio bridge")
        del audio
        account, self._account = self._account, None
        self._registration.account = None
        self.calls.account = None
        if account is not None:
            try:
                account.shutdown()
            except pj.Error as exc:
                log.warning("account shutdown: %s", pj_error(exc))
        del account
        self._endpoint = None
        self.calls.endpoint = None
        endpoint.destroy(destroy_flags)
        log.info("SIP engine stopped")

    # -- commands: see SipEngine --------------------------------------------------------
    def answer(self, engine_call: int) -> None:
        self.calls.answer(engine_call)

    def reject(self, engine_call: int, code: int | None = None) -> None:
        self.calls.reject(engine_call, code)

    def hangup(self, engine_call: int) -> None:
        self.calls.hangup(engine_call)

    def hold(self, engine_call: int) -> None:
        self.calls.hold(engine_call)

    def unhold(self, engine_call: int) -> None:
        self.calls.unhold(engine_call)

    def mute(self, engine_call: int, muted: bool) -> None:
        self.calls.mute(engine_call, muted)

    def send_dtmf(self, engine_call: int, digits: str) -> None:
        self.calls.send_dtmf(engine_call, digits)

    def make_call(self, uri: str) -> int:
        return self.calls.make_call(uri)

    def transfer_blind(self, engine_call: int, target_uri: str) -> None:
        self.transfers.transfer_blind(engine_call, target_uri)

    def consult(self, engine_call: int, target_uri: str) -> int:
        return self.transfers.consult(engine_call, target_uri)

    def transfer_attended(self, engine_call: int, consult_call: int) -> None:
        self.transfers.transfer_attended(engine_call, consult_call)

    def return_to_caller(self, consult_call: int) -> None:
        self.transfers.return_to_caller(consult_call)

    def _emit(self, event: object) -> None:
        self.thread.emit(event)
