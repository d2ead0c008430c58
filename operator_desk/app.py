"""The one place that builds the desk's objects and wires them together."""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEMO_PORT = 5070


def config_paths() -> tuple[Path, Path]:
    """The machine-wide and the operator's settings files (env vars override, for tests)."""
    import platformdirs

    from operator_desk.core.settings import FILE_NAME

    machine = os.environ.get("OPERATOR_DESK_MACHINE_CONFIG") or str(
        Path(platformdirs.site_config_dir("operator-desk", appauthor=False)) / FILE_NAME)
    user = os.environ.get("OPERATOR_DESK_USER_CONFIG") or str(
        Path(platformdirs.user_config_dir("operator-desk", appauthor=False)) / FILE_NAME)
    return Path(machine), Path(user)


@dataclass(frozen=True, slots=True)
class DeskOptions:
    library: Path
    operator: str
    group: str
    listen_host: str
    listen_port: int
    event_log: Path | None
    call_waiting: bool = True
    not_ready_code: int = 480
    busy_code: int = 486
    auto_ready_s: float = 30.0
    tenant_header: str = "X-Tenant"
    prepared_tenants: int = 40
    ivr_headers: tuple[str, str] = ("X-IVR-Digits", "X-IVR-Data")
    auto_answer: bool = False
    audio: bool = True
    devices: tuple[str, str, str] = ("", "", "")
    """Microphone, headset, ringer ('' = system default)."""
    preview_dialer: bool = False
    dtmf_method: str = "rfc2833"
    start_minimised: bool = False
    autostart: bool = False
    log_level: str = "info"
    demo: bool = False
    """Start the demo caller, which rings this desk by itself (and on the Demo call button)."""
    account: Any = None
    """The :class:`sip.engine.AccountConfig` when a registrar is set (password from the keyring)."""
    settings_problems: tuple[str, ...] = ()
    dial_domain: str = ""
    profile: str = "default"
    loaded: Any = None
    """The :class:`core.settings.LoadedSettings` these options came from."""
    user_file: Path | None = None


def parse_listen(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:5070, got {text!r}")
    return host.strip("[]"), int(port)


def add_desk_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="read the operator's settings from FILE instead of the usual one")
    parser.add_argument("--sip-listen", default=None, metavar="HOST:PORT",
                        help=f"take calls on this address (default 127.0.0.1:{DEMO_PORT})")
    parser.add_argument("--event-log", type=Path, default=None, metavar="FILE",
                        help="append every call event to FILE as one JSON line")
    parser.add_argument("--auto-answer", action="store_true", default=None,
                        help="answer incoming calls at once")
    parser.add_argument("--operator", default=None, help="the operator's name for greetings")
    parser.add_argument("--group", default=None, help="the operator's group, e.g. sales")
    parser.add_argument("--library", type=Path, default=None, metavar="PATH",
                        help="the scripts library folder (default: the bundled one)")
    parser.add_argument("--profile", default="default", metavar="NAME",
                        help="the operator profile whose records to use (default: default)")


def load_desk_settings(args: argparse.Namespace) -> Any:
    """The layered settings with the command line on top (see core.settings)."""
    from operator_desk.core.settings import load_settings

    overrides: dict[str, Any] = {}
    for option, key in (("sip_listen", "sip.listen"), ("operator", "operator.name"),
                        ("group", "operator.group"), ("auto_answer", "calls.auto_answer")):
        value = getattr(args, option, None)
        if value is not None:
            overrides[key] = value
    if getattr(args, "event_log", None) is not None:
        overrides["log.event_log"] = str(args.event_log)
    if getattr(args, "library", None) is not None:
        overrides["library.path"] = str(args.library)
    machine, user = config_paths()
    return load_settings(machine, getattr(args, "config", None) or user, overrides)


