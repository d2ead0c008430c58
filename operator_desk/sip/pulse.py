"""Sound streams straight to a PulseAudio (or PipeWire-pulse) server, through libpulse-simple.

On Linux the desk's audio could go PortAudio -> ALSA -> ALSA's pulse plugin -> libpulse.
Loading that chain (Debian's PortAudio links JACK and Berkeley DB; ALSA loads its plugins
to list the devices) costs ~9 MiB of a desk that stays open all shift, and every stream
start waits ~2 s in the ALSA plugin. Where a PulseAudio server answers, the streams talk
to it directly instead: one blocking ``pa_simple`` connection per stream, served by a
thread of its own. :class:`PulseStream` offers the part of ``sounddevice``'s raw stream
API that :mod:`operator_desk.sip.audio.streams` uses (``start``, ``abort``, ``close``,
``active``, a callback per frame and a ``finished_callback``), so the stream worker there
drives either kind alike.

libpulse-simple is a system library (Debian: ``libpulse0``), loaded with ctypes on first
use; ctypes releases the GIL while a ``pa_simple`` call blocks. No Qt and no pjsua2 here.
Each stream runs on a thread of its own (the thread model: :mod:`operator_desk.sip.engine`).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from operator_desk.core.errors import OperatorDeskError

log = logging.getLogger(__name__)

__all__ = ["PulseError", "PulseStream", "library", "server_available"]

_PLAYBACK = 1  # pa_stream_direction_t
_RECORD = 2
_S16LE = 3  # pa_sample_format_t PA_SAMPLE_S16LE
_DEFAULT = 0xFFFFFFFF  # (uint32_t) -1: "let the server choose" in pa_buffer_attr
_JOIN_S = 1.0
"""How long ``abort`` waits for the stream's thread (one blocking call, ~one frame)."""


class PulseError(OperatorDeskError, RuntimeError):
    """libpulse is missing, or the server refused or dropped a stream."""


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint32)
                for name in ("maxlength", "tlength", "prebuf", "minreq", "fragsize")]


class _Lib:
    """The few libpulse-simple functions the streams use, with their C signatures."""

    def __init__(self, simple: ctypes.CDLL, pulse: ctypes.CDLL) -> None:
        p, c_int_p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
        self.new = simple.pa_simple_new
        self.new.restype = p
        self.new.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                             ctypes.c_char_p, ctypes.POINTER(_SampleSpec), p,
                             ctypes.POINTER(_BufferAttr), c_int_p]
        self.free = simple.pa_simple_free
        self.free.restype = None
        self.free.argtypes = [p]
        self.write = simple.pa_simple_write
        self.read = simple.pa_simple_read
        for fn in (self.write, self.read):
            fn.restype = ctypes.c_int
            fn.argtypes = [p, p, ctypes.c_size_t, c_int_p]
        self._strerror = pulse.pa_strerror
        self._strerror.restype = ctypes.c_char_p
        self._strerror.argtypes = [ctypes.c_int]

    def strerror(self, code: int) -> str:
        text = self._strerror(code)
        return text.decode(errors="replace") if text else f"error {code}"


@functools.cache
def library() -> _Lib:
    """libpulse-simple, loaded once; :class:`PulseError` when it is not installed."""
    last: Exception | None = None
    for name in _library_names():
        try:
            simple = ctypes.CDLL(name)
            pulse = ctypes.CDLL(name.replace("pulse-simple", "pulse"))
            return _Lib(simple, pulse)
        except (OSError, AttributeError) as exc:
            last = exc
    raise PulseError(f"libpulse-simple is not installed (Debian: libpulse0): {last}")


def _library_names() -> Iterator[str]:
    yield "libpulse-simple.so.0"
    # Only if the soname did not load: find_library runs ldconfig (or a compiler).
    import ctypes.util

    found = ctypes.util.find_library("pulse-simple")
    if found:
        yield found


def _connect(lib: _Lib, *, output: bool, rate: int, frame_bytes: int, latency_s: float,
             device: str | None, app: str, role: str) -> int:
    spec = _SampleSpec(_S16LE, rate, 1)
    attr = _BufferAttr(_DEFAULT, _DEFAULT, _DEFAULT, _DEFAULT, _DEFAULT)
    if output:
        # The server keeps ~latency_s queued and asks for a frame at a time.
        attr.tlength = max(2 * frame_bytes, int(latency_s * rate) * 2)
        attr.minreq = frame_bytes
    else:
        attr.fragsize = frame_bytes  # hand over every frame as soon as it is recorded
    err = ctypes.c_int(0)
    handle = lib.new(None, app.encode(), _PLAYBACK if output else _RECORD,
                     device.encode() if device else None, role.encode(), ctypes.byref(spec),
                     None, ctypes.byref(attr), ctypes.byref(err))
    if not handle:
        where = f"{'sink' if output else 'source'} {device!r}" if device else "the default device"
        raise PulseError(f"PulseAudio: cannot open {where}: {lib.strerror(err.value)}")
    return int(handle)


