"""The scripts library on the desk's side: written to the cache between events, and
kept in step with the central copy by a background job.

Where the library comes from at start is :mod:`operator_desk.services.library_helper`;
the cache itself is :mod:`operator_desk.core.library_cache`; the sync is
:mod:`operator_desk.services.library_sync`.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from operator_desk.core.library import Library
from operator_desk.core.library_cache import LibraryCache, read_for_desk
from operator_desk.ui.background import BackgroundOp

__all__ = ["SYNC_EVERY_S", "CacheWriter", "LibrarySyncLoop"]

log = logging.getLogger(__name__)

SYNC_EVERY_S = 600.0
"""The library is synced at start and this long after each sync."""


class CacheWriter(QObject):
    """Writes the library cache (:mod:`operator_desk.core.library_cache`) a tenant per
    turn of the event loop, so that a ring arriving meanwhile waits at most one step
    (a whole 40-tenant library would hold the GUI thread ~20 ms). ``library()`` gives
    the library in use when writing starts."""

    def __init__(self, cache: LibraryCache, library: Callable[[], Library],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self._library = library
        self._steps: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    @Slot()
    def start(self) -> None:
        self._steps = self._cache.store_steps(self._library())
        self._timer.start()

    @property
    def writing(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _step(self) -> None:
        try:
            next(self._steps)
        except StopIteration:
            self._timer.stop()
            self._steps = None

    def finish(self) -> None:
        """At quit: whatever is not in the cache yet, at once."""
        self._timer.stop()
        self._steps = None
        self._cache.store(self._library())


class LibrarySyncLoop(QObject):
    """Syncs the scripts library at start and :data:`SYNC_EVERY_S` after each sync, as a
    :class:`~operator_desk.ui.background.BackgroundOp` named ``library-sync``. A new
    version is read into the library cache on that job's thread (the sync has just
    parsed it to validate it), so the GUI thread takes it from the cache in milliseconds
    instead of parsing it; it replaces the library between calls.

    ``sync`` is a :class:`services.library_sync.LibrarySync` (closed by :meth:`stop`);
    ``controller`` a :class:`ui.controller.DeskController`; ``window`` the desk window.
    """

    def __init__(self, sync: Any, controller: Any, window: Any, cache: LibraryCache,
                 every_s: float = SYNC_EVERY_S) -> None:
        super().__init__(controller)
        self.sync = sync
        self.controller = controller
        self.window = window
        self.cache = cache
        self._op: BackgroundOp[Any] | None = None
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(int(every_s * 1000))
        self._next.timeout.connect(self.sync_now)
        self.sync_now()

    @Slot()
    def sync_now(self) -> None:
        if self._op is not None and self._op.running:
            return
        desk = self.controller.desk  # read here, on the GUI thread, for the job
        job = functools.partial(self._fetch, desk.library.root, self.controller.busiest,
                                desk.prepared_limit)
        self._op = (BackgroundOp(job, name="library-sync")
                    .success(self._on_synced).failure(self._on_failed).run_in_background())

    def _fetch(self, in_use: Path, busiest: Sequence[str], limit: int) -> Any:  # job thread
        result = self.sync.sync(in_use=in_use)
        if sync_status(result) == "updated" and result.path is not None:
            try:
                read_for_desk(self.cache, result.path, busiest, limit)
            except Exception:  # then the GUI thread reads it, as before there was a cache
                log.exception("library sync: caching version %s", result.version)
        return result

    def _on_synced(self, result: Any) -> None:
        status = sync_status(result)
        if status == "failed":
            self.window.show_error(result.message)
        elif status == "updated" and result.path is not None:
            self.controller.replace_library(self.cache.load(result.path))
            self.window.show_library_updated(result.version)
        log.info("library sync: %s", result.message)
        self._next.start()

    def _on_failed(self, exc: Exception) -> None:
        log.error("library sync", exc_info=exc)  # the loop survives anything
        self._next.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._next.stop()
        if self._op is not None:
            self._op.cancel()
            self._op.wait(timeout)
        self.sync.close()


def sync_status(result: Any) -> str:
    """A sync result's status as text ("updated", "failed", ...)."""
    return getattr(result.status, "value", str(result.status))
