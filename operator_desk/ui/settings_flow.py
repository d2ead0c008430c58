"""Changing the settings from the desk: the dialog, and where what it returns is kept
(the operator's settings file, the SIP password in the OS keyring, the autostart entry).
The dialog's modules load when it is first opened.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from operator_desk.core.settings import LoadedSettings, sip_secret_name, write_user_file

__all__ = ["offer_settings", "open_settings"]

log = logging.getLogger(__name__)


def offer_settings(window: Any, loaded: LoadedSettings | None, user_file: Path | None) -> None:
    """The window's Settings command opens the dialog (only for a desk that read its
    settings from files: ``loaded``, saved to ``user_file``)."""
    if loaded is not None and user_file is not None:
        window.settings_requested.connect(lambda: open_settings(window, loaded, user_file))


def open_settings(window: Any, loaded: LoadedSettings, user_file: Path) -> Any:
    """Show the settings dialog over ``window``; save to ``user_file`` and the keyring.
    What is saved is in effect from the next start (``loaded.settings`` holds it now)."""
    from operator_desk.ui.devices import DeviceChecks, audio_devices
    from operator_desk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(loaded.settings, loaded.locked, devices=audio_devices, parent=window,
                            audio_tools=DeviceChecks())

    def save(settings: Any, password: str) -> None:
        from operator_desk.services.secrets import SecretsError, SecretStore  # the keyring

        try:
            write_user_file(user_file, settings)
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
        window.show_saved(str(user_file))

    dialog.saved.connect(save)
    dialog.open()
    return dialog
