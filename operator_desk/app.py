"""The one place that builds the desk's objects and wires them together."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from operator_desk.options import DeskOptions, engine_config

log = logging.getLogger(__name__)

SelfTest = Callable[[Any], None]
"""The self-test's call (:mod:`operator_desk.selftest`), placed with the QApplication
once the engine listens."""


def run_desk(options: DeskOptions, self_test: SelfTest | None = None) -> int:
    """Open the window, start the engine, run until the window closes."""
    from operator_desk.core.library_cache import LibraryCache, default_cache_dir
    from operator_desk.logs import setup_logging
    from operator_desk.services.demo import DemoCaller
    from operator_desk.services.library_helper import LibraryJob, busiest_tenants
    from operator_desk.storage.records import CallRecords

    started = time.perf_counter()
    log_file = setup_logging(logging.DEBUG if options.log_level == "debug" else logging.INFO)
    settings = options.loaded.settings if options.loaded is not None else None
    library_sync = make_library_sync(settings)
    library_root = options.library
    if library_sync is not None:
        library_root = library_sync.current_path() or options.library
    db = open_database(options.profile)
    library_cache = LibraryCache(default_cache_dir())
    # Started before Qt loads: a helper process reads a changed library meanwhile.
    busiest = busiest_tenants(CallRecords(db.conn))
    library_job = LibraryJob(library_cache, library_root, busiest, options.prepared_tenants)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401  (before the rest: it tames PySide6's import hook)
    from operator_desk import autostart
    from operator_desk.core.agent import IncomingPolicy
    from operator_desk.core.desk import Desk, OperatorProfile
    from operator_desk.logs import install_excepthook
    from operator_desk.memory import settle_heap
    from operator_desk.sip.engine import fan_out
    from operator_desk.sip.journal import CallJournal
    from operator_desk.sip.pjsua_engine import PjsuaEngine
    from operator_desk.sip.qt_bridge import SipBridge
    from operator_desk.storage.records import CallRecorder, CallRecords
    from operator_desk.ui.background import on_gui_thread
    from operator_desk.ui.controller import DeskController
    from operator_desk.ui.crash import CrashReporter
    from operator_desk.ui.devices import attach_ringer
    from operator_desk.ui.heap import HeapTrimmer
    from operator_desk.ui.i18n import install_translator
    from operator_desk.ui.library import CacheWriter, LibrarySyncLoop
    from operator_desk.ui.main_window import DeskWindow
    from operator_desk.ui.records import DeskRecords
    from operator_desk.ui.settings_flow import open_settings
    from operator_desk.ui.tray import DeskTray, desk_icon

    hook = install_excepthook()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Operator Desk")
    app.setWindowIcon(desk_icon())
    install_translator(app)
    log.info("Operator Desk starting; log file %s", log_file)
    library = library_job.library()
    for tenant_id, problems in library.broken.items():
        log.warning("tenant %s not loaded: %s", tenant_id, problems[0])
    for problem in options.settings_problems:
        log.warning("settings: %s", problem)
    desk = Desk(library, OperatorProfile(options.operator, options.group), options.tenant_header,
                options.ivr_headers, prepared_limit=options.prepared_tenants)
    window = DeskWindow()
    hook.callback = CrashReporter(window).report
    tray = DeskTray(window)
    tray.quit_requested.connect(app.quit)
    if tray.available:
        # Hidden in the tray, closing a dialog must not end the desk.
        app.setQuitOnLastWindowClosed(False)
        window.closed.connect(app.quit)
    if self_test is None:
        try:
            autostart.set_enabled(options.autostart)
        except autostart.AutostartError as exc:
            log.warning("autostart: %s", exc)
    config = engine_config(options)
    engine_journal = CallJournal(options.event_log) if options.event_log else None
    gui_journal = CallJournal(options.event_log) if options.event_log else None

    def tenant_of(event: Any) -> str:
        # desk.router, not a copy: a synced library replaces it between calls.
        return desk.router.route_call(event.request_uri, {"To": event.to_header, **event.headers}
                                      ).tenant_id or ""

    def factory(sink):  # type: ignore[no-untyped-def]
        # Runs on the engine thread: the recorder gets a connection of its own there.
        recorder = CallRecorder(CallRecords(db.connect()), tenant_of=tenant_of,
                                library_version=lambda: desk.library.settings.version)
        sinks = [s for s in (engine_journal, recorder, sink) if s is not None]
        return PjsuaEngine(config, fan_out(*sinks))

    bridge = SipBridge(factory)
    policy = IncomingPolicy(options.call_waiting, options.busy_code, options.not_ready_code,
                            options.auto_answer)
    controller = DeskController(desk, window, bridge, policy, auto_ready_s=options.auto_ready_s,
                                dial_domain=options.dial_domain)
    if options.settings_problems:
        window.show_settings_problems(len(options.settings_problems))
    records = DeskRecords(db, controller, preview_dialer=options.preview_dialer)
    # Delivery states arrive on the outbox thread; the window shows them on the GUI thread.
    records.outbox, records.crm = build_services(db, settings,
                                                 on_gui_thread(records.show_delivery))
    outbox, crm = records.outbox, records.crm
    if outbox is not None:
        outbox.start()
    if db.recovered is not None:
        window.show_error(db.recovered.message)
    # Between calls, hand back what the last pop and call freed (a few ms, no audio then).
    trimmer = HeapTrimmer(lambda: bool(controller.calls), parent=controller)
    controller.call_finished.connect(trimmer.call_finished)
    if gui_journal is not None:
        controller.pop_painted.connect(
            lambda call_id, ts: gui_journal.write(
                {"event": "screen_pop_painted", "call_id": call_id, "ts_ns": ts}))

    def on_engine_started(ok: bool, error: str) -> None:
        port = bridge.listen_port or options.listen_port  # the system's choice for port 0
        window.show_engine_state(ok, error, options.listen_host, port)
        if not ok:
            return
        controller.go_ready()
        if demo is not None:
            demo.start(port)
        if self_test is not None:
            self_test(app)
        if gui_journal is not None:
            gui_journal.write({"event": "desk_ready", "call_id": "", "ts_ns": time.time_ns(),
                               "startup_ms": round((time.perf_counter() - started) * 1000, 1)})
        # Once the window is painted and the engine has opened the sound devices.
        QTimer.singleShot(1000, settle_heap)

    bridge.engine_started.connect(on_engine_started)
    if options.loaded is not None and options.user_file is not None:
        window.settings_requested.connect(lambda: open_settings(window, options.loaded,
                                                                options.user_file))
    demo = DemoCaller(options.listen_host, options.library) if options.demo else None
    if demo is not None:
        window.enable_demo(demo.call_now)
    window.resize(1366, 768)
    tray.start(minimised=options.start_minimised and self_test is None)
    controller.pop_shown.connect(lambda _pop: tray.bring_to_front())
    # With the scripts of the likely tenants read, the next start needs no parsing.
    cache_writer = CacheWriter(library_cache, lambda: controller.desk.library, parent=controller)
    controller.tenants_prepared.connect(cache_writer.start)
    QTimer.singleShot(0, lambda: controller.prepare_tenants(busiest))
    QTimer.singleShot(0, bridge.start)
    ringer = attach_ringer(options.devices, controller.ringing_changed) if options.audio else None
    QTimer.singleShot(0, records.restore_drafts)
    syncer = (LibrarySyncLoop(library_sync, controller, window, library_cache)
              if library_sync else None)
    code = app.exec()
    cache_writer.finish()  # scripts read on a ring since
    if syncer is not None:
        syncer.stop()
    if ringer is not None:
        ringer.close()
    if demo is not None:
        demo.stop()
    bridge.shutdown()
    if outbox is not None:
        outbox.stop()
    if crm is not None:
        crm.close()
    db.close()
    return int(code)


def make_library_sync(settings: Any) -> Any:
    """The central scripts library's local cache when settings name one (library.url)."""
    if settings is None or not settings.library.url:
        return None
    from operator_desk.services.library_sync import LibrarySync
    from operator_desk.storage.db import data_dir

    try:
        return LibrarySync(settings.library.url, data_dir() / "library")
    except ValueError as exc:
        log.error("library.url: %s", exc)
        return None


