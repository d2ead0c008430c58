"""Bitrix24: who is calling (caller card) and callback requests as leads, over an inbound webhook.

A tenant's portal is data (:class:`Bitrix24Config`)::

    Bitrix24Config(
        tenant_id="acme",
        portal_url="https://acme.bitrix24.ru",
        user_id=17,                            # the user the inbound webhook belongs to
        webhook_key_name="bitrix24/acme",      # the webhook code lives in the OS keyring
        responsible_id=42,                     # who gets the callback leads (None: the portal decides)
    )

Methods are called as ``POST {portal_url}/rest/{user_id}/{code}/{method}.json`` with a JSON
body. The code is the secret part of the URL: it is read from the keyring for every
request and never appears in configuration, logs or messages (:func:`redact`).

Caller look-up (:class:`Bitrix24Lookup`, the same interface as
:class:`operator_desk.services.crm.CrmLookup`): ``crm.duplicate.findbycomm`` for
contacts, then for leads (one entity type per call: without ``entity_type`` Bitrix drops
the contacts when a number has 20 or more leads, which a caller who asks for callbacks
quickly has), with the number in the forms Bitrix users type (``+7…``, ``8…``, ``7…``);
then ``crm.contact.get`` / ``crm.lead.get`` for the card, ``crm.company.get`` for a
contact's company and ``user.get`` for the responsible person's name (both best effort).
The whole look-up shares one deadline (``timeout_s``, below one second); whatever goes
wrong -- a slow portal, ``503 QUERY_LIMIT_EXCEEDED``, ``401`` for a revoked webhook, an
``{"error": …}`` body with HTTP 200, no code in the keyring -- the result is a quiet
``UNAVAILABLE`` ("CRM unavailable"), never an exception.

Callback delivery (:class:`Bitrix24CallbackEndpoint`): an outbox item of kind
``callback`` becomes a lead (``crm.lead.add``). Bitrix has no idempotency key, so the
lead carries ``ORIGINATOR_ID = "operator-desk"`` and ``ORIGIN_ID = <request id>`` and
every attempt first asks ``crm.lead.list`` for a lead with that pair: a retry after a
timeout (that may have created the lead) finds it and adds nothing.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from operator_desk.core.errors import OperatorDeskError
from operator_desk.core.numbers import NumberError, parse_number
from operator_desk.services.crm import Answer, LookupService, LookupStatus
from operator_desk.services.outbox import Delivery
from operator_desk.services.secrets import SecretStore
from operator_desk.storage.outbox import OutboxItem

__all__ = [
    "CARD_FIELDS",
    "ORIGINATOR",
    "Bitrix24CallbackEndpoint",
    "Bitrix24Config",
    "Bitrix24ConfigError",
    "Bitrix24Lookup",
    "Delivery",
    "lead_fields",
    "phone_variants",
    "redact",
]

log = logging.getLogger(__name__)

ORIGINATOR = "operator-desk"
"""``ORIGINATOR_ID`` of the leads the desk creates; ``ORIGIN_ID`` is the request id."""
CARD_FIELDS = ("name", "company", "city", "address", "responsible", "entity")
"""Keys of a Bitrix24 caller card, in display order (``entity`` is ``contact`` or ``lead``)."""
MAX_CACHE = 2048
USER_CACHE_TTL_S = 3600.0
"""Names of responsible users change rarely; they are kept this long per portal."""
_MIN_REQUEST_S = 0.02
"""A request with less time left than this is not sent: the look-up is out of time."""
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_SOURCE_ID = re.compile(r"^[A-Za-z0-9_]+$")
_RETRY_CODES = frozenset({
    "QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT", "INTERNAL_SERVER_ERROR", "ERROR_UNEXPECTED_ANSWER",
    "OVERLOAD_LIMIT", "INVALID_CREDENTIALS", "NO_AUTH_FOUND", "expired_token",
})
"""Errors that a later attempt can get past without a change to the request (limits, outages,
a webhook code that is being replaced in the keyring)."""


class Bitrix24ConfigError(OperatorDeskError):
    def __init__(self, tenant_id: str, problems: list[str]) -> None:
        self.tenant_id = tenant_id
        self.problems = problems
        super().__init__(f"Bitrix24 connector of tenant {tenant_id}: " + "; ".join(problems))


def redact(text: str, secret: str) -> str:
    """``text`` with ``secret`` (a webhook code) replaced by ``***``."""
    return text.replace(secret, "***") if secret else text


@dataclass(frozen=True, slots=True)
class Bitrix24Config:
    """A tenant's Bitrix24 portal (see the module docs)."""

    tenant_id: str
    portal_url: str
    """``https://<portal>.bitrix24.ru`` (or a self-hosted portal's address), nothing after the host."""
    user_id: int
    """The user in ``/rest/<user_id>/<code>/``: the inbound webhook's owner."""
    webhook_key_name: str
    """Name of the webhook code in the OS keyring (never the code itself)."""
    responsible_id: int | None = None
    """``ASSIGNED_BY_ID`` of callback leads (None: Bitrix makes the webhook's user responsible)."""
    timeout_s: float = 0.8
    """Budget of a whole caller look-up (all its requests)."""
    lead_source: str = "CALLBACK"
    """``SOURCE_ID`` of callback leads (a status id of the portal's SOURCE list)."""
    cache_ttl_s: float = 60.0
    delivery_timeout_s: float = 10.0
    """Timeout of each request of a callback delivery (in the background: may be longer)."""
    telephony_user_id: int | None = None
    """The portal user calls are logged for (``telephony.externalcall``); None: ``user_id``."""

    @property
    def base_url(self) -> str:
        return self.portal_url.rstrip("/")

    def method_url(self, code: str, method: str) -> str:
        """The URL of a REST method; it holds the secret ``code``: never log it (:func:`redact`)."""
        return f"{self.base_url}/rest/{self.user_id}/{code}/{method}.json"

    def entity_link(self, entity: str, entity_id: str) -> str:
        """The page of a contact or lead in the portal."""
        return f"{self.base_url}/crm/{entity}/details/{entity_id}/"

    def problems(self) -> list[str]:
        """Every mistake in the configuration (empty when it can be used)."""
        found: list[str] = []
        if not self.tenant_id:
            found.append("tenant_id is empty")
        found.extend(_portal_problems(self.portal_url))
        if not _positive_int(self.user_id):
            found.append(f"user_id must be a positive whole number (the 1 in /rest/1/…), "
                         f"not {self.user_id!r}")
        if not self.webhook_key_name.strip():
            found.append("webhook_key_name (the keyring entry holding the webhook code) is empty")
        elif "/rest/" in self.webhook_key_name:
            found.append("webhook_key_name must name a keyring entry, not be the webhook URL")
        if self.responsible_id is not None and not _positive_int(self.responsible_id):
            found.append(f"responsible_id must be a positive whole number or empty, "
                         f"not {self.responsible_id!r}")
        if not isinstance(self.timeout_s, int | float) or not 0 < self.timeout_s < 1:
            found.append(f"timeout_s must be above 0 and below 1 second, not {self.timeout_s!r}")
        if not isinstance(self.lead_source, str) or not _SOURCE_ID.match(self.lead_source):
            found.append(f"lead_source must be a source id such as CALLBACK or WEB, not {self.lead_source!r}")
        if not isinstance(self.cache_ttl_s, int | float) or self.cache_ttl_s < 0:
            found.append("cache_ttl_s must not be negative")
        if not isinstance(self.delivery_timeout_s, int | float) or self.delivery_timeout_s <= 0:
            found.append("delivery_timeout_s must be positive")
        return found

    def check(self) -> Bitrix24Config:
        """Return self, or raise :class:`Bitrix24ConfigError` listing every problem."""
        problems = self.problems()
        if problems:
            raise Bitrix24ConfigError(self.tenant_id, problems)
        return self

    @classmethod
    def from_mapping(cls, tenant_id: str, data: Mapping[str, Any]) -> Bitrix24Config:
        """Build from configuration data (e.g. a tenant's ``bitrix24:`` section) and check it."""
        known = {"portal_url", "user_id", "webhook_key_name", "responsible_id", "timeout_s", "lead_source",
                 "cache_ttl_s", "delivery_timeout_s", "telephony_user_id"}
        problems = [f"unknown setting {key!r}" for key in data if key not in known]
        problems.extend(f"{key} is missing" for key in ("portal_url", "user_id", "webhook_key_name")
                        if key not in data)
        if problems:
            raise Bitrix24ConfigError(tenant_id, problems)
        try:
            responsible = data.get("responsible_id")
            config = cls(
                tenant_id=tenant_id, portal_url=str(data["portal_url"]), user_id=_as_int(data["user_id"]),
                webhook_key_name=str(data["webhook_key_name"]),
                responsible_id=None if responsible in (None, "") else _as_int(responsible),
                timeout_s=float(data.get("timeout_s", 0.8)),
                lead_source=str(data.get("lead_source", "CALLBACK")),
                cache_ttl_s=float(data.get("cache_ttl_s", 60.0)),
                delivery_timeout_s=float(data.get("delivery_timeout_s", 10.0)),
                telephony_user_id=_as_int(data["telephony_user_id"]) if data.get("telephony_user_id")
                else None,
            )
        except (TypeError, ValueError) as exc:
            raise Bitrix24ConfigError(tenant_id, [str(exc)]) from None
        return config.check()


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    if isinstance(value, str) and not value.strip().isdigit():
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(value)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _portal_problems(url: str) -> list[str]:
    if "/rest/" in url:
        # The whole webhook URL was pasted: it holds the code, so do not repeat it.
        return ["portal_url looks like a whole webhook URL: put only https://<portal> here and the "
                "webhook code into the keyring entry webhook_key_name"]
    try:
        parts = urlsplit(url)
    except ValueError:
        return ["portal_url is not a URL: expected e.g. https://acme.bitrix24.ru"]
    found: list[str] = []
    host = parts.hostname or ""
    if parts.scheme == "http" and host in _LOOPBACK:
        pass  # a portal emulated on this machine (tests)
    elif parts.scheme != "https":
        found.append(f"portal_url must start with https:// (Bitrix24 answers REST over HTTPS only), "
                     f"not {url[:30]!r}")
    if not host:
        found.append("portal_url has no host: expected e.g. https://acme.bitrix24.ru")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        found.append("portal_url must be the portal's address only (https://acme.bitrix24.ru), "
                     "without a path or query")
    return found


