"""Keeping the desk's memory small: the heap settled after start-up, free C heap pages
handed back to the system (glibc's ``malloc_trim``). Pure Python, no Qt: the GUI side
that trims between calls is :class:`operator_desk.ui.heap.HeapTrimmer`."""

from __future__ import annotations

import functools
import sys
from typing import Any


def settle_heap() -> None:
    """After start-up, freeze the long-lived objects: later garbage collections then
    only walk what calls create, so they stay short and do not stall the audio clock
    thread (ENGINE-NOTES: a full collection of a large heap is an audible gap). Then
    hand the memory start-up used only for a while (parsing the library, building the
    search indexes) back to the system. Source lines cached while starting (PySide6 reads
    a few modules' source: ~0.1 MiB) are dropped too; a traceback reads them again."""
    import gc
    import linecache

    linecache.clearcache()
    gc.collect()
    gc.freeze()
    release_free_memory()


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system (glibc's ``malloc_trim``): ~3 MiB
    after start-up. True if it could; elsewhere (Windows, musl) it does nothing."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, looked up once (it runs after every call), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: libc's
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    return trim
