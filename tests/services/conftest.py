"""A fake CRM on 127.0.0.1 (a real HTTP server) and an in-memory keyring."""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import keyring
import keyring.backend
import keyring.core
import keyring.errors
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import wait_until


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class BrokenKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.core._keyring_backend
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.core._keyring_backend = previous


class SwitchableServer:
    """A fake service whose real HTTP server the test can take down and bring back."""

    server: HTTPServer

    def down(self) -> None:
        self.server.stop()

    def up(self) -> None:
        wait_until(self._start, 5, "the server's port to be free again")

    def _start(self) -> bool:
        try:
            self.server.start()
        except OSError:  # the port may still be held for a moment after the stop
            return False
        return True


@dataclass
class FakeCrm(SwitchableServer):
    """A CRM webhook and lookup API that behaves like a real one, and can misbehave.

    Webhook (``POST /hooks/...``): the first accepted request with an ``Idempotency-Key``
    creates a record (kept in :attr:`records`) before the answer goes out, later ones with
    the same key create nothing, like a real CRM. Every request that reaches the server,
    refused or not, is counted in :attr:`keys_seen`.
    """

    server: HTTPServer
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys_seen: list[str] = field(default_factory=list)
    headers_seen: list[dict[str, str]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)
    """Statuses to answer the next requests with (before anything is recorded)."""
    status_always: int = 0
    """Answer every request with this status (0: behave)."""
    delay_s: float = 0.0
    """Sleep after recording a request, before answering (a slow CRM)."""
    delays: list[float] = field(default_factory=list)
    """Delays for the next requests (then ``delay_s``)."""
    retry_after: str = ""
    contacts: dict[str, Any] = field(default_factory=dict)
    """Lookup answers: digits -> JSON body."""
    lookup_hook: Callable[[Request], Response | None] | None = None
    lookups: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    entered: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        return self.server.port

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def total_requests(self) -> int:
        return len(self.keys_seen)

    def sent(self, key: str) -> int:
        """How many requests carried ``key``."""
        return Counter(self.keys_seen)[key]

    def handle_hook(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key", "")
        with self.lock:
            self.keys_seen.append(key)
            self.headers_seen.append(dict(request.headers))
            status = self.fail_next.pop(0) if self.fail_next else self.status_always
            if status:
                headers = {"Retry-After": self.retry_after} if self.retry_after else {}
                return Response(f"refused: {status}", status=status, headers=headers)
            created = key not in self.records
            if created:
                self.records[key] = json.loads(request.get_data(as_text=True))
            delay = self.delays.pop(0) if self.delays else self.delay_s
            self.entered.set()
        if delay:
            time.sleep(delay)  # what the test simulates: a CRM that answers late
        return Response(json.dumps({"id": key, "created": created}), status=201 if created else 200,
                        content_type="application/json")

    def handle_lookup(self, request: Request) -> Response:
        with self.lock:
            self.lookups += 1
            self.headers_seen.append(dict(request.headers))
        if self.lookup_hook is not None:
            answer = self.lookup_hook(request)
            if answer is not None:
                return answer
        phone = request.args.get("phone", "")
        body = self.contacts.get(phone, {"data": {"items": []}})
        return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")


class Results:
    """Collects what a service's callback delivers, and on which threads."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Any] = queue.Queue()
        self.threads: list[str] = []

    def __call__(self, result: Any) -> None:
        self.threads.append(threading.current_thread().name)
        self.queue.put(result)

    def get(self, timeout: float = 5.0) -> Any:
        return self.queue.get(timeout=timeout)


class Clock:
    """A monotonic clock the test moves by hand (``clock.now += 60``)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _loopback_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    if server.is_running():
        server.stop()


@pytest.fixture(scope="session")
def crm_server() -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1 for the generic CRM's tests."""
    yield from _loopback_server()


@pytest.fixture(scope="session")
def portal_server() -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1 for the Bitrix24 portal's tests."""
    yield from _loopback_server()


@pytest.fixture
def crm(crm_server: HTTPServer) -> FakeCrm:
    """A fresh fake CRM (state and handlers) on the session's server, which is running."""
    if not crm_server.is_running():
        crm_server.start()
    crm_server.clear()
    fake = FakeCrm(crm_server)
    crm_server.expect_request(re.compile(r"^/hooks/.*"), method="POST").respond_with_handler(fake.handle_hook)
    crm_server.expect_request(re.compile(r"^/contacts.*")).respond_with_handler(fake.handle_lookup)
    return fake
