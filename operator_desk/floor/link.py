"""One connection to the floor, owned by one thread: requests, notifications, heartbeats.

A desk keeps exactly one connection to the floor database (500 desks, 500 connections:
see the README's "The call floor" for the server's ``max_connections``). Everything the
desk does on the floor runs on :class:`FloorLink`'s thread, one request after another,
so a transaction never interleaves with another thread's statements. The same
connection ``LISTEN``\\ s: between requests the thread waits on its socket (and on a
wake-up socket that :meth:`FloorLink.submit` pokes), so a notification reaches
``on_notify`` within milliseconds and a request starts at once.

    link = FloorLink(url, password, channels=("floor_callbacks",),
                     on_notify=lambda channel, payload: ..., on_up=..., on_down=...)
    link.start()
    link.every(5.0, lambda conn: beat(conn, desk_id))
    future = link.submit(lambda conn: claim_next(conn, desk_id, tenants))   # any thread
    ...
    link.stop()

The floor going away is normal: a request made while it is unreachable fails at once
with :class:`FloorUnavailable` (the outbox keeps what must reach it), the thread
reconnects with a growing, jittered delay (1 s up to 30 s: 500 desks do not knock at
once after a restart), and ``on_up`` tells when it is back, with the new connection (notifications
missed meanwhile are not replayed: refresh then). Callbacks run on the link thread.

``LISTEN`` needs a session of its own: through pgbouncer the URL must point at a pool in
``session`` mode (transaction pooling would hand the LISTEN to another client and drop
the notifications); at one connection per desk, no pooler is needed.
"""

from __future__ import annotations

import contextlib
import logging
import random
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any, TypeVar

import psycopg
from psycopg import sql

from operator_desk.floor.connection import FloorError, FloorUnavailable, connect, floor_error, safe_url

__all__ = ["FloorLink", "Job"]

log = logging.getLogger(__name__)

T = TypeVar("T")
Job = Callable[[psycopg.Connection[Any]], T]
RECONNECT_MIN_S = 1.0
RECONNECT_MAX_S = 30.0
class _Periodic:
    __slots__ = ("due", "interval_s", "job")

    def __init__(self, interval_s: float, job: Job[Any]) -> None:
        self.interval_s = interval_s
        self.job = job
        self.due = 0.0


