"""The GUI's side of the sound devices: names for the settings dialog, its test tone,
ringtone and microphone meter, and the ringer that plays while a call rings.

A thin adapter over :mod:`operator_desk.sip.audio` (its public names only), imported
when first used: a desk without sound never loads the sound libraries for the GUI.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import SignalInstance

__all__ = ["DeviceChecks", "attach_ringer", "audio_devices"]

log = logging.getLogger(__name__)


class DeviceChecks:
    """The settings dialog's test tone, ringtone and microphone meter
    (:class:`operator_desk.ui.settings_dialog.AudioTools`)."""

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


def attach_ringer(devices: tuple[str, str, str], ringing_changed: SignalInstance) -> Any:
    """The ringtone on the ringer device (speakers; else the headset), so the headset
    stays for talk, playing while ``ringing_changed(True)`` holds; None without a sound
    system (the desk then rings silently; the pop still shows). ``devices`` are the
    microphone, headset and ringer names ('' = the system default)."""
    try:
        from operator_desk.sip.audio import AudioConfig, Ringer

        _microphone, headset, ringer_device = devices
        ringer = Ringer(AudioConfig(ringer_device=ringer_device or headset or None))
    except Exception as exc:
        log.warning("no ringtone: %s", exc)
        return None
    ringing_changed.connect(lambda on: ringer.start() if on else ringer.stop())
    return ringer
