"""Call audio on pjsua2's side: the conference-bridge port of the audio bridge, the zip
tone, pjsua2's own devices.

pjsua2-python has no sound-device backend on Linux (``getDevCount() == 0``), so the
engine runs pjsua2 on its null device and the desk carries the audio itself::

    call --> conference bridge --onFrameReceived--> FrameBridge --> headset
    microphone --> FrameBridge --onFrameRequested--> conference bridge --> call

* :class:`AudioBridge` -- a ``pj.AudioMediaPort`` exchanging 20 ms frames with a
  :class:`~operator_desk.sip.audio.bridge.FrameBridge` (rings and streams, no pjsua2).
  Frames are copied with ``ctypes.memmove`` on the SWIG ``ByteVector``'s own memory:
  ``bytes(frame.buf)`` costs ~200x more.
* :class:`NativeAudio` -- the same API on pjsua2's own devices, for the platforms whose
  wheel has them (:func:`create_call_audio` picks one of the two).

``attach`` with ``owner`` makes the bridge follow one call: attaching another call moves
the headset to it, and a ``detach`` by a call that no longer owns the bridge does
nothing. :meth:`AudioBridge.stats` gives the underrun counters for the status bar or
the benchmark. Everything here but the port's two frame callbacks runs on the engine
thread (the thread model: :mod:`operator_desk.sip.engine`).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_desk.core.calls import AudioDeviceProblem
from operator_desk.sip.audio.bridge import FrameBridge
from operator_desk.sip.audio.config import AudioConfig, BridgeStats

log = logging.getLogger(__name__)

BRIDGE_ENV = "OPERATOR_DESK_AUDIO_BRIDGE"
"""Set (to anything): use the audio bridge even where pjsua2 has its own devices."""


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
    except Exception:  # whatever the binding does with a layout it was not built for
        return False


_FAST_VECTORS = _check_vector_layout()
if not _FAST_VECTORS:  # pragma: no cover - only on an unknown C++ runtime
    log.warning("SWIG vector layout not recognised: audio frames are copied the slow way")


def _zip_tones(config: AudioConfig) -> Any:
    """Two short beeps (the auto-answer zip tone) for a ``pj.ToneGenerator``."""
    tones = pj.ToneDescVector()
    for _ in range(2):
        tone = pj.ToneDesc()
        tone.freq1 = config.zip_tone_hz
        tone.freq2 = 0
        tone.on_msec = 90
        tone.off_msec = 60
        tone.volume = max(1, min(32767, int(config.zip_tone_volume * 32767)))
        tones.append(tone)
    return tones


# -- the bridge -----------------------------------------------------------------------------
class _BridgePort(pj.AudioMediaPort):  # type: ignore[misc]
    """The conference-bridge port; its callbacks run on pjmedia's clock thread."""

    def __init__(self, frames: FrameBridge) -> None:
        super().__init__()
        self._frames = frames
        self._audio_type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        self.last_error = ""

    # Both callbacks catch BaseException: anything escaping into pjsua2 aborts the process.
    def onFrameReceived(self, frame: Any) -> None:  # call -> headset
        try:
            n = frame.size
            if n <= 0 or frame.type != self._audio_type:
                return
            buf = frame.buf
            if _FAST_VECTORS:
                self._frames.from_call(_vector_data_address(buf), n)
            else:  # pragma: no cover
                data = (ctypes.c_char * n).from_buffer_copy(bytes(buf)[:n])
                self._frames.from_call(ctypes.addressof(data), n)
        except BaseException as exc:
            self._frames.clock_errors += 1
            self.last_error = repr(exc)

    def onFrameRequested(self, frame: Any) -> None:  # microphone -> call
        try:
            n = frame.size
            buf = frame.buf
            buf.resize(n)
            if _FAST_VECTORS:
                self._frames.to_call(_vector_data_address(buf), n)
            else:  # pragma: no cover
                tmp = (ctypes.c_char * n)()
                self._frames.to_call(ctypes.addressof(tmp), n)
                for i, b in enumerate(tmp.raw):
                    buf[i] = b
            frame.type = self._audio_type
        except BaseException as exc:
            self._frames.clock_errors += 1
            self.last_error = repr(exc)


class AudioBridge:
    """Call audio through a pjsua2 media port and the :class:`FrameBridge`'s streams.

    ``on_event`` receives :class:`AudioDeviceProblem` on the audio worker thread.
    """

    def __init__(self, config: AudioConfig | None = None,
                 on_event: Callable[[AudioDeviceProblem], None] | None = None) -> None:
        self.config = config or AudioConfig()
        self.frames = FrameBridge(self.config, on_event)
        self._port: _BridgePort | None = None
        self._tonegen: Any = None
        self._tone_connected = False
        self._media: Any = None
        self._owner: object = None

    def open(self) -> None:
        """Create the port (and the zip-tone generator); engine thread, after libInit."""
        if self._port is not None:
            return
        self.frames.open()  # fails now, clearly, if the sound library is missing
        cfg = self.config
        try:
            fmt = pj.MediaFormatAudio()
            fmt.init(pj.PJMEDIA_FORMAT_PCM, cfg.clock_rate, 1, cfg.frame_ms * 1000, 16)
            port = _BridgePort(self.frames)
            port.createPort("operator-desk-bridge", fmt)
            tonegen = pj.ToneGenerator()
            tonegen.createToneGenerator(cfg.clock_rate, 1)
        except pj.Error:
            self.frames.close()
            raise
        self._port = port
        self._tonegen = tonegen

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
        self.frames.connect()
        try:
            call_media.startTransmit(self._port)
            try:
                self._port.startTransmit(call_media)
            except pj.Error:
                with contextlib.suppress(pj.Error):
                    call_media.stopTransmit(self._port)
                raise
        except pj.Error:
            self.frames.disconnect()
            raise
        self._media = call_media
        self._owner = owner

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
        self.frames.disconnect()

    def play_zip_tone(self) -> None:
        """Two short beeps in the headset only (auto-answer); the caller hears nothing."""
        if self._port is None or self._tonegen is None:
            return
        if not self._tone_connected:
            self._tonegen.startTransmit(self._port)
            self._tone_connected = True
        self._tonegen.play(_zip_tones(self.config), False)

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
        self.frames.close()
        self._stop_tone()
        self._tonegen = None
        port, self._port = self._port, None
        del port  # the SWIG destructor takes the port off the conference bridge

    # -- any thread -------------------------------------------------------------------
    def set_devices(self, input_device: str | None, output_device: str | None) -> None:
        """Choose other devices (by name); a call in progress moves to them."""
        self.frames.set_devices(input_device, output_device)

    @property
    def devices_in_use(self) -> tuple[str | None, str | None]:
        """(microphone, headset) device names now open ('' default, None closed)."""
        return self.frames.devices_in_use

    def stats(self) -> BridgeStats:
        return self.frames.stats()


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
        self._tonegen.play(_zip_tones(self.config), False)

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
    if mgr.getDevCount() > 0 and not os.environ.get(BRIDGE_ENV):
        return NativeAudio(ep, config, on_event)
    mgr.setNullDev()
    bridge = AudioBridge(config, on_event)
    bridge.open()
    return bridge
