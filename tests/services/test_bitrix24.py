"""Bitrix24 connector against a Bitrix24 portal emulated on 127.0.0.1 (a real HTTP server)."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from operator_desk.services.bitrix24 import (
    ORIGINATOR,
    Bitrix24CallbackEndpoint,
    Bitrix24Config,
    Bitrix24ConfigError,
    Bitrix24Lookup,
    Delivery,
    lead_fields,
    phone_variants,
    redact,
)
from operator_desk.services.crm import CrmResult, LookupStatus
from operator_desk.services.secrets import SecretStore
from operator_desk.storage.outbox import OutboxItem, OutboxState
from tests.conftest import wait_until

from .conftest import Clock, MemoryKeyring, Results, SwitchableServer

CODE = "x7k2p9q4w1e8r5t3"
"""The inbound webhook code: the secret part of the URL."""
KEY = "bitrix24/taxi"
USER = 1
PATH = re.compile(r"^/rest/(?P<user>\d+)/(?P<code>[^/]+)/(?P<method>[\w.]+?)(?:\.json)?$")


def envelope(result: Any) -> Response:
    now = time.time()
    body = {"result": result, "time": {
        "start": now, "finish": now + 0.01, "duration": 0.01, "processing": 0.005,
        "date_start": "2026-03-10T11:19:38+03:00", "date_finish": "2026-03-10T11:19:38+03:00",
        "operating_reset_at": int(now) + 600, "operating": 0}}
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")


def error(status: int, code: str, description: str) -> Response:
    return Response(json.dumps({"error": code, "error_description": description}), status=status,
                    content_type="application/json")


def digits10(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())[-10:]


@dataclass
class FakePortal(SwitchableServer):
    """A Bitrix24 portal's REST API, the parts the desk uses, with its quirks and failures."""

    server: HTTPServer
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    leads: dict[str, dict[str, Any]] = field(default_factory=dict)
    companies: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    hooks: dict[str, Callable[[dict[str, Any]], Response | None]] = field(default_factory=dict)
    """Method -> a function that may answer instead of the portal (None: behave)."""
    add_delay_s: float = 0.0
    """crm.lead.add sleeps this long *after* creating the lead (a slow answer that still worked)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def portal_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def count(self, method: str) -> int:
        return Counter(m for m, _ in self.calls)[method]

    def handle(self, request: Request) -> Response:
        match = PATH.match(request.path)
        if match is None:
            return error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        method = match["method"]
        params = json.loads(request.get_data(as_text=True) or "{}")
        with self.lock:
            self.calls.append((method, params))
        if match["user"] != str(USER) or match["code"] != CODE:
            return error(401, "INVALID_CREDENTIALS", "Invalid request credentials")
        hook = self.hooks.get(method)
        if hook is not None:
            answer = hook(params)
            if answer is not None:
                return answer
        handler = getattr(self, "m_" + method.lower().replace(".", "_"), None)
        if handler is None:
            return error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
        answer = handler(params)
        return answer if isinstance(answer, Response) else envelope(answer)

    # -- methods -----------------------------------------------------------------------

    def m_crm_duplicate_findbycomm(self, params: dict[str, Any]) -> Any:
        if params.get("type") != "PHONE":
            return error(400, "Communication type is not defined", "Parameter 'type' is required.")
        wanted = {digits10(v) for v in params.get("values", [])}
        found: dict[str, list[int]] = {}
        for entity, records in (("CONTACT", self.contacts), ("LEAD", self.leads)):
            if params.get("entity_type") not in (None, entity):
                continue
            ids = [int(i) for i, r in records.items()
                   if any(digits10(p["VALUE"]) in wanted for p in r.get("PHONE", []))]
            if ids:
                found[entity] = ids
        return found or []  # PHP: an empty array, not an object

    def _get(self, records: dict[str, dict[str, Any]], params: dict[str, Any]) -> Any:
        record = records.get(str(params.get("id")))
        if record is None:
            return error(400, "", "Not found")
        return record

    def m_crm_contact_get(self, params: dict[str, Any]) -> Any:
        return self._get(self.contacts, params)

    def m_crm_lead_get(self, params: dict[str, Any]) -> Any:
        return self._get(self.leads, params)

    def m_crm_company_get(self, params: dict[str, Any]) -> Any:
        return self._get(self.companies, params)

    def m_user_get(self, params: dict[str, Any]) -> Any:
        user = self.users.get(str(params.get("ID")))
        return [user] if user else []

    def m_crm_lead_list(self, params: dict[str, Any]) -> Any:
        conditions = {key.lstrip("="): value for key, value in params.get("filter", {}).items()}
        with self.lock:
            rows = [{"ID": i} for i, lead in self.leads.items()
                    if all(str(lead.get(k)) == str(v) for k, v in conditions.items())]
        return rows

    def m_crm_lead_add(self, params: dict[str, Any]) -> Any:
        with self.lock:
            lead_id = str(1000 + len(self.leads))
            self.leads[lead_id] = {"ID": lead_id, **params["fields"]}
        if self.add_delay_s:
            time.sleep(self.add_delay_s)  # what the test simulates: the lead is made, the answer late
        return int(lead_id)


@pytest.fixture
def portal(portal_server: HTTPServer) -> FakePortal:
    if not portal_server.is_running():
        portal_server.start()
    portal_server.clear()
    fake = FakePortal(portal_server)
    portal_server.expect_request(re.compile(r"^/rest/.*")).respond_with_handler(fake.handle)
    fake.contacts["275"] = {
        "ID": "275", "NAME": "Иван", "SECOND_NAME": "Сергеевич", "LAST_NAME": "Петров", "COMPANY_ID": "12",
        "ADDRESS": "ул. Ленина, 1", "ADDRESS_CITY": "Москва", "ASSIGNED_BY_ID": "7",
        "PHONE": [{"ID": "31", "VALUE_TYPE": "WORK", "VALUE": "8 (495) 123-45-67", "TYPE_ID": "PHONE"}],
    }
    fake.companies["12"] = {"ID": "12", "TITLE": "ООО Ромашка"}
    fake.users["7"] = {"ID": "7", "NAME": "Анна", "LAST_NAME": "Смирнова", "ACTIVE": True}
    fake.leads["88"] = {
        "ID": "88", "TITLE": "Заявка с сайта", "NAME": "", "LAST_NAME": "", "COMPANY_TITLE": "ИП Сидоров",
        "ADDRESS_CITY": "Казань", "ADDRESS": None, "ASSIGNED_BY_ID": "9",
        "PHONE": [{"ID": "40", "VALUE_TYPE": "MOBILE", "VALUE": "+79161112233", "TYPE_ID": "PHONE"}],
    }
    return fake


@pytest.fixture
def webhook(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    memory_keyring.set_password("operator-desk", KEY, CODE)
    return memory_keyring


def config(portal: FakePortal, **kw: Any) -> Bitrix24Config:
    settings: dict[str, Any] = dict(tenant_id="taxi", portal_url=portal.portal_url, user_id=USER,
                                    webhook_key_name=KEY, responsible_id=5, timeout_s=0.5)
    settings.update(kw)
    return Bitrix24Config(**settings).check()


@pytest.fixture
def lookup(portal: FakePortal, webhook: MemoryKeyring) -> Iterator[Bitrix24Lookup]:
    service = Bitrix24Lookup({"taxi": config(portal)}, SecretStore())
    yield service
    service.close()


def ask(service: Bitrix24Lookup, number: str, tenant: str = "taxi") -> tuple[CrmResult, float]:
    results = Results()
    started = time.monotonic()
    request_id = service.lookup(tenant, number, results)
    assert time.monotonic() - started < 0.2  # the caller never waits (a loaded CI box is slow)
    result = results.get()
    assert result.request_id == request_id
    return result, time.monotonic() - started


def desk_log(caplog: pytest.LogCaptureFixture) -> str:
    """What the desk logged (the emulated portal's own access log is not the desk's)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))


