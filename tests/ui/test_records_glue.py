"""The desk's records: drafts survive a crash, callbacks are stored and queued, the CRM card
fills in, the shift history lists calls — with a real SQLite file and a real HTTP server."""

from __future__ import annotations

import time

import pytest

from operator_desk.core.calls import CallState
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.storage.db import Database
from operator_desk.storage.records import CallRecords, Direction
from operator_desk.ui.controller import DeskController
from operator_desk.ui.history import HistoryDialog
from operator_desk.ui.main_window import DeskWindow
from operator_desk.ui.records import DeskRecords
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.fakes import FakeBridge, ended, incoming, state

BANK = "83432700070"


@pytest.fixture(scope="module")
def library():
    return Library.load(BUNDLED_LIBRARY)


def make_desk(qtbot, library, db_path, crm=None):
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(library, OperatorProfile("Анна")), window, bridge,
                                auto_ready_s=-1)
    controller.go_ready()
    db = Database.open(db_path)
    records = DeskRecords(db, controller, crm=crm)
    return window, bridge, controller, records, db


def answered_call(bridge, records, **kw):
    call = incoming(BANK, **kw)
    records.records.start(call.call_id, Direction.INCOMING, time.time_ns(),
                          tenant_id="severny-kredit", caller_number=call.caller_number)
    bridge.emit_event(call)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    return call


def test_a_half_typed_callback_comes_back_after_a_crash(qtbot, library, tmp_path):
    window, bridge, controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    answered_call(bridge, records, name="Ольга Ким")
    window.callback_action.trigger()
    controller.callback_form.inputs["note"].setPlainText("Перезвонить после обеда")
    db.close()  # the desk dies here; nothing else is written
    _window2, _, controller2, records2, db2 = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    assert records2.restore_drafts() == 1
    form = controller2.callback_form
    assert form is not None
    assert form.values()["note"] == "Перезвонить после обеда"
    assert form.values()["name"] == "Ольга Ким"
    db2.close()


def test_a_submitted_callback_is_stored_queued_and_its_draft_gone(qtbot, library, tmp_path):
    window, bridge, controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    call = answered_call(bridge, records, name="Ольга Ким", number="89161234567")
    window.callback_action.trigger()
    form = controller.callback_form
    form.inputs["note"].setPlainText("Карта заблокирована")
    form.submit.click()
    open_requests = records.callbacks.open_requests("severny-kredit")
    assert [(r.number, r.name, r.call_id) for r in open_requests] == [
        ("+79161234567", "Ольга Ким", call.call_id)]
    items = records.queue.items()
    assert [(i.kind, i.tenant_id) for i in items] == [("callback", "severny-kredit")]
    assert records.drafts.all("callback") == []
    assert "saved" in window.statusBar().currentMessage()
    db.close()


def test_wrap_up_is_a_draft_until_done_then_on_the_call_record(qtbot, library, tmp_path):
    window, bridge, _controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    call = answered_call(bridge, records)
    window.script.open_question("card-block")
    bridge.emit_event(ended(call))
    window.wrap_up.code.setCurrentIndex(1)
    window.wrap_up.note.setPlainText("Карту заблокировали")
    assert records.drafts.all("wrapup")[0].data["note"] == "Карту заблокировали"
    window.wrap_up.finish.click()
    record = records.records.get(call.call_id)
    assert (record.wrapup_code, record.note) == (window.wrap_up.code.itemData(1),
                                                 "Карту заблокировали")
    assert "card-block" in record.nodes
    assert records.drafts.all("wrapup") == []
    db.close()


def test_a_script_gap_is_queued_for_the_authors(qtbot, library, tmp_path):
    window, bridge, _controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    answered_call(bridge, records)
    window.script.search.setText("ипотека на яхту")
    window.script.no_answer.click()
    (item,) = records.queue.items()
    assert item.kind == "script_gap"
    assert item.payload["search_text"] == "ипотека на яхту"
    db.close()


def test_the_crm_card_fills_in_after_the_pop(qtbot, library, tmp_path, httpserver):
    from operator_desk.services.crm import CrmConfig, CrmLookup

    httpserver.expect_request("/contacts").respond_with_json(
        [{"name": "Ольга Ким", "address": {"city": "Екатеринбург"}}])
    config = CrmConfig.from_mapping("severny-kredit", {
        "lookup_url": httpserver.url_for("/contacts") + "?phone={e164}",
        "fields": {"Клиент": "name", "Город": "address.city"}, "record_path": "0"})
    crm = CrmLookup({"severny-kredit": config})
    try:
        window, bridge, _controller, _records, db = make_desk(qtbot, library,
                                                           tmp_path / "d.sqlite3", crm=crm)
        bridge.emit_event(incoming(BANK))
        assert "CRM" in window.caller.crm.text()  # looking up; the pop did not wait
        qtbot.waitUntil(lambda: "Екатеринбург" in window.caller.crm.text(), timeout=5000)
        assert "Ольга Ким" in window.caller.crm.text()
        # A match, said to be one, with where it came from and how fresh it is.
        assert "Found in CRM (just now):" in window.caller.crm.text()
        db.close()
    finally:
        crm.close()


