"""The byte FIFO between a sound stream and the call: a small jitter buffer.

Written and read from two threads (a stream's callback thread and pjmedia's clock
thread, see the thread model in :mod:`operator_desk.sip.engine`) under one lock; the raw
memory side (:meth:`Ring.write_from`, :meth:`Ring.read_to`) copies with
``ctypes.memmove`` so a 20 ms frame costs microseconds.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from typing import Any

from operator_desk.sip.audio.config import SAMPLE_BYTES


class Ring:
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
                    surplus -= surplus % SAMPLE_BYTES
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
