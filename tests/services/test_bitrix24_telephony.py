"""Calls in the Bitrix24 portal's call log (telephony.externalcall.register/.finish) through
the outbox, against a portal emulated on 127.0.0.1 (a real HTTP server)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug import Response

from operator_desk.core.calls import EndReason
from operator_desk.services.bitrix24_telephony import Bitrix24Endpoint
from operator_desk.services.outbox import Backoff, OutboxWorker
from operator_desk.services.secrets import SecretStore
from operator_desk.storage.db import Database
from operator_desk.storage.outbox import CALL_LOG, OutboxQueue, OutboxState
from operator_desk.storage.records import CallRecords, Direction

from .conftest import MemoryKeyring
from .test_bitrix24 import USER, FakePortal, config, envelope, error, portal, webhook  # noqa: F401

S = 1_000_000_000


class Telephony:
    """The portal's telephony: a repeated register of an unfinished call gives its CALL_ID."""

    def __init__(self, fake: FakePortal) -> None:
        self.open: dict[tuple[Any, ...], str] = {}
        self.finished: dict[str, dict[str, Any]] = {}
        self.registered: dict[str, dict[str, Any]] = {}
        self.fail_finish: list[int] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # the portal's server answers on several threads
        fake.hooks["telephony.externalcall.register"] = self.register
        fake.hooks["telephony.externalcall.finish"] = self.finish

    def register(self, params: dict[str, Any]) -> Response:
        key = tuple(sorted((k, str(v)) for k, v in params.items()))
        with self._lock:
            call_id = self.open.get(key) or f"externalCall.{next(self._ids)}"
            self.open[key] = call_id
            self.registered[call_id] = params
        return envelope({"CALL_ID": call_id, "CRM_CREATED_LEAD": None, "CRM_ENTITY_TYPE": "CONTACT",
                         "CRM_ENTITY_ID": 275})

    def finish(self, params: dict[str, Any]) -> Response:
        with self._lock:
            if self.fail_finish:
                return error(self.fail_finish.pop(0), "INTERNAL_SERVER_ERROR", "try later")
            call_id = params["CALL_ID"]
            if call_id in self.finished:
                return error(400, "ERROR_CORE", "call already finished")
            self.finished[call_id] = params
            self.open = {k: v for k, v in self.open.items() if v != call_id}
        return envelope({"ID": 401, "CALL_ID": call_id})


@pytest.fixture
def telephony(portal: FakePortal) -> Telephony:  # noqa: F811
    return Telephony(portal)


@pytest.fixture
def desk(tmp_path: Path, portal: FakePortal,  # noqa: F811
         webhook: MemoryKeyring) -> Iterator[tuple[Database, OutboxWorker]]:  # noqa: F811
    db = Database.open(tmp_path / "desk.sqlite3")
    OutboxQueue(db.conn).replicate_to(CALL_LOG)
    cfg = config(portal, telephony_user_id=17)
    worker = OutboxWorker(db, lambda _t: Bitrix24Endpoint(cfg, SecretStore()),
                          backoff=Backoff(base_s=0.05, cap_s=0.2))
    worker.start()
    yield db, worker
    worker.stop()
    db.close()


def wait_until(check, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_an_answered_and_a_missed_call_are_registered_and_finished(desk, telephony: Telephony) -> None:  # type: ignore[no-untyped-def]
    db, worker = desk
    records = CallRecords(db.conn)
    records.start("a1", Direction.INCOMING, 1_700_000_000 * S, tenant_id="taxi",
                  caller_number="+79161234567", dialed_number="88005553535")
    records.mark_answered("a1", 1_700_000_004 * S)
    records.end("a1", EndReason.REMOTE_HANGUP, 1_700_000_070 * S, talk_s=65.6)
    records.start("m1", Direction.INCOMING, 1_700_000_100 * S, tenant_id="taxi", caller_number="+74951112233")
    records.end("m1", EndReason.CANCELLED, 1_700_000_140 * S)
    records.start("o1", Direction.OUTGOING, 1_700_000_200 * S, dialed_number="+79160000001")
    records.end("o1", EndReason.DECLINED, 1_700_000_210 * S)
    worker.wake()
    wait_until(lambda: len(telephony.finished) == 3)
    by_number = {telephony.registered[cid]["PHONE_NUMBER"]: (telephony.registered[cid], fin)
                 for cid, fin in telephony.finished.items()}
    reg, fin = by_number["+79161234567"]
    assert (reg["USER_ID"], reg["TYPE"], reg["CRM_CREATE"], reg["SHOW"], reg["LINE_NUMBER"]) == (
        17, 2, 0, 0, "88005553535")
    assert reg["CALL_START_DATE"] == "2023-11-14T22:13:20+00:00"
    assert (fin["DURATION"], fin["STATUS_CODE"], fin["USER_ID"]) == (66, "200", 17)
    assert by_number["+74951112233"][1]["STATUS_CODE"] == "304"
    reg, fin = by_number["+79160000001"]
    assert (reg["TYPE"], fin["STATUS_CODE"]) == (1, "486")
    wait_until(lambda: OutboxQueue(db.conn).counts()[OutboxState.DELIVERED] == 3)


def test_a_finish_that_failed_is_retried_without_a_second_call_in_the_log(desk, telephony: Telephony,  # type: ignore[no-untyped-def]
                                                                           portal: FakePortal) -> None:  # noqa: F811
    db, worker = desk
    telephony.fail_finish = [503, 503]
    records = CallRecords(db.conn)
    records.start("a1", Direction.INCOMING, 1_700_000_000 * S, caller_number="+79161234567")
    records.end("a1", EndReason.CANCELLED, 1_700_000_001 * S)
    worker.wake()
    wait_until(lambda: len(telephony.finished) == 1)
    assert portal.count("telephony.externalcall.register") == 3
    assert len(telephony.registered) == 1  # the same CALL_ID each time


def test_no_call_log_without_the_setting_and_no_lead_for_a_call(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "desk.sqlite3")
    records = CallRecords(db.conn)
    records.start("a1", Direction.INCOMING, 1 * S)
    records.end("a1", EndReason.CANCELLED, 2 * S)
    assert OutboxQueue(db.conn).items() == []
    assert USER == 1
    db.close()