def options_from(args: argparse.Namespace) -> DeskOptions:
    from operator_desk.core.dialplan import domain_for
    from operator_desk.core.library import default_library_path

    loaded = load_desk_settings(args)
    s = loaded.settings
    try:
        host, port = parse_listen(s.sip.listen)
    except argparse.ArgumentTypeError as exc:
        raise SystemExit(f"operator-desk: --sip-listen: {exc}") from None
    return DeskOptions(
        library=Path(s.library.path) if s.library.path else default_library_path(),
        operator=s.operator.name or os.environ.get("USER", "") or "Оператор",
        group=s.operator.group, listen_host=host, listen_port=port,
        event_log=Path(s.log.event_log) if s.log.event_log else None,
        call_waiting=s.calls.call_waiting, not_ready_code=s.calls.not_ready_code,
        busy_code=s.calls.busy_code, auto_ready_s=float(s.calls.auto_ready_after),
        tenant_header=s.sip.tenant_header, prepared_tenants=s.library.prepared_tenants,
        ivr_headers=(s.sip.ivr_digits_header, s.sip.ivr_data_header),
        auto_answer=s.calls.auto_answer, audio=s.audio.enabled,
        devices=(s.audio.microphone, s.audio.headset, s.audio.ringer),
        account=account_from(s), demo=bool(getattr(args, "demo", False)),
        start_minimised=s.desk.start_minimised, autostart=s.desk.autostart,
        preview_dialer=s.calls.preview_dialer, dtmf_method=s.calls.dtmf_method,
        log_level=s.log.level,
        dial_domain=domain_for(s.sip.registrar, s.sip.domain, s.sip.listen),
        profile=getattr(args, "profile", "default"),
        settings_problems=tuple(str(p) for p in loaded.problems),
        loaded=loaded, user_file=getattr(args, "config", None) or config_paths()[1],
    )


def settle_heap() -> None:
    """After start-up, freeze the long-lived objects: later garbage collections then
    only walk what calls create, so they stay short and do not stall the audio clock
    thread (ENGINE-NOTES: a full collection of a large heap is an audible gap). Then
    hand the memory start-up used only for a while (parsing the library, building the
    search indexes) back to the system. Source lines cached while starting (PySide6 reads
    a few modules' source: ~0.1 MiB) are dropped too; a traceback reads them again."""
    import gc
    import linecache

    linecache.clearcache()
    gc.collect()
    gc.freeze()
    release_free_memory()


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``): ~3 MiB
    after start-up. True if it could; elsewhere (Windows, musl) it does nothing."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


SIP_LINGER_S = 40.0
"""How long pjsip holds a finished call's transactions (Timer D/J: 32 s over UDP)."""


class HeapTrimmer:
    """Hands the C heap's free pages back between calls: when the last call ends (what
    its pop and call freed), and again ``linger_s`` later, once pjsip has let go of that
    call's transactions (a few MiB after a busy spell), if the desk is still between
    calls then. ``busy()`` says whether a call is going on."""

    def __init__(self, busy: Any, linger_s: float = SIP_LINGER_S,
                 trim: Any = None, parent: Any = None) -> None:
        from PySide6.QtCore import QTimer

        self._busy = busy
        self._trim = trim or release_free_memory
        self._later = QTimer(parent)
        self._later.setSingleShot(True)
        self._later.setInterval(int(linger_s * 1000))
        self._later.timeout.connect(self._on_later_timeout)

    def call_finished(self, _call_id: object = None) -> None:
        if self._busy():
            return
        self._trim()
        self._later.start()  # restarts: counted from the last call's end

    def _on_later_timeout(self) -> None:
        if not self._busy():
            self._trim()


