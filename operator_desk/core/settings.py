"""The desk's settings, declared as data, read from layered TOML files.

Layers, each overriding the one before:

1. the defaults below;
2. the machine-wide file IT installs (``/etc/xdg/operator-desk/operator-desk.toml`` on
   Linux, ``C:\\ProgramData\\operator-desk\\operator-desk.toml`` on Windows); it may
   lock keys with ``locked = ["sip.registrar", …]`` so operators cannot change them;
3. the operator's own file (``~/.config/operator-desk/operator-desk.toml``, written by
   the settings dialog), or the file given with ``--config``;
4. command-line options.

Passwords and tokens are never in these files: they live in the OS keyring.
A file with mistakes never stops the desk: every problem is reported (file, line, key,
what was expected) and the default is used for that key.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from operator_desk.core.errors import Problem, closest

FILE_NAME = "operator-desk.toml"


def _setting(default: Any, description: str, **meta: Any) -> Any:
    return field(default=default, metadata={"description": description, **meta})


@dataclass(frozen=True, slots=True)
class OperatorSettings:
    name: str = _setting("", "The operator's name, as greetings say it.")
    group: str = _setting("", "The operator's group (skill), e.g. sales or support.")


@dataclass(frozen=True, slots=True)
class SipSettings:
    listen: str = _setting("127.0.0.1:5070", "Address the desk takes calls on (HOST:PORT).",
                           pattern=r"^\[?[\w.:-]+\]?:\d{1,5}$")
    registrar: str = _setting("", "Registrar/PBX URI, e.g. sip:pbx.example; empty = no "
                                  "registration (calls come straight to `listen`).")
    user: str = _setting("", "SIP user (the desk's address is sip:user@domain).")
    auth_user: str = _setting("", "Digest user name when it differs from `user`.")
    domain: str = _setting("", "Domain of the desk's address; default: the registrar's host.")
    transport: str = _setting("udp", "Transport to the registrar.",
                              choices=("udp", "tcp", "tls"))
    expires: int = _setting(300, "Registration lifetime in seconds.", minimum=30,
                            maximum=86400)
    proxy: str = _setting("", "Outbound proxy URI, if the PBX needs one.")
    tenant_header: str = _setting("X-Tenant", "SIP header naming the tenant (id or number).")
    ivr_digits_header: str = _setting("X-IVR-Digits", "SIP header with the caller's IVR digits.")
    ivr_data_header: str = _setting("X-IVR-Data", "SIP header with named IVR fields.")


@dataclass(frozen=True, slots=True)
class CallSettings:
    auto_answer: bool = _setting(False, "Answer incoming calls at once (a zip tone plays).")
    call_waiting: bool = _setting(True, "Offer a second call while on one (else reject it).")
    not_ready_code: int = _setting(480, "SIP code for calls while Not Ready.", minimum=400,
                                   maximum=699)
    busy_code: int = _setting(486, "SIP code for calls rejected as busy.", minimum=400,
                              maximum=699)
    dtmf_method: str = _setting("rfc2833", "How DTMF is sent: RTP events (rfc2833) or SIP INFO, "
                                           "as the PBX expects.", choices=("rfc2833", "sip_info"))
    preview_dialer: bool = _setting(False, "When the operator becomes Ready, offer the next due "
                                           "callback to call.")
    auto_ready_after: int = _setting(30, "Seconds of after-call work before Ready again; "
                                         "-1 = only when the operator says so.", minimum=-1,
                                     maximum=3600)


@dataclass(frozen=True, slots=True)
class AudioSettings:
    enabled: bool = _setting(True, "Connect calls to the sound devices (off: calls are silent, "
                                   "for tests and machines without sound).")
    microphone: str = _setting("", "Microphone device name (empty = the system default).")
    headset: str = _setting("", "Headset output device name (empty = the system default).")
    ringer: str = _setting("", "Device the ringtone plays on, e.g. speakers (empty = headset).")


@dataclass(frozen=True, slots=True)
class LibrarySettingsSection:
    path: str = _setting("", "Scripts library folder (empty = the bundled one).")
    url: str = _setting("", "Central scripts library to sync from (http…), empty = none.")
    prepared_tenants: int = _setting(40, "How many tenants' scripts are kept ready for a call "
                                         "(the busiest of the last 30 days first); a call for "
                                         "another tenant loads its script as it rings.",
                                     minimum=1, maximum=100_000)


@dataclass(frozen=True, slots=True)
class CrmSettings:
    lookup_url: str = _setting("", "CRM lookup by the caller's number, e.g. "
                                   "https://crm.example/api/contacts?phone={e164}; empty = none. "
                                   "Placeholders: {number} {e164} {digits} {tenant} {token}.")
    fields: str = _setting("", "Card fields from the CRM's JSON: `Label=path; Label=path`, "
                               "e.g. `Имя=name; Город=address.city`.")
    record_path: str = _setting("", "Where the customer record is in the response, e.g. "
                                    "`result.0`; empty = the whole response.")
    auth_header: str = _setting("", "A header sent with every lookup, e.g. "
                                    "`Authorization: Bearer {token}`.")
    token_key: str = _setting("", "Name of the CRM token in the OS keyring (never the token).")
    card_url: str = _setting("", "Link to the customer in the CRM, e.g. "
                                 "https://crm.example/contact/{id}.")


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    url: str = _setting("", "Where callback requests and script gaps are POSTed as JSON "
                            "(CRM webhook); empty = kept on this PC only. "
                            "Placeholders: {tenant} {kind} {id} {token}.")
    auth_header: str = _setting("", "A header sent with every delivery, e.g. "
                                    "`Authorization: Bearer {token}`.")
    token_key: str = _setting("", "Name of the webhook token in the OS keyring.")


@dataclass(frozen=True, slots=True)
class Bitrix24Settings:
    portal_url: str = _setting("", "Bitrix24 portal, e.g. https://company.bitrix24.ru; empty = "
                                   "not used. When set, callers are looked up and callback "
                                   "requests become leads there.")
    user_id: int = _setting(1, "The portal user the inbound webhook belongs to.", minimum=1,
                            maximum=10**9)
    webhook_key_name: str = _setting("bitrix24/webhook", "Name of the webhook code in the OS "
                                                         "keyring (never the code itself).")
    responsible_id: int = _setting(0, "Who new leads are assigned to (0 = the portal decides).",
                                   minimum=0, maximum=10**9)
    lead_source: str = _setting("CALLBACK", "SOURCE_ID of callback leads.")
    call_logging: bool = _setting(False, "Register every call in the portal's telephony "
                                         "(telephony.externalcall.register/.finish), with its "
                                         "duration and outcome, for the managers' call reports.")
    telephony_user_id: int = _setting(0, "The portal user the calls are logged for, i.e. this "
                                         "operator in Bitrix24 (0 = the webhook's user).",
                                      minimum=0, maximum=10**9)


@dataclass(frozen=True, slots=True)
class FloorSettings:
    database: str = _setting(
        "", "The call floor's PostgreSQL, e.g. postgresql://desk17@floor-db.lan/floor?sslmode="
            "verify-full; empty = no floor (this desk on its own). The password goes into the OS "
            "keyring (`operator-desk floor password`), never here.",
        pattern=r"^postgres(ql)?://[^:/@?]*(@[^@]*)?$", may_hold_secret=True)


@dataclass(frozen=True, slots=True)
class DeskSettings:
    start_minimised: bool = _setting(False, "Start hidden in the system tray.")
    autostart: bool = _setting(False, "Start the desk when the operator logs in.")


@dataclass(frozen=True, slots=True)
class LogSettings:
    event_log: str = _setting("", "Append every call event to this file as JSON lines.")
    level: str = _setting("info", "How much the desk's log file says (debug adds callers' "
                                  "data for troubleshooting).", choices=("info", "debug"))


@dataclass(frozen=True, slots=True)
class Settings:
    operator: OperatorSettings = field(default_factory=OperatorSettings)
    sip: SipSettings = field(default_factory=SipSettings)
    calls: CallSettings = field(default_factory=CallSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    library: LibrarySettingsSection = field(default_factory=LibrarySettingsSection)
    crm: CrmSettings = field(default_factory=CrmSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    bitrix24: Bitrix24Settings = field(default_factory=Bitrix24Settings)
    floor: FloorSettings = field(default_factory=FloorSettings)
    desk: DeskSettings = field(default_factory=DeskSettings)
    log: LogSettings = field(default_factory=LogSettings)

    def get(self, key: str) -> Any:
        section, _, name = key.partition(".")
        return getattr(getattr(self, section), name)

    def with_values(self, values: Mapping[str, Any]) -> Settings:
        """A copy with ``{"section.key": value}`` applied (values already checked)."""
        sections: dict[str, Any] = {}
        for key, value in values.items():
            section, _, name = key.partition(".")
            sections.setdefault(section, {})[name] = value
        return dataclasses.replace(self, **{
            s: dataclasses.replace(getattr(self, s), **changes) for s, changes in sections.items()
        })


def declared() -> dict[str, dataclasses.Field[Any]]:
    """Every setting by dotted key, with its default and metadata."""
    out: dict[str, dataclasses.Field[Any]] = {}
    for section in dataclasses.fields(Settings):
        for f in dataclasses.fields(getattr(Settings(), section.name)):
            out[f"{section.name}.{f.name}"] = f
    return out


_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_TYPES = {bool: "true or false", int: "a whole number", str: "text in quotes"}


@dataclass(slots=True)
class LoadedSettings:
    settings: Settings
    problems: list[Problem]
    locked: frozenset[str]
    """Keys the machine-wide file locked."""
    sources: dict[str, str]
    """Key -> file that set it (for the settings dialog to show where a value comes from)."""


def _key_lines(text: str) -> dict[str, int]:
    """Best-effort line of each ``section.key`` in a TOML text (for messages)."""
    lines: dict[str, int] = {}
    section = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[] ")
            lines.setdefault(section, number)
        elif "=" in line:
            key = line.split("=", 1)[0].strip().strip('"')
            lines.setdefault(f"{section}.{key}" if section else key, number)
    return lines


def _check(key: str, value: Any, f: dataclasses.Field[Any]) -> str:
    """'' when ``value`` is acceptable for setting ``key``, else what was expected."""
    expected = type(f.default)
    if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
        return f"expected {_TYPES.get(expected, expected.__name__)}, got {value!r}"
    meta = f.metadata
    if "choices" in meta and value not in meta["choices"]:
        return f"expected one of {', '.join(meta['choices'])}, got {value!r}"
    if ("minimum" in meta and value < meta["minimum"]) or ("maximum" in meta and value > meta["maximum"]):
        return f"expected {meta['minimum']}…{meta['maximum']}, got {value}"
    if "pattern" in meta and value and not re.match(str(meta["pattern"]), str(value)):
        shown = "the value" if meta.get("may_hold_secret") else repr(value)
        return f"{shown} is not valid: {meta['description']}"
    return ""


def parse_pairs(text: str) -> dict[str, str]:
    """``"Имя=name; Город=address.city"`` -> ``{"Имя": "name", "Город": "address.city"}``."""
    out: dict[str, str] = {}
    for part in text.split(";"):
        label, sep, path = part.partition("=")
        if sep and label.strip() and path.strip():
            out[label.strip()] = path.strip()
    return out


def parse_header(text: str) -> dict[str, str]:
    """``"Authorization: Bearer {token}"`` -> ``{"Authorization": "Bearer {token}"}``."""
    name, sep, value = text.partition(":")
    return {name.strip(): value.strip()} if sep and name.strip() else {}


def check_value(key: str, value: Any) -> str:
    """'' when ``value`` suits setting ``key``, else what was expected (for the dialog)."""
    return _check(key, value, declared()[key])


def read_file(path: Path, *, machine: bool = False) -> tuple[dict[str, Any], list[Problem],
                                                           frozenset[str]]:
    """Checked values of one file by dotted key, the problems, and (machine) locked keys."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}, [], frozenset()
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(shown, 0, f"cannot read the settings file: {exc}")], frozenset()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE.search(str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        message = _LINE.sub("", str(exc)).strip()
        return {}, [Problem(shown, line, f"not valid TOML: {message}; the whole file is "
                                         "ignored until it is fixed", column)], frozenset()
    lines = _key_lines(text)
    known = declared()
    sections = sorted({k.split(".")[0] for k in known})
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    locked: set[str] = set()
    for section, body in data.items():
        if machine and section == "locked":
            for key in body if isinstance(body, list) else []:
                if key in known:
                    locked.add(key)
                else:
                    hint = closest(str(key), known)
                    problems.append(Problem(shown, lines.get("locked", 0),
                                            f"cannot lock unknown setting `{key}`"
                                            + (f" — did you mean `{hint}`?" if hint else "")))
            continue
        if not isinstance(body, dict) or section not in sections:
            hint = closest(section, sections)
            problems.append(Problem(shown, lines.get(section, 0),
                                    f"unknown section `[{section}]`"
                                    + (f" — did you mean `[{hint}]`?" if hint
                                       else f"; sections: {', '.join(sections)}")))
            continue
        for name, value in body.items():
            key = f"{section}.{name}"
            if key not in known:
                options = [k.split(".", 1)[1] for k in known if k.startswith(section + ".")]
                hint = closest(name, options)
                extra = (" — passwords belong in the OS keyring (the settings dialog puts "
                         "them there), never in a file" if "pass" in name or "token" in name
                         else (f" — did you mean `{hint}`?" if hint else ""))
                problems.append(Problem(shown, lines.get(key, 0),
                                        f"unknown setting `{key}`{extra}", field=key))
                continue
            error = _check(key, value, known[key])
            if error:
                problems.append(Problem(shown, lines.get(key, 0),
                                        f"{error}; using the default", field=key))
                continue
            values[key] = value
    return values, problems, frozenset(locked)


def load_settings(machine_file: Path | None, user_file: Path | None,
                  overrides: Mapping[str, Any] | None = None) -> LoadedSettings:
    """Defaults, then the machine-wide file, then the user's file, then ``overrides``."""
    settings = Settings()
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    locked: frozenset[str] = frozenset()
    if machine_file is not None:
        values, found, locked = read_file(machine_file, machine=True)
        problems += found
        settings = settings.with_values(values)
        sources.update(dict.fromkeys(values, str(machine_file)))
    if user_file is not None:
        values, found, _ = read_file(user_file)
        problems += found
        for key in sorted(set(values) & locked):
            problems.append(Problem(str(user_file), 0, f"`{key}` is locked by the machine-wide "
                                    f"settings ({machine_file}); your value is ignored", field=key))
            del values[key]
        settings = settings.with_values(values)
        sources.update(dict.fromkeys(values, str(user_file)))
    if overrides:
        settings = settings.with_values(overrides)
        sources.update(dict.fromkeys(overrides, "command line"))
    return LoadedSettings(settings, problems, locked, sources)


def user_values(settings: Settings) -> dict[str, dict[str, Any]]:
    """Settings that differ from the defaults, as TOML-ready sections (for saving)."""
    default = Settings()
    out: dict[str, dict[str, Any]] = {}
    for key in declared():
        value = settings.get(key)
        if value != default.get(key):
            section, _, name = key.partition(".")
            out.setdefault(section, {})[name] = value
    return out


def example_file() -> str:
    """A settings file listing every setting at its default, each explained (for IT)."""
    lines = ["# Operator Desk settings. Every key is optional; here each has its default.",
             "# Machine-wide file only: locked = [\"sip.registrar\"] stops operators changing "
             "those keys.", ""]
    current = ""
    for key, f in declared().items():
        section, _, name = key.partition(".")
        if section != current:
            lines += ["", f"[{section}]"]
            current = section
        default = f.default
        shown = ("true" if default else "false") if isinstance(default, bool) else (
            str(default) if isinstance(default, int) else f'"{default}"')
        lines.append(f"# {f.metadata['description']}")
        lines.append(f"{name} = {shown}")
    return "\n".join(lines).lstrip() + "\n"


def write_user_file(path: Path, settings: Settings) -> None:
    """Save what differs from the defaults; atomically, so a crash never leaves half a file."""
    import os

    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("# Written by Operator Desk's settings dialog.\n"
                   + tomli_w.dumps(user_values(settings)), encoding="utf-8")
    os.replace(tmp, path)


def sip_secret_name(settings: Settings) -> str:
    """Where the SIP password lives in the keyring: ``sip/<user>@<registrar>``."""
    return f"sip/{settings.sip.user}@{settings.sip.registrar}"
