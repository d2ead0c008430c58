"""Which sound library carries the audio, and which devices it offers.

* :func:`audio_backend` -- libpulse directly (:mod:`operator_desk.sip.pulse`) where a
  PulseAudio or PipeWire-pulse server answers, else PortAudio through ``sounddevice``
  (Windows, Linux on bare ALSA); decided once there is a server or a sound card (until
  then the streams report "no sound device" and retry, with neither library loaded).
* :func:`list_devices` -- what the settings dialog offers. With PortAudio on ALSA (the
  Debian build has no PulseAudio host API) PulseAudio's sinks and sources are listed
  by their descriptions (through ``pactl``) and reached through ALSA's ``pulse``
  device; see :data:`~.config.PULSE_HOST_API`.
* :func:`resolve` -- a device name from the settings to what a stream opens.

Called from the audio worker threads and the GUI thread (the settings dialog); the
choice is made under a lock. No pjsua2 here.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from operator_desk.sip.audio.config import (
    PULSE_HOST_API,
    AudioDevice,
    AudioUnavailableError,
    NoSoundDeviceError,
)

log = logging.getLogger(__name__)

BACKEND_ENV = "OPERATOR_DESK_AUDIO"
"""Environment variable choosing the sound library: ``pulse`` (libpulse, Linux),
``portaudio`` (sounddevice), or ``auto`` / unset: PulseAudio where a server answers
when the desk first needs sound, else PortAudio."""
BACKENDS = ("pulse", "portaudio")


ALSA_CARDS = "/proc/asound/cards"
"""ALSA's list of sound cards (``--- no soundcards ---`` when it has none)."""
_NO_DEVICE = ("no sound device: no PulseAudio or PipeWire server answers and ALSA lists "
              f"no sound card ({ALSA_CARDS})")
_NO_DEVICE_RECHECK_S = 5.0
"""How long a "no sound device" answer stands before the system is asked again."""
_choice: str | None = None
_no_device_until = 0.0
_no_device_logged = False
_choice_lock = threading.Lock()


