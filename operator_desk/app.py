"""The one place that builds the desk's objects and wires them together."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DEMO_PORT = 5070


@dataclass(frozen=True, slots=True)
class DeskOptions:
    library: Path
    operator: str
    group: str
    listen_host: str
    listen_port: int
    event_log: Path | None
    demo: bool
    auto_ready_s: float = 30.0


def parse_listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:5070, got {text!r}")
    return host.strip("[]"), int(port)


def add_desk_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sip-listen", type=parse_listen, default=None, metavar="HOST:PORT",
                        help="registrar-less mode: take calls on this address "
                        f"(demo default 127.0.0.1:{DEMO_PORT})")
    parser.add_argument("--event-log", type=Path, default=None, metavar="FILE",
                        help="append every call event to FILE as one JSON line")
    parser.add_argument("--operator", default="", help="the operator's name for greetings")
    parser.add_argument("--group", default="", help="the operator's group, e.g. sales")
    parser.add_argument("--library", type=Path, default=None, metavar="PATH",
                        help="the scripts library folder (default: the bundled one)")


def options_from(args: argparse.Namespace) -> DeskOptions:
    from operator_desk.core.library import default_library_path

    host, port = args.sip_listen or ("127.0.0.1", DEMO_PORT)
    return DeskOptions(
        library=args.library or default_library_path(),
        operator=args.operator or os.environ.get("USER", "") or "Оператор",
        group=args.group, listen_host=host, listen_port=port, event_log=args.event_log,
        demo=args.demo or args.sip_listen is None,
    )


def settle_heap() -> None:
    """After start-up, freeze the long-lived objects: later garbage collections then
    only walk what calls create, so they stay short and do not stall the audio clock
    thread (ENGINE-NOTES: a full collection of a large heap is an audible gap)."""
    import gc

    gc.collect()
    gc.freeze()


def run_desk(options: DeskOptions) -> int:
    """Open the window, start the engine, run until the window closes."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from operator_desk.core.desk import Desk, OperatorProfile
    from operator_desk.core.library import Library
    from operator_desk.sip.engine import EngineConfig, fan_out
    from operator_desk.sip.journal import CallJournal
    from operator_desk.sip.pjsua_engine import PjsuaEngine
    from operator_desk.sip.qt_bridge import SipBridge
    from operator_desk.ui.controller import DeskController
    from operator_desk.ui.i18n import install_translator
    from operator_desk.ui.main_window import DeskWindow

    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Operator Desk")
    install_translator(app)
    library = Library.load(options.library)
    for tenant_id, problems in library.broken.items():
        log.warning("tenant %s not loaded: %s", tenant_id, problems[0])
    desk = Desk(library, OperatorProfile(options.operator, options.group))
    window = DeskWindow()
    config = EngineConfig(listen_host=options.listen_host, listen_port=options.listen_port)
    engine_journal = CallJournal(options.event_log) if options.event_log else None
    gui_journal = CallJournal(options.event_log) if options.event_log else None

    def factory(sink):  # type: ignore[no-untyped-def]
        return PjsuaEngine(config, fan_out(engine_journal, sink) if engine_journal else sink)

    bridge = SipBridge(factory)
    controller = DeskController(desk, window, bridge, auto_ready_s=options.auto_ready_s)
    if gui_journal is not None:
        controller.pop_painted.connect(
            lambda call_id, ts: gui_journal.write(
                {"event": "screen_pop_painted", "call_id": call_id, "ts_ns": ts}))

    def on_engine_started(ok: bool, error: str) -> None:
        window.show_engine_state(ok, error, options.listen_host, options.listen_port)
        if not ok:
            return
        controller.go_ready()
        if gui_journal is not None:
            gui_journal.write({"event": "desk_ready", "call_id": "", "ts_ns": time.time_ns(),
                               "startup_ms": round((time.perf_counter() - started) * 1000, 1)})

    bridge.engine_started.connect(on_engine_started)
    window.resize(1366, 768)
    window.show()
    QTimer.singleShot(0, controller.prepare_tenants)
    QTimer.singleShot(0, bridge.start)
    QTimer.singleShot(0, settle_heap)
    code = app.exec()
    bridge.shutdown()
    return int(code)
