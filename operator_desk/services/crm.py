"""CRM lookup: who is calling, asked of the tenant's CRM over a generic REST API.

On an incoming call the desk calls :meth:`CrmLookup.lookup`; it returns at once and the
:class:`CrmResult` arrives later through the given callback, on a worker thread (the UI
marshals it to the GUI thread). Whatever happens -- a slow CRM, a 500, a refused
connection, garbage instead of JSON, a missing token -- the result arrives, within
about the configured timeout (below one second by default); an outage is a quiet
``UNAVAILABLE`` result ("CRM unavailable"), never an exception.

A tenant's connector is data (:class:`CrmConfig`)::

    CrmConfig(
        tenant_id="acme",
        lookup_url="https://crm.example/api/contacts?phone={digits}",
        headers={"Authorization": "Bearer {token}"},
        token_key="crm/acme",                 # the token is read from the OS keyring
        record_path="data.items.0",           # where the contact is in the response
        fields={"name": "full_name", "company": "company.title", "city": "address.city"},
        card_url="https://crm.example/contacts/{id}",
    )

Placeholders in ``lookup_url`` and ``headers``: ``{number}`` (as received), ``{e164}``
(``+74951234567``), ``{digits}`` (``74951234567``), ``{tenant}``, ``{token}``; values
are percent-encoded in URLs. ``card_url`` may use the card's fields. Dotted paths accept
list indices (``items.0.name`` or ``items[0].name``). A record path leading to nothing
(an empty list, ``null``) or a 404 means "not found".

Found and not-found results are cached for ``cache_ttl_s`` per (tenant, number);
failures are not. Tokens and callers' numbers never reach the logs above DEBUG.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import httpx

from operator_desk.core.errors import OperatorDeskError
from operator_desk.core.numbers import NumberError, parse_number
from operator_desk.services._http import (
    HealthLog,
    field_names,
    quiet_httpx_logs,
    render,
    resolve_path,
    to_text,
)
from operator_desk.services.secrets import SecretStore

__all__ = ["CrmConfig", "CrmConfigError", "CrmLookup", "CrmResult", "LookupStatus"]

log = logging.getLogger(__name__)

PLACEHOLDERS = frozenset({"number", "e164", "digits", "tenant", "token"})
MAX_CACHE = 2048


class CrmConfigError(OperatorDeskError):
    def __init__(self, tenant_id: str, problems: list[str]) -> None:
        self.tenant_id = tenant_id
        self.problems = problems
        super().__init__(f"CRM connector of tenant {tenant_id}: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class CrmConfig:
    """A tenant's generic REST lookup connector (see the module docs)."""

    tenant_id: str
    lookup_url: str
    fields: Mapping[str, str]
    """Card field -> dotted path inside the record."""
    record_path: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    token_key: str = ""
    """Name of the token in the OS keyring ('' when the CRM needs none)."""
    card_url: str = ""
    timeout_s: float = 0.8
    cache_ttl_s: float = 60.0

    def problems(self) -> list[str]:
        """Every mistake in the configuration (empty when it can be used)."""
        found: list[str] = []
        if not self.lookup_url.startswith(("http://", "https://")):
            found.append(f"lookup_url must start with http:// or https://, not {self.lookup_url[:20]!r}")
        uses_token = False
        for where, template in [("lookup_url", self.lookup_url), *(
                (f"headers.{name}", value) for name, value in self.headers.items())]:
            try:
                names = field_names(template)
            except ValueError as exc:
                found.append(f"{where}: {exc}")
                continue
            uses_token = uses_token or "token" in names
            found.extend(
                f"{where}: unknown placeholder {{{n}}}; known: {', '.join(sorted(PLACEHOLDERS))}"
                for n in names if n not in PLACEHOLDERS
            )
        if uses_token and not self.token_key:
            found.append("{token} is used but token_key (the keyring entry) is not set")
        if self.token_key and not uses_token:
            found.append("token_key is set but no header or URL uses {token}")
        if self.card_url:
            try:
                found.extend(
                    f"card_url: {{{n}}} is not a card field" for n in field_names(self.card_url)
                    if n not in self.fields
                )
            except ValueError as exc:
                found.append(f"card_url: {exc}")
        if not self.fields:
            found.append("fields is empty: map at least one card field to a path in the response")
        if not 0 < self.timeout_s < 1:
            found.append(f"timeout_s must be above 0 and below 1 second, not {self.timeout_s}")
        if self.cache_ttl_s < 0:
            found.append("cache_ttl_s must not be negative")
        return found

    def check(self) -> CrmConfig:
        """Return self, or raise :class:`CrmConfigError` listing every problem."""
        problems = self.problems()
        if problems:
            raise CrmConfigError(self.tenant_id, problems)
        return self

    @classmethod
    def from_mapping(cls, tenant_id: str, data: Mapping[str, Any]) -> CrmConfig:
        """Build from configuration data (e.g. a tenant's ``crm:`` section) and check it."""
        known = {"lookup_url", "fields", "record_path", "headers", "token_key", "card_url", "timeout_s",
                 "cache_ttl_s"}
        problems = [f"unknown setting {key!r}" for key in data if key not in known]
        if "lookup_url" not in data:
            problems.append("lookup_url is missing")
        for key in ("fields", "headers"):
            if key in data and not (isinstance(data[key], Mapping)
                                    and all(isinstance(v, str) for v in data[key].values())):
                problems.append(f"{key} must map names to text")
        if problems:
            raise CrmConfigError(tenant_id, problems)
        try:
            config = cls(
                tenant_id=tenant_id, lookup_url=str(data["lookup_url"]),
                fields={str(k): v for k, v in dict(data.get("fields", {})).items()},
                record_path=str(data.get("record_path", "")),
                headers={str(k): v for k, v in dict(data.get("headers", {})).items()},
                token_key=str(data.get("token_key", "")), card_url=str(data.get("card_url", "")),
                timeout_s=float(data.get("timeout_s", 0.8)), cache_ttl_s=float(data.get("cache_ttl_s", 60.0)),
            )
        except (TypeError, ValueError) as exc:
            raise CrmConfigError(tenant_id, [str(exc)]) from None
        return config.check()