class FloorLink:
    """The floor connection's thread (see the module docs)."""

    def __init__(self, url: str, password: str | None = None, *, application_name: str = "operator-desk",
                 channels: Iterable[str] = (), on_notify: Callable[[str, str], None] | None = None,
                 on_up: Callable[[psycopg.Connection[Any]], None] | None = None,
                 on_down: Callable[[str], None] | None = None,
                 reconnect_min_s: float = RECONNECT_MIN_S, reconnect_max_s: float = RECONNECT_MAX_S) -> None:
        self.url = url
        self._password = password
        self._application_name = application_name
        self.channels = tuple(channels)
        self._on_notify = on_notify
        self._on_up = on_up
        self._on_down = on_down
        self._reconnect = (reconnect_min_s, reconnect_max_s)
        self._jobs: deque[tuple[Job[Any], Future[Any]]] = deque()
        self._periodic: list[_Periodic] = []
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self._up = threading.Event()
        self.last_error = ""
        """Why the floor is unreachable ('' while it is up)."""

    # -- any thread ------------------------------------------------------------------

    @property
    def up(self) -> bool:
        return self._up.is_set()

    def wait_up(self, timeout: float) -> bool:
        return self._up.wait(timeout)

    def handle(self, *, on_notify: Callable[[str, str], None] | None = None,
               on_up: Callable[[psycopg.Connection[Any]], None] | None = None,
               on_down: Callable[[str], None] | None = None) -> None:
        """Set the handlers (before :meth:`start`): a notification (channel, payload); the link
        is up (with the connection: the handler may use it, on the link thread); it is down (why)."""
        self._on_notify = on_notify or self._on_notify
        self._on_up = on_up or self._on_up
        self._on_down = on_down or self._on_down

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="floor-link", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0, last: Job[Any] | None = None) -> None:
        """Stop the thread; ``last`` runs first if the floor is up (e.g. signing off)."""
        if last is not None and self.up:
            try:
                self.submit(last).result(timeout)
            except Exception as exc:
                log.info("floor: the last request before closing failed: %s", exc)
        self._stopping.set()
        self._poke()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._wake_r.close()
        self._wake_w.close()

    def submit(self, job: Job[T]) -> Future[T]:
        """Run ``job(conn)`` on the link thread; its future fails at once with
        :class:`FloorUnavailable` while the floor is unreachable."""
        future: Future[T] = Future()
        if not self.up or self._stopping.is_set():
            future.set_exception(FloorUnavailable(self.last_error or "the floor database is not connected"))
            return future
        with self._lock:
            self._jobs.append((job, future))
        self._poke()
        return future

    def call(self, job: Job[T], timeout: float = 30.0) -> T:
        """:meth:`submit` and wait for the result (not from the link thread itself)."""
        return self.submit(job).result(timeout)

    def every(self, interval_s: float, job: Job[Any]) -> None:
        """Run ``job(conn)`` every ``interval_s`` while connected (and at once on each connect)."""
        with self._lock:
            self._periodic.append(_Periodic(interval_s, job))
        self._poke()

    def _poke(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    # -- the link thread -------------------------------------------------------------

    def _run(self) -> None:
        delay = self._reconnect[0]
        while not self._stopping.is_set():
            if self._conn is None:
                if self._open():
                    delay = self._reconnect[0]
                else:
                    self._fail_jobs()
                    self._stopping.wait(delay * (0.5 + random.random() / 2))
                    delay = min(self._reconnect[1], delay * 2)
                    continue
            try:
                self._serve(self._conn)
            except psycopg.Error as exc:
                self._lost(str(floor_error(exc)))
        self._fail_jobs()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._up.clear()

    def _open(self) -> bool:
        try:
            conn = connect(self.url, password=self._password, application_name=self._application_name)
            for channel in self.channels:
                conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except (FloorError, psycopg.Error) as exc:
            message = str(exc)
            if message != self.last_error:
                log.warning("floor: %s; trying again", message)
            self.last_error = message
            return False
        self._conn = conn
        self.last_error = ""
        with self._lock:
            for periodic in self._periodic:
                periodic.due = 0.0
        self._up.set()
        log.info("floor: connected to %s", safe_url(self.url))
        if self._on_up is not None:
            self._callback(lambda: self._on_up(conn) if self._on_up else None)
        return True

    def _lost(self, why: str) -> None:
        log.warning("floor: connection lost (%s); reconnecting", why)
        self.last_error = why
        self._up.clear()
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        self._fail_jobs()
        if self._on_down is not None:
            self._callback(lambda: self._on_down(why) if self._on_down else None)

    def _serve(self, conn: psycopg.Connection[Any]) -> None:
        now = time.monotonic()
        with self._lock:
            next_due = min((p.due for p in self._periodic), default=now + 1.0)
        timeout = max(0.0, min(1.0, next_due - now))
        if not self._jobs:
            ready, _, _ = select.select([conn.fileno(), self._wake_r], [], [], timeout)
            if self._wake_r in ready:
                try:
                    while self._wake_r.recv(4096):
                        pass
                except (BlockingIOError, InterruptedError):
                    pass
        self._run_jobs(conn)
        self._deliver_notifies(conn)
        self._run_periodic(conn)
        if conn.closed or conn.broken:
            raise psycopg.OperationalError("the connection closed")

    def _run_jobs(self, conn: psycopg.Connection[Any]) -> None:
        while True:
            with self._lock:
                if not self._jobs:
                    return
                job, future = self._jobs.popleft()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = job(conn)
            except psycopg.Error as exc:
                translated = floor_error(exc)
                future.set_exception(translated)
                if isinstance(exc, psycopg.OperationalError) or conn.broken:
                    raise
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

    def _deliver_notifies(self, conn: psycopg.Connection[Any]) -> None:
        for note in conn.notifies(timeout=0):
            if self._on_notify is not None:
                channel, payload = note.channel, note.payload
                handler = self._on_notify
                self._callback(lambda c=channel, p=payload, h=handler: h(c, p))

    def _run_periodic(self, conn: psycopg.Connection[Any]) -> None:
        now = time.monotonic()
        with self._lock:
            due = [p for p in self._periodic if p.due <= now]
        for periodic in due:
            periodic.due = now + periodic.interval_s
            try:
                periodic.job(conn)
            except psycopg.Error as exc:
                if isinstance(exc, psycopg.OperationalError) or conn.broken:
                    raise
                log.warning("floor: a periodic request failed: %s", floor_error(exc))

    def _fail_jobs(self) -> None:
        with self._lock:
            jobs, self._jobs = list(self._jobs), deque()
        for _job, future in jobs:
            if not future.done():
                future.set_exception(FloorUnavailable(self.last_error or "the floor is not connected"))

    @staticmethod
    def _callback(fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception:
            log.exception("floor: a handler failed")
