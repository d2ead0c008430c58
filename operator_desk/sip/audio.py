"""Call audio between pjsua2 and the real sound devices, plus the desk's tones.

pjsua2-python has no sound-device backend on Linux (``getDevCount() == 0``), so the
engine runs pjsua2 on its null device and this module carries the audio itself::

    microphone --stream--> tx ring --onFrameRequested--> conference bridge --> call
    call --> conference bridge --onFrameReceived--> rx ring --stream--> headset

The streams are PulseAudio's, through libpulse directly (:mod:`operator_desk.sip.pulse`),
where a PulseAudio or PipeWire-pulse server answers, else PortAudio's through
``sounddevice`` (Windows, Linux on bare ALSA); :func:`audio_backend` decides, once there
is a server or a sound card (until then the streams report "no sound device" and retry,
with neither library loaded).

* :class:`AudioBridge` -- an :class:`pjsua2.AudioMediaPort` exchanging 20 ms frames with
  two ring buffers (a small jitter buffer: playback starts once ``frame + prefill`` is
  buffered, and starts over after an underrun; audio beyond ``max_buffer_ms`` is
  dropped so latency stays bounded), the rings fed and drained by two ``sounddevice``
  streams (microphone in, headset out). Frames are copied with ``ctypes.memmove`` on
  the SWIG ``ByteVector``'s own memory: ``bytes(frame.buf)`` costs ~200x more.
* :class:`NativeAudio` -- the same API on pjsua2's own devices, for the platforms whose
  wheel has them (:func:`create_call_audio` picks one of the two).
* :class:`Ringer` -- the ringtone on its own device (speakers) while the headset stays
  for talk, through ``sounddevice`` (not Qt Multimedia: one device list serves the
  microphone, the headset and the ringer). Safe to drive from any thread.
* :func:`list_devices` -- what the settings dialog offers. With PortAudio on ALSA (the
  Debian build has no PulseAudio host API) PulseAudio's sinks and sources are listed
  by their descriptions (through ``pactl``) and reached through ALSA's ``pulse``
  device; see :data:`PULSE_HOST_API`.

Threads
-------
* The port, the tone generator and every pjsua2 call (``open``, ``attach``,
  ``detach``, ``play_zip_tone``, ``close``) belong to the ENGINE thread (the one that
  polls ``libHandleEvents``).
* ``onFrameRequested``/``onFrameReceived`` run on pjmedia's clock thread, 50 times a
  second each: they only move bytes between the SWIG vector and a ring, never log in
  the steady state, never touch Qt, and nothing escapes them (an exception escaping a
  pjsua2 callback aborts the process).
* PortAudio's callbacks run on PortAudio's threads and only move bytes too.
* One worker thread of this module (``operator-desk-audio``) opens, starts, stops and
  re-opens the PortAudio streams and watches them: a stream that dies or stalls
  (device unplugged) is re-opened on the system default device and reported to
  ``on_event`` as :class:`AudioDeviceProblem` -- called on that worker thread, so the
  receiver must hand it on (a queue the engine drains in ``poll``); no Qt here.

How the engine plugs this in
----------------------------
In ``pjsua_engine.py`` (the colleague's module; names below are the ones to add)::

    import queue
    from operator_desk.sip.audio import AudioConfig, create_call_audio

    # PjsuaEngine.__init__
    self._audio = None
    self._audio_events: queue.SimpleQueue[object] = queue.SimpleQueue()
    self._audio_config = AudioConfig()   # from settings: devices by name, auto-answer tone

    # PjsuaEngine.start(): REPLACE ``ep.audDevManager().setNullDev()`` with
    self._audio = create_call_audio(ep, self._audio_config, self._audio_events.put)

    # PjsuaEngine.poll(), after libHandleEvents
    while not self._audio_events.empty():
        self._emit(self._audio_events.get_nowait())

    # PjsuaEngine._on_call_media_state(), inside the loop, for the audio media:
    if media.status == pj.PJSUA_CALL_MEDIA_ACTIVE and self._audio is not None:
        self._audio.attach(call.getAudioMedia(media.index), owner=record.handle)
    elif self._audio is not None:  # held (local or remote), or media gone
        self._audio.detach(owner=record.handle)

    # auto-answer: after ``call.answer(200)``, once media is ACTIVE (same place as attach)
    self._audio.play_zip_tone()

    # PjsuaEngine._end(record, ...), first line
    if self._audio is not None:
        self._audio.detach(owner=record.handle)

    # PjsuaEngine.shutdown(), after the calls are hung up and BEFORE account.shutdown()
    # / gc.collect() / libDestroy (a port alive at libDestroy asserts):
    audio, self._audio = self._audio, None
    if audio is not None:
        audio.close()
    del audio

``attach`` with ``owner`` makes the bridge follow one call: attaching another call moves
the headset to it, and a ``detach`` by a call that no longer owns the bridge does
nothing. :meth:`AudioBridge.stats` gives the underrun counters for the status bar or
the benchmark. The ringer is independent of the engine: the app owns a
:class:`Ringer` and starts/stops it on ``IncomingCall`` / answer / end.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import json
import logging
import math
import os
import queue
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pjsua2 as pj

from operator_desk.core.calls import AudioDeviceProblem

log = logging.getLogger(__name__)

__all__ = [
    "BACKEND_ENV",
    "PULSE_HOST_API",
    "AudioBridge",
    "AudioConfig",
    "AudioDevice",
    "AudioDeviceProblem",
    "AudioUnavailableError",
    "BridgeStats",
    "NativeAudio",
    "NoSoundDeviceError",
    "Ringer",
    "audio_backend",
    "create_call_audio",
    "list_devices",
    "ringtone_pcm",
    "zip_tone_pcm",
]

PULSE_HOST_API = "PulseAudio"
"""``host_api`` of the devices :func:`list_devices` found through ``pactl``."""

_SAMPLE_BYTES = 2  # 16-bit signed, mono, native endian (little on every target)
_WATCH_S = 0.2
"""How often the worker looks at the streams."""
_STALL_S = 2.5
"""A running stream whose callback has not run for this long is taken as dead."""
_WARMUP_S = 5.0
"""No stall check this long after a start: PulseAudio may hold a new stream ~2 s."""
_RETRY_S = 2.0
"""How long to wait before trying again when no device at all could be opened."""


class AudioUnavailableError(RuntimeError):
    """No audio I/O library: libpulse-simple (``libpulse0``), or ``sounddevice`` and
    PortAudio (``libportaudio2``), whichever :func:`audio_backend` chose, is missing."""


class NoSoundDeviceError(AudioUnavailableError):
    """Linux, nothing to play on yet: no PulseAudio (or PipeWire-pulse) server answers
    and ALSA lists no sound card. Not remembered: the streams ask again at each retry,
    so a sound server that starts later, or a USB headset plugged in, is taken up."""


# -- configuration, events, statistics ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class AudioConfig:
    """Audio settings, plain data. Device names as :func:`list_devices` gives them;
    ``None`` or ``""`` means the system default."""

    input_device: str | None = None
    """Microphone (the headset's)."""
    output_device: str | None = None
    """Where the caller is heard (the headset)."""
    ringer_device: str | None = None
    """Where the ringtone plays (speakers); used by :class:`Ringer`."""
    clock_rate: int = 16000
    """Of the bridge's port and the PortAudio streams (pjsua's conference default)."""
    frame_ms: int = 20
    prefill_ms: int = 20
    """Jitter cushion: playback waits for one frame plus this much before it starts."""
    max_buffer_ms: int = 100
    """A ring holding more than this drops its oldest audio (clock drift, stalls)."""
    latency: float | str = "low"
    """Output latency to ask for: seconds, or ``"low"``/``"high"`` (PortAudio's own
    choices; 40/200 ms with PulseAudio)."""
    keep_streams_running: bool = True
    """Run the PortAudio streams from ``open`` to ``close`` (silence between calls,
    ~2 % of a core): a (re)started stream can take ~2 s to flow through PulseAudio,
    which would clip the start of each call. False: run them only during calls."""
    zip_tone_hz: int = 880
    zip_tone_volume: float = 0.3
    """0..1 of full scale."""

    @property
    def frame_samples(self) -> int:
        return self.clock_rate * self.frame_ms // 1000

    @property
    def frame_bytes(self) -> int:
        return self.frame_samples * _SAMPLE_BYTES


@dataclass(frozen=True, slots=True)
class AudioDevice:
    """One choice for the settings dialog."""

    name: str
    """What the operator sees and the settings store."""
    host_api: str
    """``ALSA``, ``PulseAudio``, ``Core Audio``, ``Windows WASAPI``, ``pjsua2``..."""
    inputs: int
    outputs: int
    default_input: bool = False
    default_output: bool = False
    pulse_name: str = ""
    """The PulseAudio sink/source name when ``host_api`` is :data:`PULSE_HOST_API`."""




@dataclass(frozen=True, slots=True)
class BridgeStats:
    """Counters since the bridge was opened; fills in milliseconds of audio."""

    rx_frames: int
    """Frames from the call (onFrameReceived) into the headset's ring."""
    tx_frames: int
    """Frames handed to the call (onFrameRequested)."""
    rx_underruns: int
    """The headset wanted audio and the ring had too little (a gap the operator hears)."""
    tx_underruns: int
    """pjsua wanted a frame and the microphone had none (the caller hears a gap)."""
    rx_overruns: int
    tx_overruns: int
    """A ring went past ``max_buffer_ms`` and dropped its oldest audio."""
    rx_fill_ms: float
    tx_fill_ms: float
    """Mean ring fill seen by the consumer."""
    rx_fill_max_ms: float
    tx_fill_max_ms: float
    device_errors: int
    """Streams that died or stalled and were re-opened."""
    callback_errors: int
    """Exceptions caught inside the audio callbacks (should stay 0)."""
    portaudio_flags: int
    """PortAudio status flags seen (input overflow, output underflow...)."""


# -- the ring buffer ------------------------------------------------------------------------
class _Ring:
    """A byte FIFO of fixed capacity with a jitter-buffer read side.

    The reader gets nothing (silence) until ``threshold`` bytes are buffered; after an
    underrun it waits for the threshold again. A write that would exceed the capacity
    first drops the oldest bytes down to the threshold.
    """

    def __init__(self, capacity: int, threshold: int) -> None:
        self._buf = bytearray(capacity)
        self._view = memoryview(self._buf)
        self._addr = ctypes.addressof((ctypes.c_char * capacity).from_buffer(self._buf))
        self._cap = capacity
        self._threshold = min(threshold, capacity)
        self._lock = threading.Lock()
        self._read = 0
        self._fill = 0
        self._primed = False
        self.underruns = 0
        self.overruns = 0
        self.fill_sum = 0
        self.fill_count = 0
        self.fill_max = 0
        self.trims = 0
        self._win_min = capacity
        self._win_n = 0

    @property
    def fill(self) -> int:
        return self._fill

    def clear(self) -> None:
        with self._lock:
            self._read = 0
            self._fill = 0
            self._primed = False
            self._win_min = self._cap
            self._win_n = 0

    def _make_room(self, n: int) -> None:
        if self._fill + n > self._cap:
            keep = max(0, min(self._threshold, self._cap - n))
            drop = self._fill - keep
            self._read = (self._read + drop) % self._cap
            self._fill = keep
            self.overruns += 1

    def _write_pos(self, n: int) -> Iterator[tuple[int, int, int]]:
        """(ring offset, source offset, length) pieces for writing n bytes."""
        start = (self._read + self._fill) % self._cap
        first = min(n, self._cap - start)
        yield start, 0, first
        if first < n:
            yield 0, first, n - first

    def write(self, data: Any) -> None:
        """Append a bytes-like object (a PortAudio buffer)."""
        src = memoryview(data).cast("B")
        n = min(len(src), self._cap)
        with self._lock:
            self._make_room(n)
            for off, s, length in self._write_pos(n):
                self._view[off : off + length] = src[s : s + length]
            self._fill += n

    def write_from(self, addr: int, n: int) -> None:
        """Append n bytes read from raw memory (a SWIG vector's data)."""
        n = min(n, self._cap)
        with self._lock:
            self._make_room(n)
            for off, s, length in self._write_pos(n):
                ctypes.memmove(self._addr + off, addr + s, length)
            self._fill += n

    def _take(self, n: int) -> int:
        """How many bytes the reader may take now (jitter-buffer logic); lock held.

        Also trims standing latency: when the ring never held less than the threshold
        plus half a read for 50 reads (a start-up burst, clock drift), the surplus goes.
        """
        fill = self._fill
        if self._primed:
            self._win_min = min(self._win_min, fill)
            self._win_n += 1
            if self._win_n >= 50:
                surplus = self._win_min - self._threshold
                if surplus > n // 2:
                    surplus -= surplus % _SAMPLE_BYTES
                    self._read = (self._read + surplus) % self._cap
                    self._fill -= surplus
                    fill = self._fill
                    self.trims += 1
                self._win_min = self._cap
                self._win_n = 0
        self.fill_sum += fill
        self.fill_count += 1
        self.fill_max = max(self.fill_max, fill)
        if not self._primed:
            if fill < self._threshold:
                return 0
            self._primed = True
        if fill < n:
            self.underruns += 1
            self._primed = False
        return min(n, fill)

    def read_into(self, dst: Any) -> int:
        """Fill a writable buffer (a PortAudio output buffer); the rest becomes silence."""
        out = memoryview(dst).cast("B")
        n = len(out)
        with self._lock:
            got = self._take(n)
            pos = self._read
            first = min(got, self._cap - pos)
            out[:first] = self._view[pos : pos + first]
            if first < got:
                out[first:got] = self._view[: got - first]
            self._read = (pos + got) % self._cap
            self._fill -= got
        if got < n:
            out[got:] = bytes(n - got)
        return got

    def read_to(self, addr: int, n: int) -> int:
        """Fill n bytes of raw memory (a SWIG vector's data); the rest becomes silence."""
        with self._lock:
            got = self._take(n)
            pos = self._read
            first = min(got, self._cap - pos)
            ctypes.memmove(addr, self._addr + pos, first)
            if first < got:
                ctypes.memmove(addr + first, self._addr, got - first)
            self._read = (pos + got) % self._cap
            self._fill -= got
        if got < n:
            ctypes.memset(addr + got, 0, n - got)
        return got


# -- the SWIG ByteVector's memory ------------------------------------------------------------
def _vector_data_address(vec: Any) -> int:
    """Address of a SWIG ``std::vector<unsigned char>``'s elements.

    libstdc++, libc++ and MSVC (release) all start a vector with its begin pointer;
    :func:`_check_vector_layout` verifies that once at import.
    """
    return ctypes.c_void_p.from_address(int(vec.this)).value or 0


def _check_vector_layout() -> bool:
    try:
        frame = pj.MediaFrame()
        vec = frame.buf
        vec.resize(4)
        for i, value in enumerate((0x11, 0x22, 0x33, 0x44)):
            vec[i] = value
        addr = _vector_data_address(vec)
        ok = bool(addr) and ctypes.string_at(addr, 4) == b"\x11\x22\x33\x44"
        if ok:
            ctypes.memmove(addr, b"\x55", 1)
            ok = vec[0] == 0x55
        return ok
    except Exception:
        return False


_FAST_VECTORS = _check_vector_layout()
if not _FAST_VECTORS:  # pragma: no cover - only on an unknown C++ runtime
    log.warning("SWIG vector layout not recognised: audio frames are copied the slow way")


# -- which library carries the sound -------------------------------------------------------
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


def _require_backend(ask: bool = True) -> None:
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
        _sounddevice()
        return
    from operator_desk.sip import pulse

    try:
        pulse.library()
    except pulse.PulseError as exc:
        raise AudioUnavailableError(f"{exc}; or set {BACKEND_ENV}=portaudio") from exc


# -- sounddevice, loaded on first use ---------------------------------------------------------
_sd: Any = None
_sd_lock = threading.Lock()
_env_lock = threading.Lock()


def _sounddevice() -> Any:
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
    sd = _sounddevice()
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
class _Target:
    label: str
    """'' for the default device, else the chosen device's name."""
    device: int | str | None
    """What sounddevice opens (None: PortAudio's default)."""
    pulse: str = ""
    """PulseAudio sink/source to reach through ALSA's ``pulse`` device."""


def _resolve(wanted: str | None, output: bool) -> _Target:
    """The device named ``wanted`` (exact name, then PulseAudio name, then a
    case-insensitive part of a name); raise LookupError when there is none."""
    if not wanted:
        return _Target("", None)
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
                    return _Target(dev.name, "pulse", dev.pulse_name)
                return _Target(dev.name, dev.name)
    kind = "output" if output else "input"
    raise LookupError(f"no {kind} device named {wanted!r}")


def _open_stream(target: _Target, output: bool, config: AudioConfig, callback: Any,
                 finished: Callable[[], None], role: str = "") -> Any:
    if audio_backend() == "pulse":
        from operator_desk.sip.pulse import PulseStream

        latency = config.latency
        latency_s = float(latency) if not isinstance(latency, str) else (
            0.2 if latency == "high" else 0.04)
        return PulseStream(output=output, rate=config.clock_rate, frame_bytes=config.frame_bytes,
                           latency_s=latency_s, device=target.pulse or None, callback=callback,
                           finished_callback=finished, role=role)
    sd = _sounddevice()
    cls = sd.RawOutputStream if output else sd.RawInputStream
    kwargs: dict[str, Any] = dict(
        samplerate=config.clock_rate, channels=1, dtype="int16",
        blocksize=config.frame_samples, latency=config.latency,
        device=target.device, callback=callback, finished_callback=finished,
    )  # fmt: skip
    if not target.pulse:
        return cls(**kwargs)
    # ALSA's pulse plugin connects to the sink/source named by PULSE_SINK/PULSE_SOURCE
    # (read by libpulse when the PCM is opened): set it just for this open.
    var = "PULSE_SINK" if output else "PULSE_SOURCE"
    with _env_lock:
        old = os.environ.get(var)
        os.environ[var] = target.pulse
        try:
            return cls(**kwargs)
        finally:
            if old is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = old


# -- one PortAudio stream, watched ------------------------------------------------------------
class _Slot:
    """One PortAudio stream of the bridge or the ringer, owned by a worker thread."""

    def __init__(self, role: str, output: bool, callback: Callable[[Any], object]) -> None:
        self.role = role
        self.output = output
        self._user_callback = callback
        self.stream: Any = None
        self.wanted: str = ""
        self.target: _Target | None = None
        self.on_default = False
        """True after a fallback: stay on the default until the devices are set again."""
        self.should_run = False
        self.last_cb = 0.0
        self.started_at = 0.0
        self.died = False
        self.expect_stop = False
        self.retry_at = 0.0
        self.flags = 0
        self.errors = 0
        self.outage_reported = False
        """"No device at all" is reported once per outage, not at every retry."""

    def callback(self, data: Any, frames: int, time_info: Any, status: Any) -> None:
        try:
            self.last_cb = time.monotonic()
            if status:
                self.flags += 1
            self._user_callback(data)
        except BaseException:  # nothing may escape into PortAudio's thread
            self.errors += 1
            if self.output:
                with contextlib.suppress(BaseException):
                    memoryview(data).cast("B")[:] = bytes(len(data))

    def finished(self) -> None:
        if not self.expect_stop:
            self.died = True


class _StreamWorker:
    """Opens, starts, stops and watches PortAudio streams on a thread of its own."""

    def __init__(self, name: str, config: AudioConfig,
                 on_event: Callable[[AudioDeviceProblem], None] | None) -> None:
        self.config = config
        self._on_event = on_event
        self._slots: list[_Slot] = []
        self._wake: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.device_errors = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def add(self, slot: _Slot, wanted: str | None) -> None:
        slot.wanted = wanted or ""
        self._slots.append(slot)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        self._wake.put("poke")

    def set_running(self, running: bool) -> None:
        for slot in self._slots:
            slot.should_run = running
        self.poke()

    def set_device(self, slot: _Slot, wanted: str | None) -> None:
        with self._lock:
            slot.wanted = wanted or ""
            slot.on_default = False
            slot.target = None  # re-open on the next round
        self.poke()

    def close(self, timeout: float = 3.0) -> None:
        self._closed = True
        self._wake.put("close")
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- worker thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            while not self._closed:
                with contextlib.suppress(queue.Empty):
                    self._wake.get(timeout=_WATCH_S)
                if self._closed:
                    break
                for slot in self._slots:
                    try:
                        with self._lock:
                            self._service(slot)
                    except Exception:
                        log.exception("audio worker: %s stream", slot.role)
        finally:
            for slot in self._slots:
                self._close_stream(slot)

    def _emit(self, slot: _Slot, using: str | None, message: str) -> None:
        log.warning("audio %s: %s", slot.role, message)
        if self._on_event is not None:
            try:
                self._on_event(AudioDeviceProblem(slot.role, slot.wanted, using, message,
                                                  time.time_ns()))
            except Exception:
                log.exception("audio event receiver failed")

    def _service(self, slot: _Slot) -> None:
        now = time.monotonic()
        if slot.stream is not None and slot.target is None:
            self._close_stream(slot)  # the device choice changed
        if slot.stream is not None and slot.should_run and slot.stream.active:
            stalled = (now - slot.started_at > _WARMUP_S
                       and now - max(slot.last_cb, slot.started_at) > _STALL_S)
            if slot.died or stalled:
                what = "stopped working" if slot.died else "stalled"
                self.device_errors += 1
                name = slot.target.label if slot.target else ""
                self._close_stream(slot)
                slot.on_default = True
                self._emit(slot, "", f"device {name or 'default'!r} {what}; "
                                     "switching to the system default device")
        elif slot.stream is not None and slot.should_run and slot.died:
            self.device_errors += 1
            self._close_stream(slot)
            slot.on_default = True
            self._emit(slot, "", "the audio stream ended; switching to the system default device")
        if slot.should_run:
            if slot.stream is None:
                if now < slot.retry_at:
                    return
                self._open(slot)
            if slot.stream is not None and not slot.stream.active:
                slot.expect_stop = False
                slot.died = False
                slot.started_at = time.monotonic()
                try:
                    slot.stream.start()
                except Exception as exc:
                    self.device_errors += 1
                    self._close_stream(slot)
                    slot.on_default = True
                    slot.retry_at = now + _WATCH_S
                    self._emit(slot, "", f"cannot start the device: {exc}; trying the default")
        elif slot.stream is not None and slot.stream.active:
            slot.expect_stop = True
            try:
                slot.stream.abort()  # stop() would wait ~1.5 s for ALSA to drain
            except Exception as exc:
                log.warning("audio %s: abort failed: %s", slot.role, exc)
                self._close_stream(slot)

    def _open(self, slot: _Slot) -> None:
        try:
            audio_backend()
        except NoSoundDeviceError as exc:
            self._outage(slot, exc)
            return
        wanted = "" if slot.on_default else slot.wanted
        try:
            target = _resolve(wanted, slot.output)
            slot.stream = _open_stream(target, slot.output, self.config, slot.callback,
                                       slot.finished, slot.role)
            slot.target = target
            slot.outage_reported = False
            return
        except Exception as exc:
            if not wanted:
                self._outage(slot, exc)
                return
            self._emit(slot, "", f"cannot use {wanted!r} ({exc}); using the system default")
        slot.on_default = True
        try:
            target = _resolve("", slot.output)
            slot.stream = _open_stream(target, slot.output, self.config, slot.callback,
                                       slot.finished, slot.role)
            slot.target = target
            slot.outage_reported = False
        except Exception as exc:
            self._outage(slot, exc)

    def _outage(self, slot: _Slot, exc: Exception) -> None:
        slot.retry_at = time.monotonic() + _RETRY_S
        if not slot.outage_reported:
            slot.outage_reported = True
            self._emit(slot, None, f"no usable {slot.role} device: {exc}; retrying")

    @staticmethod
    def _close_stream(slot: _Slot) -> None:
        stream, slot.stream = slot.stream, None
        slot.target = None if stream is not None else slot.target
        if stream is None:
            return
        slot.expect_stop = True
        for method in ("abort", "close"):
            try:
                getattr(stream, method)()
            except Exception as exc:
                log.debug("audio %s: %s: %s", slot.role, method, exc)


# -- the bridge -----------------------------------------------------------------------------
class _BridgePort(pj.AudioMediaPort):  # type: ignore[misc]
    """The conference-bridge port; its callbacks run on pjmedia's clock thread."""

    def __init__(self, bridge: AudioBridge) -> None:
        super().__init__()
        self._rx = bridge._rx
        self._tx = bridge._tx
        self._audio_type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        self.rx_frames = 0
        self.tx_frames = 0
        self.errors = 0
        self.last_error = ""

    def onFrameReceived(self, frame: Any) -> None:  # call -> headset
        try:
            n = frame.size
            if n <= 0 or frame.type != self._audio_type:
                return
            buf = frame.buf
            if _FAST_VECTORS:
                self._rx.write_from(_vector_data_address(buf), n)
            else:  # pragma: no cover
                self._rx.write(bytes(buf)[:n])
            self.rx_frames += 1
        except BaseException as exc:  # an exception escaping here aborts the process
            self.errors += 1
            self.last_error = repr(exc)

    def onFrameRequested(self, frame: Any) -> None:  # microphone -> call
        try:
            n = frame.size
            buf = frame.buf
            buf.resize(n)
            if _FAST_VECTORS:
                self._tx.read_to(_vector_data_address(buf), n)
            else:  # pragma: no cover
                tmp = bytearray(n)
                self._tx.read_into(tmp)
                for i, b in enumerate(tmp):
                    buf[i] = b
            frame.type = self._audio_type
            self.tx_frames += 1
        except BaseException as exc:
            self.errors += 1
            self.last_error = repr(exc)


class AudioBridge:
    """Call audio through a pjsua2 media port and two PortAudio streams.

    See the module docstring for the threads and for how the engine uses it.
    ``on_event`` receives :class:`AudioDeviceProblem` on the audio worker thread.
    """

    def __init__(self, config: AudioConfig | None = None,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None) -> None:
        self.config = config or AudioConfig()
        cfg = self.config
        threshold = cfg.frame_bytes + cfg.clock_rate * cfg.prefill_ms // 1000 * _SAMPLE_BYTES
        capacity = max(cfg.clock_rate * cfg.max_buffer_ms // 1000 * _SAMPLE_BYTES,
                       threshold + cfg.frame_bytes)
        self._rx = _Ring(capacity, threshold)
        self._tx = _Ring(capacity, threshold)
        self._port: _BridgePort | None = None
        self._tonegen: Any = None
        self._tone_connected = False
        self._media: Any = None
        self._owner: object = None
        self._engine_thread = 0
        self._worker = _StreamWorker("operator-desk-audio", cfg, on_event)
        self._live = False
        """A call is attached: the PortAudio callbacks feed and drain the rings."""
        self._mic = _Slot("microphone", False, self._from_mic)
        self._headset = _Slot("headset", True, self._to_headset)
        self._worker.add(self._mic, cfg.input_device)
        self._worker.add(self._headset, cfg.output_device)

    # -- engine thread ---------------------------------------------------------------
    def open(self) -> None:
        """Create the port (and the zip-tone generator); engine thread, after libInit."""
        if self._port is not None:
            return
        _require_backend()  # fail now, clearly, if the sound library is missing
        cfg = self.config
        self._engine_thread = threading.get_ident()
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, cfg.clock_rate, 1, cfg.frame_ms * 1000, 16)
        port = _BridgePort(self)
        port.createPort("operator-desk-bridge", fmt)
        self._port = port
        tonegen = pj.ToneGenerator()
        tonegen.createToneGenerator(cfg.clock_rate, 1)
        self._tonegen = tonegen
        self._worker.start()
        if cfg.keep_streams_running:
            self._worker.set_running(True)

    # PortAudio's threads
    def _from_mic(self, data: Any) -> None:
        if self._live:
            self._tx.write(data)

    def _to_headset(self, data: Any) -> None:
        if self._live:
            self._rx.read_into(data)
        else:
            memoryview(data).cast("B")[:] = bytes(len(data))

    @property
    def attached(self) -> bool:
        return self._media is not None

    def attach(self, call_media: Any, owner: object = None) -> None:
        """Connect a call's ``AudioMedia`` both ways and start the devices."""
        if self._port is None:
            self.open()
        assert self._port is not None
        if self._media is not None:
            self.detach()
        self._rx.clear()
        self._tx.clear()
        call_media.startTransmit(self._port)
        try:
            self._port.startTransmit(call_media)
        except pj.Error:
            with contextlib.suppress(pj.Error):
                call_media.stopTransmit(self._port)
            raise
        self._media = call_media
        self._owner = owner
        self._live = True
        self._worker.set_running(True)

    def detach(self, owner: object = None) -> None:
        """Disconnect the call (if ``owner`` is given, only if it is the attached call)."""
        if self._media is None or (owner is not None and owner != self._owner):
            return
        media, self._media, self._owner = self._media, None, None
        port = self._port
        if port is not None:
            # Either slot may already be gone with the call: that is fine.
            with contextlib.suppress(pj.Error):
                media.stopTransmit(port)
            with contextlib.suppress(pj.Error):
                port.stopTransmit(media)
        self._stop_tone()
        self._live = False
        if not self.config.keep_streams_running:
            self._worker.set_running(False)
        self._rx.clear()
        self._tx.clear()

    def play_zip_tone(self) -> None:
        """Two short beeps in the headset only (auto-answer); the caller hears nothing."""
        if self._port is None or self._tonegen is None:
            return
        cfg = self.config
        tones = pj.ToneDescVector()
        for _ in range(2):
            tone = pj.ToneDesc()
            tone.freq1 = cfg.zip_tone_hz
            tone.freq2 = 0
            tone.on_msec = 90
            tone.off_msec = 60
            tone.volume = max(1, min(32767, int(cfg.zip_tone_volume * 32767)))
            tones.append(tone)
        if not self._tone_connected:
            self._tonegen.startTransmit(self._port)
            self._tone_connected = True
        self._tonegen.play(tones, False)

    def _stop_tone(self) -> None:
        if self._tonegen is not None and self._tone_connected:
            with contextlib.suppress(pj.Error):
                self._tonegen.stop()
            with contextlib.suppress(pj.Error):
                self._tonegen.stopTransmit(self._port)
            self._tone_connected = False

    def close(self) -> None:
        """Detach, stop the devices and destroy the port; engine thread, before libDestroy."""
        self.detach()
        self._worker.close()
        self._stop_tone()
        self._tonegen = None
        port, self._port = self._port, None
        del port  # the SWIG destructor takes the port off the conference bridge

    # -- any thread -------------------------------------------------------------------
    def set_devices(self, input_device: str | None, output_device: str | None) -> None:
        """Choose other devices (by name); a call in progress moves to them."""
        self._worker.set_device(self._mic, input_device)
        self._worker.set_device(self._headset, output_device)

    @property
    def devices_in_use(self) -> tuple[str | None, str | None]:
        """(microphone, headset) device names now open ('' default, None closed)."""
        mic, out = self._mic.target, self._headset.target
        return (mic.label if mic else None, out.label if out else None)

    def stats(self) -> BridgeStats:
        port = self._port
        per_ms = self.config.clock_rate * _SAMPLE_BYTES / 1000

        def mean(ring: _Ring) -> float:
            return ring.fill_sum / ring.fill_count / per_ms if ring.fill_count else 0.0

        return BridgeStats(
            rx_frames=port.rx_frames if port else 0,
            tx_frames=port.tx_frames if port else 0,
            rx_underruns=self._rx.underruns,
            tx_underruns=self._tx.underruns,
            rx_overruns=self._rx.overruns,
            tx_overruns=self._tx.overruns,
            rx_fill_ms=round(mean(self._rx), 1),
            tx_fill_ms=round(mean(self._tx), 1),
            rx_fill_max_ms=round(self._rx.fill_max / per_ms, 1),
            tx_fill_max_ms=round(self._tx.fill_max / per_ms, 1),
            device_errors=self._worker.device_errors,
            callback_errors=(port.errors if port else 0) + self._mic.errors + self._headset.errors,
            portaudio_flags=self._mic.flags + self._headset.flags,
        )


