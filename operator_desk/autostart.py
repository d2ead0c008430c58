"""Start the desk with the operator's session (setting ``desk.autostart``).

- Linux: an XDG autostart entry ``$XDG_CONFIG_HOME/autostart/operator-desk.desktop``
  (``~/.config/autostart/…``). IT may instead install one for everybody in
  ``/etc/xdg/autostart/``; then "off" writes a user entry with ``Hidden=true`` (the XDG
  way for a user to switch a system entry off) and "on" removes the user entry.
- Windows: the value ``Operator Desk`` under
  ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``. When the installer's
  autostart task set it under HKLM for every user, "on" does nothing more (no second
  desk) and "off" cannot override it: lock ``desk.autostart`` in the machine-wide file.

Pure Python (``winreg`` only imported on Windows); the app calls :func:`set_enabled`
with the setting at start-up and after the settings dialog saved.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from operator_desk.core.errors import OperatorDeskError

__all__ = [
    "APP_NAME",
    "AutostartError",
    "autostart_command",
    "desktop_entry",
    "is_enabled",
    "machine_enabled",
    "set_enabled",
    "supported",
    "user_entry_path",
]

APP_NAME = "Operator Desk"
DESKTOP_FILE = "operator-desk.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class AutostartError(OperatorDeskError, OSError):
    """The autostart entry could not be written or removed; the message says which and
    why, :attr:`where` is the file or registry value ('' when the platform has none)."""

    def __init__(self, message: str, where: Path | str = "") -> None:
        super().__init__(message)
        self.where = str(where)


def supported() -> bool:
    return sys.platform.startswith("linux") or sys.platform == "win32"


def autostart_command() -> list[str]:
    """The command that starts this desk: the bundle's executable, or ``python -m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "operator_desk"]


# -- Linux (XDG) ----------------------------------------------------------------------------


def _config_home() -> Path:
    env = os.environ.get("XDG_CONFIG_HOME")
    return Path(env) if env and os.path.isabs(env) else Path.home() / ".config"


def user_entry_path() -> Path:
    """``$XDG_CONFIG_HOME/autostart/operator-desk.desktop``."""
    return _config_home() / "autostart" / DESKTOP_FILE


def _system_entry_paths() -> list[Path]:
    dirs = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    return [Path(d) / "autostart" / DESKTOP_FILE for d in dirs.split(":") if d]


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_quote(arg: str) -> str:
    """Quote one argument for a desktop entry's ``Exec`` key (Desktop Entry spec)."""
    if arg and not (set(arg) & _RESERVED) and "%" not in arg:
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
    return f'"{escaped}"'


def _desktop_escape(value: str) -> str:
    """Escape a string value of a desktop entry (backslash, newlines)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def desktop_entry(command: Sequence[str], *, hidden: bool = False) -> str:
    """The text of the autostart ``.desktop`` file running ``command``."""
    exec_line = " ".join(_exec_quote(a) for a in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        f"Name={APP_NAME}",
        "Comment=Call-centre operator's softphone",
        _desktop_escape(f"Exec={exec_line}"),
        "Icon=operator-desk",
        "Terminal=false",
        "Categories=Network;Telephony;",
        "X-GNOME-Autostart-enabled=" + ("false" if hidden else "true"),
        "Hidden=" + ("true" if hidden else "false"),
        "",
    ])


def _entry_hidden(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return any(line.strip().lower() == "hidden=true" for line in text.splitlines())


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise AutostartError(f"cannot write {path}: {exc.strerror or exc}", path) from exc


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(f"cannot remove {path}: {exc.strerror or exc}", path) from exc


def _linux_machine_enabled() -> bool:
    return any(p.exists() and not _entry_hidden(p) for p in _system_entry_paths())


def _linux_is_enabled() -> bool:
    user = user_entry_path()
    if user.exists():
        return not _entry_hidden(user)
    return _linux_machine_enabled()


def _linux_set(enabled: bool, command: Sequence[str]) -> None:
    user = user_entry_path()
    machine = _linux_machine_enabled()
    if enabled:
        if machine:
            _remove(user)  # the system entry starts it; a user entry would start a second desk
        else:
            _write(user, desktop_entry(command))
    elif machine:
        _write(user, desktop_entry(command, hidden=True))
    else:
        _remove(user)


# -- Windows (registry Run key) -------------------------------------------------------------


if sys.platform == "win32":
    import winreg

    def _win_get(hive_name: str) -> str | None:
        hive = getattr(winreg, hive_name)
        try:
            with winreg.OpenKey(hive, RUN_KEY) as key:
                value, _type = winreg.QueryValueEx(key, APP_NAME)
        except OSError:
            return None
        return str(value)

    def _win_set(enabled: bool, command: Sequence[str]) -> None:
        import subprocess  # list2cmdline: Windows' quoting rules

        if enabled and _win_get("HKEY_LOCAL_MACHINE") is not None:
            enabled = False  # the installer's all-users entry starts it; avoid a second desk
        try:
            with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0,
                                    winreg.KEY_SET_VALUE | winreg.KEY_QUERY_VALUE) as key:
                if enabled:
                    winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ,
                                      subprocess.list2cmdline(list(command)))
                else:
                    with contextlib.suppress(FileNotFoundError):
                        winreg.DeleteValue(key, APP_NAME)
        except OSError as exc:
            raise AutostartError(f"cannot change HKCU\\{RUN_KEY}\\{APP_NAME}: {exc}",
                                 f"HKCU\\{RUN_KEY}\\{APP_NAME}") from exc

else:

    def _win_get(hive_name: str) -> str | None:
        raise AssertionError("Windows only")

    def _win_set(enabled: bool, command: Sequence[str]) -> None:
        raise AssertionError("Windows only")


# -- public ---------------------------------------------------------------------------------


def machine_enabled() -> bool:
    """True when IT made the desk start for every user (system autostart entry / HKLM)."""
    if sys.platform == "win32":
        return _win_get("HKEY_LOCAL_MACHINE") is not None
    if sys.platform.startswith("linux"):
        return _linux_machine_enabled()
    return False


def is_enabled() -> bool:
    """Does the desk start with this user's session?"""
    if sys.platform == "win32":
        return _win_get("HKEY_CURRENT_USER") is not None or machine_enabled()
    if sys.platform.startswith("linux"):
        return _linux_is_enabled()
    return False


def set_enabled(enabled: bool, command: Sequence[str] | None = None) -> None:
    """Make the desk start (or not) with the session. Raises :class:`AutostartError`.

    Idempotent, and cheap enough to call at every start with the setting's value (the
    entry then follows the desk when it is moved or upgraded).
    """
    cmd = list(command) if command is not None else autostart_command()
    if sys.platform == "win32":
        _win_set(enabled, cmd)
    elif sys.platform.startswith("linux"):
        _linux_set(enabled, cmd)
    elif enabled:
        raise AutostartError(f"starting with the session is not supported on {sys.platform}")
