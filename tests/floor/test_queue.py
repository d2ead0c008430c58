"""The shared callback queue: two desks never get one callback, a dead desk's claim comes
back after its lease, attempts move a callback on (limits, closing), the work list."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from operator_desk.floor.callbacks import add_attempt, add_callback, callback_list, claim, claim_next, release
from tests.floor_fixtures import Floor

NOW = datetime.now(UTC)


def request(tenant: str = "taxi", *, due: datetime | None = None, group: str = "", desk: str = "desk-a",
            number: str = "+79161234567") -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "desk_id": desk, "tenant_id": tenant, "group_id": group,
            "number": number, "name": "Иван", "fields": {"city": "Казань"}, "note": "", "call_id": "",
            "preferred_at": None, "created_at": NOW - timedelta(minutes=5),
            "next_attempt_at": due or NOW - timedelta(minutes=1)}


def attempt(callback_id: str, outcome: str, seq: int = 1, desk: str = "desk-a",
            **more: Any) -> dict[str, Any]:
    return {"desk_id": desk, "callback_id": callback_id, "seq": seq, "operator": "Анна",
            "at": datetime.now(UTC), "outcome": outcome, "note": "", "call_id": "",
            "retry_after_s": 600.0, "max_attempts": 3, **more}


def test_two_desks_claiming_one_callback_at_once_one_wins(floor: Floor) -> None:
    with floor.login("desk1") as setup:
        for _ in range(20):
            add_callback(setup, request())
        ids = [row.id for row in callback_list(setup, ["taxi"])]
    assert len(ids) == 20
    one, two = floor.login("desk1"), floor.login("desk2")
    try:
        for callback_id in ids:
            barrier = threading.Barrier(2)
            results: dict[str, Any] = {}

            def take(name: str, conn: Any, cid: str = callback_id, b: threading.Barrier = barrier,
                     out: dict[str, Any] = results) -> None:
                b.wait()
                out[name] = claim(conn, name, cid)

            threads = [threading.Thread(target=take, args=("desk-a", one)),
                       threading.Thread(target=take, args=("desk-b", two))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            winners = [name for name, got in results.items() if got is not None]
            assert len(winners) == 1, results
    finally:
        one.close()
        two.close()


def test_desks_taking_the_next_due_callback_concurrently_never_share_one(floor: Floor) -> None:
    with floor.login("desk1") as setup:
        for _ in range(60):
            add_callback(setup, request())
    taken: list[str] = []
    lock = threading.Lock()

    def desk(n: int) -> None:
        with floor.login("desk1" if n % 2 else "desk2") as conn:
            while (got := claim_next(conn, f"desk-{n}", ["taxi"])) is not None:
                with lock:
                    taken.append(got.id)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == 60 and len(set(taken)) == 60


def test_a_claim_held_by_a_desk_killed_with_kill_9_comes_back_after_the_lease(floor: Floor) -> None:
    lease = 2.0
    with floor.login("desk1") as setup:
        req = request()
        add_callback(setup, req)
    child = subprocess.Popen([sys.executable, "-m", "tests.floor.claim_child", floor.url("desk2"), req["id"],
                              str(lease)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "claimed"
        with floor.login("desk1") as other:
            # A span longer than the lease (what is tested is that the claim outlives it while
            # the desk lives: its beats renew the lease).
            time.sleep(lease * 1.5)
            assert claim(other, "desk-a", req["id"]) is None
            os.kill(child.pid, signal.SIGKILL)  # the child this test started, by its PID
            child.wait(10)
            killed = time.monotonic()
            assert claim(other, "desk-a", req["id"]) is None  # still within the lease
            while (got := claim(other, "desk-a", req["id"])) is None:
                assert time.monotonic() - killed < lease + 2, "the dead desk's claim never came back"
                time.sleep(0.1)
            assert got.claimed_by == "desk-a"
            assert time.monotonic() - killed >= lease / 2
    finally:
        if child.poll() is None:
            child.kill()  # the child this test started, by its PID
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()


def test_a_desk_cannot_take_over_or_release_a_claim_another_desk_holds(floor: Floor) -> None:
    with floor.login("desk1") as one, floor.login("desk2") as two:
        req = request()
        add_callback(one, req)
        assert claim(one, "desk-a", req["id"]) is not None
        assert claim(two, "desk-b", req["id"]) is None
        assert claim_next(two, "desk-b", ["taxi"]) is None
        assert not release(two, "desk-b", req["id"])
        # Even naming the other desk: the claim belongs to desk1's login (row-level security).
        assert two.execute("UPDATE floor.callbacks SET claimed_by = NULL").rowcount == 0
        assert release(one, "desk-a", req["id"])
        assert claim(two, "desk-b", req["id"]) is not None


def test_attempts_move_a_callback_on_and_end_the_claim(floor: Floor) -> None:
    with floor.login("desk1") as one, floor.login("desk2") as two:
        req = request()
        add_callback(one, req)
        assert claim(one, "desk-a", req["id"]) is not None
        assert add_attempt(one, attempt(req["id"], "no_answer"))
        assert not add_attempt(one, attempt(req["id"], "no_answer"))  # the same attempt again
        [row] = callback_list(two, ["taxi"])
        assert (row.state, row.attempts, row.claimed_by) == ("open", 1, None)
        assert row.next_attempt_at is not None and row.next_attempt_at > datetime.now(UTC)
        assert claim_next(two, "desk-b", ["taxi"]) is None  # not due again for 10 minutes
        # Another desk tries later: busy, then the tenant's limit of 3 attempts is reached.
        add_attempt(two, attempt(req["id"], "busy", desk="desk-b"))
        add_attempt(two, attempt(req["id"], "no_answer", seq=2, desk="desk-b"))
        assert callback_list(two, ["taxi"]) == []
        [closed] = callback_list(two, ["taxi"], states=("gave_up",))
        assert closed.attempts == 3 and closed.closed_at is not None


@pytest.mark.parametrize("outcome", ["done", "wrong_number", "cancelled"])
def test_a_closing_attempt_closes_the_callback(floor: Floor, outcome: str) -> None:
    with floor.login("desk1") as one:
        req = request()
        add_callback(one, req)
        add_attempt(one, attempt(req["id"], outcome))
        [row] = callback_list(one, None, states=(outcome,))
        assert row.closed_at is not None


def test_the_queue_serves_a_desk_its_tenants_and_its_group(floor: Floor) -> None:
    with floor.login("desk1") as conn:
        taxi_sales = request("taxi", group="sales")
        taxi_any = request("taxi")
        bank = request("bank")
        later = request("taxi", due=NOW + timedelta(hours=1))
        for r in (taxi_sales, taxi_any, bank, later):
            add_callback(conn, r)
        ids = {c.id for c in callback_list(conn, ["taxi"], group_id="support", due_only=True)}
        assert ids == {taxi_any["id"]}
        ids = {c.id for c in callback_list(conn, ["taxi"], group_id="sales")}
        assert ids == {taxi_sales["id"], taxi_any["id"], later["id"]}
        assert claim_next(conn, "desk-a", []) is None
        assert claim_next(conn, "desk-a", ["bank"], group_id="support").id == bank["id"]
