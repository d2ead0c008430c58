"""The composition root: reads the settings, asks each package for its part, starts the
parts in one order and stops them in the reverse order (:func:`run_desk`).

Start, in this order:

==  ===============================================  =====================================
1   the log file                                     ``logs.setup_logging``
2   the operator profile's database                  ``storage.open_database``
3   the central library's local copy (no network)    ``services.build_library_sync``
4   the library helper process, before Qt loads      ``services.library_helper.LibraryJob``
5   Qt: the application, translations, crash hook    ``ui.shell.start_qt``
6   the desk's core with the library                 ``core.desk.Desk``
7   the window and its tray icon                     ``ui.shell.DeskShell``
8   the controller, the records                      ``ui.controller``, ``ui.records``
9   the CRM lookup, the outbox worker                ``services.build_crm``
9a  the call floor: its outbox worker, its presence  ``services.build_floor``
10  the SIP engine, on its thread                    :func:`build_bridge` (``sip``)
11  the demo caller, once the engine listens         ``services.demo.DemoCallerProcess``
12  the ringer                                       ``ui.devices.attach_ringer``
13  the library sync loop                            ``ui.library.LibrarySyncLoop``
14  the library cache writer                         ``ui.library.CacheWriter``
==  ===============================================  =====================================

Then the event loop runs until the window closes (or the tray's Quit), and the parts
stop in the reverse order, each registered with ``parts`` as it starts: the cache writer
writes what is left, the sync loop ends, the ringer and the demo caller stop, the engine
hangs up and shuts down, the desk signs off the floor, the outbox lets its last requests
finish, the CRM lookup closes, and last the database. A new part is a line or two in
:func:`run_desk`: build it, register its stop.

Start-up stays cheap: this module imports only what the parts up to the library helper
need; Qt, pjsua2 and the rest load after the helper started (it reads a changed library
meanwhile), and each builder imports its part's modules only when the settings ask for
that part (a desk without a CRM never loads httpx or the keyring's backends).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from operator_desk import services
from operator_desk.core.library_cache import LibraryCache, default_cache_dir
from operator_desk.logs import setup_logging
from operator_desk.memory import settle_heap
from operator_desk.options import DeskOptions, engine_config
from operator_desk.services.demo import DemoCallerProcess
from operator_desk.services.library_helper import LibraryJob, busiest_tenants
from operator_desk.storage import open_database
from operator_desk.storage.records import CallRecords

__all__ = ["SETTLE_AFTER_MS", "build_bridge", "run_desk"]

log = logging.getLogger(__name__)

SelfTest = Callable[[Any], None]
"""The self-test's call (:mod:`operator_desk.selftest`), placed with the QApplication
once the engine listens."""

SETTLE_AFTER_MS = 1000
"""The heap is settled this long after the engine started: the window is painted and the
engine has opened the sound devices by then."""


def run_desk(options: DeskOptions, self_test: SelfTest | None = None) -> int:
    """Start the desk's parts in order (see the module docs), run until the window
    closes, then stop them in reverse. A ``self_test`` desk leaves the autostart entry
    alone, never starts minimised, and places the self-test's call once ready."""
    started = time.perf_counter()
    log_file = setup_logging(logging.DEBUG if options.log_level == "debug" else logging.INFO)
    with contextlib.ExitStack() as parts:
        db = open_database(options.profile)
        parts.callback(db.close)
        library_sync = services.build_library_sync(options.settings)
        busiest = busiest_tenants(CallRecords(db.conn))
        cache = LibraryCache(default_cache_dir())
        root = (library_sync.current_path() if library_sync else None) or options.library
        library_job = LibraryJob(cache, root, busiest, options.prepared_tenants)
        # Qt loads from here on, while the helper reads a changed library
        # (operator_desk.ui first: it tames PySide6's import hook for the modules after it).
        from PySide6.QtCore import QTimer

        from operator_desk.ui import devices, heap, library, records, settings_flow, shell

        app, crash_hook = shell.start_qt()
        log.info("Operator Desk starting; log file %s", log_file)
        desk = build_desk(library_job.library(), options)
        gui = shell.DeskShell(app, crash_hook)
        if self_test is None:
            apply_autostart(options.autostart)
        bridge = build_bridge(options, desk, db)
        controller = build_controller(options, desk, gui.window, bridge)
        desk_records = records.DeskRecords(db, controller, preview_dialer=options.preview_dialer)
        start_crm(parts, db, options.settings, desk_records)
        if self_test is None:  # a self-test stays off the floor
            start_floor(parts, db, options, desk_records)
        show_start_problems(gui.window, options, db)
        heap.HeapTrimmer.between_calls_of(controller)
        journal = shell.GuiJournal.of(options.event_log, started, controller.pop_painted)
        QTimer.singleShot(0, lambda: controller.prepare_tenants(busiest))
        QTimer.singleShot(0, bridge.start)
        parts.callback(bridge.shutdown)
        demo = DemoCallerProcess(options.listen_host, options.library) if options.demo else None
        if demo is not None:
            gui.window.enable_demo(demo.call_now)
            parts.callback(demo.stop)
        when_listening(bridge, gui.window, options, [
            lambda _port: controller.go_ready(),
            demo.start if demo else None,
            (lambda _port: self_test(app)) if self_test else None,
            journal.desk_ready if journal else None,
            lambda _port: QTimer.singleShot(SETTLE_AFTER_MS, settle_heap)])
        settings_flow.offer_settings(gui.window, options.loaded, options.user_file)
        gui.show(options.start_minimised and self_test is None, controller.pop_shown)
        if options.audio and (ringer := devices.attach_ringer(options.devices,
                                                               controller.ringing_changed)):
            parts.callback(ringer.close)
        QTimer.singleShot(0, desk_records.restore_drafts)
        if library_sync is not None:
            parts.callback(library.LibrarySyncLoop(library_sync, controller, gui.window, cache).stop)
        # With the scripts of the likely tenants read, the next start needs no parsing.
        writer = library.CacheWriter(cache, lambda: controller.desk.library, parent=controller)
        controller.tenants_prepared.connect(writer.start)
        parts.callback(writer.finish)  # and at quit, what was read on a ring since
        return int(app.exec())