def phone_variants(number: str) -> list[str]:
    """The forms a number may be stored in: for Russia ``+7…``, ``8…`` and ``7…``; else ``+…`` and digits."""
    digits = "".join(ch for ch in number if ch.isdigit())
    try:
        key = parse_number(number, strict=False).key.split(";", 1)[0]
    except NumberError:
        key = ""
    if not key.startswith("+"):
        key = "+" + digits if digits else ""
    national = key[1:]
    variants = [key, national]
    if national.startswith("7") and len(national) == 11:
        variants.insert(1, "8" + national[1:])
    if digits and digits not in variants:
        variants.append(digits)
    seen: list[str] = []
    for value in variants:
        if value and value != "+" and value not in seen:
            seen.append(value)
    return seen[:20]


# -- one REST call -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reply:
    ok: bool
    result: Any = None
    http_status: int = 0
    error: str = ""
    """Why it failed, for logs and messages: a Bitrix error code, ``HTTP 502``, ``timeout``…"""
    retry: bool = True
    """A failure another attempt can get past (limits, outages, credentials being fixed)."""


def _call(client: httpx.Client, config: Bitrix24Config, code: str, method: str, params: Mapping[str, Any],
          timeout_s: float) -> _Reply:
    """POST one REST method; never raises, and no reply carries the webhook code."""
    if timeout_s < _MIN_REQUEST_S:
        return _Reply(False, error="timeout")
    try:
        response = client.post(config.method_url(code, method), json=dict(params),
                               headers={"Accept": "application/json"}, timeout=httpx.Timeout(timeout_s))
    except httpx.TimeoutException:
        return _Reply(False, error="timeout")
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return _Reply(False, error=f"bad portal URL: {type(exc).__name__}", retry=False)
    except httpx.HTTPError as exc:
        return _Reply(False, error=f"no connection: {type(exc).__name__}")
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, Mapping) and body.get("error"):
        error = str(body.get("error"))[:60]
        description = str(body.get("error_description") or "")[:120]
        text = redact(f"{error}: {description}" if description else error, code)
        return _Reply(False, http_status=status, error=text,
                      retry=error in _RETRY_CODES or _retry_status(status))
    if not response.is_success:
        return _Reply(False, http_status=status, error=f"HTTP {status}", retry=_retry_status(status))
    if not isinstance(body, Mapping) or "result" not in body:
        return _Reply(False, http_status=status, error="the answer is not a Bitrix24 REST answer")
    return _Reply(True, body["result"], status)