class LookupStatus(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"
    """The CRM did not answer usefully (down, slow, error, bad data, no token)."""
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True, slots=True)
class CrmResult:
    request_id: int
    """What :meth:`CrmLookup.lookup` returned, to match the result with its call."""
    tenant_id: str
    number: str
    status: LookupStatus
    card: Mapping[str, str] = field(default_factory=dict)
    """Card field -> text; fields the record lacks are ''."""
    link: str = ""
    """``card_url`` filled in from the card ('' without one)."""
    message: str = ""
    """Why there is no card, in words for the operator ("CRM unavailable")."""
    from_cache: bool = False
    elapsed_s: float = 0.0
    source: str = ""
    """Which CRM answered, for the operator: ``CRM``, ``Bitrix24``."""
    fetched_ns: int = 0
    """Wall-clock ns when the CRM gave this answer (earlier than now for a cached one)."""


ResultSink = Callable[[CrmResult], None]


class _LookupConfig(Protocol):
    @property
    def tenant_id(self) -> str: ...
    @property
    def timeout_s(self) -> float: ...
    @property
    def cache_ttl_s(self) -> float: ...


C = TypeVar("C", bound=_LookupConfig)


@dataclass(frozen=True, slots=True)
class Answer:
    """What a connector found for one number (before it becomes a :class:`CrmResult`)."""

    status: LookupStatus
    card: Mapping[str, str] = field(default_factory=dict)
    link: str = ""
    message: str = ""


class LookupService(Generic[C]):
    """Asynchronous caller look-ups, whatever the CRM: a connector subclass answers
    :meth:`_ask`; this class runs it on worker threads, caches found/not-found answers for
    the config's ``cache_ttl_s``, and hands results to ``on_result`` on a worker thread.

    ``configs`` maps tenant ids to connector configs (a function is fine too; it is called
    on the caller's thread). The caller never waits.
    """

    name = "CRM"

    def __init__(self, configs: Mapping[str, C] | Callable[[str], C | None],
                 secrets: SecretStore | None = None, *, max_workers: int = 4,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        quiet_httpx_logs()
        self._configs = configs
        self._secrets = secrets or SecretStore()
        self._clock = clock
        self._client = httpx.Client(transport=transport, follow_redirects=False)
        self._pool = ThreadPoolExecutor(max_workers=max_workers,
                                        thread_name_prefix=f"{self.name.lower()}-lookup")
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], tuple[float, Answer, int]] = {}
        """(tenant, number) -> (expiry on the clock, answer, wall-clock ns it was fetched)."""
        self._health = HealthLog(log, f"{self.name} of tenant %s unavailable: %s",
                                 f"{self.name} of tenant %s available again")
        self._closed = False

    def config_for(self, tenant_id: str) -> C | None:
        if callable(self._configs):
            return self._configs(tenant_id)
        return self._configs.get(tenant_id)

    def lookup(self, tenant_id: str, number: str, on_result: ResultSink) -> int:
        """Start looking ``number`` up in the tenant's CRM; return the request id at once."""
        request_id = next(self._ids)
        started = self._clock()
        try:
            config = self.config_for(tenant_id)
        except OperatorDeskError as exc:  # CrmConfigError, Bitrix24ConfigError: bad settings
            log.error("%s settings of tenant %s cannot be used: %s", self.name, tenant_id, exc)
            config = None
        if config is None:
            self._submit(on_result, CrmResult(request_id, tenant_id, number, LookupStatus.NOT_CONFIGURED,
                                              message="no CRM for this hotline", source=self.name))
            return request_id
        key = (tenant_id, number)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] <= started:
                del self._cache[key]
                cached = None
        if cached is not None:
            _expiry, answer, fetched_ns = cached
            self._submit(on_result, CrmResult(request_id, tenant_id, number, answer.status, answer.card,
                                              answer.link, answer.message, from_cache=True,
                                              source=self.name, fetched_ns=fetched_ns))
            return request_id
        if self._closed:
            return request_id
        self._pool.submit(self._run, request_id, config, number, on_result, started)
        return request_id

    def invalidate(self, tenant_id: str = "", number: str = "") -> None:
        """Forget cached answers (of a tenant, of a number, or all)."""
        with self._lock:
            for key in [k for k in self._cache if (not tenant_id or k[0] == tenant_id)
                        and (not number or k[1] == number)]:
                del self._cache[key]

    def close(self) -> None:
        """Stop taking look-ups; running ones finish (bounded by their timeout)."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()

    # -- worker side -----------------------------------------------------------------

    def _submit(self, sink: ResultSink, result: CrmResult) -> None:
        if self._closed:
            return
        self._pool.submit(_deliver, sink, result)

    def _run(self, request_id: int, config: C, number: str, sink: ResultSink, started: float) -> None:
        try:
            answer = self._ask(config, number, started + config.timeout_s)
        except Exception:
            # A bug in a connector (or remote data it did not foresee) must still give the
            # operator an answer: the pop waits for one. The traceback is in the log.
            log.exception("%s lookup for tenant %s failed unexpectedly", self.name, config.tenant_id)
            answer = Answer(LookupStatus.UNAVAILABLE, message="CRM unavailable")
        elapsed = self._clock() - started
        fetched_ns = time.time_ns()
        if answer.status in (LookupStatus.FOUND, LookupStatus.NOT_FOUND) and config.cache_ttl_s > 0:
            with self._lock:
                if len(self._cache) >= MAX_CACHE:
                    self._cache.clear()
                self._cache[(config.tenant_id, number)] = (
                    self._clock() + config.cache_ttl_s, answer, fetched_ns)
        log.info("%s lookup for tenant %s: %s in %.0f ms", self.name, config.tenant_id,
                 answer.status.value, elapsed * 1000)
        _deliver(sink, CrmResult(request_id, config.tenant_id, number, answer.status, answer.card,
                                 answer.link, answer.message, elapsed_s=elapsed,
                                 source=self.name, fetched_ns=fetched_ns))

    def _ask(self, config: C, number: str, deadline: float) -> Answer:
        """Look ``number`` up (worker thread); ``deadline`` is on this service's clock."""
        raise NotImplementedError