def open_database(profile: str) -> Any:
    """The operator profile's database; a damaged file is moved aside and a fresh one used."""
    from operator_desk.storage.db import Database, profile_db_path

    path = profile_db_path(profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Database.open(path)


def build_services(db: Any, settings: Any, on_delivery: Any = None) -> tuple[Any, Any]:
    """The outbox worker (callbacks and script gaps to the webhook) and the CRM lookup.

    Nothing is imported for what is not configured: httpx and the keyring's backends
    cost memory on every desk that does not use them.
    """
    if settings is None or not (settings.delivery.url or settings.crm.lookup_url
                                or settings.bitrix24.portal_url):
        return None, None
    from operator_desk.core.settings import parse_header, parse_pairs
    from operator_desk.services.crm import CrmConfig, CrmConfigError, CrmLookup
    from operator_desk.services.outbox import OutboxWorker, WebhookConfig
    from operator_desk.services.secrets import SecretStore

    secrets = SecretStore()
    outbox = None
    if settings.delivery.url:
        hook = WebhookConfig(settings.delivery.url, parse_header(settings.delivery.auth_header),
                             settings.delivery.token_key)
        problems = hook.problems()
        if problems:
            log.error("delivery settings: %s", "; ".join(problems))
        else:
            outbox = OutboxWorker(db, lambda _tenant: hook, secrets=secrets,
                                  on_state_changed=on_delivery)
    if settings.bitrix24.portal_url:
        return build_bitrix24(db, settings, secrets, on_delivery)
    crm = None
    if settings.crm.lookup_url:
        try:
            def config(tenant_id: str) -> Any:
                return CrmConfig.from_mapping(tenant_id, {
                    "lookup_url": settings.crm.lookup_url,
                    "fields": parse_pairs(settings.crm.fields),
                    "record_path": settings.crm.record_path,
                    "headers": parse_header(settings.crm.auth_header),
                    "token_key": settings.crm.token_key, "card_url": settings.crm.card_url,
                })
            config("check")
            crm = CrmLookup(config, secrets)
        except CrmConfigError as exc:
            log.error("CRM settings: %s", exc)
    return outbox, crm


def build_bitrix24(db: Any, settings: Any, secrets: Any, on_delivery: Any) -> tuple[Any, Any]:
    """Bitrix24: callers looked up in the portal, callback requests delivered as leads."""
    from operator_desk.services.bitrix24 import (
        Bitrix24CallbackEndpoint,
        Bitrix24Config,
        Bitrix24ConfigError,
        Bitrix24Lookup,
    )
    from operator_desk.services.outbox import OutboxWorker

    b24 = settings.bitrix24

    def config(tenant_id: str) -> Any:
        return Bitrix24Config.from_mapping(tenant_id, {
            "portal_url": b24.portal_url, "user_id": b24.user_id,
            "webhook_key_name": b24.webhook_key_name,
            "responsible_id": b24.responsible_id or None, "lead_source": b24.lead_source,
        })

    try:
        config("check")
    except Bitrix24ConfigError as exc:
        log.error("Bitrix24 settings: %s", exc)
        return None, None
    outbox = OutboxWorker(db, lambda tenant: Bitrix24CallbackEndpoint(config(tenant), secrets),
                          secrets=secrets, on_state_changed=on_delivery)
    return outbox, Bitrix24Lookup(config, secrets)