class LibraryJob:
    """Gets the desk its scripts library without the desk parsing it: from the library
    cache when no file changed; else a helper process (``operator-desk library cache``)
    reads it, and the scripts the desk prepares first, into the cache while the desk
    loads Qt, and the desk takes it from there. The desk thus never holds PyYAML and the
    schema validators (~2.4 MiB for the whole shift), and a script that crashes the parser
    takes down the helper, not the desk. Should the helper fail, the desk reads the
    library itself, as it did before there was a cache."""

    TIMEOUT_S = 120.0

    def __init__(self, cache: Any, root: Path, db: Any, limit: int) -> None:
        self._cache = cache
        self._root = root
        self._ready = cache.cached(root)
        self._helper: Any = None
        if self._ready is not None or not Path(root).is_dir():  # a missing folder: no helper
            return
        import subprocess

        from operator_desk.core.library_cache import CACHE_DIR_ENV
        from operator_desk.storage.records import CallRecords

        busiest = busiest_tenants(CallRecords(db.connect()))
        command = desk_command("library", "cache", "--library", str(root), "--limit", str(limit),
                               "--busiest", ",".join(busiest))
        env = {**os.environ, CACHE_DIR_ENV: str(cache.folder)}
        try:
            self._helper = subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as exc:
            log.warning("cannot start %s to read the scripts library: %s", command[0], exc)

    def library(self) -> Any:
        if self._ready is not None:
            return self._ready
        if self._helper is not None:
            import subprocess

            try:
                _, err = self._helper.communicate(timeout=self.TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self._helper.kill()  # the helper this desk started, by its PID
                _, err = self._helper.communicate()
            if self._helper.returncode == 0:
                library = self._cache.cached(self._root)
                if library is not None:
                    return library
                log.info("the scripts library changed while the helper read it; the desk "
                         "reads it itself")
            else:
                log.warning("the helper reading the scripts library failed (exit %s): %s; the "
                            "desk reads it itself", self._helper.returncode,
                            err.decode(errors="replace").strip()[-500:])
        return self._cache.load(self._root)


class CacheWriter:
    """Writes the library cache (:mod:`operator_desk.core.library_cache`) a tenant per
    turn of the event loop, so that a ring arriving meanwhile waits at most one step
    (a whole 40-tenant library would hold the GUI thread ~20 ms). ``library()`` gives
    the library in use when writing starts."""

    def __init__(self, cache: Any, library: Any, parent: Any = None) -> None:
        from PySide6.QtCore import QTimer

        self._cache = cache
        self._library = library
        self._steps: Any = None
        self._timer = QTimer(parent)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self._steps = self._cache.store_steps(self._library())
        self._timer.start()

    @property
    def writing(self) -> bool:
        return self._timer.isActive()

    def _step(self) -> None:
        try:
            next(self._steps)
        except StopIteration:
            self._timer.stop()
            self._steps = None

    def finish(self) -> None:
        """At quit: whatever is not in the cache yet, at once."""
        self._timer.stop()
        self._steps = None
        self._cache.store(self._library())


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, looked up once (it runs after every call), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: libc's
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    return trim


def account_from(settings: Any) -> Any:
    """The registration account of the settings, None without a registrar."""
    if not settings.sip.registrar:
        return None
    from operator_desk.services.secrets import SecretStore
    from operator_desk.sip.engine import AccountConfig

    return AccountConfig(
        registrar=settings.sip.registrar, user=settings.sip.user,
        password=SecretStore().get(sip_secret_name(settings)) or "",
        auth_user=settings.sip.auth_user, domain=settings.sip.domain,
        transport=settings.sip.transport, expires_s=settings.sip.expires, proxy=settings.sip.proxy,
    )


def open_settings(window: Any, options: DeskOptions) -> None:
    """Show the settings dialog; save to the operator's file and the keyring."""
    from operator_desk.core.settings import write_user_file
    from operator_desk.services.secrets import SecretsError, SecretStore
    from operator_desk.ui.settings_dialog import SettingsDialog

    loaded = options.loaded
    dialog = SettingsDialog(loaded.settings, loaded.locked, devices=audio_devices, parent=window,
                            audio_tools=DeviceChecks())

    def save(settings: Any, password: str) -> None:
        assert options.user_file is not None
        try:
            write_user_file(options.user_file, settings)
            if password:
                SecretStore().set(sip_secret_name(settings), password)
        except (OSError, SecretsError) as exc:
            window.show_error(str(exc))
            return
        loaded.settings = settings
        try:
            from operator_desk import autostart

            autostart.set_enabled(settings.desk.autostart)
        except Exception as exc:
            log.warning("autostart: %s", exc)
        window.show_saved(str(options.user_file))

    dialog.saved.connect(save)
    dialog.open()


class DeviceChecks:
    """The settings dialog's test tone, ringtone and microphone meter."""

    def play(self, device: str, ringtone: bool) -> Any:
        from operator_desk.sip.audio import AudioConfig, Ringer, test_tone_pcm

        ringer = Ringer(AudioConfig(ringer_device=device or None),
                        pcm=None if ringtone else test_tone_pcm())
        ringer.start()
        return ringer

    def meter(self, device: str) -> Any:
        from operator_desk.sip.audio import MicLevelMeter

        meter = MicLevelMeter(device or None)
        meter.start()
        return meter


def audio_devices() -> dict[str, list[str]]:
    """Device names for the settings dialog: microphones, and outputs for headset and ringer."""
    try:
        from operator_desk.sip.audio import list_devices

        devices = list_devices()
    except Exception as exc:  # no PortAudio, no sound server: the defaults still work
        log.warning("cannot list audio devices: %s", exc)
        return {}
    inputs = sorted({d.name for d in devices if d.inputs > 0})
    outputs = sorted({d.name for d in devices if d.outputs > 0})
    return {"microphone": inputs, "headset": outputs, "ringer": outputs}


def sip_secret_name(settings: Any) -> str:
    """Where the SIP password lives in the keyring: ``sip/<user>@<registrar>``."""
    return f"sip/{settings.sip.user}@{settings.sip.registrar}"


def run_self_test(options: DeskOptions) -> int:
    """Start the whole desk offscreen on a free loopback port, take one call from the demo
    caller (auto-answered), and exit 0 only if it rang, popped, was answered and ended."""
    import dataclasses
    import socket
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with tempfile.TemporaryDirectory(prefix="operator-desk-selftest-") as tmp:
        os.environ["OPERATOR_DESK_DATA_DIR"] = tmp
        journal = Path(tmp) / "events.jsonl"
        options = dataclasses.replace(
            options, listen_host="127.0.0.1", listen_port=port, auto_answer=True, audio=False,
            demo=False, event_log=journal, account=None, auto_ready_s=0)
        code = run_desk(options, self_test=True)
        events = [line for line in journal.read_text().splitlines()] if journal.exists() else []
    names = [__import__("json").loads(line)["event"] for line in events]
    steps = ["desk_ready", "invite_received", "screen_pop_painted", "answered", "ended"]
    missing = [s for s in steps if s not in names]
    print(f"self-test: engine on 127.0.0.1:{port}; journal: {', '.join(names)}")
    if code != 0 or missing:
        print(f"self-test FAILED (exit {code}; missing {', '.join(missing) or 'nothing'})")
        return 1
    print("self-test passed")
    return 0


def run_desk(options: DeskOptions, self_test: bool = False) -> int:
    """Open the window, start the engine, run until the window closes."""
    from operator_desk.core.library_cache import LibraryCache, default_cache_dir
    from operator_desk.logs import setup_logging

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
    library_job = LibraryJob(library_cache, library_root, db, options.prepared_tenants)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import operator_desk.ui  # noqa: F401  (before the rest: it tames PySide6's import hook)
    from operator_desk import autostart
    from operator_desk.core.agent import IncomingPolicy
    from operator_desk.core.desk import Desk, OperatorProfile
    from operator_desk.logs import install_excepthook
    from operator_desk.sip.engine import EngineConfig, fan_out
    from operator_desk.sip.journal import CallJournal
    from operator_desk.sip.pjsua_engine import PjsuaEngine
    from operator_desk.sip.qt_bridge import SipBridge
    from operator_desk.storage.records import CallRecorder, CallRecords
    from operator_desk.ui.controller import DeskController
    from operator_desk.ui.crash import CrashReporter
    from operator_desk.ui.i18n import install_translator
    from operator_desk.ui.main_window import DeskWindow
    from operator_desk.ui.records import DeskRecords
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
    if not self_test:
        try:
            autostart.set_enabled(options.autostart)
        except autostart.AutostartError as exc:
            log.warning("autostart: %s", exc)
    audio = None
    if options.audio:
        from operator_desk.sip.audio import AudioConfig

        microphone, headset, ringer = options.devices
        audio = AudioConfig(input_device=microphone or None, output_device=headset or None,
                            ringer_device=ringer or None)
    config = EngineConfig(listen_host=options.listen_host, listen_port=options.listen_port,
                          account=options.account, audio=audio, auto_answer=options.auto_answer,
                          dtmf_method=options.dtmf_method,
                          extra_headers=(options.tenant_header, *options.ivr_headers))
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
    # Delivery states arrive on the outbox thread; the signal queues them to the GUI.
    records.outbox, records.crm = build_services(db, settings, records.delivery_changed.emit)
    outbox, crm = records.outbox, records.crm
    if outbox is not None:
        outbox.start()
    if db.recovered is not None:
        window.show_error(db.recovered.message)
    controller.rejected_not_ready.connect(records.records.mark_rejected_not_ready)
    # Between calls, hand back what the last pop and call freed (a few ms, no audio then).
    trimmer = HeapTrimmer(lambda: bool(controller.calls), parent=controller)
    controller.call_finished.connect(trimmer.call_finished)
    window.history_requested.connect(lambda: open_history(window, controller, records))
    window.stats_requested.connect(lambda: open_dashboard(window, controller, db))
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
            demo.options = replace(demo.options, listen_port=port)
            demo.start()
        if self_test:
            start_self_test_call(app, options, controller)
        if gui_journal is not None:
            gui_journal.write({"event": "desk_ready", "call_id": "", "ts_ns": time.time_ns(),
                               "startup_ms": round((time.perf_counter() - started) * 1000, 1)})
        # Once the window is painted and the engine has opened the sound devices.
        QTimer.singleShot(1000, settle_heap)

    bridge.engine_started.connect(on_engine_started)
    if options.loaded is not None:
        window.settings_requested.connect(lambda: open_settings(window, options))
    demo = DemoCaller(options, window) if options.demo else None
    window.resize(1366, 768)
    tray.start(minimised=options.start_minimised and not self_test)
    controller.pop_shown.connect(lambda _pop: tray.bring_to_front())
    # With the scripts of the likely tenants read, the next start needs no parsing.
    cache_writer = CacheWriter(library_cache, lambda: controller.desk.library, parent=controller)
    controller.tenants_prepared.connect(cache_writer.start)
    QTimer.singleShot(0, lambda: controller.prepare_tenants(busiest_tenants(records.records)))
    QTimer.singleShot(0, bridge.start)
    ringer = make_ringer(options) if options.audio else None
    if ringer is not None:
        controller.ringing_changed.connect(lambda on: ringer.start() if on else ringer.stop())
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


def desk_command(*args: str) -> list[str]:
    """``operator-desk ARGS`` as this desk runs: from source or a frozen bundle."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "operator_desk", *args]


def demo_caller_command(options: DeskOptions, *args: str) -> list[str]:
    """``operator-desk demo-caller`` aimed at this desk."""
    return desk_command("demo-caller", "--target", f"{options.listen_host}:{options.listen_port}",
                        "--library", str(options.library), *args)


def start_self_test_call(app: Any, options: DeskOptions, controller: Any) -> None:
    """One call from the demo caller; quit when it is over (or after 60 s)."""
    import subprocess

    from PySide6.QtCore import QTimer

    command = demo_caller_command(options, "--once", "random", "--talk", "1-2")
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    timer = QTimer(app)

    def check() -> None:
        code = proc.poll()
        if code is None and time.monotonic() < deadline:
            return
        timer.stop()
        if code is None:
            proc.kill()  # the demo caller this self-test started, by its PID
            proc.wait(5)
            code = 124
        QTimer.singleShot(300, lambda: app.exit(code))  # let the journal take the end

    timer.timeout.connect(check)
    timer.start(100)


class DemoCaller:
    """The demo mode's caller: a second process placing real SIP calls to this desk."""

    def __init__(self, options: DeskOptions, window: Any, interval_s: float = 25.0) -> None:
        self.options = options
        self.window = window
        self.interval_s = interval_s
        self.proc: Any = None
        """The demo caller's ``subprocess.Popen``, while it runs."""
        window.enable_demo(self.call_now)

    def start(self) -> None:
        import subprocess  # here, not at the top: only the demo mode starts processes

        try:
            command = demo_caller_command(self.options, "--interval", str(self.interval_s))
            self.proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            log.error("demo caller did not start: %s", exc)

    def call_now(self) -> None:
        if self.proc is not None and self.proc.poll() is None and self.proc.stdin is not None:
            try:
                self.proc.stdin.write(b"call\n")
                self.proc.stdin.flush()
            except OSError as exc:
                log.warning("demo caller: %s", exc)

    def stop(self) -> None:
        import subprocess

        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # end of input: it hangs up and exits
            proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            proc.terminate()  # the demo caller this desk started, by its PID
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)