# -- pjsua2's own devices ---------------------------------------------------------------------
class NativeAudio:
    """The bridge's API on pjsua2's sound devices (wheels that have a device backend)."""

    def __init__(self, ep: Any, config: AudioConfig,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None) -> None:
        self.config = config
        self._ep = ep
        self._media: Any = None
        self._owner: object = None
        self._tonegen: Any = None
        mgr = ep.audDevManager()
        for role, wanted, output in (("microphone", config.input_device, False),
                                     ("headset", config.output_device, True)):
            if not wanted:
                continue
            try:
                index = self._find(mgr, wanted, output)
                (mgr.setPlaybackDev if output else mgr.setCaptureDev)(index)
            except (LookupError, pj.Error) as exc:
                msg = f"cannot use {wanted!r} ({exc}); using the system default"
                log.warning("audio %s: %s", role, msg)
                if on_event is not None:
                    on_event(AudioDeviceProblem(role, wanted, "", msg, time.time_ns()))

    @staticmethod
    def _find(mgr: Any, wanted: str, output: bool) -> int:
        folded = wanted.casefold()
        devs = [d for d in mgr.enumDev2() if (d.outputCount if output else d.inputCount) > 0]
        for dev in devs:
            if dev.name == wanted:
                return int(dev.id)
        for dev in devs:
            if folded in dev.name.casefold():
                return int(dev.id)
        raise LookupError(f"no pjsua2 device named {wanted!r}")

    def open(self) -> None:
        pass

    @property
    def attached(self) -> bool:
        return self._media is not None

    def attach(self, call_media: Any, owner: object = None) -> None:
        mgr = self._ep.audDevManager()
        if self._media is not None:
            self.detach()
        call_media.startTransmit(mgr.getPlaybackDevMedia())
        mgr.getCaptureDevMedia().startTransmit(call_media)
        self._media, self._owner = call_media, owner

    def detach(self, owner: object = None) -> None:
        if self._media is None or (owner is not None and owner != self._owner):
            return
        media, self._media, self._owner = self._media, None, None
        mgr = self._ep.audDevManager()
        with contextlib.suppress(pj.Error):
            media.stopTransmit(mgr.getPlaybackDevMedia())
        with contextlib.suppress(pj.Error):
            mgr.getCaptureDevMedia().stopTransmit(media)

    def play_zip_tone(self) -> None:
        if self._tonegen is None:
            self._tonegen = pj.ToneGenerator()
            self._tonegen.createToneGenerator(self.config.clock_rate, 1)
            self._tonegen.startTransmit(self._ep.audDevManager().getPlaybackDevMedia())
        tones = pj.ToneDescVector()
        for _ in range(2):
            tone = pj.ToneDesc()
            tone.freq1 = self.config.zip_tone_hz
            tone.on_msec, tone.off_msec = 90, 60
            tone.volume = int(self.config.zip_tone_volume * 32767)
            tones.append(tone)
        self._tonegen.play(tones, False)

    def set_devices(self, input_device: str | None, output_device: str | None) -> None:
        raise NotImplementedError("restart the engine to change pjsua2's own devices")

    def close(self) -> None:
        self.detach()
        self._tonegen = None


