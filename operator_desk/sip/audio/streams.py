"""Sound streams that stay up: open, start, stop, re-open and watch them.

A :class:`StreamSlot` is one stream of the headset path, the ringer or the microphone
meter (its role, the device wanted, the stream open now); a :class:`StreamWorker` owns
slots on a thread of its own and keeps each one's stream as asked (``set_running``):
a stream that dies or stalls (device unplugged) is re-opened on the system default
device and reported to ``on_event`` as :class:`AudioDeviceProblem`, on the worker's
thread (see the thread model in :mod:`operator_desk.sip.engine`). Streams come from
:func:`open_stream`: a :class:`~operator_desk.sip.pulse.PulseStream` or a
``sounddevice`` raw stream, whichever library :func:`~.devices.audio_backend` chose.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from operator_desk.core.calls import AudioDeviceProblem
from operator_desk.sip.audio.config import AudioConfig, NoSoundDeviceError
from operator_desk.sip.audio.devices import Target, audio_backend, load_sounddevice, resolve

log = logging.getLogger(__name__)

_WATCH_S = 0.2
"""How often the worker looks at the streams."""
_STALL_S = 2.5
"""A running stream whose callback has not run for this long is taken as dead."""
_WARMUP_S = 5.0
"""No stall check this long after a start: PulseAudio may hold a new stream ~2 s."""
_RETRY_S = 2.0
"""How long to wait before trying again when no device at all could be opened."""
_env_lock = threading.Lock()
"""Held while PULSE_SINK / PULSE_SOURCE name the device a PortAudio stream opens."""

# _DEVICE_ERRORS: the worker catches ``Exception`` where a stream is opened, started or
# stopped. Each library raises its own (sounddevice.PortAudioError, PulseError, OSError,
# ValueError for a device that refuses the format), sounddevice cannot be imported only
# to name its error (in pulse mode it is never loaded), and any of them must end in
# "use the default device" or "retry", never in a worker thread that died.


def open_stream(target: Target, output: bool, config: AudioConfig, callback: Any,
                finished: Callable[[], None], role: str = "") -> Any:
    """A stopped mono 16-bit stream on ``target`` through the chosen sound library."""
    if audio_backend() == "pulse":
        from operator_desk.sip.pulse import PulseStream

        latency = config.latency
        latency_s = float(latency) if not isinstance(latency, str) else (
            0.2 if latency == "high" else 0.04)
        return PulseStream(output=output, rate=config.clock_rate, frame_bytes=config.frame_bytes,
                           latency_s=latency_s, device=target.pulse or None, callback=callback,
                           finished_callback=finished, role=role)
    sd = load_sounddevice()
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


class StreamSlot:
    """One stream of the headset path, the ringer or the meter, owned by a worker thread.

    :meth:`callback` runs on the stream's own thread (PortAudio's or PulseStream's)."""

    def __init__(self, role: str, output: bool, callback: Callable[[Any], object]) -> None:
        self.role = role
        self.output = output
        self._user_callback = callback
        self.stream: Any = None
        self.wanted: str = ""
        self.target: Target | None = None
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


class StreamWorker:
    """Opens, starts, stops and watches its slots' streams on a thread of its own."""

    def __init__(self, name: str, config: AudioConfig,
                 on_event: Callable[[AudioDeviceProblem], None] | None) -> None:
        self.config = config
        self._on_event = on_event
        self._slots: list[StreamSlot] = []
        self._wake: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.device_errors = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def add(self, slot: StreamSlot, wanted: str | None) -> None:
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

    def set_device(self, slot: StreamSlot, wanted: str | None) -> None:
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
                    except Exception:  # a dead worker would leave the desk mute all shift
                        log.exception("audio worker: %s stream", slot.role)
        finally:
            for slot in self._slots:
                self._close_stream(slot)

    def _emit(self, slot: StreamSlot, using: str | None, message: str) -> None:
        log.warning("audio %s: %s", slot.role, message)
        if self._on_event is not None:
            try:
                self._on_event(AudioDeviceProblem(slot.role, slot.wanted, using, message,
                                                  time.time_ns()))
            except Exception:  # the receiver's bug must not stop the streams' care
                log.exception("audio event receiver failed")

    def _service(self, slot: StreamSlot) -> None:
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
                except Exception as exc:  # _DEVICE_ERRORS
                    self.device_errors += 1
                    self._close_stream(slot)
                    slot.on_default = True
                    slot.retry_at = now + _WATCH_S
                    self._emit(slot, "", f"cannot start the device: {exc}; trying the default")
        elif slot.stream is not None and slot.stream.active:
            slot.expect_stop = True
            try:
                slot.stream.abort()  # stop() would wait ~1.5 s for ALSA to drain
            except Exception as exc:  # _DEVICE_ERRORS
                log.warning("audio %s: abort failed: %s", slot.role, exc)
                self._close_stream(slot)

    def _open(self, slot: StreamSlot) -> None:
        try:
            audio_backend()
        except NoSoundDeviceError as exc:
            self._outage(slot, exc)
            return
        wanted = "" if slot.on_default else slot.wanted
        try:
            self._open_on(slot, wanted)
            return
        except Exception as exc:  # _DEVICE_ERRORS, or LookupError: no such device
            if not wanted:
                self._outage(slot, exc)
                return
            self._emit(slot, "", f"cannot use {wanted!r} ({exc}); using the system default")
        slot.on_default = True
        try:
            self._open_on(slot, "")
        except Exception as exc:  # _DEVICE_ERRORS
            self._outage(slot, exc)

    def _open_on(self, slot: StreamSlot, wanted: str) -> None:
        target = resolve(wanted, slot.output)
        slot.stream = open_stream(target, slot.output, self.config, slot.callback,
                                  slot.finished, slot.role)
        slot.target = target
        slot.outage_reported = False

    def _outage(self, slot: StreamSlot, exc: Exception) -> None:
        slot.retry_at = time.monotonic() + _RETRY_S
        if not slot.outage_reported:
            slot.outage_reported = True
            self._emit(slot, None, f"no usable {slot.role} device: {exc}; retrying")

    @staticmethod
    def _close_stream(slot: StreamSlot) -> None:
        stream, slot.stream = slot.stream, None
        slot.target = None if stream is not None else slot.target
        if stream is None:
            return
        slot.expect_stop = True
        for method in ("abort", "close"):
            try:
                getattr(stream, method)()
            except Exception as exc:  # _DEVICE_ERRORS: the stream is going anyway
                log.debug("audio %s: %s: %s", slot.role, method, exc)
