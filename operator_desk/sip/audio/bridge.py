"""The audio bridge's plumbing between a call's 20 ms frames and the headset, without
pjsua2::

    microphone --stream--> tx ring --to_call--> (the call's frame)
    (the call's frame) --from_call--> rx ring --stream--> headset

:class:`FrameBridge` owns the two rings (a small jitter buffer: playback starts once
``frame + prefill`` is buffered, and starts over after an underrun; audio beyond
``max_buffer_ms`` is dropped so latency stays bounded) and the two streams (microphone
in, headset out) on a :class:`~.streams.StreamWorker`. The pjsua2 side,
:class:`operator_desk.sip.pjsua.media.AudioBridge`, is a conference-bridge port whose
callbacks hand this class the frames' memory, and connects a call's media to it.

Threads (see :mod:`operator_desk.sip.engine`): :meth:`open`, :meth:`connect`,
:meth:`disconnect` and :meth:`close` are called on the engine thread; :meth:`from_call`
and :meth:`to_call` on pjmedia's clock thread; the streams' callbacks on their own
threads. Those three only move bytes and count; nothing in them logs or raises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from operator_desk.core.calls import AudioDeviceProblem
from operator_desk.sip.audio.config import SAMPLE_BYTES, AudioConfig, BridgeStats
from operator_desk.sip.audio.devices import require_backend
from operator_desk.sip.audio.ring import Ring
from operator_desk.sip.audio.streams import StreamSlot, StreamWorker


class FrameBridge:
    """Two rings and two watched streams between a call and the headset.

    ``on_event`` receives :class:`AudioDeviceProblem` on the audio worker thread.
    """

    def __init__(self, config: AudioConfig | None = None,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None) -> None:
        self.config = config or AudioConfig()
        cfg = self.config
        threshold = cfg.frame_bytes + cfg.clock_rate * cfg.prefill_ms // 1000 * SAMPLE_BYTES
        capacity = max(cfg.clock_rate * cfg.max_buffer_ms // 1000 * SAMPLE_BYTES,
                       threshold + cfg.frame_bytes)
        self.rx = Ring(capacity, threshold)
        """From the call to the headset."""
        self.tx = Ring(capacity, threshold)
        """From the microphone to the call."""
        self.rx_frames = 0
        self.tx_frames = 0
        self.clock_errors = 0
        """Exceptions caught on pjmedia's clock thread (counted by the port)."""
        self._worker = StreamWorker("operator-desk-audio", cfg, on_event)
        self._live = False
        """A call is connected: the streams' callbacks feed and drain the rings."""
        self.mic = StreamSlot("microphone", False, self._from_mic)
        self.headset = StreamSlot("headset", True, self._to_headset)
        self._worker.add(self.mic, cfg.input_device)
        self._worker.add(self.headset, cfg.output_device)
        self._opened = False

    # -- engine thread -----------------------------------------------------------------
    def open(self) -> None:
        """Fail now, clearly, if the sound library is missing; start the streams' worker
        (and the streams, with ``keep_streams_running``)."""
        if self._opened:
            return
        require_backend()
        self._worker.start()
        self._opened = True
        if self.config.keep_streams_running:
            self._worker.set_running(True)

    def connect(self) -> None:
        """A call's audio flows from now on: empty rings, streams running."""
        self.rx.clear()
        self.tx.clear()
        self._live = True
        self._worker.set_running(True)

    def disconnect(self) -> None:
        """No call: the headset gets silence (or its stream stops)."""
        self._live = False
        if not self.config.keep_streams_running:
            self._worker.set_running(False)
        self.rx.clear()
        self.tx.clear()

    def close(self) -> None:
        """Disconnect and stop the streams (joins the worker thread)."""
        self.disconnect()
        if self._opened:
            self._worker.close()

    # -- pjmedia's clock thread ------------------------------------------------------------
    def from_call(self, addr: int, n: int) -> None:
        """``n`` bytes of the call's audio at ``addr`` go to the headset."""
        self.rx.write_from(addr, n)
        self.rx_frames += 1

    def to_call(self, addr: int, n: int) -> None:
        """Fill ``n`` bytes at ``addr`` with the microphone's audio (or silence)."""
        self.tx.read_to(addr, n)
        self.tx_frames += 1

    # -- the streams' threads --------------------------------------------------------------
    def _from_mic(self, data: Any) -> None:
        if self._live:
            self.tx.write(data)

    def _to_headset(self, data: Any) -> None:
        if self._live:
            self.rx.read_into(data)
        else:
            memoryview(data).cast("B")[:] = bytes(len(data))

    # -- any thread ----------------------------------------------------------------------
    def set_devices(self, input_device: str | None, output_device: str | None) -> None:
        """Choose other devices (by name); a call in progress moves to them."""
        self._worker.set_device(self.mic, input_device)
        self._worker.set_device(self.headset, output_device)

    @property
    def devices_in_use(self) -> tuple[str | None, str | None]:
        """(microphone, headset) device names now open ('' default, None closed)."""
        mic, out = self.mic.target, self.headset.target
        return (mic.label if mic else None, out.label if out else None)

    def stats(self) -> BridgeStats:
        per_ms = self.config.clock_rate * SAMPLE_BYTES / 1000

        def mean(ring: Ring) -> float:
            return ring.fill_sum / ring.fill_count / per_ms if ring.fill_count else 0.0

        return BridgeStats(
            rx_frames=self.rx_frames,
            tx_frames=self.tx_frames,
            rx_underruns=self.rx.underruns,
            tx_underruns=self.tx.underruns,
            rx_overruns=self.rx.overruns,
            tx_overruns=self.tx.overruns,
            rx_fill_ms=round(mean(self.rx), 1),
            tx_fill_ms=round(mean(self.tx), 1),
            rx_fill_max_ms=round(self.rx.fill_max / per_ms, 1),
            tx_fill_max_ms=round(self.tx.fill_max / per_ms, 1),
            device_errors=self._worker.device_errors,
            callback_errors=self.clock_errors + self.mic.errors + self.headset.errors,
            portaudio_flags=self.mic.flags + self.headset.flags,
        )
