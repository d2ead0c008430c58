"""Delivering the outbox to the tenants' CRMs (webhooks) over HTTP, exactly once.

The queue itself is :class:`operator_desk.storage.outbox.OutboxQueue`; this module is the
worker that empties it. :class:`OutboxWorker` runs one thread with its own database
connection and a small pool of HTTP senders::

    db = Database.open(profile_db_path("anna"))
    worker = OutboxWorker(db, endpoints={"acme": WebhookConfig("https://crm.example/hooks/callback")}.get,
                          on_state_changed=bridge.outbox_item_changed)   # plain callable
    worker.start()
    callbacks = Callbacks(db.conn, on_enqueued=worker.wake)            # GUI thread
    callbacks.submit("acme", "+74951234567", name="Иван")             # returns at once
    ...
    worker.stop()

Each item is POSTed as JSON with the header ``Idempotency-Key: <item UUID>``; the item is
marked ``delivering`` in the database before the request leaves. Then:

* 2xx -> ``delivered``;
* 408, 429, 5xx, a timeout or no connection -> ``queued`` again, due after an exponential
  back-off with jitter (:class:`Backoff`, capped; ``Retry-After`` is honoured up to the
  cap), for as long as it takes: a CRM down for hours gets everything when it is back;
* any other answer (4xx, 3xx) -> ``failed`` for good, with the status and the start of the
  response body in ``last_error``; :meth:`OutboxQueue.retry_failed` queues it again.

A worker that starts finds items left ``delivering`` by a crash (or ``kill -9``) and sends
them again with the same key: the receiver, seeing a key it knows, must not create a
second record, which makes the delivery exactly-once end to end.

``on_state_changed`` receives the item after each change (delivering, delivered,
queued for a retry, failed) on the worker thread.

Time: the worker reads the time (ns since the epoch) from ``clock``, ``time.time_ns`` by
default; what is due, each retry's time and ``Retry-After`` dates are reckoned on it. A
test passes a clock it moves by hand and calls :meth:`OutboxWorker.wake` after moving it.
"""

from __future__ import annotations

import enum
import logging
import random
import sqlite3
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import NamedTuple, Protocol

import httpx

from operator_desk.services._http import HealthLog, field_names, quiet_httpx_logs, render
from operator_desk.services.secrets import SecretStore
from operator_desk.storage.db import Database, now_ns, transaction
from operator_desk.storage.outbox import CRM, OutboxItem, OutboxQueue, OutboxState

__all__ = ["Backoff", "Delivery", "OutboxWorker", "WebhookConfig"]

log = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDLE_S = 30.0
"""The worker looks at the queue at least this often, even when nobody wakes it."""
_RETRY_STATUSES = frozenset({408, 429})
_PLACEHOLDERS = frozenset({"tenant", "kind", "id", "token"})


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """Where a tenant's outbox items go: ``POST url`` with a JSON body.

    ``url`` and ``headers`` may use ``{tenant}``, ``{kind}``, ``{id}`` and ``{token}`` (the
    secret named ``token_key`` in the OS keyring).
    """

    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    token_key: str = ""
    timeout_s: float = 10.0

    def problems(self) -> list[str]:
        found: list[str] = []
        if not self.url.startswith(("http://", "https://")):
            found.append("url must start with http:// or https://")
        for where, template in [("url", self.url), *((f"headers.{k}", v) for k, v in self.headers.items())]:
            try:
                names = field_names(template)
            except ValueError as exc:
                found.append(f"{where}: {exc}")
                continue
            found.extend(f"{where}: unknown placeholder {{{n}}}" for n in names if n not in _PLACEHOLDERS)
            if "token" in names and not self.token_key:
                found.append(f"{where}: uses {{token}} but token_key is not set")
        if self.timeout_s <= 0:
            found.append("timeout_s must be positive")
        return found


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before retry ``n`` (1-based): ``min(cap, base * factor**(n-1))``, minus up to
    ``jitter`` of it at random so that many desks do not retry in step."""

    base_s: float = 2.0
    factor: float = 2.0
    cap_s: float = 300.0
    jitter: float = 0.5

    def delay_s(self, attempts: int, rng: random.Random | None = None) -> float:
        exponent = min(max(attempts - 1, 0), 64)
        delay = min(self.cap_s, self.base_s * self.factor ** exponent)
        return delay * (1.0 - self.jitter * (rng or random).random())


class _Verdict(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class _Outcome:
    verdict: _Verdict
    http_status: int = 0
    error: str = ""
    retry_after_s: float = 0.0


class Delivery(NamedTuple):
    """How one delivery attempt went, in the outbox worker's terms."""

    ok: bool
    """Delivered (or found already delivered by an earlier attempt)."""
    permanent: bool
    """Not ok and no retry will help (the portal refused the request itself)."""
    status: int
    """HTTP status of the last response, 0 when there was none."""
    message: str
    """What happened, for ``last_error`` and the log; never holds the webhook code."""


