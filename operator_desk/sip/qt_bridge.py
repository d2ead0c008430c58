"""A Qt face for a SIP engine: the engine runs on its own QThread, events come back as a
signal on the GUI thread, commands go to the engine thread as queued calls.

Why a dedicated thread, and what runs where: the thread model in
:mod:`operator_desk.sip.engine`. Cross-thread signals are connected only to methods of
QObjects living in the receiving thread (a lambda or free function would run in the
sender's thread, see ENGINE-NOTES).

What fails where: a command the engine could not carry out (:class:`SipEngineError`)
comes back as a :class:`CommandFailed` event; anything else a command raises is a bug,
and so is an engine whose ``poll`` keeps failing (it is then no longer polled): both
reach the GUI thread as :attr:`SipBridge.engine_failed` and are raised there, so the
desk's excepthook (the crash reporter) gets them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from operator_desk.core.calls import CommandFailed
from operator_desk.sip.engine import EventSink, SipEngine, SipEngineError

log = logging.getLogger(__name__)

EngineFactory = Callable[[EventSink], SipEngine]
"""Builds the engine (not yet started) around the sink it must report to."""

Command = Callable[[SipEngine], object]

POLL_WAIT_MS = 5
"""The engine thread waits inside ``poll`` (pjsua's select, GIL released) at most this
long, then goes back to its Qt event loop for queued commands. An INVITE wakes it at
once: INVITE -> 180 stays under sipp's resolution, where a 5 ms timer calling
``poll(0)`` gave 4 ms (bench/bench_invite.py ``--block``)."""

POLL_FAILURES_FATAL = 3
"""An engine whose ``poll`` raised this many times in a row is broken: it is no longer
polled and the last error goes to the crash reporter. (One failure is logged and the
next poll tried: a fault tied to one call may pass with it.)"""


class _EngineWorker(QObject):
    """Lives in the engine thread; owns the engine."""

    event_ready = Signal(object)
    start_finished = Signal(bool, str, int)
    """ok, error, the port the engine listens on (0 when it did not start)."""
    failed = Signal(object)
    """A bug: the exception a command raised, or the last of a poll that kept failing."""

    def __init__(self, factory: EngineFactory) -> None:
        super().__init__()
        self._factory = factory
        self._engine: SipEngine | None = None
        self._timer: QTimer | None = None
        self._poll_failures = 0

    @Slot()
    def start(self) -> None:
        try:
            engine = self._factory(self.event_ready.emit)
            engine.start()
        # Not only SipEngineError: pjsua2 missing or broken, a bad port... the desk must
        # come up and say the engine did not start (engine_started), not die.
        except Exception as exc:
            log.exception("SIP engine did not start")
            self.start_finished.emit(False, str(exc), 0)
            return
        self._engine = engine
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(0)  # poll() itself waits up to POLL_WAIT_MS
        self._timer.timeout.connect(self._poll)
        self._timer.start()
        self.start_finished.emit(True, "", engine.listen_port)

    @Slot()
    def _poll(self) -> None:
        if self._engine is None:
            return
        try:
            self._engine.poll(POLL_WAIT_MS)
        except Exception as exc:  # counted: one is logged, a run of them is a crash
            self._poll_failures += 1
            log.exception("SIP engine poll failed (%d in a row)", self._poll_failures)
            if self._poll_failures >= POLL_FAILURES_FATAL and self._timer is not None:
                self._timer.stop()  # not deleted inside its own timeout: stop() does that
                log.critical("SIP engine no longer polled after %d failed polls",
                             self._poll_failures)
                self.failed.emit(exc)
        else:
            self._poll_failures = 0

    def _stop_polling(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()
            timer.setParent(None)  # deleted here, in its own thread
            del timer

    @Slot(str, object, object)
    def run(self, name: str, engine_call: object, command: Command) -> None:
        engine = self._engine
        try:
            if engine is None:
                raise SipEngineError("SIP engine is not running")
            command(engine)
        except SipEngineError as exc:
            log.warning("SIP command %s failed: %s", name, exc)
            handle = engine_call if isinstance(engine_call, int) else None
            self.event_ready.emit(CommandFailed(name, handle, str(exc), time.time_ns()))
        except Exception as exc:  # a bug: to the crash reporter, the engine polls on
            log.exception("SIP command %s raised", name)
            self.failed.emit(exc)

    @Slot()
    def stop(self) -> None:
        self._stop_polling()
        engine, self._engine = self._engine, None
        if engine is not None:
            try:
                engine.shutdown()
            except Exception:  # the desk is closing: log it, let the rest shut down
                log.exception("SIP engine shutdown failed")


class SipBridge(QObject):
    """Runs a SIP engine on a QThread for the GUI.

    Signals:
        event_received(object): every engine event (``core.calls`` dataclasses, plus
            ``CommandFailed`` when the engine could not carry out a command), delivered
            on the bridge's thread.
        engine_started(bool, str): the engine started (True) or not, with the error;
            :attr:`listen_port` then holds the port it listens on (the one the system
            chose when the configured port is 0).
        engine_failed(object): a bug in the engine (the exception a command raised, or
            the last one of a ``poll`` that kept failing: the engine is then no longer
            polled). Emitted on the bridge's thread, after which the bridge raises the
            exception there for ``sys.excepthook`` (the desk's crash reporter).
    """

    event_received = Signal(object)
    engine_started = Signal(bool, str)
    engine_failed = Signal(object)

    _command_posted = Signal(str, object, object)
    _stop_requested = Signal()

    def __init__(self, factory: EngineFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("sip-engine")
        self._worker = _EngineWorker(factory)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._worker.event_ready.connect(self._on_worker_event_ready)
        self._worker.start_finished.connect(self._on_worker_started)
        self._worker.failed.connect(self._on_worker_failed)
        self._command_posted.connect(self._worker.run)
        self._stop_requested.connect(self._worker.stop, Qt.ConnectionType.BlockingQueuedConnection)
        self._running = False
        self.listen_port = 0

    def start(self) -> None:
        """Start the engine thread; ``engine_started`` tells how it went."""
        if not self._running:
            self._running = True
            self._thread.start()

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop the engine (blocking until it is down) and its thread."""
        if not self._running:
            return
        self._running = False
        self._stop_requested.emit()
        self._thread.quit()
        if not self._thread.wait(timeout_ms):
            log.error("SIP engine thread did not stop within %d ms", timeout_ms)

    # -- commands (asynchronous; refusals come back as CommandFailed events) -----------
    def answer(self, engine_call: int) -> None:
        self._post("answer", engine_call, lambda e: e.answer(engine_call))

    def reject(self, engine_call: int, code: int | None = None) -> None:
        self._post("reject", engine_call, lambda e: e.reject(engine_call, code))

    def hangup(self, engine_call: int) -> None:
        self._post("hangup", engine_call, lambda e: e.hangup(engine_call))

    def hold(self, engine_call: int) -> None:
        self._post("hold", engine_call, lambda e: e.hold(engine_call))

    def unhold(self, engine_call: int) -> None:
        self._post("unhold", engine_call, lambda e: e.unhold(engine_call))

    def mute(self, engine_call: int, muted: bool) -> None:
        self._post("mute", engine_call, lambda e: e.mute(engine_call, muted))

    def send_dtmf(self, engine_call: int, digits: str) -> None:
        self._post("send_dtmf", engine_call, lambda e: e.send_dtmf(engine_call, digits))

    def make_call(self, uri: str) -> None:
        """Call ``uri``; the handle arrives with the ``OutgoingCall`` event."""
        self._post("make_call", None, lambda e: e.make_call(uri))

    def transfer_blind(self, engine_call: int, target_uri: str) -> None:
        """REFER the call to ``target_uri``; ``TransferProgress`` events follow."""
        self._post(
            "transfer_blind", engine_call, lambda e: e.transfer_blind(engine_call, target_uri)
        )

    def consult(self, engine_call: int, target_uri: str) -> None:
        """Hold the call and dial ``target_uri``; the consult call's handle arrives with
        its ``OutgoingCall`` event (``consult_for=engine_call``)."""
        self._post("consult", engine_call, lambda e: e.consult(engine_call, target_uri))

    def transfer_attended(self, engine_call: int, consult_call: int) -> None:
        self._post(
            "transfer_attended",
            engine_call,
            lambda e: e.transfer_attended(engine_call, consult_call),
        )

    def return_to_caller(self, consult_call: int) -> None:
        """Hang up the consult call and resume the held caller."""
        self._post("return_to_caller", consult_call, lambda e: e.return_to_caller(consult_call))

    def _post(self, name: str, engine_call: int | None, command: Command) -> None:
        self._command_posted.emit(name, engine_call, command)

    @Slot(object)
    def _on_worker_event_ready(self, event: object) -> None:
        self.event_received.emit(event)

    @Slot(bool, str, int)
    def _on_worker_started(self, ok: bool, error: str, port: int) -> None:
        self.listen_port = port
        self.engine_started.emit(ok, error)

    @Slot(object)
    def _on_worker_failed(self, exc: BaseException) -> None:
        self.engine_failed.emit(exc)
        raise exc  # on the GUI thread: to sys.excepthook, the desk's crash reporter