# -- look-up ---------------------------------------------------------------------------


def test_a_known_contact_gets_a_card_with_a_link(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    result, _ = ask(lookup, "+7 495 123-45-67")
    assert result.status is LookupStatus.FOUND
    assert dict(result.card) == {
        "name": "Иван Сергеевич Петров", "company": "ООО Ромашка", "city": "Москва",
        "address": "ул. Ленина, 1", "responsible": "Анна Смирнова", "entity": "contact"}
    assert result.link == f"{portal.portal_url}/crm/contact/details/275/"
    method, params = portal.calls[0]
    assert method == "crm.duplicate.findbycomm"
    assert params == {"entity_type": "CONTACT", "type": "PHONE",
                      "values": ["+74951234567", "84951234567", "74951234567"]}
    assert [m for m, _ in portal.calls] == [
        "crm.duplicate.findbycomm", "crm.contact.get", "crm.company.get", "user.get"]


def test_a_caller_known_only_as_a_lead(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    portal.users["9"] = {"ID": "9", "NAME": "Олег", "LAST_NAME": "Ким"}
    result, _ = ask(lookup, "89161112233")
    assert result.status is LookupStatus.FOUND
    assert dict(result.card) == {"name": "Заявка с сайта", "company": "ИП Сидоров", "city": "Казань",
                                 "address": "", "responsible": "Олег Ким", "entity": "lead"}
    assert result.link == f"{portal.portal_url}/crm/lead/details/88/"
    assert [p.get("entity_type") for m, p in portal.calls if m == "crm.duplicate.findbycomm"] == [
        "CONTACT", "LEAD"]


def test_a_contact_wins_over_a_lead_with_the_same_number(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    portal.leads["88"]["PHONE"] = [{"VALUE": "+74951234567", "VALUE_TYPE": "WORK"}]
    result, _ = ask(lookup, "+74951234567")
    assert result.card["entity"] == "contact"
    assert portal.count("crm.duplicate.findbycomm") == 1


def test_an_unknown_caller_is_not_found(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    result, _ = ask(lookup, "+74950000000")
    assert result.status is LookupStatus.NOT_FOUND and not result.card and not result.link
    assert portal.count("crm.duplicate.findbycomm") == 2


def test_the_card_survives_a_webhook_without_the_user_scope(lookup: Bitrix24Lookup,
                                                            portal: FakePortal) -> None:
    portal.hooks["user.get"] = lambda params: error(
        401, "insufficient_scope",
        "The request requires higher privileges than provided by the webhook token")
    result, _ = ask(lookup, "+74951234567")
    assert result.status is LookupStatus.FOUND
    assert result.card["name"] == "Иван Сергеевич Петров" and result.card["responsible"] == ""


def test_answers_are_cached_for_a_short_time(portal: FakePortal, webhook: MemoryKeyring) -> None:
    clock = Clock()
    service = Bitrix24Lookup({"taxi": config(portal)}, SecretStore(), clock=clock)
    try:
        assert ask(service, "+74951234567")[0].status is LookupStatus.FOUND
        requests = len(portal.calls)
        cached, _ = ask(service, "+74951234567")
        assert cached.from_cache and cached.card["company"] == "ООО Ромашка"
        assert len(portal.calls) == requests
        clock.now += 61
        assert not ask(service, "+74951234567")[0].from_cache
        assert portal.count("user.get") == 1  # the responsible's name is kept longer
    finally:
        service.close()


@pytest.mark.parametrize("answer", [
    error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
    error(401, "INVALID_CREDENTIALS", "Invalid request credentials"),
    error(401, "OVERLOAD_LIMIT", "REST API is blocked due to overload"),
    error(500, "INTERNAL_SERVER_ERROR", "Internal server error"),
    Response(json.dumps({"error": "ACCESS_DENIED", "error_description": "Access denied"}), status=200,
             content_type="application/json"),
    Response("<html>502 Bad Gateway</html>", status=502, content_type="text/html"),
    Response("<html>maintenance</html>", status=200, content_type="text/html"),
    Response(json.dumps({"total": 0}), status=200, content_type="application/json"),
], ids=["503-limit", "401-webhook", "401-overload", "500", "200-error", "502-html", "200-html", "no-result"])
def test_portal_errors_are_unavailable_quietly(lookup: Bitrix24Lookup, portal: FakePortal, answer: Response,
                                               caplog: pytest.LogCaptureFixture) -> None:
    portal.hooks["crm.duplicate.findbycomm"] = lambda params: answer
    result, waited = ask(lookup, "+74951234567")
    assert result.status is LookupStatus.UNAVAILABLE and not result.card
    assert result.message == "CRM unavailable"
    assert waited < 1.0
    assert not any(r.exc_info for r in caplog.records)  # a known outage, not a traceback


def test_an_error_on_the_card_is_unavailable(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    portal.hooks["crm.contact.get"] = lambda params: error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    assert ask(lookup, "+74951234567")[0].status is LookupStatus.UNAVAILABLE


def test_a_wrong_webhook_code_is_unavailable(portal: FakePortal, memory_keyring: MemoryKeyring) -> None:
    memory_keyring.set_password("operator-desk", KEY, "revoked-code-000")
    service = Bitrix24Lookup({"taxi": config(portal)}, SecretStore())
    try:
        assert ask(service, "+74951234567")[0].status is LookupStatus.UNAVAILABLE
    finally:
        service.close()


@pytest.mark.parametrize("slow_method", ["crm.duplicate.findbycomm", "crm.contact.get", "user.get"])
def test_a_slow_portal_is_unavailable_within_one_second(lookup: Bitrix24Lookup, portal: FakePortal,
                                                         slow_method: str) -> None:
    def slow(params: dict[str, Any]) -> Response | None:
        time.sleep(0.1)  # what the test simulates: every request takes a while
        return None

    answer = threading.Event()

    def too_slow(params: dict[str, Any]) -> Response | None:  # answers once the desk gave up
        answer.wait(10)
        return None

    for method in ("crm.duplicate.findbycomm", "crm.contact.get", "crm.company.get", "user.get"):
        portal.hooks[method] = slow
    portal.hooks[slow_method] = too_slow
    try:
        result, waited = ask(lookup, "+74951234567")
    finally:
        answer.set()
    assert waited < 1.0
    if slow_method == "user.get":  # the card came in time; only the name of the responsible did not
        assert result.status is LookupStatus.FOUND and result.card["responsible"] == ""
    else:
        assert result.status is LookupStatus.UNAVAILABLE


def test_a_portal_that_is_gone_is_unavailable_quickly(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    portal.down()
    try:
        result, waited = ask(lookup, "+74951234567")
        assert result.status is LookupStatus.UNAVAILABLE and waited < 1.0
    finally:
        portal.up()
    assert ask(lookup, "+74951234567")[0].status is LookupStatus.FOUND  # failures are not cached


def test_no_webhook_code_in_the_keyring_is_unavailable_without_a_request(
        portal: FakePortal, memory_keyring: MemoryKeyring) -> None:
    service = Bitrix24Lookup({"taxi": config(portal)}, SecretStore())
    try:
        result, _ = ask(service, "+74951234567")
        assert result.status is LookupStatus.UNAVAILABLE
    finally:
        service.close()
    assert portal.calls == []


def test_a_tenant_without_bitrix24_is_not_configured(lookup: Bitrix24Lookup, portal: FakePortal) -> None:
    result, _ = ask(lookup, "+74951234567", tenant="bank")
    assert result.status is LookupStatus.NOT_CONFIGURED
    assert portal.calls == []


def test_the_webhook_code_never_reaches_logs_or_messages(lookup: Bitrix24Lookup, portal: FakePortal,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    # A portal that echoes the request URL (with the code) in its error text.
    portal.hooks["crm.duplicate.findbycomm"] = lambda params: error(
        400, "ERROR_CORE", f"bad call /rest/{USER}/{CODE}/crm.duplicate.findbycomm.json")
    messages = [ask(lookup, "+74951234567")[0].message]
    portal.hooks.clear()
    lookup.invalidate()
    messages.append(ask(lookup, "+74951234567")[0].message)
    portal.hooks["crm.duplicate.findbycomm"] = lambda params: error(503, "QUERY_LIMIT_EXCEEDED", "Too many")
    messages.append(ask(lookup, "+74957654321")[0].message)
    client = httpx.Client()
    try:
        portal.hooks["crm.lead.list"] = portal.hooks["crm.duplicate.findbycomm"] = lambda params: error(
            400, "ERROR_CORE", f"bad call /rest/{USER}/{CODE}/crm.lead.list.json")
        delivery = Bitrix24CallbackEndpoint(config(portal), SecretStore()).deliver(callback_item(), client)
    finally:
        client.close()
    messages.append(delivery.message)
    logged = desk_log(caplog)
    assert "unavailable" in logged
    assert any("***" in m for m in [*messages, logged])  # the echoed URL was redacted, not dropped
    for text in [*messages, logged]:
        assert CODE not in text
    for personal in ("1234567", "7654321", "Иван", "Петров"):
        assert personal not in logged  # callers' numbers and names stay out of the log above DEBUG...
    assert all(personal not in r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG
               for personal in ("Иван", "1234567"))


def test_a_failing_result_handler_does_not_break_the_lookup(lookup: Bitrix24Lookup,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    def broken(result: CrmResult) -> None:
        raise RuntimeError("handler bug")

    lookup.lookup("taxi", "+74951234567", broken)
    assert ask(lookup, "+74950000000")[0].status is LookupStatus.NOT_FOUND
    wait_until(lambda: "result handler failed" in caplog.text, 5, "the handler's failure in the log")


def test_phone_variants() -> None:
    assert phone_variants("8 (495) 123-45-67") == ["+74951234567", "84951234567", "74951234567"]
    assert phone_variants("+375 29 123-45-67") == ["+375291234567", "375291234567"]
    assert phone_variants("anonymous") == []


def test_redact() -> None:
    assert redact(f"https://a.bitrix24.ru/rest/1/{CODE}/x.json", CODE) == "https://a.bitrix24.ru/rest/1/***/x.json"
    assert redact("nothing", "") == "nothing"


# -- configuration ---------------------------------------------------------------------


def test_config_reports_every_problem() -> None:
    bad = Bitrix24Config(tenant_id="", portal_url="http://acme.bitrix24.ru/crm/?x=1", user_id=0,
                         webhook_key_name=" ", responsible_id=-3, timeout_s=1.5,
                         lead_source="Обратный звонок", cache_ttl_s=-1, delivery_timeout_s=0)
    problems = bad.problems()
    expected = ["tenant_id is empty", "https://", "without a path or query", "user_id", "webhook_key_name",
                "responsible_id", "below 1 second", "lead_source", "cache_ttl_s", "delivery_timeout_s"]
    for fragment in expected:
        assert any(fragment in p for p in problems), fragment
    assert len(problems) == len(expected)
    with pytest.raises(Bitrix24ConfigError):
        bad.check()


def test_a_pasted_webhook_url_is_reported_without_repeating_the_code() -> None:
    bad = Bitrix24Config(tenant_id="taxi", portal_url=f"https://acme.bitrix24.ru/rest/1/{CODE}/",
                         user_id=1, webhook_key_name=KEY)
    problems = bad.problems()
    assert problems and "whole webhook URL" in problems[0]
    assert all(CODE not in p for p in problems)


def test_a_good_config_has_no_problems() -> None:
    good = Bitrix24Config(tenant_id="taxi", portal_url="https://acme.bitrix24.ru", user_id=1,
                          webhook_key_name=KEY)
    assert good.problems() == []
    assert good.method_url("c0de", "crm.lead.add") == "https://acme.bitrix24.ru/rest/1/c0de/crm.lead.add.json"
    assert Bitrix24Config(tenant_id="t", portal_url="http://127.0.0.1:8080/", user_id=1,
                          webhook_key_name=KEY).problems() == []


def test_config_from_mapping() -> None:
    cfg = Bitrix24Config.from_mapping("taxi", {
        "portal_url": "https://acme.bitrix24.ru", "user_id": "17", "webhook_key_name": KEY,
        "responsible_id": 42, "lead_source": "WEB", "timeout_s": 0.7})
    assert (cfg.user_id, cfg.responsible_id, cfg.lead_source, cfg.timeout_s) == (17, 42, "WEB", 0.7)
    with pytest.raises(Bitrix24ConfigError) as info:
        Bitrix24Config.from_mapping("taxi", {"portal": "https://acme.bitrix24.ru", "webhook": CODE})
    assert info.value.problems == ["unknown setting 'portal'", "unknown setting 'webhook'",
                                   "portal_url is missing", "user_id is missing",
                                   "webhook_key_name is missing"]
    with pytest.raises(Bitrix24ConfigError):
        Bitrix24Config.from_mapping("taxi", {"portal_url": "https://a.bitrix24.ru", "user_id": "one",
                                             "webhook_key_name": KEY})


# -- callback delivery -----------------------------------------------------------------


def callback_item(item_id: str = "5f0c6b8e-2a7d-4c59-9b8e-0d1f2a3b4c5d",
                  kind: str = "callback") -> OutboxItem:
    payload = {
        "id": item_id, "type": "callback", "tenant": "taxi", "number": "8 (916) 555-44-33", "name": "Мария",
        "fields": {"reason": "Не приехала машина", "order": "A-1024", "empty": ""}, "note": "Срочно",
        "call_id": "abc@pbx", "preferred_at": "2026-03-10T15:00:00+00:00",
        "created_at": "2026-03-10T11:00:00+00:00",
    }
    return OutboxItem(item_id, kind, "taxi", payload, OutboxState.DELIVERING, 1, 0, 0, 0, None, 0, "")


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as shared:
        yield shared


def test_a_callback_request_becomes_a_lead(portal: FakePortal, webhook: MemoryKeyring,
                                           client: httpx.Client) -> None:
    endpoint = Bitrix24CallbackEndpoint(config(portal, lead_source="CALLBACK"), SecretStore())
    item = callback_item()
    outcome = endpoint.deliver(item, client)
    assert outcome == Delivery(True, False, 200, "lead 1001")
    ok, permanent, status, message = outcome  # the outbox can unpack it as a tuple
    assert (ok, permanent, status, message) == (True, False, 200, "lead 1001")
    lead = portal.leads["1001"]
    assert lead["TITLE"] == "Обратный звонок: Мария"
    assert lead["NAME"] == "Мария"
    assert lead["PHONE"] == [{"VALUE": "+79165554433", "VALUE_TYPE": "WORK"}]
    assert (lead["SOURCE_ID"], lead["ASSIGNED_BY_ID"]) == ("CALLBACK", 5)
    assert (lead["ORIGINATOR_ID"], lead["ORIGIN_ID"]) == (ORIGINATOR, item.id)
    assert "reason: Не приехала машина" in lead["COMMENTS"] and "order: A-1024" in lead["COMMENTS"]
    assert "empty" not in lead["COMMENTS"] and "Срочно" in lead["COMMENTS"] and item.id in lead["COMMENTS"]
    assert [m for m, _ in portal.calls] == ["crm.lead.list", "crm.lead.add"]
    assert portal.calls[0][1]["filter"] == {"=ORIGINATOR_ID": ORIGINATOR, "=ORIGIN_ID": item.id}
    assert portal.calls[1][1]["params"] == {"REGISTER_SONET_EVENT": "Y"}


def test_a_retry_after_a_timeout_that_created_the_lead_creates_no_duplicate(
        portal: FakePortal, webhook: MemoryKeyring, client: httpx.Client) -> None:
    endpoint = Bitrix24CallbackEndpoint(config(portal, delivery_timeout_s=0.3), SecretStore())
    portal.add_delay_s = 1.0  # the portal creates the lead, then answers too late
    item = callback_item()
    first = endpoint.deliver(item, client)
    assert (first.ok, first.permanent, first.status) == (False, False, 0)
    assert "timeout" in first.message
    assert len(portal.leads) == 2  # the lead exists although the desk never heard so
    portal.add_delay_s = 0.0
    second = endpoint.deliver(item, client)
    assert second.ok and "already there" in second.message
    third = endpoint.deliver(item, client)  # and again (e.g. after a crash): still one lead
    assert third.ok
    assert portal.count("crm.lead.add") == 1
    assert [lead["ORIGIN_ID"] for lead in portal.leads.values() if "ORIGIN_ID" in lead] == [item.id]


def test_another_request_gets_its_own_lead(portal: FakePortal, webhook: MemoryKeyring,
                                           client: httpx.Client) -> None:
    endpoint = Bitrix24CallbackEndpoint(config(portal, responsible_id=None), SecretStore())
    assert endpoint.deliver(callback_item("a"), client).ok
    assert endpoint.deliver(callback_item("b"), client).ok
    assert portal.count("crm.lead.add") == 2
    assert all("ASSIGNED_BY_ID" not in fields for m, p in portal.calls if m == "crm.lead.add"
               for fields in [p["fields"]])


@pytest.mark.parametrize(("answer", "permanent", "status"), [
    (error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"), False, 503),
    (error(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit"), False, 429),
    (error(401, "INVALID_CREDENTIALS", "Invalid request credentials"), False, 401),
    (error(500, "INTERNAL_SERVER_ERROR", "Internal server error"), False, 500),
    (error(400, "ERROR_CORE", "Unsupported field value"), True, 400),
    (error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!"), True, 404),
    (Response(json.dumps({"error": "ACCESS_DENIED", "error_description": "Access denied"}), status=200,
              content_type="application/json"), True, 200),
], ids=["503-limit", "429-operating", "401-webhook", "500", "400", "404-scope", "200-error"])
def test_delivery_errors_say_whether_to_retry(portal: FakePortal, webhook: MemoryKeyring,
                                              client: httpx.Client, answer: Response, permanent: bool,
                                              status: int) -> None:
    portal.hooks["crm.lead.add"] = lambda params: answer
    outcome = Bitrix24CallbackEndpoint(config(portal), SecretStore()).deliver(callback_item(), client)
    assert (outcome.ok, outcome.permanent, outcome.status) == (False, permanent, status)
    assert outcome.message.startswith("crm.lead.add: ")


def test_no_lead_is_added_when_the_duplicate_check_fails(portal: FakePortal, webhook: MemoryKeyring,
                                                         client: httpx.Client) -> None:
    portal.hooks["crm.lead.list"] = lambda params: error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    outcome = Bitrix24CallbackEndpoint(config(portal), SecretStore()).deliver(callback_item(), client)
    assert (outcome.ok, outcome.permanent) == (False, False)
    assert portal.count("crm.lead.add") == 0


def test_delivery_to_a_portal_that_is_gone_is_retried(portal: FakePortal, webhook: MemoryKeyring,
                                                      client: httpx.Client) -> None:
    endpoint = Bitrix24CallbackEndpoint(config(portal, delivery_timeout_s=0.5), SecretStore())
    portal.down()
    try:
        outcome = endpoint.deliver(callback_item(), client)
    finally:
        portal.up()
    assert (outcome.ok, outcome.permanent, outcome.status) == (False, False, 0)
    assert endpoint.deliver(callback_item(), client).ok


def test_delivery_without_a_webhook_code_waits_without_a_request(portal: FakePortal,
                                                                  memory_keyring: MemoryKeyring,
                                                                  client: httpx.Client) -> None:
    outcome = Bitrix24CallbackEndpoint(config(portal), SecretStore()).deliver(callback_item(), client)
    assert (outcome.ok, outcome.permanent) == (False, False)
    assert "keyring" in outcome.message
    assert portal.calls == []


def test_other_outbox_kinds_are_refused_for_good(portal: FakePortal, webhook: MemoryKeyring,
                                                 client: httpx.Client) -> None:
    outcome = Bitrix24CallbackEndpoint(config(portal), SecretStore()).deliver(
        callback_item(kind="script_gap"), client)
    assert (outcome.ok, outcome.permanent) == (False, True)
    assert portal.calls == []


def test_lead_fields_without_a_name() -> None:
    item = callback_item()
    payload = dict(item.payload, name="", fields={})
    bare = OutboxItem(item.id, item.kind, item.tenant_id, payload, item.state, 0, 0, 0, 0, None, 0, "")
    fields = lead_fields(bare, Bitrix24Config("taxi", "https://a.bitrix24.ru", 1, KEY, lead_source="WEB"))
    assert fields["TITLE"] == "Обратный звонок: +79165554433"
    assert fields["SOURCE_ID"] == "WEB" and "ASSIGNED_BY_ID" not in fields


def test_the_outbox_delivers_a_submitted_callback_to_bitrix24_as_one_lead(
        portal: FakePortal, webhook: MemoryKeyring, tmp_path: Any) -> None:
    """The whole path: a callback submitted at the desk, the outbox worker, the portal."""
    from operator_desk.services.outbox import OutboxWorker
    from operator_desk.storage.callbacks import Callbacks
    from operator_desk.storage.db import Database
    from operator_desk.storage.outbox import OutboxQueue, OutboxState

    db = Database.open(tmp_path / "desk.sqlite3")
    cfg = config(portal)
    worker = OutboxWorker(db, lambda tenant: Bitrix24CallbackEndpoint(cfg, SecretStore()),
                          secrets=SecretStore())
    worker.start()
    try:
        Callbacks(db.conn, on_enqueued=worker.wake).submit(
            "taxi", "+79165554433", name="Мария", fields={"reason": "Не приехала машина"})
        queue = OutboxQueue(db.conn)
        wait_until(lambda: [i.state for i in queue.items()] == [OutboxState.DELIVERED], 10, "delivery")
        titles = [lead["TITLE"] for lead in portal.leads.values()]
        assert titles.count("Обратный звонок: Мария") == 1
    finally:
        worker.stop()
        db.close()
