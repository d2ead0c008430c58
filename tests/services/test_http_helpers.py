"""Templates, dotted paths and the endpoint health log shared by the connectors."""

from __future__ import annotations

import logging

import pytest

from operator_desk.services._http import HealthLog, field_names, render, resolve_path, to_text

DATA = {"result": [{"NAME": "Иван", "PHONE": [{"VALUE": "+7495"}], "flags": {"vip": True}}], "total": 1}


@pytest.mark.parametrize(("path", "expected"), [
    ("result.0.NAME", "Иван"),
    ("result[0].NAME", "Иван"),
    ("result[0].PHONE[0].VALUE", "+7495"),
    ("result.0.flags.vip", True),
    ("total", 1),
    ("result.1.NAME", None),
    ("result.x", None),
    ("total.deeper", None),
    ("nothing", None),
])
def test_resolve_path(path: str, expected: object) -> None:
    assert resolve_path(DATA, path) == expected


def test_to_text() -> None:
    assert [to_text(v) for v in (None, True, False, 3.0, 2.5, "x", ["a", 1, None, {"b": 1}], {"a": 1})] == [
        "", "yes", "no", "3", "2.5", "x", "a, 1", ""]


def test_templates() -> None:
    assert field_names("https://crm/{tenant}/x?p={number}") == ["tenant", "number"]
    with pytest.raises(ValueError, match="plain name"):
        field_names("https://crm/{number:>10}")
    assert render("https://crm/?p={number}&q={missing}", {"number": "+7 495/1"}, url=True) == (
        "https://crm/?p=%2B7%20495%2F1&q=")
    assert render("Bearer {token}", {"token": "a/b+c"}, url=False) == "Bearer a/b+c"


def test_health_log_warns_once_for_a_flapping_endpoint(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    health = HealthLog(logging.getLogger("test.health"), "tenant %s down: %s", "tenant %s up",
                       every_s=300, clock=lambda: now[0])
    caplog.set_level(logging.INFO, logger="test.health")
    for _ in range(50):
        health.failed("taxi", "HTTP 503")
        health.ok("taxi")
        now[0] += 1
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == ["tenant taxi down: HTTP 503"]
    now[0] += 300
    health.failed("taxi", "timeout")
    assert caplog.records[-1].levelno == logging.WARNING
    health.failed("bank", "timeout")  # another tenant has its own warning
    assert caplog.records[-1].levelno == logging.WARNING