def _retry_status(status: int) -> bool:
    return status in (401, 408, 429) or status >= 500


# -- caller look-up ------------------------------------------------------------------


ConfigSource = Mapping[str, Bitrix24Config] | Callable[[str], Bitrix24Config | None]


class Bitrix24Lookup(LookupService[Bitrix24Config]):
    """Asynchronous caller look-ups in the tenants' Bitrix24 portals.

    The same interface and results as :class:`operator_desk.services.crm.CrmLookup`
    (both are :class:`LookupService`): :meth:`lookup` returns a request id at once and the
    :class:`CrmResult` reaches ``on_result`` on a worker thread, within about the
    tenant's ``timeout_s``.
    """

    name = "Bitrix24"

    def __init__(self, configs: ConfigSource, secrets: SecretStore | None = None, *, max_workers: int = 4,
                 transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(configs, secrets, max_workers=max_workers, transport=transport, clock=clock)
        self._users: dict[tuple[str, str], tuple[float, str]] = {}

    def _left(self, deadline: float) -> float:
        return deadline - self._clock()

    def _ask(self, config: Bitrix24Config, number: str, deadline: float) -> Answer:
        code = self._secrets.get(config.webhook_key_name) or ""
        if not code:
            return self._unavailable(config, "no webhook code in the keyring")
        values = phone_variants(number)
        if not values:
            return self._available(config, Answer(LookupStatus.NOT_FOUND, message="not in the CRM"))
        for entity in ("CONTACT", "LEAD"):
            reply = _call(self._client, config, code, "crm.duplicate.findbycomm",
                          {"entity_type": entity, "type": "PHONE", "values": values}, self._left(deadline))
            if not reply.ok:
                return self._unavailable(config, f"crm.duplicate.findbycomm: {reply.error}")
            ids = _ids(reply.result, entity)
            if ids:
                return self._card(config, code, entity.lower(), ids[0], deadline)
        return self._available(config, Answer(LookupStatus.NOT_FOUND, message="not in the CRM"))

    def _card(self, config: Bitrix24Config, code: str, entity: str, entity_id: str,
              deadline: float) -> Answer:
        method = f"crm.{entity}.get"
        reply = _call(self._client, config, code, method, {"id": entity_id}, self._left(deadline))
        if not reply.ok or not isinstance(reply.result, Mapping):
            return self._unavailable(config, f"crm.{entity}.get: {reply.error or 'no record'}")
        record: Mapping[str, Any] = reply.result
        name = _join(record.get("NAME"), record.get("SECOND_NAME"), record.get("LAST_NAME"))
        company = _text(record.get("COMPANY_TITLE"))
        if entity == "lead":
            name = name or _text(record.get("TITLE"))
        elif _text(record.get("COMPANY_ID")) not in ("", "0"):
            company = self._company(config, code, _text(record.get("COMPANY_ID")), deadline)
        card = {
            "name": name,
            "company": company,
            "city": _text(record.get("ADDRESS_CITY")),
            "address": _text(record.get("ADDRESS")),
            "responsible": self._user(config, code, _text(record.get("ASSIGNED_BY_ID")), deadline),
            "entity": entity,
        }
        log.debug("Bitrix24 card for tenant %s: %s %s", config.tenant_id, entity, entity_id)
        return self._available(config, Answer(LookupStatus.FOUND, card,
                                               config.entity_link(entity, entity_id)))

    def _company(self, config: Bitrix24Config, code: str, company_id: str, deadline: float) -> str:
        reply = _call(self._client, config, code, "crm.company.get", {"id": company_id}, self._left(deadline))
        if reply.ok and isinstance(reply.result, Mapping):
            return _text(reply.result.get("TITLE"))
        log.debug("Bitrix24 of tenant %s: no company name (%s)", config.tenant_id, reply.error)
        return ""

    def _user(self, config: Bitrix24Config, code: str, user_id: str, deadline: float) -> str:
        """The responsible user's name (best effort: the webhook may lack the ``user`` scope)."""
        if user_id in ("", "0"):
            return ""
        key = (config.base_url, user_id)
        now = self._clock()
        with self._lock:
            cached = self._users.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        reply = _call(self._client, config, code, "user.get", {"ID": user_id}, self._left(deadline))
        users = reply.result if reply.ok and isinstance(reply.result, list) else []
        if not users or not isinstance(users[0], Mapping):
            log.debug("Bitrix24 of tenant %s: no name for user %s (%s)", config.tenant_id, user_id,
                      reply.error)
            return ""
        name = _join(users[0].get("NAME"), users[0].get("LAST_NAME"))
        with self._lock:
            if len(self._users) >= MAX_CACHE:
                self._users.clear()
            self._users[key] = (now + USER_CACHE_TTL_S, name)
        return name

    def _unavailable(self, config: Bitrix24Config, why: str) -> Answer:
        self._health.failed(config.tenant_id, why)
        return Answer(LookupStatus.UNAVAILABLE, message="CRM unavailable")

    def _available(self, config: Bitrix24Config, answer: Answer) -> Answer:
        self._health.ok(config.tenant_id)
        return answer


def _ids(result: Any, entity: str) -> list[str]:
    """Ids out of a ``crm.duplicate.findbycomm`` result (``[]`` when nothing matched, a PHP quirk)."""
    if not isinstance(result, Mapping):
        return []
    found = result.get(entity)
    if not isinstance(found, list):
        return []
    return [str(v) for v in found if isinstance(v, int | str) and not isinstance(v, bool) and str(v).strip()]


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list | bool):
        return ""
    return str(value).strip()


