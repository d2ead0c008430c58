"""The Qt bridge: engine on its own thread, events on the GUI thread, commands queued."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread, Slot

from operator_desk.core.calls import CallEnded, CommandFailed, IncomingCall
from operator_desk.sip.engine import EngineConfig, EventSink
from operator_desk.sip.pjsua import PjsuaEngine
from operator_desk.sip.qt_bridge import SipBridge

from .conftest import SippFactory, free_port

pytestmark = [pytest.mark.sip, pytest.mark.timeout(60)]


class Recorder(QObject):
    """Lives in the GUI thread; notes each event and the thread it arrived in."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[object] = []
        self.qthreads: list[QThread] = []
        self.idents: list[int] = []

    @Slot(object)
    def on_event(self, event: object) -> None:
        self.events.append(event)
        self.qthreads.append(QThread.currentThread())
        self.idents.append(threading.get_ident())


def test_bridge_delivers_engine_events_to_the_gui_thread(
    qtbot, qapp, sipp: SippFactory, tmp_path: Path
):
    # Port 0: the system chooses, and the bridge tells which (the status bar and the demo
    # caller use it).
    config = EngineConfig(listen_port=0, log_file=tmp_path / "pjsua.log", log_level=4)

    engine_threads: list[int] = []

    def factory(sink: EventSink) -> PjsuaEngine:
        engine_threads.append(threading.get_ident())
        return PjsuaEngine(config, sink)

    bridge = SipBridge(factory)
    recorder = Recorder()
    bridge.event_received.connect(recorder.on_event)
    try:
        with qtbot.waitSignal(bridge.engine_started, timeout=5000) as started:
            bridge.start()
        assert started.args == [True, ""]
        port = bridge.listen_port
        assert port > 0

        caller = sipp.start("uac_answer_bye.xml", port)
        with qtbot.waitSignal(
            bridge.event_received,
            timeout=10000,
            check_params_cb=lambda e: isinstance(e, IncomingCall),
        ) as incoming:
            pass
        call = incoming.args[0]
        assert call.to_user == "+74951112233"

        bridge.answer(call.engine_call)
        qtbot.waitUntil(
            lambda: any(isinstance(e, CallEnded) for e in recorder.events), timeout=10000
        )
        qtbot.waitUntil(lambda: caller.done, timeout=10000)
        assert caller.returncode == 0, caller.report()

        # A command that fails in the engine thread comes back as an event.
        with qtbot.waitSignal(
            bridge.event_received,
            timeout=5000,
            check_params_cb=lambda e: isinstance(e, CommandFailed),
        ) as failed:
            bridge.answer(call.engine_call)  # over already
        assert failed.args[0].command == "answer"
        assert failed.args[0].engine_call == call.engine_call
    finally:
        bridge.shutdown()

    assert engine_threads and engine_threads[0] != threading.get_ident()
    assert recorder.idents and set(recorder.idents) == {threading.get_ident()}
    assert all(t == qapp.thread() for t in recorder.qthreads)
    assert [type(e).__name__ for e in recorder.events][:2] == ["IncomingCall", "CallStateChanged"]


def test_bridge_queues_a_blind_transfer(qtbot, qapp, sipp: SippFactory, tmp_path: Path):
    from operator_desk.core.calls import CallState, CallStateChanged, EndReason, TransferProgress

    port = free_port()
    config = EngineConfig(listen_port=port, log_file=tmp_path / "pjsua.log", log_level=4)
    bridge = SipBridge(lambda sink: PjsuaEngine(config, sink))
    recorder = Recorder()
    bridge.event_received.connect(recorder.on_event)

    def seen(kind: type) -> list:
        return [e for e in recorder.events if isinstance(e, kind)]

    try:
        with qtbot.waitSignal(bridge.engine_started, timeout=5000):
            bridge.start()
        caller = sipp.start("uac_refer.xml", port, extra=["-key", "xfer_result", "200 OK"])
        qtbot.waitUntil(lambda: bool(seen(IncomingCall)), timeout=10000)
        call = seen(IncomingCall)[0]
        bridge.answer(call.engine_call)
        qtbot.waitUntil(
            lambda: any(e.new is CallState.ACTIVE for e in seen(CallStateChanged)), timeout=10000
        )
        bridge.transfer_blind(call.engine_call, "sip:+74950007777@127.0.0.1:5999")
        qtbot.waitUntil(lambda: bool(seen(CallEnded)), timeout=10000)
        qtbot.waitUntil(lambda: caller.done, timeout=10000)
        assert caller.returncode == 0, caller.report()
        assert seen(CallEnded)[0].reason is EndReason.TRANSFERRED
        assert [p.ok for p in seen(TransferProgress) if p.final] == [True]

        bridge.return_to_caller(call.engine_call)  # over: comes back as CommandFailed
        qtbot.waitUntil(lambda: bool(seen(CommandFailed)), timeout=5000)
        assert seen(CommandFailed)[0].command == "return_to_caller"
    finally:
        bridge.shutdown()