def _alsa_has_cards() -> bool:
    try:
        with open(ALSA_CARDS, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return False  # no ALSA in this kernel (a container, a VM without sound)
    return bool(text.strip()) and "no soundcards" not in text


def _auto_backend() -> str:
    """libpulse where a server answers, else PortAudio -- on Linux only if ALSA has a
    sound card: with neither, PortAudio (and ALSA, JACK behind it, ~5 MiB) would load
    only to report "no device", so :class:`NoSoundDeviceError` says so and the choice
    waits until there is something to open. The first real answer is kept."""
    global _choice, _no_device_until, _no_device_logged
    with _choice_lock:
        if _choice is not None:
            return _choice
        if not sys.platform.startswith("linux"):
            _choice = "portaudio"
            return _choice
        if time.monotonic() < _no_device_until:
            raise NoSoundDeviceError(_NO_DEVICE)
        from operator_desk.sip import pulse

        if pulse.server_available():
            _choice = "pulse"
        elif _alsa_has_cards():
            _choice = "portaudio"
        else:
            _no_device_until = time.monotonic() + _NO_DEVICE_RECHECK_S
            # Once in the log, not every few seconds of a shift; the streams report it.
            log.log(logging.DEBUG if _no_device_logged else logging.INFO, "%s", _NO_DEVICE)
            _no_device_logged = True
            raise NoSoundDeviceError(_NO_DEVICE)
        log.info("audio through %s", "PulseAudio (libpulse)" if _choice == "pulse" else "PortAudio")
        return _choice


def audio_backend() -> str:
    """``"pulse"`` or ``"portaudio"``: :data:`BACKEND_ENV`, else decided once on first use
    (:func:`_auto_backend`; raises :class:`NoSoundDeviceError` while there is nothing
    to play on).

    Talking to PulseAudio directly spares the desk PortAudio, JACK and ALSA's plugins
    (~9 MiB resident) and the ALSA plugin's ~2 s stream start; PortAudio remains for
    Windows, macOS and Linux without a PulseAudio (or PipeWire-pulse) server.
    """
    wanted = _backend_setting()
    if wanted in BACKENDS:
        return wanted
    if wanted not in ("", "auto"):
        log.warning("%s=%r is not one of auto, %s; deciding automatically", BACKEND_ENV,
                    wanted, ", ".join(BACKENDS))
    return _auto_backend()


def _backend_setting() -> str:
    """What :data:`BACKEND_ENV` says, lower-cased ('' when it is not set)."""
    return os.environ.get(BACKEND_ENV, "").strip().lower()


def _forced_backend() -> str | None:
    """The library :data:`BACKEND_ENV` names, if it names one."""
    wanted = _backend_setting()
    return wanted if wanted in BACKENDS else None


def require_backend(ask: bool = True) -> None:
    """Fail now, clearly, if the chosen sound library is missing. No sound device yet
    is not a failure here: the streams report it, and retry. ``ask=False`` (the ringer,
    started on the GUI thread as a call rings): do not ask the system when no choice is
    made yet -- a PulseAudio client may spawn its server then -- the ringer's own thread
    will."""
    if not ask and _choice is None and _forced_backend() is None:
        return
    try:
        backend = audio_backend()
    except NoSoundDeviceError:
        return
    if backend == "portaudio":
        load_sounddevice()
        return
    from operator_desk.sip import pulse

    try:
        pulse.library()
    except pulse.PulseError as exc:
        raise AudioUnavailableError(f"{exc}; or set {BACKEND_ENV}=portaudio") from exc


# -- sounddevice, loaded on first use ---------------------------------------------------------
_sd: Any = None
_sd_lock = threading.Lock()


def load_sounddevice() -> Any:
    """The ``sounddevice`` module, imported (and ALSA's listing plugins released) once."""
    global _sd
    with _sd_lock:
        if _sd is None:
            try:
                import sounddevice
            except (ImportError, OSError) as exc:
                raise AudioUnavailableError(
                    f"no audio I/O library ({exc}): install the Python package sounddevice "
                    "and PortAudio (Debian: libportaudio2)"
                ) from exc
            release_alsa_plugins(sounddevice)
            _sd = sounddevice
        return _sd


def release_alsa_plugins(sd: Any) -> bool:
    """Unload the ALSA plugins PortAudio loaded only to list the devices.

    PortAudio's ALSA host API opens every PCM the ALSA configuration defines when it
    starts, to list them, and ALSA keeps each plugin library it loaded until its global
    configuration is freed. On Debian with ``libasound2-plugins`` that is the a52
    encoder with libavcodec and some 60 libraries behind it: ~11 MiB of a desk that
    never uses them. Freeing the global configuration (what PortAudio itself does at
    ``Pa_Terminate``) unloads the plugins no open PCM holds; ALSA reads its
    configuration again at the next open. Called once, before any stream exists
    (under ``_sd_lock``). True if the configuration was freed.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        if not any(api.get("name") == "ALSA" for api in sd.query_hostapis()):
            return False
        alsa = ctypes.CDLL("libasound.so.2")  # the copy PortAudio already loaded
        return int(alsa.snd_config_update_free_global()) == 0
    except (OSError, AttributeError, TypeError) as exc:
        log.debug("could not release ALSA's plugins: %s", exc)
        return False


def _pactl_list(kind: str) -> list[dict[str, Any]]:
    import subprocess  # only the settings dialog lists devices: not loaded for a whole shift

    pactl = shutil.which("pactl")
    if pactl is None:
        return []
    try:
        out = subprocess.run(
            [pactl, "-f", "json", "list", kind],
            capture_output=True, text=True, timeout=3, check=True,
        ).stdout  # fmt: skip
        data = json.loads(out or "[]")
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        log.debug("pactl list %s: %s", kind, exc)
        return []
    return [d for d in data if isinstance(d, dict)]


def _pulse_default(kind: str) -> str:
    import subprocess

    pactl = shutil.which("pactl")
    if pactl is None:
        return ""
    cmd = "get-default-sink" if kind == "sinks" else "get-default-source"
    try:
        return subprocess.run(
            [pactl, cmd], capture_output=True, text=True, timeout=3, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def list_devices() -> list[AudioDevice]:
    """Devices the desk can use: PulseAudio's sinks and sources when the sound goes
    through libpulse (:func:`audio_backend`), else PortAudio's then (on Linux, when
    ALSA has a ``pulse`` device) PulseAudio's.

    PortAudio's own list is the one it read when ``sounddevice`` was first imported;
    PulseAudio's is read afresh on each call (``pactl``; without it, only the default
    devices are available). Empty while there is no sound device at all.
    """
    try:
        backend = audio_backend()
    except NoSoundDeviceError:
        return []
    if backend == "pulse":
        return _pulse_devices()
    sd = load_sounddevice()
    apis = sd.query_hostapis()
    try:
        default_in, default_out = (int(x) for x in sd.default.device)
    except (TypeError, ValueError):
        default_in = default_out = -1
    found: list[AudioDevice] = []
    has_pulse_pcm = False
    for index, info in enumerate(sd.query_devices()):
        api = str(apis[info["hostapi"]]["name"])
        name = str(info["name"])
        if api == "ALSA" and name == "pulse":
            has_pulse_pcm = True
        found.append(
            AudioDevice(
                name=name,
                host_api=api,
                inputs=int(info["max_input_channels"]),
                outputs=int(info["max_output_channels"]),
                default_input=index == default_in,
                default_output=index == default_out,
            )
        )
    if has_pulse_pcm:
        found.extend(_pulse_devices())
    return found


def _pulse_devices() -> list[AudioDevice]:
    out: list[AudioDevice] = []
    default_sink = _pulse_default("sinks")
    for sink in _pactl_list("sinks"):
        name = str(sink.get("name", ""))
        if name:
            out.append(AudioDevice(str(sink.get("description") or name), PULSE_HOST_API,
                                   0, 1, default_output=name == default_sink, pulse_name=name))
    default_source = _pulse_default("sources")
    for source in _pactl_list("sources"):
        name = str(source.get("name", ""))
        props = source.get("properties")
        monitor = isinstance(props, dict) and props.get("device.class") == "monitor"
        if not name or monitor or name.endswith(".monitor"):
            continue  # a sink's monitor is not a microphone
        out.append(AudioDevice(str(source.get("description") or name), PULSE_HOST_API,
                               1, 0, default_input=name == default_source, pulse_name=name))
    return out


@dataclass(frozen=True, slots=True)
class Target:
    label: str
    """'' for the default device, else the chosen device's name."""
    device: int | str | None
    """What sounddevice opens (None: PortAudio's default)."""
    pulse: str = ""
    """PulseAudio sink/source to reach through ALSA's ``pulse`` device."""


def resolve(wanted: str | None, output: bool) -> Target:
    """The device named ``wanted`` (exact name, then PulseAudio name, then a
    case-insensitive part of a name); raise LookupError when there is none."""
    if not wanted:
        return Target("", None)
    devices = [d for d in list_devices() if (d.outputs if output else d.inputs) > 0]
    folded = wanted.casefold()
    for match in (
        lambda d: d.name == wanted,
        lambda d: bool(d.pulse_name) and d.pulse_name == wanted,
        lambda d: folded in d.name.casefold(),
    ):
        for dev in devices:
            if match(dev):
                if dev.host_api == PULSE_HOST_API:
                    return Target(dev.name, "pulse", dev.pulse_name)
                return Target(dev.name, dev.name)
    kind = "output" if output else "input"
    raise LookupError(f"no {kind} device named {wanted!r}")
