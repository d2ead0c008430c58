"""Two desks on one real floor (PostgreSQL), real windows: a callback taken on one desk is on
the other's work list, the first operator to call it back claims it, and the second is told
someone is already calling; without the floor a desk does not call back what is on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.floor.link import FloorLink
from operator_desk.services.floor_sync import FloorDesk, FloorEndpoint
from operator_desk.services.outbox import Backoff, OutboxWorker
from operator_desk.storage.alive import DeskIdentity
from operator_desk.storage.db import Database
from operator_desk.storage.outbox import FLOOR, OutboxQueue
from operator_desk.ui.controller import DeskController
from operator_desk.ui.main_window import DeskWindow
from operator_desk.ui.records import DeskRecords
from tests.conftest import BUNDLED_LIBRARY
from tests.floor_fixtures import Floor
from tests.ui.fakes import FakeBridge


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(BUNDLED_LIBRARY)


@pytest.fixture
def desks(qtbot, library: Library, floor: Floor, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = []

    def make(login: str, name: str, operator: str):  # type: ignore[no-untyped-def]
        window = DeskWindow()
        qtbot.addWidget(window)
        bridge = FakeBridge()
        controller = DeskController(Desk(library, OperatorProfile(operator, "support")), window, bridge,
                                    auto_ready_s=-1, dial_domain="pbx.example")
        controller.go_ready()
        db = Database.open(tmp_path / name / "desk.sqlite3")
        OutboxQueue(db.conn).replicate_to(FLOOR)
        records = DeskRecords(db, controller)
        identity = DeskIdentity(name, "pc", "default")
        link = FloorLink(floor.url(login), channels=FloorDesk.CHANNELS)
        floor_desk = FloorDesk(link, identity, operator=(operator, "support"))
        floor_desk.worker = OutboxWorker(db, lambda _t: FloorEndpoint(link, db, identity), target=FLOOR,
                                         concurrency=1, backoff=Backoff(base_s=0.05, cap_s=0.2))
        records.attach_floor(floor_desk)
        records.callbacks.on_enqueued = floor_desk.worker.wake
        floor_desk.start()
        assert link.wait_up(10)
        made.append((floor_desk, db))
        return window, bridge, records

    yield make
    for floor_desk, db in made:
        floor_desk.close()
        db.close()


def dialed(bridge: FakeBridge) -> list[tuple[str, ...]]:
    return [c for c in bridge.commands if c[0] == "make_call"]


def test_the_first_to_call_back_claims_it_and_the_other_is_told(desks, qtbot, floor: Floor) -> None:  # type: ignore[no-untyped-def]
    _window_a, bridge_a, records_a = desks("desk1", "desk-a", "Анна")
    window_b, bridge_b, records_b = desks("desk2", "desk-b", "Борис")
    request = records_a.callbacks.submit("severny-kredit", "+79161234567", name="Ольга Ким")
    records_b.open_callback_list()
    dialog = records_b.list_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)  # on B's list within a second
    assert dialog.table.item(0, 2).text() == "Ольга Ким"
    records_a.call_back(request)
    qtbot.waitUntil(lambda: bool(dialed(bridge_a)), timeout=5000)
    dialog.table.selectRow(0)
    dialog.call.click()  # Борис calls the same customer from his list
    qtbot.waitUntil(lambda: "already calling" in window_b.statusBar().currentMessage(), timeout=5000)
    assert dialed(bridge_b) == []
    with floor.admin() as conn:
        assert conn.execute("SELECT claimed_by FROM floor.callbacks").fetchone() == ("desk-a",)


def test_without_the_floor_a_callback_on_it_is_not_called_back(desks, qtbot) -> None:  # type: ignore[no-untyped-def]
    window_a, bridge_a, records_a = desks("desk1", "desk-a", "Анна")
    request = records_a.callbacks.submit("severny-kredit", "+79161234567", name="Ольга Ким")
    work = records_a.floor_work
    qtbot.waitUntil(lambda: request.id not in work._pending_here(), timeout=5000)  # it reached the floor
    work.floor.link.stop()
    records_a.call_back(request)
    assert "unreachable" in window_a.statusBar().currentMessage()
    assert dialed(bridge_a) == []
