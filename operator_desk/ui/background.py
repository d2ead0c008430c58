"""Background work, in one shape for the whole desk (after Anki's ``CollectionOp``).

A job the GUI starts runs off the GUI thread; what it returns, or what it raised, comes
back on the GUI thread::

    BackgroundOp(lambda: sync.sync(in_use=root), name="library-sync") \\
        .success(show_result).failure(show_problem).run_in_background()

* the job runs on a thread of its own, named ``name`` (so logs and crash reports say
  which); it must not touch widgets or the desk's GUI-side objects: what it needs from
  them is read before it starts and handed to it;
* ``success(result)`` or ``failure(exc)`` then runs on the GUI thread, on a later turn of
  its event loop; without a ``failure`` callback the exception is raised there, where the
  crash reporter takes it (a job failing in a way nobody planned for is a bug);
* :meth:`BackgroundOp.cancel` drops the callbacks (the job itself runs to its end), and
  :meth:`BackgroundOp.wait` waits for the job, for a clean stop.

Services that are long-running workers without Qt keep their own threads: the outbox
(:mod:`operator_desk.services.outbox`: one thread, a pool of HTTP senders) and the CRM
lookups (:mod:`operator_desk.services.crm`: a pool). What they tell the GUI reaches it
through :func:`on_gui_thread`, the same delivery as the jobs' callbacks.

It complains: :class:`WrongThreadError` when a job is started, or a GUI-side callback
made deliverable, off the GUI thread, and when a callback would run on another thread.

The one other shape is the SIP engine's (:mod:`operator_desk.sip.qt_bridge`): pjsua2
must be created, polled, commanded and destroyed on one thread it knows, for the
engine's whole life, so the engine has a QThread of its own instead of jobs that come
and go; its events reach the GUI as a queued signal. (Audio streams run on PortAudio's
and pjmedia's threads inside the engine; the library helper is a process, not a thread:
:mod:`operator_desk.services.library_helper`.)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from operator_desk.core.errors import InternalError

__all__ = ["BackgroundOp", "WrongThreadError", "check_gui_thread", "on_gui_thread"]

T = TypeVar("T")


class WrongThreadError(InternalError, RuntimeError):
    """GUI-side code was about to run off the GUI thread: a bug, never an environment
    problem (the crash dialog shows it)."""


def check_gui_thread(what: str) -> None:
    """Raise :class:`WrongThreadError` unless this is the Qt application's thread."""
    app = QCoreApplication.instance()
    if app is None:
        raise WrongThreadError(f"{what}: there is no Qt application")
    if not app.thread().isCurrentThread():
        raise WrongThreadError(f"{what} must run on the GUI thread, not on "
                               f"thread {threading.current_thread().name!r}")


class _Relay(QObject):
    """Lives in the GUI thread; runs what worker threads post to it there."""

    posted = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        # Queued even when posted from the GUI thread: a callback always runs later,
        # never inside the code that posted it.
        self.posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_posted(self, call: Callable[[], object]) -> None:
        check_gui_thread("a background callback")
        call()


_relay: _Relay | None = None


def _gui_relay(what: str) -> _Relay:
    global _relay
    check_gui_thread(what)
    if _relay is None or not shiboken6.isValid(_relay):
        app = QCoreApplication.instance()
        assert app is not None  # check_gui_thread made sure
        _relay = _Relay(app)  # dies with the application
    return _relay


def on_gui_thread(callback: Callable[..., object]) -> Callable[..., None]:
    """``callback`` made safe to call from any thread: each call ``post(*args)`` runs
    ``callback(*args)`` on the GUI thread, later, in the order they were posted. Make it
    on the GUI thread (where the callback belongs)."""
    relay = _gui_relay(f"delivering to {getattr(callback, '__qualname__', callback)!s}")

    def post(*args: Any) -> None:
        if shiboken6.isValid(relay):  # else the application is gone: nobody to tell
            relay.posted.emit(functools.partial(callback, *args))

    return post


class BackgroundOp(Generic[T]):
    """One job off the GUI thread, its outcome back on it (see the module docs)."""

    def __init__(self, job: Callable[[], T], *, name: str) -> None:
        self.name = name
        self._job = job
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[Exception], object] | None = None
        self._thread: threading.Thread | None = None
        self._delivered = False
        self._cancelled = False

    def success(self, callback: Callable[[T], object]) -> BackgroundOp[T]:
        """Run ``callback(result)`` on the GUI thread when the job returns."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], object]) -> BackgroundOp[T]:
        """Run ``callback(exc)`` on the GUI thread when the job raises."""
        self._on_failure = callback
        return self

    def run_in_background(self) -> BackgroundOp[T]:
        """Start the job on its own thread; call on the GUI thread, once."""
        deliver = on_gui_thread(self._finish)
        if self._thread is not None:
            raise RuntimeError(f"background job {self.name} was already started")
        self._thread = threading.Thread(target=self._run, args=(deliver,), name=self.name,
                                        daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        """Started, and its callbacks have not run yet (nor been cancelled)."""
        return self._thread is not None and not self._delivered and not self._cancelled

    def cancel(self) -> None:
        """Do not run the callbacks; the job itself runs to its end."""
        self._cancelled = True

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the job to end; True if it has."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def _run(self, deliver: Callable[..., None]) -> None:  # the job's thread
        try:
            result = self._job()
        except Exception as exc:
            deliver(None, exc)
        else:
            deliver(result, None)

    def _finish(self, result: T, error: Exception | None) -> None:  # the GUI thread
        self._delivered = True
        if self._cancelled:
            return
        if error is None:
            if self._on_success is not None:
                self._on_success(result)
        elif self._on_failure is not None:
            self._on_failure(error)
        else:
            raise error