class DeliveryEndpoint(Protocol):
    """A receiver with its own protocol (e.g. Bitrix24): delivers one item itself and says
    ``(ok, permanent_failure, http_status, message)``; it must be idempotent by item id."""

    def deliver(self, item: OutboxItem, client: httpx.Client) -> tuple[bool, bool, int, str]: ...


Endpoint = WebhookConfig | DeliveryEndpoint
EndpointSource = Mapping[str, Endpoint] | Callable[[str], Endpoint | None]
StateSink = Callable[[OutboxItem], None]


class OutboxWorker:
    """Delivers the outbox of one database in a background thread (see the module docs).

    ``endpoints`` gives a tenant's :class:`WebhookConfig` (None: not configured, the item
    fails with that reason); when a function, it is called from sender threads.
    ``clock`` gives the time in ns since the epoch (see the module docs).
    """

    def __init__(self, db: Database, endpoints: EndpointSource, *, secrets: SecretStore | None = None,
                 on_state_changed: StateSink | None = None, backoff: Backoff | None = None,
                 concurrency: int = 4, transport: httpx.BaseTransport | None = None,
                 stop_grace_s: float = 2.0, clock: Callable[[], int] = now_ns, target: str = CRM) -> None:
        quiet_httpx_logs()
        self.db = db
        self.target = target
        """Which items this worker delivers ('' the CRM's, 'floor' the floor's)."""
        self._endpoints = endpoints
        self._secrets = secrets or SecretStore()
        self._sink = on_state_changed
        self.backoff = backoff or Backoff()
        self.concurrency = max(1, concurrency)
        self._transport = transport
        self._stop_grace_s = stop_grace_s
        self._clock = clock
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._rng = random.Random()
        self._health = HealthLog(
            log, "outbox: the CRM of tenant %s does not take deliveries (%s); retrying with back-off",
            "outbox: the CRM of tenant %s takes deliveries again",
        )
        self._started = threading.Event()
        self._start_error: BaseException | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the worker thread; it first re-queues deliveries a crash interrupted."""
        if self.running:
            return
        self._stopping = False
        self._started.clear()
        name = f"outbox-{self.target}" if self.target else "outbox"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self._started.wait(10)
        if self._start_error is not None:
            raise self._start_error

    def wake(self) -> None:
        """Something was queued (or should be retried): look at the queue now. Any thread."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop taking items, let running requests finish for ``stop_grace_s``, then return.

        Items whose request did not finish go back to ``queued`` (same key).
        """
        thread = self._thread
        if thread is None:
            return
        self._stopping = True
        self._wake.set()
        thread.join(timeout)
        if thread.is_alive():
            log.warning("outbox worker did not stop within %.1f s", timeout)
        else:
            self._thread = None

    # -- the worker thread -----------------------------------------------------------

    def _endpoint(self, tenant_id: str) -> Endpoint | None:
        if callable(self._endpoints):
            return self._endpoints(tenant_id)
        return self._endpoints.get(tenant_id)

    def _run(self) -> None:
        try:
            conn = self.db.connect()
            queue = OutboxQueue(conn)
            interrupted = queue.requeue_interrupted(self.target)
        except BaseException as exc:
            self._start_error = exc
            self._started.set()
            return
        self._start_error = None
        self._started.set()
        if interrupted:
            log.warning("outbox: %d deliveries were interrupted (crash or stop); sending them again",
                        len(interrupted))
        client = httpx.Client(transport=self._transport, follow_redirects=False,
                              limits=httpx.Limits(max_connections=self.concurrency * 2))
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="outbox-send")
        inflight: dict[Future[_Outcome], OutboxItem] = {}
        try:
            self._loop(queue, client, pool, inflight)
            if inflight:
                wait_futures(list(inflight), timeout=self._stop_grace_s)
                self._collect(queue, inflight)
        except sqlite3.Error:  # the disk or the database gave up; a bug goes on to the crash hook
            log.exception("outbox worker failed; undelivered items stay queued")
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            try:
                left = queue.requeue_interrupted(self.target)
                if left:
                    log.info("outbox: %d deliveries cut short by the stop stay queued", len(left))
            except sqlite3.Error as exc:
                log.error("outbox: cannot requeue unfinished deliveries: %s", exc)
            conn.close()
            client.close()

    def _loop(self, queue: OutboxQueue, client: httpx.Client, pool: ThreadPoolExecutor,
              inflight: dict[Future[_Outcome], OutboxItem]) -> None:
        while True:
            self._wake.clear()
            self._collect(queue, inflight)
            if self._stopping:
                return
            room = self.concurrency - len(inflight)
            if room > 0:
                claimed = queue.claim_due(room, self._clock(), target=self.target)
                for item in claimed:
                    future = pool.submit(self._send, client, item)
                    future.add_done_callback(lambda _f: self._wake.set())
                    inflight[future] = item
                    self._notify(item)
                if len(claimed) == room:
                    continue
            timeout = MAX_IDLE_S
            if len(inflight) < self.concurrency:
                due = queue.next_due_ns(self.target)
                if due is not None:
                    timeout = min(timeout, max(0.0, (due - self._clock()) / 1e9))
            self._wake.wait(timeout)

    def _collect(self, queue: OutboxQueue, inflight: dict[Future[_Outcome], OutboxItem]) -> None:
        done = [f for f in inflight if f.done()]
        if not done:
            return
        changed: list[OutboxItem] = []
        with transaction(queue.conn):
            for future in done:
                item = inflight.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:
                    # A bug in _send or in an endpoint (Bitrix24's deliver): the worker must
                    # go on with the other items, and this one stays queued (retried with
                    # back-off, nothing lost); the traceback is in the log.
                    log.exception("outbox item %s: sending failed unexpectedly", item.id)
                    outcome = _Outcome(_Verdict.RETRY, error=f"internal error: {type(exc).__name__}")
                changed.append(self._apply(queue, item, outcome))
        for item in changed:
            self._notify(item)

    def _apply(self, queue: OutboxQueue, item: OutboxItem, outcome: _Outcome) -> OutboxItem:
        at = self._clock()
        if outcome.verdict is _Verdict.DELIVERED:
            queue.mark_delivered(item.id, outcome.http_status, at)
            self._health.ok(item.tenant_id)
            log.debug("outbox item %s delivered (HTTP %d, attempt %d)", item.id, outcome.http_status,
                      item.attempts)
            return replace(item, state=OutboxState.DELIVERED, delivered_ns=at, updated_ns=at,
                           http_status=outcome.http_status, last_error="")
        if outcome.verdict is _Verdict.FAILED:
            queue.mark_failed(item.id, outcome.error, outcome.http_status, at)
            log.error("outbox item %s (tenant %s) failed permanently: %s", item.id, item.tenant_id,
                      outcome.error.split(":", 1)[0])
            return replace(item, state=OutboxState.FAILED, updated_ns=at, http_status=outcome.http_status,
                           last_error=outcome.error)
        delay = self.backoff.delay_s(item.attempts, self._rng)
        if outcome.retry_after_s:
            delay = max(delay, min(outcome.retry_after_s, self.backoff.cap_s))
        next_ns = at + int(delay * 1e9)
        queue.mark_retry(item.id, next_ns, outcome.error, outcome.http_status, at)
        self._health.failed(item.tenant_id, outcome.error)
        log.debug("outbox item %s (tenant %s): %s; retry %d in %.1f s", item.id, item.tenant_id,
                  outcome.error, item.attempts, delay)
        return replace(item, state=OutboxState.QUEUED, next_attempt_ns=next_ns, updated_ns=at,
                       http_status=outcome.http_status, last_error=outcome.error)

    def _notify(self, item: OutboxItem) -> None:
        if self._sink is None:
            return
        try:
            self._sink(item)
        except Exception:  # a bug in a display of the outbox must not stop the deliveries
            log.exception("outbox state handler failed")

    # -- sender threads --------------------------------------------------------------

    def _send(self, client: httpx.Client, item: OutboxItem) -> _Outcome:
        config = self._endpoint(item.tenant_id)
        if config is None:
            return _Outcome(_Verdict.FAILED, error=f"no CRM endpoint configured for tenant {item.tenant_id}")
        if not isinstance(config, WebhookConfig):
            ok, permanent, status, message = config.deliver(item, client)  # a bug: see _collect
            if ok:
                return _Outcome(_Verdict.DELIVERED, status or 200)
            return _Outcome(_Verdict.FAILED if permanent else _Verdict.RETRY, status, message)
        token = ""
        if config.token_key:
            token = self._secrets.get(config.token_key) or ""
            if not token:
                return _Outcome(_Verdict.RETRY, error="no CRM token in the keyring")
        values = {"tenant": item.tenant_id, "kind": item.kind, "id": item.id, "token": token}
        headers = {name: render(value, values, url=False) for name, value in config.headers.items()}
        headers[IDEMPOTENCY_HEADER] = item.id
        try:
            response = client.post(render(config.url, values, url=True), json=dict(item.payload),
                                   headers=headers, timeout=config.timeout_s)
        except httpx.TimeoutException:
            return _Outcome(_Verdict.RETRY, error="timeout")
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            return _Outcome(_Verdict.FAILED, error=f"bad endpoint URL: {type(exc).__name__}")
        except httpx.HTTPError as exc:
            return _Outcome(_Verdict.RETRY, error=f"no connection: {type(exc).__name__}")
        status = response.status_code
        if response.is_success:
            return _Outcome(_Verdict.DELIVERED, status)
        if status in _RETRY_STATUSES or status >= 500:
            return _Outcome(_Verdict.RETRY, status, f"HTTP {status}", _retry_after(response, self._clock()))
        body = response.text[:200].strip()
        return _Outcome(_Verdict.FAILED, status, f"HTTP {status}: {body}" if body else f"HTTP {status}")


def _retry_after(response: httpx.Response, at_ns: int) -> float:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - at_ns / 1e9)
