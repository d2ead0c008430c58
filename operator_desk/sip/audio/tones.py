"""The desk's own sounds: PCM generators, the ringer and the settings dialog's meter.

* :func:`ringtone_pcm`, :func:`zip_tone_pcm`, :func:`test_tone_pcm` -- 16-bit mono PCM;
* :class:`Ringer` -- the ringtone on its own device (speakers) while the headset stays
  for talk, through the same streams as the call (not Qt Multimedia: one device list
  serves the microphone, the headset and the ringer);
* :class:`MicLevelMeter` -- how loud the chosen microphone is.

Both are driven from the GUI thread; their streams live on a worker thread of their own
(see the thread model in :mod:`operator_desk.sip.engine`). No pjsua2 here.
"""

from __future__ import annotations

import array
import math
import sys
from collections.abc import Callable
from typing import Any

from operator_desk.core.calls import AudioDeviceProblem
from operator_desk.sip.audio.config import AudioConfig
from operator_desk.sip.audio.devices import require_backend
from operator_desk.sip.audio.streams import StreamSlot, StreamWorker


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
    """The auto-answer zip tone as 16-bit mono PCM (what ``AudioBridge.play_zip_tone`` plays)."""
    pcm = _sine((hz,), 90, rate, volume) + _silence(60, rate) + _sine((hz,), 90, rate, volume)
    return _le(pcm)


def ringtone_pcm(rate: int = 16000, volume: float = 0.5) -> bytes:
    """One ring cycle, 16-bit mono PCM: two 0.4 s bursts of 440+480 Hz, then 2.4 s quiet."""
    burst = _sine((440.0, 480.0), 400, rate, volume)
    pcm = burst + _silence(200, rate) + burst + _silence(2400, rate)
    return _le(pcm)


def test_tone_pcm(rate: int = 16000, seconds: float = 1.0, hz: int = 440) -> bytes:
    """A tone to check a headset or speakers: ``seconds`` of ``hz``, then a long pause."""
    return _le(_sine((float(hz),), int(seconds * 1000), rate, 0.4) + _silence(10_000, rate))


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
        self._slot = StreamSlot("ringer", True, self._fill)
        self._worker = StreamWorker("operator-desk-ringer", self.config, on_event)
        self._worker.add(self._slot, self.config.ringer_device)
        self._started = False
        self.rings = 0

    def _fill(self, data: Any) -> None:  # the stream's thread
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
            require_backend(ask=False)
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


class MicLevelMeter:
    """How loud the chosen microphone is, for the settings dialog's level bar.

    :attr:`level` (0..1, the peak of the last 20 ms) is updated on the stream's thread and
    read by the GUI on a timer; nothing crosses threads but a float.
    """

    def __init__(self, device: str | None, config: AudioConfig | None = None,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None) -> None:
        self.config = config or AudioConfig()
        self.level = 0.0
        self.frames = 0
        self._slot = StreamSlot("microphone", False, self._measure)
        self._worker = StreamWorker("operator-desk-meter", self.config, on_event)
        self._worker.add(self._slot, device)
        self._started = False

    def _measure(self, data: Any) -> None:  # the stream's thread
        samples = memoryview(data).cast("B").cast("h")
        if len(samples):
            self.level = min(1.0, max(max(samples), -min(samples)) / 32768.0)
            self.frames += 1

    def start(self) -> None:
        if not self._started:
            require_backend()
            self._worker.start()
            self._started = True
        self._worker.set_running(True)

    def close(self) -> None:
        self._slot.should_run = False
        if self._started:
            self._worker.close()