def test_the_window_says_when_a_callback_did_not_reach_the_crm(qtbot, library, tmp_path,
                                                               httpserver):
    """The outbox worker reports from its own thread; the window shows it (GUI thread)."""
    from operator_desk.services.outbox import OutboxWorker, WebhookConfig
    from operator_desk.ui.background import on_gui_thread

    httpserver.expect_request("/hooks/callback", method="POST").respond_with_data(
        "unknown form", status=422)
    window, bridge, controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    hook = WebhookConfig(httpserver.url_for("/hooks/{kind}"))
    records.outbox = OutboxWorker(db, lambda _tenant: hook,
                                  on_state_changed=on_gui_thread(records.show_delivery))
    records.outbox.start()
    try:
        answered_call(bridge, records, name="Ольга Ким")
        window.callback_action.trigger()
        controller.callback_form.inputs["note"].setPlainText("Перезвонить после обеда")
        controller.callback_form.submit.click()
        qtbot.waitUntil(lambda: window.outbox_state.text() == "1 FAILED", timeout=10_000)
        assert len(httpserver.log) == 1  # sent once; a 422 is not retried
    finally:
        records.outbox.stop()
        db.close()


def test_crm_outage_shows_a_quiet_notice(qtbot, library, tmp_path):
    from operator_desk.services.crm import CrmConfig, CrmLookup

    config = CrmConfig.from_mapping("severny-kredit", {
        "lookup_url": "http://127.0.0.1:9/contacts?phone={e164}", "fields": {"Клиент": "name"}})
    crm = CrmLookup({"severny-kredit": config})
    try:
        window, bridge, _controller, _records, db = make_desk(qtbot, library,
                                                           tmp_path / "d.sqlite3", crm=crm)
        bridge.emit_event(incoming(BANK))
        qtbot.waitUntil(lambda: window.caller.crm.text() == "CRM unavailable", timeout=5000)
        db.close()
    finally:
        crm.close()


def test_history_lists_the_shift_and_calls_back(qtbot, library, tmp_path):
    from operator_desk.core.calls import EndReason

    _window, _bridge, _controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    start = time.time_ns() - 10**9
    records.records.start("a@x", Direction.INCOMING, start, tenant_id="severny-kredit",
                          caller_number="+79161234567")
    records.records.mark_answered("a@x", start + 2 * 10**9)
    records.records.end("a@x", EndReason.REMOTE_HANGUP, start + 62 * 10**9)
    records.records.start("b@x", Direction.INCOMING, start, tenant_id="taxi-bystro",
                          caller_number="+79035550000")
    records.records.end("b@x", EndReason.CANCELLED, start + 20 * 10**9)
    dialog = HistoryDialog(records.records.history, start - 10**9,
                           {t.id: t.name for t in library})
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert "1 answered, 1 missed" in dialog.summary.text()
    dialog.outcome.setCurrentIndex(1)  # not answered
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Такси «Быстрое»"
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.call_back_requested) as back:
        dialog.call_back.click()
    assert back.args == ["+79035550000", "taxi-bystro"]
    db.close()


def test_history_shows_talk_time_and_the_scripts_wrap_up_label(qtbot, library, tmp_path):
    from operator_desk.core.calls import EndReason

    db = Database.open(tmp_path / "d.sqlite3")
    records = CallRecords(db.conn)
    start = time.time_ns() - 600 * 10**9
    records.start("c@x", Direction.INCOMING, start, tenant_id="taxi-bystro", caller_number="+7903")
    records.mark_answered("c@x", start + 5 * 10**9)
    records.end("c@x", EndReason.REMOTE_HANGUP, start + 95 * 10**9)
    code = library.tenant("taxi-bystro").wrapup_codes[0]
    records.wrap_up("c@x", code.code, "")
    labels = {("taxi-bystro", code.code): code.label}
    dialog = HistoryDialog(records.history, start - 10**9, {}, None, labels)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 4).text() == "1:30"
    assert dialog.table.item(0, 5).text() == code.label
    db.close()


def test_call_back_from_the_work_list_pops_the_tenant_and_records_the_attempt(
        qtbot, library, tmp_path):
    from operator_desk.core.calls import OutgoingCall
    from operator_desk.storage.callbacks import AttemptOutcome

    window, bridge, controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    controller.dial_domain = "pbx.corp"
    request = records.callbacks.submit("taxi-bystro", "+79161234567", name="Мария")
    window.callbacks_action.trigger()
    listing = records.list_dialog
    assert listing.table.rowCount() == 1
    assert listing.table.item(0, 2).text() == "Мария"
    listing.call.click()
    assert bridge.commands[-1] == ("make_call", "sip:+79161234567@pbx.corp")
    out = OutgoingCall("cb-1@test", 55, "sip:+79161234567@pbx.corp", 0)
    bridge.emit_event(out)
    assert window.banner.name.text() == "Такси «Быстрое»"  # the tenant's script, as on a ring
    bridge.emit_event(ended(out))
    dialog = records.outcome_dialog
    assert dialog is not None
    dialog.buttons[AttemptOutcome.NO_ANSWER].click()
    (attempt,) = records.callbacks.attempts(request.id)
    assert attempt.outcome is AttemptOutcome.NO_ANSWER
    assert records.callbacks.get(request.id).next_attempt_ns > time.time_ns()
    db.close()


def test_the_preview_dialer_offers_the_next_due_callback_when_ready(qtbot, library, tmp_path):
    window, bridge, controller, records, db = make_desk(qtbot, library, tmp_path / "d.sqlite3")
    records.preview_dialer = True
    controller.dial_domain = "pbx.corp"
    records.callbacks.submit("severny-kredit", "+79031112233", name="Олег")
    controller.go_not_ready("Обед")
    controller.go_ready()
    assert window.offer.isVisibleTo(window)
    assert "Олег" in window.offer.text() and "Северный кредит" in window.offer.text()
    window.offer.click()
    assert bridge.commands[-1] == ("make_call", "sip:+79031112233@pbx.corp")
    assert not window.offer.isVisibleTo(window)
    db.close()