def _join(*parts: Any) -> str:
    return " ".join(t for t in (_text(p) for p in parts) if t)


# -- callback delivery -----------------------------------------------------------------


class Bitrix24CallbackEndpoint:
    """Delivers outbox callback requests to a Bitrix24 portal as leads, idempotently.

    ``deliver(item, client)`` is called from the outbox worker's sender threads with the
    worker's shared ``httpx.Client``; it never raises for network or portal trouble.
    """

    kinds = frozenset({"callback"})

    def __init__(self, config: Bitrix24Config, secrets: SecretStore | None = None) -> None:
        self.config = config
        self._secrets = secrets or SecretStore()

    def deliver(self, item: OutboxItem, client: httpx.Client) -> Delivery:
        config = self.config
        if item.kind not in self.kinds:
            return Delivery(False, True, 0, f"Bitrix24 takes callback requests, not {item.kind!r} items")
        code = self._secrets.get(config.webhook_key_name) or ""
        if not code:
            return Delivery(False, False, 0, "no Bitrix24 webhook code in the keyring")
        found = _call(client, config, code, "crm.lead.list", {
            "filter": {"=ORIGINATOR_ID": ORIGINATOR, "=ORIGIN_ID": item.id},
            "select": ["ID"],
        }, config.delivery_timeout_s)
        if not found.ok:
            return self._failed(item, "crm.lead.list", found)
        if isinstance(found.result, list) and found.result:
            lead_id = _text(found.result[0].get("ID")) if isinstance(found.result[0], Mapping) else ""
            log.info("outbox item %s: lead %s already in Bitrix24 (tenant %s)", item.id, lead_id,
                     item.tenant_id)
            return Delivery(True, False, found.http_status, f"lead {lead_id} (already there)")
        added = _call(client, config, code, "crm.lead.add", {
            "fields": lead_fields(item, config), "params": {"REGISTER_SONET_EVENT": "Y"},
        }, config.delivery_timeout_s)
        if not added.ok:
            return self._failed(item, "crm.lead.add", added)
        log.info("outbox item %s: lead %s created in Bitrix24 (tenant %s)", item.id, _text(added.result),
                 item.tenant_id)
        return Delivery(True, False, added.http_status, f"lead {_text(added.result)}")

    def _failed(self, item: OutboxItem, method: str, reply: _Reply) -> Delivery:
        message = f"{method}: {reply.error}"
        log.debug("outbox item %s (tenant %s): %s", item.id, item.tenant_id, message)
        return Delivery(False, not reply.retry, reply.http_status, message)


