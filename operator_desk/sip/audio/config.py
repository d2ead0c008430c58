"""The audio package's plain data and errors: settings, a device to offer, the bridge's
counters. No sound library and no pjsua2 here.

Errors::

    OperatorDeskError, RuntimeError
     +-- AudioUnavailableError   the chosen sound library is missing
          +-- NoSoundDeviceError nothing to play on yet (Linux: no sound server, no card)
"""

from __future__ import annotations

from dataclasses import dataclass

from operator_desk.core.errors import OperatorDeskError

SAMPLE_BYTES = 2
"""16-bit signed, mono, native endian (little on every target)."""

PULSE_HOST_API = "PulseAudio"
"""``host_api`` of the devices :func:`~operator_desk.sip.audio.devices.list_devices`
found through ``pactl``."""


class AudioUnavailableError(OperatorDeskError, RuntimeError):
    """No audio I/O library: libpulse-simple (``libpulse0``), or ``sounddevice`` and
    PortAudio (``libportaudio2``), whichever
    :func:`~operator_desk.sip.audio.devices.audio_backend` chose, is missing."""


class NoSoundDeviceError(AudioUnavailableError):
    """Linux, nothing to play on yet: no PulseAudio (or PipeWire-pulse) server answers
    and ALSA lists no sound card. Not remembered: the streams ask again at each retry,
    so a sound server that starts later, or a USB headset plugged in, is taken up."""


@dataclass(frozen=True, slots=True)
class AudioConfig:
    """Audio settings, plain data. Device names as ``list_devices`` gives them;
    ``None`` or ``""`` means the system default."""

    input_device: str | None = None
    """Microphone (the headset's)."""
    output_device: str | None = None
    """Where the caller is heard (the headset)."""
    ringer_device: str | None = None
    """Where the ringtone plays (speakers); used by :class:`~.tones.Ringer`."""
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
        return self.frame_samples * SAMPLE_BYTES


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