class CrmLookup(LookupService[CrmConfig]):
    """The generic REST connector (see the module docs)."""

    def _ask(self, config: CrmConfig, number: str, deadline: float = 0.0) -> Answer:
        token = ""
        if config.token_key:
            token = self._secrets.get(config.token_key) or ""
            if not token:
                return self._unavailable(config, "no CRM token in the keyring")
        values = _number_values(number)
        values["tenant"] = config.tenant_id
        values["token"] = token
        url = render(config.lookup_url, values, url=True)
        headers = {name: render(value, values, url=False) for name, value in config.headers.items()}
        headers.setdefault("Accept", "application/json")
        try:
            response = self._client.get(url, headers=headers, timeout=httpx.Timeout(config.timeout_s))
        except httpx.TimeoutException:
            return self._unavailable(config, "timeout")
        except httpx.HTTPError as exc:
            return self._unavailable(config, type(exc).__name__)
        if response.status_code == 404:
            return self._available(config, Answer(LookupStatus.NOT_FOUND, message="not in the CRM"))
        if not response.is_success:
            return self._unavailable(config, f"HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            return self._unavailable(config, "the response is not JSON")
        record = resolve_path(data, config.record_path) if config.record_path else data
        if isinstance(record, list):
            record = record[0] if record else None
        if not isinstance(record, Mapping) or not record:
            return self._available(config, Answer(LookupStatus.NOT_FOUND, message="not in the CRM"))
        card = {name: to_text(resolve_path(record, path)) for name, path in config.fields.items()}
        link = render(config.card_url, card, url=True) if config.card_url else ""
        log.debug("CRM lookup for tenant %s, number %s: %s", config.tenant_id, number, card)
        return self._available(config, Answer(LookupStatus.FOUND, card, link))

    def _unavailable(self, config: CrmConfig, why: str) -> Answer:
        self._health.failed(config.tenant_id, why)
        return Answer(LookupStatus.UNAVAILABLE, message="CRM unavailable")

    def _available(self, config: CrmConfig, answer: Answer) -> Answer:
        self._health.ok(config.tenant_id)
        return answer


def _number_values(number: str) -> dict[str, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    try:
        e164 = parse_number(number, strict=False).key
    except NumberError:
        e164 = ""
    if not e164.startswith("+"):
        e164 = "+" + digits if digits else number
    return {"number": number, "e164": e164, "digits": e164.lstrip("+").split(";", 1)[0] or digits}


def _deliver(sink: ResultSink, result: CrmResult) -> None:
    try:
        sink(result)
    except Exception:
        # Raised in a pool thread, it would vanish into the task's Future: log it, and keep
        # the service answering the next calls.
        log.exception("CRM result handler failed")