@pytest.fixture
def crash_reporter(qtbot, qapp):
    """The desk's crash path as app.py builds it: the excepthook, then the reporter that
    opens the crash dialog on the GUI thread (``act=False``: the dialog does not quit)."""
    from operator_desk.logs import install_excepthook
    from operator_desk.ui.crash import CrashReporter

    with qtbot.captureExceptions() as raised:  # pytest-qt's hook stays behind ours
        hook = install_excepthook()
        reporter = CrashReporter(None, act=False)
        hook.callback = reporter.report
        reporter.raised = raised
        try:
            yield reporter
        finally:
            hook.uninstall()
            if reporter.dialog is not None:
                reporter.dialog.reject()


class PollCounting(PjsuaEngine):
    """The real engine; counts its polls (read on the GUI thread after a round trip)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.polls = 0

    def poll(self, timeout_ms: int = 0) -> int:
        self.polls += 1
        return super().poll(timeout_ms)


class BrokenPoll(PollCounting):
    """The real engine whose poll fails after doing its work, every time."""

    def poll(self, timeout_ms: int = 0) -> int:
        super().poll(timeout_ms)
        raise RuntimeError("pjsua's state is broken")


def round_trip(qtbot, bridge: SipBridge, recorder: Recorder) -> None:
    """A refused command there and back: the engine thread has run its loop since."""
    before = len([e for e in recorder.events if isinstance(e, CommandFailed)])
    bridge.answer(999_999)
    qtbot.waitUntil(lambda: len([e for e in recorder.events if isinstance(e, CommandFailed)])
                    > before, timeout=5000)


def test_an_engine_that_keeps_failing_to_poll_stops_and_reaches_the_crash_reporter(
    qtbot, qapp, tmp_path: Path, crash_reporter
):
    from operator_desk.sip.qt_bridge import POLL_FAILURES_FATAL

    config = EngineConfig(listen_port=0, log_file=tmp_path / "pjsua.log", log_level=4)
    engines: list[BrokenPoll] = []

    def factory(sink: EventSink) -> BrokenPoll:
        engines.append(BrokenPoll(config, sink))
        return engines[0]

    bridge = SipBridge(factory)
    recorder = Recorder()
    bridge.event_received.connect(recorder.on_event)
    try:
        with qtbot.waitSignal(bridge.engine_failed, timeout=5000) as failed:
            bridge.start()
        assert isinstance(failed.args[0], RuntimeError)
        qtbot.waitUntil(lambda: crash_reporter.dialog is not None, timeout=5000)
        info = crash_reporter.dialog.info
        assert info.summary == "RuntimeError: pjsua's state is broken"
        assert info.thread == "MainThread"  # raised on the GUI thread
        assert "in poll" in info.details  # the engine thread's traceback came along
        # It is no longer polled: two round trips through the engine thread later, still
        # exactly the polls that failed.
        round_trip(qtbot, bridge, recorder)
        round_trip(qtbot, bridge, recorder)
        assert engines[0].polls == POLL_FAILURES_FATAL
    finally:
        bridge.shutdown()
    assert not engines[0].running  # shut down all the same
    assert [kind for kind, _exc, _tb in crash_reporter.raised] == [RuntimeError]


def test_a_bug_in_a_command_reaches_the_crash_reporter_and_a_refusal_does_not(
    qtbot, qapp, tmp_path: Path, crash_reporter
):
    config = EngineConfig(listen_port=0, log_file=tmp_path / "pjsua.log", log_level=4)
    engines: list[PollCounting] = []

    def factory(sink: EventSink) -> PollCounting:
        engines.append(PollCounting(config, sink))
        return engines[0]

    bridge = SipBridge(factory)
    recorder = Recorder()
    bridge.event_received.connect(recorder.on_event)
    try:
        with qtbot.waitSignal(bridge.engine_started, timeout=5000):
            bridge.start()
        # The engine could not carry it out: an ordinary CommandFailed, no crash.
        round_trip(qtbot, bridge, recorder)
        refused = [e for e in recorder.events if isinstance(e, CommandFailed)]
        assert [(e.command, e.engine_call) for e in refused] == [("answer", 999_999)]
        assert crash_reporter.dialog is None

        # A programming error (a status that is not a number): a bug, to the reporter.
        with qtbot.waitSignal(bridge.engine_failed, timeout=5000) as failed:
            bridge.reject(1, "486")  # type: ignore[arg-type]
        assert isinstance(failed.args[0], TypeError)
        qtbot.waitUntil(lambda: crash_reporter.dialog is not None, timeout=5000)
        assert crash_reporter.dialog.info.summary.startswith("TypeError: ")
        assert crash_reporter.dialog.info.thread == "MainThread"
        # ...not a CommandFailed, and the engine is still polled.
        polls = engines[0].polls
        qtbot.waitUntil(lambda: engines[0].polls > polls + 10, timeout=5000)
        round_trip(qtbot, bridge, recorder)
        assert len([e for e in recorder.events if isinstance(e, CommandFailed)]) == 2
    finally:
        bridge.shutdown()
    assert [kind for kind, _exc, _tb in crash_reporter.raised] == [TypeError]