def make_ringer(options: DeskOptions) -> Any:
    """The ringtone on the ringer device (speakers), so the headset stays for talk."""
    try:
        from operator_desk.sip.audio import AudioConfig, Ringer

        _microphone, headset, ringer = options.devices
        return Ringer(AudioConfig(ringer_device=ringer or headset or None))
    except Exception as exc:  # no sound system: the desk rings silently, the pop still shows
        log.warning("no ringtone: %s", exc)
        return None


SYNC_EVERY_S = 600.0


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


class LibrarySyncLoop:
    """Syncs the scripts library at start and every 10 minutes on a background thread;
    results reach the GUI through a queued signal; a new version replaces the library
    between calls."""

    def __init__(self, sync: Any, controller: Any, window: Any, cache: Any) -> None:
        import threading

        from PySide6.QtCore import QObject, Signal, Slot

        class Results(QObject):
            arrived = Signal(object)

            @Slot(object)
            def on_arrived(inner_self, result: Any) -> None:
                self._on_result(result)

        self.sync = sync
        self.controller = controller
        self.window = window
        self.cache = cache
        self.results = Results()
        self.results.arrived.connect(self.results.on_arrived)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="library-sync", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                result = self.sync.sync(in_use=self.controller.desk.library.root)
            except Exception:  # the loop must survive anything
                log.exception("library sync")
            else:
                if _sync_status(result) == "updated" and result.path is not None:
                    try:
                        self._cache_new_version(result.path)
                    except Exception:  # then the GUI thread reads it, as before
                        log.exception("library sync: caching version %s", result.version)
                self.results.arrived.emit(result)
            self._stop.wait(SYNC_EVERY_S)

    def _cache_new_version(self, path: Path) -> None:
        """Read a new version, and the scripts the desk prepares first, into the library
        cache here, on the sync thread (the sync has just parsed it to validate it): the GUI
        thread then takes it from the cache in milliseconds instead of parsing it between
        two calls."""
        from operator_desk.core.library_cache import read_for_desk

        read_for_desk(self.cache, path, self.controller.busiest,
                      self.controller.desk.prepared_limit)

    def _on_result(self, result: Any) -> None:
        status = _sync_status(result)
        if status == "failed":
            self.window.show_error(result.message)
        elif status == "updated" and result.path is not None:
            self.controller.replace_library(self.cache.load(result.path))
            self.window.show_library_updated(result.version)
        log.info("library sync: %s", result.message)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sync.close()