def create_call_audio(ep: Any, config: AudioConfig,
                      on_event: Callable[[AudioDeviceProblem], None] | None = None,
                      ) -> AudioBridge | NativeAudio:
    """pjsua2's own devices where the wheel has them, else the null device and a bridge.

    Engine thread, after ``libStart``.
    """
    mgr = ep.audDevManager()
    if mgr.getDevCount() > 0 and not os.environ.get("OPERATOR_DESK_AUDIO_BRIDGE"):
        return NativeAudio(ep, config, on_event)
    mgr.setNullDev()
    bridge = AudioBridge(config, on_event)
    bridge.open()
    return bridge


# -- tones ------------------------------------------------------------------------------------
def _sine(freqs: tuple[float, ...], ms: int, rate: int, volume: float) -> array.array[int]:
    n = rate * ms // 1000
    ramp = max(1, rate // 200)  # 5 ms fade in/out: no clicks
    amp = 32767 * volume / len(freqs)
    out = array.array("h", bytes(2 * n))
    for i in range(n):
        env = min(1.0, i / ramp, (n - 1 - i) / ramp)
        value = sum(math.sin(2 * math.pi * f * i / rate) for f in freqs)
        out[i] = int(amp * env * value)
    return out


def _silence(ms: int, rate: int) -> array.array[int]:
    return array.array("h", bytes(2 * (rate * ms // 1000)))


def zip_tone_pcm(rate: int = 16000, hz: int = 880, volume: float = 0.3) -> bytes:
    """The auto-answer zip tone as 16-bit mono PCM (what :meth:`play_zip_tone` plays)."""
    pcm = _sine((hz,), 90, rate, volume) + _silence(60, rate) + _sine((hz,), 90, rate, volume)
    return _le(pcm)


def ringtone_pcm(rate: int = 16000, volume: float = 0.5) -> bytes:
    """One ring cycle, 16-bit mono PCM: two 0.4 s bursts of 440+480 Hz, then 2.4 s quiet."""
    burst = _sine((440.0, 480.0), 400, rate, volume)
    pcm = burst + _silence(200, rate) + burst + _silence(2400, rate)
    return _le(pcm)


def _le(pcm: array.array[int]) -> bytes:
    if sys.byteorder != "little":  # pragma: no cover
        pcm.byteswap()
    return pcm.tobytes()


class Ringer:
    """The ringtone on its own device (``AudioConfig.ringer_device``, e.g. speakers).

    ``start()``/``stop()`` return at once and may be called from any thread (the GUI's);
    the stream is opened and watched by a worker thread, falls back to the default
    device like the bridge's, and runs only while ringing.
    """

    def __init__(self, config: AudioConfig | None = None,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None,
                 pcm: bytes | None = None) -> None:
        self.config = config or AudioConfig()
        self._pcm = memoryview(pcm if pcm is not None else ringtone_pcm(self.config.clock_rate))
        self._pos = 0
        self._slot = _Slot("ringer", True, self._fill)
        self._worker = _StreamWorker("operator-desk-ringer", self.config, on_event)
        self._worker.add(self._slot, self.config.ringer_device)
        self._started = False
        self.rings = 0

    def _fill(self, data: Any) -> None:  # PortAudio's thread
        out = memoryview(data).cast("B")
        n, size, pos = len(out), len(self._pcm), self._pos
        done = 0
        while done < n:
            take = min(n - done, size - pos)
            out[done : done + take] = self._pcm[pos : pos + take]
            done += take
            pos += take
            if pos >= size:
                pos = 0
                self.rings += 1
        self._pos = pos

    @property
    def ringing(self) -> bool:
        return self._slot.should_run

    def start(self) -> None:
        if not self._started:
            _require_backend(ask=False)
            self._worker.start()
            self._started = True
        if not self._slot.should_run:
            self._pos = 0
            self._worker.set_running(True)

    def stop(self) -> None:
        self._worker.set_running(False)

    def set_device(self, name: str | None) -> None:
        self._worker.set_device(self._slot, name)

    @property
    def device_in_use(self) -> str | None:
        target = self._slot.target
        return target.label if target else None

    def close(self) -> None:
        self._slot.should_run = False
        if self._started:
            self._worker.close()



# -- checking the devices from the settings dialog ---------------------------------------------
class MicLevelMeter:
    """How loud the chosen microphone is, for the settings dialog's level bar.

    :attr:`level` (0..1, the peak of the last 20 ms) is updated on PortAudio's thread and
    read by the GUI on a timer; nothing crosses threads but a float.
    """

    def __init__(self, device: str | None, config: AudioConfig | None = None,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None) -> None:
        self.config = config or AudioConfig()
        self.level = 0.0
        self.frames = 0
        self._slot = _Slot("microphone", False, self._measure)
        self._worker = _StreamWorker("operator-desk-meter", self.config, on_event)
        self._worker.add(self._slot, device)
        self._started = False

    def _measure(self, data: Any) -> None:  # PortAudio's thread
        samples = memoryview(data).cast("B").cast("h")
        if len(samples):
            self.level = min(1.0, max(max(samples), -min(samples)) / 32768.0)
            self.frames += 1

    def start(self) -> None:
        if not self._started:
            _require_backend()
            self._worker.start()
            self._started = True
        self._worker.set_running(True)

    def close(self) -> None:
        self._slot.should_run = False
        if self._started:
            self._worker.close()


def test_tone_pcm(rate: int = 16000, seconds: float = 1.0, hz: int = 440) -> bytes:
    """A tone to check a headset or speakers: ``seconds`` of ``hz``, then a long pause."""
    return _le(_sine((float(hz),), int(seconds * 1000), rate, 0.4) + _silence(10_000, rate))
