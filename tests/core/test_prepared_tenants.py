"""A desk keeps a bounded number of tenants prepared, the busiest first (no Qt)."""

from __future__ import annotations

import time

import pytest

from bench.bench_library import build
from operator_desk.core.calls import IncomingCall
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, list[str]]:
    root = tmp_path_factory.mktemp("library")
    numbers = build(root, tenants=5, rows=20)
    return Library.load(root), numbers


def ring(dialed: str) -> IncomingCall:
    return IncomingCall(
        call_id="c1@test", engine_call=1, request_uri="sip:desk@127.0.0.1",
        to_header=f"<sip:{dialed}@pbx.local>", from_header="<sip:89161234567@pbx.local>;tag=1",
        display_name="", caller_number="89161234567", headers={}, ts_ns=time.time_ns(),
    )  # fmt: skip


def test_the_least_recently_used_tenant_is_let_go_beyond_the_limit(generated) -> None:
    library, _ = generated
    desk = Desk(library, OperatorProfile("Анна"), prepared_limit=2)
    for tenant_id in ("tenant-000", "tenant-001", "tenant-002"):
        assert desk.prepare(tenant_id).index is not None
    assert desk.prepared_ids == ("tenant-001", "tenant-002") and desk.evictions == 1
    desk.prepare("tenant-001")  # used again: now the most recent
    desk.prepare("tenant-003")
    assert desk.prepared_ids == ("tenant-001", "tenant-003")


def test_a_tenant_that_is_not_prepared_is_prepared_as_it_rings(generated) -> None:
    library, numbers = generated
    desk = Desk(library, OperatorProfile("Анна"), prepared_limit=1)
    desk.prepare("tenant-000")
    pop = desk.pop_for(ring(numbers[4 * 3]))  # tenant-003's first hotline
    assert pop.tenant is not None and pop.tenant.id == "tenant-003"
    assert pop.prepared is not None and pop.prepared.script is not None
    assert pop.prepared.index is not None and pop.prepared.index.search("Ленина", 5)
    assert desk.prepared_ids == ("tenant-003",)
    assert not pop.warnings


def test_busiest_tenants_are_prepared_first_and_no_more_than_the_limit(generated) -> None:
    library, _ = generated
    desk = Desk(library, OperatorProfile("Анна"), prepared_limit=3)
    order = desk.preparation_order(["tenant-004", "no-longer-in-the-library", "tenant-002"])
    assert order == ["tenant-004", "tenant-002", "tenant-000"]
    assert Desk(library, OperatorProfile("Анна")).preparation_order() == list(library.tenants)