def _sync_status(result: Any) -> str:
    """A sync result's status as text ("updated", "failed", ...)."""
    return getattr(result.status, "value", str(result.status))


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


SHIFT_NS = 12 * 3600 * 10**9
"""The history and statistics look this far back (a shift, generously)."""


def open_dashboard(window: Any, controller: Any, db: Any) -> None:
    from operator_desk.storage.stats import shift_summary
    from operator_desk.ui.dashboard import DashboardDialog

    since = time.time_ns() - SHIFT_NS
    names = {t.id: t.name for t in controller.desk.library}
    labels = {(t.id, w.code): w.label for t in controller.desk.library for w in t.wrapup_codes}
    dialog = DashboardDialog(lambda: shift_summary(db.conn, since, time.time_ns()), names, window,
                             labels)
    dialog.open()


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


def busiest_tenants(records: Any, days: int = 30) -> list[str]:
    """Tenants by how many calls they had in the last ``days`` days, busiest first."""
    try:
        return list(records.busiest_tenants(time.time_ns() - days * 86_400 * 10**9))
    except Exception:  # the order is a nicety: never keep the desk from starting
        log.exception("could not read the call counts per tenant")
        return []


def open_history(window: Any, controller: Any, records: Any) -> None:
    from operator_desk.ui.history import HistoryDialog

    since = time.time_ns() - SHIFT_NS
    names = {t.id: t.name for t in controller.desk.library}
    labels = {(t.id, w.code): w.label for t in controller.desk.library for w in t.wrapup_codes}
    dialog = HistoryDialog(records.records.history, since, names, window, labels)
    dialog.call_back_requested.connect(controller.dial)
    dialog.open()