def build_desk(library: Any, options: DeskOptions) -> Any:
    """The desk's core (:class:`core.desk.Desk`) for the library and the operator."""
    from operator_desk.core.desk import Desk, OperatorProfile

    for tenant_id, problems in library.broken.items():
        log.warning("tenant %s not loaded: %s", tenant_id, problems[0])
    for problem in options.settings_problems:
        log.warning("settings: %s", problem)
    return Desk(library, OperatorProfile(options.operator, options.group), options.tenant_header,
                options.ivr_headers, prepared_limit=options.prepared_tenants)


def build_controller(options: DeskOptions, desk: Any, window: Any, bridge: Any) -> Any:
    """The :class:`ui.controller.DeskController` with the options' call handling."""
    from operator_desk.core.agent import IncomingPolicy
    from operator_desk.ui.controller import DeskController

    policy = IncomingPolicy(options.call_waiting, options.busy_code, options.not_ready_code,
                            options.auto_answer)
    return DeskController(desk, window, bridge, policy, auto_ready_s=options.auto_ready_s,
                          dial_domain=options.dial_domain)


def build_bridge(options: DeskOptions, desk: Any, db: Any) -> Any:
    """The SIP engine behind its :class:`sip.qt_bridge.SipBridge` (not started): its
    events go to the event journal (``--event-log``), the call records and the GUI."""
    from operator_desk.sip.engine import fan_out
    from operator_desk.sip.journal import CallJournal
    from operator_desk.sip.pjsua import PjsuaEngine
    from operator_desk.sip.qt_bridge import SipBridge
    from operator_desk.storage.records import CallRecorder

    config = engine_config(options)
    journal = CallJournal(options.event_log) if options.event_log else None

    def tenant_of(event: Any) -> str:
        # desk.router, not a copy: a synced library replaces it between calls.
        return desk.router.route_call(event.request_uri, {"To": event.to_header, **event.headers}
                                      ).tenant_id or ""

    def factory(sink: Callable[[object], None]) -> Any:
        # Runs on the engine thread: the recorder gets a connection of its own there.
        recorder = CallRecorder(CallRecords(db.connect()), tenant_of=tenant_of,
                                library_version=lambda: desk.library.settings.version,
                                ivr_headers=options.ivr_headers, operator=(options.operator, options.group))
        sinks = [s for s in (journal, recorder, sink) if s is not None]
        return PjsuaEngine(config, fan_out(*sinks))

    return SipBridge(factory)


def start_crm(parts: contextlib.ExitStack, db: Any, settings: Any, desk_records: Any) -> None:
    """The CRM lookup and the outbox worker the settings ask for, given to the records;
    what the outbox reports reaches the window on the GUI thread."""
    from operator_desk.ui.background import on_gui_thread

    crm, outbox = services.build_crm(db, settings, on_gui_thread(desk_records.show_delivery))
    desk_records.crm, desk_records.outbox = crm, outbox
    if crm is not None:
        parts.callback(crm.close)
    if outbox is not None:
        outbox.start()
        parts.callback(outbox.stop)


def start_floor(parts: contextlib.ExitStack, db: Any, options: DeskOptions, desk_records: Any) -> None:
    """The desk on the call floor (``[floor] database``), given to the records: it delivers
    this desk's records there and publishes the operator's state; at quit it signs off."""
    floor = services.build_floor(db, options.settings, options.profile, (options.operator, options.group))
    if floor is not None:
        desk_records.attach_floor(floor)
        floor.start()
        parts.callback(floor.close)


def when_listening(bridge: Any, window: Any, options: DeskOptions,
                   then: list[Callable[[int], object] | None]) -> None:
    """When the engine has started, the window says whether it listens; if it does, each
    of ``then`` (None: skipped) is given the port, in order: the configured one, or the
    system's choice for port 0."""

    def started(ok: bool, error: str) -> None:
        port = bridge.listen_port or options.listen_port
        window.show_engine_state(ok, error, options.listen_host, port)
        if ok:
            for step in then:
                if step is not None:
                    step(port)

    bridge.engine_started.connect(started)


def show_start_problems(window: Any, options: DeskOptions, db: Any) -> None:
    """What the operator should know from the start: settings with mistakes, a damaged
    database moved aside."""
    if options.settings_problems:
        window.show_settings_problems(len(options.settings_problems))
    if db.recovered is not None:
        window.show_error(db.recovered.message)


def apply_autostart(enabled: bool) -> None:
    """Make the desk start (or not) with the operator's session, as the settings say."""
    from operator_desk import autostart

    try:
        autostart.set_enabled(enabled)
    except autostart.AutostartError as exc:
        log.warning("autostart: %s", exc)
