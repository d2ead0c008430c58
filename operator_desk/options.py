"""What the desk runs with: the layered settings (see :mod:`operator_desk.core.settings`)
with the command line on top, read once into :class:`DeskOptions`.

The command line's desk options are declared here (:func:`add_desk_arguments`), so that
``operator-desk`` and ``operator-desk settings show`` read the settings the same way.
Nothing heavy is imported here: the library commands and ``--version`` load this module
too. The engine's configuration is made from the options by :func:`engine_config`,
when the engine is built.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

    @property
    def settings(self) -> Any:
        """The :class:`core.settings.Settings` in effect (None for options made by hand)."""
        return self.loaded.settings if self.loaded is not None else None


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


def account_from(settings: Any) -> Any:
    """The registration account of the settings, None without a registrar."""
    if not settings.sip.registrar:
        return None
    from operator_desk.core.settings import sip_secret_name
    from operator_desk.services.secrets import SecretStore
    from operator_desk.sip.engine import AccountConfig

    return AccountConfig(
        registrar=settings.sip.registrar, user=settings.sip.user,
        password=SecretStore().get(sip_secret_name(settings)) or "",
        auth_user=settings.sip.auth_user, domain=settings.sip.domain,
        transport=settings.sip.transport, expires_s=settings.sip.expires, proxy=settings.sip.proxy,
    )


def engine_config(options: DeskOptions) -> Any:
    """The :class:`sip.engine.EngineConfig` of these options (sound devices, when audio
    is on; the headers the desk reads the tenant and the IVR input from)."""
    from operator_desk.sip.engine import EngineConfig

    audio = None
    if options.audio:
        from operator_desk.sip.audio import AudioConfig

        microphone, headset, ringer = options.devices
        audio = AudioConfig(input_device=microphone or None, output_device=headset or None,
                            ringer_device=ringer or None)
    return EngineConfig(listen_host=options.listen_host, listen_port=options.listen_port,
                        account=options.account, audio=audio, auto_answer=options.auto_answer,
                        dtmf_method=options.dtmf_method,
                        extra_headers=(options.tenant_header, *options.ivr_headers))
