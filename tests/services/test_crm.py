"""Caller lookup against a real HTTP server that answers, is slow, fails or is gone."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator

import keyring
import pytest
from werkzeug import Request, Response

from operator_desk.services.crm import CrmConfig, CrmConfigError, CrmLookup, CrmResult, LookupStatus
from operator_desk.services.secrets import SecretStore
from tests.conftest import wait_until

from .conftest import BrokenKeyring, Clock, FakeCrm, MemoryKeyring, Results

TOKEN = "crm-token-0123456789"
IVAN = {"data": {"items": [{
    "id": 501, "full_name": "Иван Петров", "company": {"title": "ООО Ромашка"},
    "phones": ["+74951234567", "+79161234567"], "vip": True, "address": {"city": "Москва"},
}]}}


def config(crm: FakeCrm, **kw: object) -> CrmConfig:
    settings: dict[str, object] = dict(
        tenant_id="taxi",
        lookup_url=crm.url("/contacts?phone={digits}"),
        headers={"Authorization": "Bearer {token}", "X-Tenant": "{tenant}"},
        token_key="crm/taxi",
        record_path="data.items.0",
        fields={"name": "full_name", "company": "company.title", "phone2": "phones[1]", "vip": "vip",
                "city": "address.city", "missing": "nothing.here"},
        card_url="https://crm.example/contacts/{name}",
        timeout_s=0.5,
        cache_ttl_s=60.0,
    )
    settings.update(kw)
    return CrmConfig(**settings).check()  # type: ignore[arg-type]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def token(memory_keyring: MemoryKeyring) -> MemoryKeyring:
    memory_keyring.set_password("operator-desk", "crm/taxi", TOKEN)
    return memory_keyring


@pytest.fixture
def lookup(crm: FakeCrm, token: MemoryKeyring, clock: Clock) -> Iterator[CrmLookup]:
    crm.contacts["74951234567"] = IVAN
    service = CrmLookup({"taxi": config(crm)}, SecretStore(), clock=clock)
    yield service
    service.close()


def test_a_known_caller_gets_a_card(lookup: CrmLookup, crm: FakeCrm) -> None:
    results = Results()
    request_id = lookup.lookup("taxi", "8 (495) 123-45-67", results)
    result = results.get()
    assert result.request_id == request_id
    assert result.status is LookupStatus.FOUND
    assert dict(result.card) == {"name": "Иван Петров", "company": "ООО Ромашка", "phone2": "+79161234567",
                                 "vip": "yes", "city": "Москва", "missing": ""}
    assert result.link == "https://crm.example/contacts/%D0%98%D0%B2%D0%B0%D0%BD%20%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2"
    assert (result.tenant_id, result.number, result.from_cache) == ("taxi", "8 (495) 123-45-67", False)
    assert crm.headers_seen[-1]["Authorization"] == f"Bearer {TOKEN}"
    assert crm.headers_seen[-1]["X-Tenant"] == "taxi"
    assert results.threads[0] != threading.current_thread().name


def test_an_unknown_caller_is_not_found(lookup: CrmLookup) -> None:
    results = Results()
    lookup.lookup("taxi", "+74950000000", results)
    result = results.get()
    assert result.status is LookupStatus.NOT_FOUND and not result.card


def test_404_means_not_found(lookup: CrmLookup, crm: FakeCrm) -> None:
    crm.lookup_hook = lambda request: Response("{}", status=404)
    results = Results()
    lookup.lookup("taxi", "+74951234567", results)
    assert results.get().status is LookupStatus.NOT_FOUND


def test_the_caller_never_waits_and_a_slow_crm_is_unavailable_within_the_timeout(lookup: CrmLookup,
                                                                                   crm: FakeCrm) -> None:
    answer = threading.Event()

    def slow(request: Request) -> Response:  # answers only once the desk has given up
        answer.wait(10)
        return Response(json.dumps(IVAN), content_type="application/json")

    crm.lookup_hook = slow
    results = Results()
    started = time.monotonic()
    try:
        lookup.lookup("taxi", "+74951234567", results)
        assert time.monotonic() - started < 0.05  # returned at once
        result = results.get()
        waited = time.monotonic() - started
    finally:
        answer.set()
    assert result.status is LookupStatus.UNAVAILABLE
    assert result.message == "CRM unavailable"
    assert waited < 1.0


@pytest.mark.parametrize("answer", [
    Response("oops", status=500),
    Response("<html>maintenance</html>", status=200, content_type="text/html"),
    Response("{}", status=401),
])
def test_errors_and_garbage_are_unavailable(lookup: CrmLookup, crm: FakeCrm, answer: Response) -> None:
    crm.lookup_hook = lambda request: answer
    results = Results()
    lookup.lookup("taxi", "+74951234567", results)
    result = results.get()
    assert result.status is LookupStatus.UNAVAILABLE and not result.card


def test_a_crm_that_is_gone_is_unavailable_quickly(lookup: CrmLookup, crm: FakeCrm) -> None:
    crm.down()
    results = Results()
    started = time.monotonic()
    lookup.lookup("taxi", "+74951234567", results)
    assert results.get().status is LookupStatus.UNAVAILABLE
    assert time.monotonic() - started < 1.0
    crm.up()
    lookup.lookup("taxi", "+74951234567", results)
    assert results.get().status is LookupStatus.FOUND  # failures are not cached


def test_answers_are_cached_for_a_short_time(lookup: CrmLookup, crm: FakeCrm, clock: Clock) -> None:
    results = Results()
    lookup.lookup("taxi", "+74951234567", results)
    fresh = results.get()
    assert fresh.status is LookupStatus.FOUND
    assert fresh.source == "CRM" and fresh.fetched_ns > 0
    lookup.lookup("taxi", "+74951234567", results)
    cached = results.get()
    assert cached.from_cache and cached.card["name"] == "Иван Петров"
    # The card says how old a cached answer is: as old as the lookup that fetched it.
    assert (cached.source, cached.fetched_ns) == ("CRM", fresh.fetched_ns)
    assert crm.lookups == 1
    clock.now += 61
    lookup.lookup("taxi", "+74951234567", results)
    assert not results.get().from_cache
    assert crm.lookups == 2
    lookup.invalidate("taxi")
    lookup.lookup("taxi", "+74951234567", results)
    assert not results.get().from_cache


def test_no_connector_for_the_tenant(lookup: CrmLookup, crm: FakeCrm) -> None:
    results = Results()
    lookup.lookup("bank", "+74951234567", results)
    assert results.get().status is LookupStatus.NOT_CONFIGURED
    assert crm.lookups == 0


def test_settings_that_cannot_be_used_are_not_configured_and_a_bug_is_not_hidden(
        crm: FakeCrm, token: MemoryKeyring) -> None:
    def settings(tenant_id: str) -> CrmConfig:
        if tenant_id == "taxi":  # what the settings dialog let through, say
            return CrmConfig.from_mapping(tenant_id, {"lookup_url": "ftp://crm", "fields": {}})
        raise TypeError("a bug in the code that reads the settings")

    service = CrmLookup(settings, SecretStore())
    try:
        results = Results()
        service.lookup("taxi", "+74951234567", results)
        assert results.get().status is LookupStatus.NOT_CONFIGURED
        with pytest.raises(TypeError, match="a bug"):
            service.lookup("bank", "+74951234567", results)
    finally:
        service.close()
    assert crm.lookups == 0


def test_a_missing_token_is_unavailable_without_asking(crm: FakeCrm, memory_keyring: MemoryKeyring) -> None:
    service = CrmLookup({"taxi": config(crm)}, SecretStore())
    try:
        results = Results()
        service.lookup("taxi", "+74951234567", results)
        assert results.get().status is LookupStatus.UNAVAILABLE
    finally:
        service.close()
    assert crm.lookups == 0


def test_a_broken_keyring_is_unavailable(crm: FakeCrm, memory_keyring: MemoryKeyring) -> None:
    keyring.set_keyring(BrokenKeyring())
    service = CrmLookup({"taxi": config(crm)}, SecretStore())
    try:
        results = Results()
        service.lookup("taxi", "+74951234567", results)
        assert results.get().status is LookupStatus.UNAVAILABLE
    finally:
        service.close()


def test_a_failing_result_handler_does_not_break_the_service(lookup: CrmLookup, caplog) -> None:
    def broken(result: CrmResult) -> None:
        raise RuntimeError("handler bug")

    lookup.lookup("taxi", "+74951234567", broken)
    results = Results()
    lookup.lookup("taxi", "+74950000000", results)
    assert results.get().status is LookupStatus.NOT_FOUND
    wait_until(lambda: "result handler failed" in caplog.text, 5, "the handler's failure in the log")


def test_logs_carry_no_token_and_no_number(lookup: CrmLookup, crm: FakeCrm,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    results = Results()
    lookup.lookup("taxi", "+74951234567", results)
    results.get()
    crm.lookup_hook = lambda request: Response("no", status=503)
    lookup.lookup("taxi", "+74957654321", results)
    results.get()
    # everything the desk logged (the fake CRM's own access log is not the desk's)
    desk_logs = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert "unavailable" in desk_logs
    for secret in (TOKEN, "1234567", "7654321", "Иван"):
        assert secret not in desk_logs


def test_config_reports_every_problem() -> None:
    bad = CrmConfig(tenant_id="taxi", lookup_url="ftp://crm/{phone}?x={number!r}",
                    headers={"Authorization": "Bearer {token}"}, fields={},
                    card_url="https://crm/{id}", timeout_s=1.5)
    problems = bad.problems()
    assert any("http:// or https://" in p for p in problems)
    assert any("lookup_url: placeholder" in p for p in problems)
    assert any("token_key" in p for p in problems)
    assert any("card_url: {id} is not a card field" in p for p in problems)
    assert any("fields is empty" in p for p in problems)
    assert any("below 1 second" in p for p in problems)
    with pytest.raises(CrmConfigError):
        bad.check()
    unknown = CrmConfig(tenant_id="t", lookup_url="https://crm/{phone}", fields={"a": "b"})
    assert unknown.problems() == [
        "lookup_url: unknown placeholder {phone}; known: digits, e164, number, tenant, token"]


def test_config_from_mapping() -> None:
    cfg = CrmConfig.from_mapping("taxi", {
        "lookup_url": "https://crm.example/api?phone={e164}", "fields": {"name": "result.0.NAME"},
        "token_key": "crm/taxi", "headers": {"X-Api-Key": "{token}"}, "timeout_s": 0.7,
    })
    assert cfg.timeout_s == 0.7 and cfg.fields == {"name": "result.0.NAME"}
    with pytest.raises(CrmConfigError) as info:
        CrmConfig.from_mapping("taxi", {"url": "https://x", "fields": ["a"]})
    assert info.value.problems == [
        "unknown setting 'url'", "lookup_url is missing", "fields must map names to text"]


def test_number_placeholders(crm: FakeCrm, token: MemoryKeyring) -> None:
    seen: list[str] = []

    def record(request: Request) -> Response:
        seen.append(request.query_string.decode())
        return Response("[]", content_type="application/json")

    crm.lookup_hook = record
    service = CrmLookup({"taxi": config(crm, lookup_url=crm.url("/contacts?a={number}&b={e164}&c={digits}"))},
                        SecretStore())
    try:
        results = Results()
        service.lookup("taxi", "8 (495) 123-45-67", results)
        assert results.get().status is LookupStatus.NOT_FOUND
    finally:
        service.close()
    assert seen == ["a=8%20%28495%29%20123-45-67&b=%2B74951234567&c=74951234567"]
