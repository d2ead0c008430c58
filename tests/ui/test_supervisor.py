"""The supervisor's window on a real floor database, real Qt (offscreen) and real keys:
agents live by notification, a tenant's figures against its service level, offline desks,
the filter and the CSV export by keyboard."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from operator_desk.core.library import Library
from operator_desk.floor.agents import publish
from operator_desk.floor.records import upsert_call
from operator_desk.ui.supervisor.app import build_supervisor
from tests.conftest import BUNDLED_LIBRARY
from tests.floor.test_schema import call_row
from tests.floor_fixtures import Floor


def shown(view, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return str(view.model().index(row, column).data())


@pytest.fixture
def supervisor(floor: Floor, qtbot):  # type: ignore[no-untyped-def]
    with floor.login("desk1") as one, floor.login("desk2") as two:
        publish(one, "desk-a", operator="Анна", group_id="sales", host="pc-1", profile="default",
                state="ready")
        publish(two, "desk-b", operator="Борис", group_id="support", host="pc-2", profile="default",
                state="not_ready", reason="Обед", seconds_in_state=300)
    # A feed that looks for desks that stopped beating every 0.3 s instead of 5 s.
    window, feed = build_supervisor(floor.url("boss"), None, Library.load(BUNDLED_LIBRARY),
                                    offline_every_s=0.3)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    loads: list[object] = []
    feed.agents_loaded.connect(loads.append)
    feed.start()
    qtbot.waitUntil(lambda: window.agents_model.rowCount() == 2, timeout=10000)
    yield window, feed, loads
    feed.stop()


def test_agents_show_live_by_notification_without_reloading(supervisor, floor: Floor, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _feed, loads = supervisor
    view = window.agents
    assert [shown(view, r, 0) for r in range(2)] == ["Анна", "Борис"]
    assert shown(view, 0, 2) == "Ready" and shown(view, 1, 2) == "Not ready: Обед"
    assert shown(view, 1, 4).startswith("5:")
    assert "Live" in window.link_state.text()
    with floor.login("desk1") as one:
        publish(one, "desk-a", operator="Анна", group_id="sales", host="pc-1", profile="default",
                state="on_call", tenant_id="taxi-bystro")
    qtbot.waitUntil(lambda: shown(view, 0, 2) == "On a call", timeout=3000)
    assert shown(view, 0, 3) == "Такси «Быстрое»"
    assert len(loads) == 1  # the change came by notification, not by reloading everyone
    assert "On a call: 1" in window.summary.text()


def test_a_desk_that_stops_beating_shows_offline(supervisor, floor: Floor, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _feed, _loads = supervisor
    with floor.admin() as conn:
        conn.execute("UPDATE floor.agents SET heartbeat_at = now() - interval '1 minute'"
                     " WHERE desk_id = 'desk-b'")
    qtbot.waitUntil(lambda: shown(window.agents, 1, 2) == "Offline", timeout=5000)
    assert "Offline: 1" in window.summary.text()


def test_a_tenants_figures_against_its_service_level_and_the_export(supervisor, floor: Floor, qtbot,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    window, _feed, _loads = supervisor
    now = datetime.now(UTC).replace(microsecond=0)
    with floor.login("desk1") as desk:
        # The bank promises 90 % within 15 s: one call answered in 5 s, one in 30 s, one missed,
        # one abandoned at once (not counted against the level).
        for n, (wait, outcome) in enumerate(((5, "answered"), (30, "answered"), (None, "missed"),
                                             (None, "abandoned"))):
            ring = now - timedelta(minutes=1)
            upsert_call(desk, call_row("desk-a", f"b{n}", tenant_id="severny-kredit", ring_at=ring,
                                       answered_at=ring + timedelta(seconds=wait) if wait else None,
                                       ended_at=ring + timedelta(seconds=60), outcome=outcome))
    tenants = window.tenants
    qtbot.waitUntil(lambda: window.tenants_model.rowCount() == 1 and shown(tenants, 0, 1) == "4",
                    timeout=5000)
    assert shown(tenants, 0, 0) == "Банк «Северный кредит»"
    assert [shown(tenants, 0, c) for c in (2, 3, 4)] == ["2", "2", "1"]
    assert shown(tenants, 0, 7) == "33 %"  # 1 of 3 within 15 s
    assert tenants.model().index(0, 7).data(Qt.ItemDataRole.ForegroundRole) is not None  # below 90 %: red
    assert shown(tenants, 0, 8) == "4"
    qtbot.waitUntil(lambda: sum(offered for _h, offered, _u in window.chart.hours) == 4, timeout=3000)
    window.export_to = tmp_path / "floor.csv"
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    rows = list(csv.reader(window.export_to.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:3] == ["tenant", "company", "offered"]
    assert rows[1][:4] == ["severny-kredit", "Банк «Северный кредит»", "4", "2"]


def test_the_filter_by_keyboard(supervisor, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, _feed, _loads = supervisor
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter.hasFocus()
    qtbot.keyClicks(window.filter, "supp")  # the group (QTest types Latin letters only)
    assert window.agents_proxy.rowCount() == 1 and shown(window.agents, 0, 0) == "Борис"
    qtbot.keyClick(window.filter, Qt.Key.Key_Escape)
    assert window.filter.text() == "" and window.agents_proxy.rowCount() == 2
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tenants.hasFocus()