def server_available() -> bool:
    """True if libpulse is installed and a server accepts a stream (checked afresh)."""
    try:
        lib = library()
        handle = _connect(lib, output=True, rate=16000, frame_bytes=640, latency_s=0.1,
                          device=None, app="Operator Desk", role="probe")
    except PulseError as exc:
        log.debug("no PulseAudio server: %s", exc)
        return False
    lib.free(handle)
    return True


class PulseStream:
    """One mono 16-bit stream to a sink (``output``) or from a source, frame by frame.

    ``callback(buffer, frames, None, 0)`` runs on the stream's own thread once per frame:
    for an output it fills the writable ``buffer`` (``frame_bytes`` long) that is then
    played; for an input it gets what was just recorded and must copy it before it
    returns. ``finished_callback()`` runs on that thread when the stream stops, whether
    it was aborted or the server dropped it (:attr:`error` then says why). Opening
    connects at once, so a missing device fails in the constructor. A stream can be
    started again after ``abort``; each start is a new connection, so a microphone never
    replays what it recorded while stopped.
    """

    def __init__(self, *, output: bool, rate: int, frame_bytes: int, latency_s: float,
                 device: str | None, callback: Callable[[Any, int, Any, int], object],
                 finished_callback: Callable[[], object] | None = None,
                 app: str = "Operator Desk", role: str = "") -> None:
        self._lib = library()
        self._args = dict(output=output, rate=rate, frame_bytes=frame_bytes,
                          latency_s=latency_s, device=device, app=app,
                          role=role or ("playback" if output else "capture"))
        self._output = output
        self._frame_bytes = frame_bytes
        self._callback = callback
        self._finished = finished_callback
        self._lock = threading.Lock()
        self._handle: int | None = _connect(self._lib, **self._args)  # type: ignore[arg-type]
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        """The current run's; each ``start`` makes a new one."""
        self._closed = False
        self.error = ""
        """Why the server ended the stream ('' when it was stopped by the desk)."""

    @property
    def active(self) -> bool:
        """True from ``start`` until the stream's thread has ended (after ``abort``, or
        when the server dropped the stream) and ``finished_callback`` has run."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def start(self) -> None:
        with self._lock:
            if self._closed:
                raise PulseError("the stream is closed")
            thread = self._thread
            if thread is not None and thread.is_alive():
                if not self._stop.is_set():
                    return  # running
                thread.join(2 * _JOIN_S)  # still stopping: let it finish first
                if thread.is_alive():
                    raise PulseError("the previous run of the stream is still stopping")
            handle, self._handle = self._handle, None
            if handle is None:
                handle = _connect(self._lib, **self._args)  # type: ignore[arg-type]
            self._stop = stop = threading.Event()
            self.error = ""
            self._thread = threading.Thread(target=self._run, args=(handle, stop), daemon=True,
                                            name=f"operator-desk-pulse-{self._args['role']}")
            self._thread.start()

    def abort(self) -> None:
        """Stop after the frame in hand and disconnect; waits up to a second for that
        (a blocking call lasts one frame once audio flows, longer while a server is
        still starting the stream)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(_JOIN_S)
            if thread.is_alive():
                log.warning("PulseAudio %s stream did not stop within %.1f s",
                            self._args["role"], _JOIN_S)

    def close(self) -> None:
        self.abort()
        with self._lock:
            self._closed = True
            handle, self._handle = self._handle, None
        if handle is not None:  # never started: the connection is still ours
            self._lib.free(handle)

    # -- the stream's thread -------------------------------------------------------------
    def _run(self, handle: int, stop: threading.Event) -> None:
        lib, n = self._lib, self._frame_bytes
        buf = (ctypes.c_char * n)()
        view = memoryview(buf).cast("B")
        frames = n // 2
        err = ctypes.c_int(0)
        try:
            while not stop.is_set():
                if self._output:
                    self._callback(view, frames, None, 0)
                    rc = lib.write(handle, buf, n, ctypes.byref(err))
                else:
                    rc = lib.read(handle, buf, n, ctypes.byref(err))
                    if rc >= 0:
                        self._callback(view, frames, None, 0)
                if rc < 0:
                    self.error = lib.strerror(err.value)
                    log.warning("PulseAudio %s stream ended: %s", self._args["role"], self.error)
                    break
        except BaseException as exc:  # a callback that raises ends the stream, as in PortAudio
            self.error = f"callback failed: {exc!r}"
            log.exception("PulseAudio %s stream callback", self._args["role"])
        finally:
            view.release()
            lib.free(handle)
            stop.set()
            if self._finished is not None:
                try:
                    self._finished()
                except Exception:  # nothing may end this thread with an unlogged error
                    log.exception("PulseAudio %s finished callback", self._args["role"])