def lead_fields(item: OutboxItem, config: Bitrix24Config) -> dict[str, Any]:
    """The ``crm.lead.add`` fields for a callback request's outbox item."""
    payload = item.payload
    number = _text(payload.get("number"))
    variants = phone_variants(number) if number else []
    phone = variants[0] if variants and variants[0].startswith("+") else number
    name = _text(payload.get("name"))
    lines: list[str] = []
    form = payload.get("fields")
    if isinstance(form, Mapping):
        lines.extend(f"{key}: {_text(value)}" for key, value in form.items() if _text(value))
    if _text(payload.get("note")):
        lines.append(f"Комментарий оператора: {_text(payload.get('note'))}")
    if _text(payload.get("preferred_at")):
        lines.append(f"Перезвонить: {_text(payload.get('preferred_at'))}")
    if _text(payload.get("created_at")):
        lines.append(f"Заявка принята: {_text(payload.get('created_at'))}")
    if _text(payload.get("call_id")):
        lines.append(f"Звонок: {_text(payload.get('call_id'))}")
    lines.append(f"Заявка: {item.id}")
    fields: dict[str, Any] = {
        "TITLE": f"Обратный звонок: {name or phone or 'без номера'}",
        "NAME": name,
        "PHONE": [{"VALUE": phone, "VALUE_TYPE": "WORK"}] if phone else [],
        "COMMENTS": "\n".join(lines),
        "SOURCE_ID": config.lead_source,
        "SOURCE_DESCRIPTION": "Operator Desk",
        "STATUS_ID": "NEW",
        "OPENED": "Y",
        "ORIGINATOR_ID": ORIGINATOR,
        "ORIGIN_ID": item.id,
    }
    if config.responsible_id is not None:
        fields["ASSIGNED_BY_ID"] = config.responsible_id
    return fields
