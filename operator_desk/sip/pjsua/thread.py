"""The engine thread's rules, kept in one object every room of the engine shares.

(The thread model itself is written down in :mod:`operator_desk.sip.engine`.)

* :meth:`EngineThread.check` -- a pjsua2 call from a thread pjlib does not know aborts
  the process, so the engine refuses (:class:`SipEngineError`) to be used from any
  thread but the one that started it;
* :meth:`EngineThread.guard` -- an exception escaping a pjsua2 callback aborts the
  process: each callback's body runs guarded, an error becomes an :class:`EngineError`
  event, ``KeyboardInterrupt``/``SystemExit`` are kept and re-raised by ``poll``
  (:meth:`EngineThread.raise_pending`);
* :meth:`EngineThread.emit` -- events leave the engine through the sink, on this thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from operator_desk.core.calls import EngineError
from operator_desk.sip.engine import EventSink, SipEngineError

log = logging.getLogger(__name__)


class EngineThread:
    """Who may call the engine, and how events and callback errors leave it."""

    def __init__(self, sink: EventSink) -> None:
        self._sink = sink
        self._ident = 0
        self._pending_exit: BaseException | None = None

    def bind(self) -> None:
        """The calling thread is the engine thread from now on (``start``)."""
        self._ident = threading.get_ident()

    def check(self) -> None:
        if threading.get_ident() != self._ident:
            raise SipEngineError(
                "SIP engine used from a thread other than the one that started it"
            )

    def emit(self, event: object) -> None:
        try:
            self._sink(event)
        except Exception:  # the sink's bug must not reach pjsua2 (or end the call handling)
            log.exception("event sink failed on %s", type(event).__name__)

    def guard(self, where: str, handler: Callable[..., None], *args: Any) -> None:
        """Run a pjsua2 callback's body (or a timer's action); nothing may escape."""
        try:
            handler(*args)
        except Exception as exc:  # into pjsua2 it would abort the process
            log.exception("error in pjsua2 callback %s", where)
            self.emit(EngineError(where, f"{type(exc).__name__}: {exc}", time.time_ns()))
        except BaseException as exc:  # KeyboardInterrupt, SystemExit: re-raised by poll()
            self._pending_exit = exc

    def raise_pending(self) -> None:
        """Re-raise a ``KeyboardInterrupt``/``SystemExit`` a callback caught."""
        if self._pending_exit is not None:
            exc, self._pending_exit = self._pending_exit, None
            raise exc
