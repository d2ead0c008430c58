"""The pjsua2 engine registering with a real kamailio (digest auth) on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from operator_desk.core.calls import CallEnded, IncomingCall, RegistrationChanged
from operator_desk.sip.engine import AccountConfig, EngineConfig, SipEngineError
from tests.conftest import wait_until

from .conftest import (
    OPERATOR,
    OPERATOR_PASSWORD,
    EngineHarness,
    ManualClock,
    SippFactory,
)
from .kamailio import DOMAIN, Kamailio

pytestmark = [pytest.mark.sip, pytest.mark.timeout(60)]


def account(kamailio: Kamailio, **changes: object) -> AccountConfig:
    base = AccountConfig(
        registrar=kamailio.uri,
        user=OPERATOR,
        password=OPERATOR_PASSWORD,
        domain=DOMAIN,
        expires_s=60,
        retry_first_s=1,
        retry_interval_s=2,
        retry_random_s=0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def start(tmp_path: Path, engine_config: EngineConfig, acc: AccountConfig,
          clock: Callable[[], float] = time.monotonic) -> EngineHarness:
    return EngineHarness(tmp_path, dataclasses.replace(engine_config, account=acc, log_level=5),
                         clock)


def reports(caplog: pytest.LogCaptureFixture, text: str) -> int:
    """How many times the engine logged a registration answer (``failed: 403``...), also
    the ones it sent no event for (the same answer again)."""
    return sum(1 for r in caplog.records
               if r.name == "operator_desk.sip.pjsua.account" and text in r.getMessage())


def registrations(h: EngineHarness) -> list[RegistrationChanged]:
    return h.of(RegistrationChanged)


def test_registers_refreshes_and_unregisters(tmp_path, engine_config, kamailio: Kamailio):
    # 6 s asked; pjsua refreshes 5 s before expiry (so after ~1 s... or at once).
    h = start(tmp_path, engine_config, account(kamailio, expires_s=6))
    try:
        ok = h.wait_event(RegistrationChanged)
        assert ok.registered and ok.code == 200, ok
        assert ok.account == f"sip:{OPERATOR}@{DOMAIN}"
        assert 1 <= ok.expires_s <= 6 and ok.retry_in_s == 0
        assert h.engine.registration == ok
        assert kamailio.lines("CHALLENGE")  # digest auth was asked for and answered

        # A refresh before expiry: a second authenticated REGISTER is saved; the event
        # is not repeated (nothing changed).
        h.poll_until(lambda: len(kamailio.lines("SAVED")) >= 2, 12, what="a refresh REGISTER")
        assert registrations(h) == [ok]
    finally:
        h.close()

    # Shutdown removed the contact (expires 0) before the stack went away. (kamailio
    # may log after its 200 left: wait for its log.)
    wait_until(lambda: any("expires=0" in x for x in kamailio.lines("SAVED")), 2,
               f"kamailio to save the un-REGISTER:\n{kamailio.log()}")
    last = registrations(h)[-1]
    assert not last.registered and last.code == 200 and last.retry_in_s == 0

    # The password is nowhere: not in events, journal, pjsua's log (level 5), repr.
    secret = OPERATOR_PASSWORD
    assert secret not in repr(h.events)
    assert secret not in h.journal_path.read_text("utf-8")
    assert secret not in (tmp_path / "pjsua.log").read_text("utf-8", errors="replace")
    assert secret not in repr(h.engine.config)
    journal = [json.loads(x) for x in h.journal_path.read_text("utf-8").splitlines()]
    regs = [x for x in journal if x["event"] == "registration"]
    assert [x["registered"] for x in regs] == [True, False]
    assert regs[0]["account"] == f"sip:{OPERATOR}@{DOMAIN}" and regs[0]["code"] == 200


def test_wrong_password_is_reported_and_retried_slowly(tmp_path, engine_config, kamailio,
                                                        caplog):
    caplog.set_level(logging.INFO, logger="operator_desk.sip.pjsua.account")
    clock = ManualClock()
    h = start(tmp_path, engine_config, account(kamailio, password="wrong", auth_retry_s=2), clock)

    def authed() -> list[str]:
        return [x for x in kamailio.lines("REGISTER") if f"auth={OPERATOR}" in x]

    try:
        failed = h.wait_event(RegistrationChanged)
        assert not failed.registered
        assert failed.code in (401, 403), failed
        assert failed.reason
        assert failed.retry_in_s == 2
        assert len(authed()) == 1, kamailio.lines("REGISTER")

        # The engine's own timer tries again once auth_retry_s passed on its clock...
        answered = f"failed: {failed.code}"
        clock.advance(1.5)
        h.engine.poll(10)
        assert reports(caplog, answered) == 1 and len(authed()) == 1
        clock.advance(1.0)
        h.poll_until(lambda: len(authed()) == 2 and reports(caplog, answered) == 2, 5,
                     what="the engine's second attempt to be answered")
        assert not kamailio.lines("SAVED")
        assert registrations(h) == [failed]  # same answer: no new event
    finally:
        h.close()
    # ...and pjsua itself never planned a retry (no storm with a wrong password): its log,
    # complete once the engine is down, has no re-registration scheduled.
    pjsua_log = (tmp_path / "pjsua.log").read_text(errors="replace")
    assert "Scheduling re-registration retry" not in pjsua_log
    assert len(authed()) == 2, kamailio.lines("REGISTER")
    journal = [json.loads(x) for x in h.journal_path.read_text("utf-8").splitlines()]
    assert [(x["event"], x["registered"], x["code"]) for x in journal] == [
        ("registration", False, failed.code)
    ]


def test_registrar_restart_over_tcp_registers_again(tmp_path, engine_config, kamailio):
    h = start(tmp_path, engine_config, account(kamailio, transport="tcp"))
    try:
        ok = h.wait_event(RegistrationChanged, lambda e: e.registered)
        assert "transport=TCP" in (tmp_path / "pjsua.log").read_text(errors="replace")

        stopped = time.monotonic()
        kamailio.stop()
        lost = h.wait_event(RegistrationChanged, lambda e: not e.registered, timeout=10)
        lost_after = time.monotonic() - stopped
        assert lost.code in (408, 503), lost
        assert lost.retry_in_s in (1, 2)
        assert lost_after < 5, lost_after  # first retry after 1 s, refused at once

        kamailio.start()
        restarted = time.monotonic()
        again = h.wait_event(
            RegistrationChanged, lambda e: e.registered and e.ts_ns > lost.ts_ns, timeout=10
        )
        back_after = time.monotonic() - restarted
        assert again.code == 200
        assert back_after < 4, back_after  # retries every 2 s
        assert [e.registered for e in registrations(h)] == [True, False, True]
        assert ok.account == again.account
    finally:
        h.close()


def test_call_through_the_registrar_keeps_the_dialed_number(
    tmp_path, engine_config, kamailio: Kamailio, sipp: SippFactory
):
    h = start(tmp_path, engine_config, account(kamailio))
    try:
        h.wait_event(RegistrationChanged, lambda e: e.registered)
        caller = sipp.start("uac_answer_bye.xml", kamailio.port)
        call = h.wait_event(IncomingCall)
        # The Request-URI is the desk's contact; the number dialed is still in To.
        assert call.request_uri.startswith(f"sip:{OPERATOR}@127.0.0.1:{h.port}")
        assert call.to_user == "+74951112233"
        assert call.dialed_candidates[0] == "+74951112233"
        assert kamailio.lines("ROUTE")
        h.engine.answer(call.engine_call)
        assert h.wait_sipp(caller).returncode == 0, caller.report()
        ended = h.wait_event(CallEnded)
        assert ended.sip_code == 200
    finally:
        h.close()


def test_bad_account_settings_are_all_reported(engine_config):
    from operator_desk.sip.pjsua import PjsuaEngine

    bad = AccountConfig(registrar="pbx.example", user="", transport="sctp", expires_s=0)
    problems = bad.problems()
    assert len(problems) == 4, problems
    engine = PjsuaEngine(dataclasses.replace(engine_config, account=bad), lambda e: None)
    with pytest.raises(SipEngineError, match="transport 'sctp'"):
        engine.start()
    assert not engine.running


def test_tls_transport_starts_and_an_unreachable_registrar_is_reported(
    tmp_path, engine_config, kamailio: Kamailio, caplog
):
    from .conftest import free_port

    caplog.set_level(logging.INFO, logger="operator_desk.sip.pjsua.account")
    # (kamailio here has no TLS module; its TCP port would swallow the handshake until
    # the 10 s TLS timeout.) Nothing listens on this port: refused at once.
    acc = account(kamailio, transport="tls", tls_verify_server=False)
    h = start(tmp_path, engine_config, dataclasses.replace(acc, registrar=f"sip:127.0.0.1:{free_port()}"))
    try:
        assert any(t.startswith("tls ") for t in h.engine.transports), h.engine.transports
        failed = h.wait_event(RegistrationChanged, timeout=5)
        assert not failed.registered and failed.code == 503, failed
        assert failed.retry_in_s == 1
        # pjsua retries by itself after retry_first_s (1 s) and is refused again.
        h.poll_until(lambda: reports(caplog, "failed: 503") >= 2, 5, what="pjsua's retry")
        assert registrations(h) == [failed]  # retried (same answer): no new event
        assert "transport=TLS" in (tmp_path / "pjsua.log").read_text(errors="replace")
    finally:
        h.close()
