"""The desk window driven through calls with a fake engine bridge (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from operator_desk.core.agent import AgentState
from operator_desk.core.calls import CallState
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.ui.controller import DeskController
from operator_desk.ui.dialogs import ENTRY_ROLE
from operator_desk.ui.main_window import DeskWindow
from tests.conftest import BUNDLED_LIBRARY
from tests.ui.fakes import FakeBridge, ended, incoming, state

ELECTRONICS = "88005557190"
BANK = "+73432700070"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(BUNDLED_LIBRARY)


@pytest.fixture
def desk_ui(qtbot, library):
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(library, OperatorProfile("Анна", "sales")), window, bridge,
                                auto_ready_s=-1)
    controller.prepare_tenants()
    controller.go_ready()
    window.resize(1366, 768)
    with qtbot.waitActive(window):  # keys go to the active window, as on a desktop
        window.show()
    return window, bridge, controller


def test_ring_pops_tenant_greeting_caller_and_script(qtbot, desk_ui):
    window, bridge, controller = desk_ui
    call = incoming(ELECTRONICS, name="Ольга", headers={"X-IVR-Data": "menu=2"})
    with qtbot.waitSignal(controller.pop_painted, timeout=2000) as painted:
        bridge.emit_event(call)
    assert painted.args[0] == call.call_id
    assert window.banner.name.text() == "«Вектор Электроникс» — горячая линия"
    assert "+7 800 555-71-90" in window.banner.hotline.text()
    assert "Ольга" in window.greeting.text.text() and "Анна" in window.greeting.text.text()
    assert window.caller.number.text() == "8 (916) 123-45-67"  # as dialled in Russia
    assert window.caller.kind.text() == "mobile"
    assert "Гарантия и ремонт" in window.caller.details.text()
    assert window.script.tree.model().rowCount() >= 10
    assert window.script.search.hasFocus()
    assert window.answer_action.isEnabled() and not window.transfer_action.isEnabled()
    assert controller.agent.state is AgentState.ON_CALL


def test_group_sees_its_first_questions_on_top(desk_ui, library):
    window, bridge, _ = desk_ui
    bridge.emit_event(incoming(ELECTRONICS))
    tenant = library.tenant("elektronika-vector")
    first = tenant.groups["sales"].first[0]
    top = window.script.tree.model().index(0, 0)
    assert top.data() == library.script(tenant.id).find(first).question


def test_unknown_number_shows_neutral_greeting_and_warning(desk_ui):
    window, bridge, _ = desk_ui
    bridge.emit_event(incoming("88001000000"))
    assert window.banner.name.text() == "Unknown hotline"
    assert window.greeting.warning.isVisible()
    assert "+7 800 100-00-00" in window.greeting.warning.text()
    assert window.greeting.text.text() == "Здравствуйте! Чем могу помочь?"


def test_caller_name_is_shown_literally(desk_ui):
    window, bridge, _ = desk_ui
    hostile = "{{ 7*7 }}<b>x</b>"
    bridge.emit_event(incoming(BANK, name=hostile))
    assert window.caller.name.text() == hostile
    assert window.caller.name.textFormat() == Qt.TextFormat.PlainText
    assert hostile in window.greeting.text.text()


def test_search_keyboard_only_to_an_answer_with_a_table(qtbot, desk_ui):
    window, bridge, _ = desk_ui
    bridge.emit_event(incoming(BANK))
    qtbot.keyClicks(window.script.search, "pf,kjrbhjdfnm rfhne")  # "заблокировать карту"
    assert window.script.left_stack.currentWidget() is window.script.results
    qtbot.keyClick(window.script.search, Qt.Key.Key_Return)
    assert window.script.current_question.id == "card-block"
    assert "Заблокировать карту" in window.script.answer.toPlainText()
    window.script.search.clear()
    window.script.search.insert("банкоматы")  # QTest types ASCII only
    qtbot.keyClick(window.script.search, Qt.Key.Key_Return)
    assert window.script.table_box.isVisible()
    assert window.script.proxy.rowCount() >= 1


def test_arrow_keys_leave_the_search_box_and_esc_empties_it(qtbot, desk_ui):
    window, bridge, _ = desk_ui
    script = window.script
    bridge.emit_event(incoming(BANK))
    assert script.search.hasFocus()
    qtbot.keyClick(script.search, Qt.Key.Key_Down)  # nothing typed: into the question tree
    assert script.tree.hasFocus()
    assert script.tree.currentIndex().row() == 0
    qtbot.keyClick(script.tree, Qt.Key.Key_Return)
    assert script.current_question is not None
    script.search.setFocus()
    script.search.insert("банкоматы")
    assert script.left_stack.currentWidget() is script.results
    qtbot.keyClick(script.search, Qt.Key.Key_Up)  # a search: into its results
    assert script.results.hasFocus() and script.results.currentRow() == 0
    script.search.setFocus()
    qtbot.keyClick(script.search, Qt.Key.Key_Escape)
    assert script.search.text() == "" and script.search.hasFocus()


def test_search_results_wrap_to_the_pane_without_sideways_scrolling(qtbot, desk_ui):
    window, bridge, _ = desk_ui
    script = window.script
    bridge.emit_event(incoming(ELECTRONICS))
    script.search.insert("гарантя")  # a typo; many long answer snippets match
    assert script.results.count() > 3
    lines = script.results.fontMetrics().height()
    first = script.results.item(0)
    # the list lays its items out once the event loop turns: then the first one is wrapped
    qtbot.waitUntil(lambda: script.results.visualItemRect(first).height() > lines * 2, timeout=2000)
    bar = script.results.horizontalScrollBar()
    assert bar.maximum() == 0, "a result is wider than the pane: the operator must scroll"


def test_table_filters_as_you_type_and_compares(qtbot, desk_ui, library, monkeypatch):
    window, bridge, _ = desk_ui
    bridge.emit_event(incoming(ELECTRONICS))
    script = library.script("elektronika-vector")
    compare_q = next(q for q in script.walk() if q.table and q.table.compare)
    window.script.open_question(compare_q.id)
    total = window.script.proxy.rowCount()
    assert total >= 5
    first_model = window.script.proxy.index(0, 0).data()
    window.script.table_filter.insert(first_model)
    assert 1 <= window.script.proxy.rowCount() < total
    window.script.table_filter.clear()
    window.script.table.selectRow(0)
    window.script.table.selectionModel().select(
        window.script.proxy.index(1, 0),
        window.script.table.selectionModel().SelectionFlag.Select
        | window.script.table.selectionModel().SelectionFlag.Rows)
    rows = window.script.selected_rows()
    assert len(rows) == 2
    shown = []
    from operator_desk.ui import script_panel

    monkeypatch.setattr(script_panel.CompareDialog, "open", lambda self: shown.append(self))
    window.script.compare.click()
    assert shown, window.script.crumbs.text()
    grid = shown[0].grid
    assert grid.columnCount() == 2
    assert grid.horizontalHeaderItem(0).text() == next(iter(rows[0].values()))
    assert grid.rowCount() == len(rows[0]) - 1


def test_store_table_is_prefiltered_by_the_callers_city_when_known(qtbot, desk_ui, library):
    window, bridge, _ = desk_ui
    bridge.emit_event(incoming(ELECTRONICS))
    script = library.script("elektronika-vector")
    stores_q = next(q for q in script.walk() if q.table and q.table.filter
                    and q.table.filter.column == "Город")
    window.script.open_question(stores_q.id)
    all_rows = window.script.proxy.rowCount()
    window.script.city_filter.setText("Казань")
    assert 0 < window.script.proxy.rowCount() < all_rows
    column = window.script.table_box.model.columns.index(stores_q.table.filter.column)
    for r in range(window.script.proxy.rowCount()):
        assert window.script.proxy.index(r, column).data() == "Казань"


def test_breadcrumbs_and_back(qtbot, desk_ui, library):
    window, bridge, _ = desk_ui
    bridge.emit_event(incoming(BANK))
    script = library.script("severny-kredit")
    parent = next(q for q in script.questions if q.children)
    child = parent.children[0]
    window.script.open_question(parent.id)
    window.script.open_question(child.id)
    assert window.script.crumbs.text() == f"{parent.question} › {child.question}"
    window.script.back.click()
    assert window.script.current_question.id == parent.id


def test_answer_hold_hangup_then_after_call_work(qtbot, desk_ui):
    window, bridge, controller = desk_ui
    call = incoming(BANK)
    bridge.emit_event(call)
    window.answer_action.trigger()
    assert bridge.commands[-1] == ("answer", call.engine_call)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    assert window.hold_action.isEnabled() and window.transfer_action.isEnabled()
    window.hold_action.trigger()
    assert bridge.commands[-1] == ("hold", call.engine_call)
    bridge.emit_event(state(call, CallState.ACTIVE, CallState.HELD))
    assert window.banner.status.text() == "On hold"
    window.hangup_action.trigger()
    assert bridge.commands[-1] == ("hangup", call.engine_call)
    bridge.emit_event(ended(call))
    assert controller.agent.state is AgentState.AFTER_CALL_WORK
    assert not window.hangup_action.isEnabled()


def test_not_ready_rejects_with_the_configured_code(desk_ui):
    window, bridge, controller = desk_ui
    controller.go_not_ready("Обед")
    call = incoming(BANK)
    bridge.emit_event(call)
    assert bridge.commands[-1] == ("reject", call.engine_call, 480)
    assert window.banner.name.text() == "Waiting for a call"


def test_second_call_is_shown_as_call_waiting(desk_ui):
    window, bridge, _controller = desk_ui
    first, second = incoming(BANK), incoming(ELECTRONICS)
    bridge.emit_event(first)
    bridge.emit_event(state(first, CallState.RINGING, CallState.ACTIVE))
    bridge.emit_event(second)
    assert "Вектор" in window.waiting.text()
    assert window.banner.name.text() == "Банк «Северный кредит»"
    bridge.emit_event(ended(first))
    assert window.banner.name.text() == "«Вектор Электроникс» — горячая линия"


def answered(bridge, dialed, **kw):
    call = incoming(dialed, **kw)
    bridge.emit_event(call)
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    return call


def test_transfer_dialog_suggests_the_scripts_specialist_and_consults(qtbot, desk_ui, library):
    window, bridge, controller = desk_ui
    call = answered(bridge, BANK)
    script = library.script("severny-kredit")
    question = next(q for q in script.walk() if any(a.kind == "transfer" for a in q.actions))
    target = next(a.target for a in question.actions if a.kind == "transfer")
    window.script.open_question(question.id)
    window.transfer_action.trigger()
    dialog = controller.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == len(library.tenant("severny-kredit").directory)
    assert dialog.list.item(0).text().startswith("★")
    dialog.consult.click()
    entry = library.tenant("severny-kredit").directory_entry(target)
    assert bridge.commands[-1] == ("consult", call.engine_call, entry.target)
    assert "Transferring" in window.banner.status.text()


def test_callback_form_is_prefilled_validated_and_submitted(qtbot, desk_ui, library):
    window, bridge, controller = desk_ui
    call = answered(bridge, BANK, name="Ольга Ким", number="89161234567",
                    headers={"X-IVR-Data": "menu=1;card_last4=4521"})
    window.script.open_question("card-block")
    window.callback_action.trigger()
    form = controller.callback_form
    values = form.values()
    assert values["name"] == "Ольга Ким"
    assert values["phone"] == "+7 916 123-45-67"
    assert values["card_last4"] == "4521"
    assert "Заблокировать карту" in values["note"]
    drafts = []
    controller.callback_edited.connect(lambda cid, tid, v: drafts.append((cid, tid, v)))
    form.inputs["phone"].setText("не номер")
    assert drafts[-1] == (call.call_id, "severny-kredit", form.values())
    with qtbot.assertNotEmitted(controller.callback_submitted):
        form.submit.click()
    assert form.errors["phone"].text() == (
        "Not a phone number: write it with its area code, e.g. +7 912 345-67-89")
    form.inputs["phone"].setText("8 (916) 765-43-21")
    with qtbot.waitSignal(controller.callback_submitted) as sent:
        form.submit.click()
    submission = sent.args[0]
    assert (submission.tenant_id, submission.number, submission.name) == (
        "severny-kredit", "+79167654321", "Ольга Ким")
    assert submission.question_id == "card-block"
    assert submission.library_version == library.settings.version


def test_wrap_up_after_the_call_then_ready(qtbot, desk_ui):
    window, bridge, controller = desk_ui
    call = answered(bridge, BANK)
    bridge.emit_event(ended(call))
    assert window.wrap_up.isVisible()
    assert window.wrap_up.code.count() > 3
    edits = []
    controller.wrap_up_edited.connect(lambda *a: edits.append(a))
    window.wrap_up.code.setCurrentIndex(2)
    window.wrap_up.note.setPlainText("Клиент доволен")
    assert edits[-1] == (call.call_id, window.wrap_up.code.currentData(), "Клиент доволен")
    with qtbot.waitSignal(controller.wrap_up_done) as done:
        window.wrap_up.finish.click()
    assert done.args == [call.call_id, window.wrap_up.code.currentData(), "Клиент доволен"]
    assert controller.agent.state is AgentState.READY
    assert not window.wrap_up.isVisible()


def test_no_ready_answer_reports_a_script_gap_and_offers_transfer(qtbot, desk_ui):
    window, bridge, controller = desk_ui
    call = answered(bridge, ELECTRONICS)
    window.script.search.setText("телепорт")
    with qtbot.waitSignal(controller.script_gap) as gap:
        window.script.no_answer.click()
    assert (gap.args[0].call_id, gap.args[0].search_text) == (call.call_id, "телепорт")
    assert controller.transfer_dialog is not None and controller.transfer_dialog.isVisible()


def test_the_engines_ringing_state_keeps_answer_enabled(desk_ui):
    window, bridge, _ = desk_ui
    call = incoming(BANK)
    bridge.emit_event(call)
    bridge.emit_event(state(call, CallState.NEW, CallState.RINGING))
    assert window.answer_action.isEnabled()
    assert window.call_timer.text() == "Ringing 00:00"


def test_a_call_cancelled_while_ringing_goes_straight_back_to_ready(desk_ui):
    window, bridge, controller = desk_ui
    call = incoming(BANK)
    bridge.emit_event(call)
    from operator_desk.core.calls import EndReason

    bridge.emit_event(ended(call, EndReason.CANCELLED))
    assert controller.agent.state is AgentState.READY
    assert not window.wrap_up.isVisible()
    assert window.banner.name.text() == "Waiting for a call"


def test_click_to_dial_pops_the_outgoing_call_and_the_pad_sends_dtmf(qtbot, desk_ui):
    from operator_desk.core.calls import OutgoingCall

    window, bridge, controller = desk_ui
    controller.dial_domain = "pbx.corp"
    window.dial_field.setText("8 (916) 123-45-67")
    window.dial_button.click()
    assert bridge.commands[-1] == ("make_call", "sip:+79161234567@pbx.corp")
    assert window.dial_field.text() == ""
    out = OutgoingCall("out-1@test", 99, "sip:+79161234567@pbx.corp", 0)
    bridge.emit_event(out)
    assert window.banner.name.text() == "Outgoing call"
    assert "+7 916 123-45-67" in window.greeting.text.text()
    assert window.hangup_action.isEnabled() and not window.answer_action.isEnabled()
    bridge.emit_event(state(out, CallState.DIALING, CallState.ACTIVE))
    window.dialpad.buttons["5"].click()
    assert bridge.commands[-1] == ("dtmf", 99, "5")
    bridge.emit_event(ended(out))
    assert controller.agent.state is AgentState.AFTER_CALL_WORK


def test_callback_for_a_tenant_pops_its_script_and_a_bad_number_is_refused(desk_ui):
    from operator_desk.core.calls import OutgoingCall

    window, bridge, controller = desk_ui
    controller.dial_domain = "pbx.corp"
    controller.dial("89161234567", tenant_id="severny-kredit")
    bridge.emit_event(OutgoingCall("out-2@test", 98, "sip:+79161234567@pbx.corp", 0))
    assert window.banner.name.text() == "Банк «Северный кредит»"
    assert window.script.tree.model().rowCount() > 5
    before = len(bridge.commands)
    bridge.emit_event(ended(OutgoingCall("out-2@test", 98, "", 0)))
    controller.go_ready()
    controller.dial("позвоните мне")
    assert len(bridge.commands) == before
    assert "Cannot dial" in window.statusBar().currentMessage()


def test_auto_answer_answers_only_calls_that_ring(qtbot, library):
    from operator_desk.core.agent import IncomingPolicy

    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(library, OperatorProfile("Анна")), window, bridge,
                                IncomingPolicy(auto_answer=True), auto_ready_s=-1)
    controller.go_ready()
    first = incoming(BANK)
    bridge.emit_event(first)
    assert bridge.commands[-1] == ("answer", first.engine_call)
    bridge.emit_event(state(first, CallState.RINGING, CallState.ACTIVE))
    second = incoming(ELECTRONICS)
    bridge.emit_event(second)  # call waiting: never answered automatically
    assert ("answer", second.engine_call) not in bridge.commands


def test_mute_toggles_the_microphone_of_the_current_call(desk_ui):
    window, bridge, _ = desk_ui
    call = answered(bridge, BANK)
    window.mute_action.trigger()
    assert bridge.commands[-1] == ("mute", call.engine_call, True)
    window.mute_action.trigger()
    assert bridge.commands[-1] == ("mute", call.engine_call, False)


def test_a_synced_library_replaces_the_old_one_only_between_calls(desk_ui, builder):
    window, bridge, controller = desk_ui
    builder.tenant("pizza-roma", number="8-800-555-35-35")  # the taxi's number, now pizza's
    new = Library.load(builder.root)
    call = answered(bridge, "88005553535")
    controller.replace_library(new)
    assert window.banner.name.text() == "Такси «Быстрое»"  # the call in progress is untouched
    bridge.emit_event(ended(call))
    controller.go_ready()
    bridge.emit_event(incoming("88005553535"))
    assert window.banner.name.text() == "Новый заказчик"


def test_consult_then_complete_the_transfer(qtbot, desk_ui, library):
    from operator_desk.core.calls import EndReason, OutgoingCall, TransferProgress

    window, bridge, controller = desk_ui
    controller.dial_domain = "pbx.corp"
    call = answered(bridge, ELECTRONICS)
    window.transfer_action.trigger()
    dialog = controller.transfer_dialog
    entry_id = dialog.list.item(1).data(ENTRY_ROLE)
    dialog.list.setCurrentRow(1)
    dialog.consult.click()
    entry = library.tenant("elektronika-vector").directory_entry(entry_id)
    expected = entry.target if entry.target.startswith("sip:") else f"sip:{entry.target}@pbx.corp"
    assert bridge.commands[-1] == ("consult", call.engine_call, expected)
    consult = OutgoingCall("consult-1@test", 77, expected, 0, consult_for=call.engine_call)
    bridge.emit_event(consult)
    assert window.consult_bar.isVisibleTo(window)
    assert window.banner.name.text() == "«Вектор Электроникс» — горячая линия"  # still the caller
    assert not window.complete_transfer.isEnabled()
    bridge.emit_event(state(consult, CallState.DIALING, CallState.ACTIVE))
    assert window.complete_transfer.isEnabled()
    window.complete_transfer.click()
    assert bridge.commands[-1] == ("transfer_attended", call.engine_call, 77)
    bridge.emit_event(TransferProgress(call.call_id, call.engine_call, expected, 200, "OK",
                                       True, True, 0))
    assert window.banner.status.text().startswith("Transferred to")
    bridge.emit_event(ended(consult, EndReason.TRANSFERRED))
    bridge.emit_event(ended(call, EndReason.TRANSFERRED))
    assert not window.consult_bar.isVisibleTo(window)
    assert controller.agent.state is AgentState.AFTER_CALL_WORK


def test_back_to_the_caller_and_a_failed_transfer(qtbot, desk_ui):
    from operator_desk.core.calls import EndReason, OutgoingCall, TransferProgress

    window, bridge, controller = desk_ui
    call = answered(bridge, BANK)
    consult = OutgoingCall("consult-2@test", 78, "sip:6501@pbx", 0, consult_for=call.engine_call)
    bridge.emit_event(consult)
    bridge.emit_event(state(consult, CallState.DIALING, CallState.ACTIVE))
    window.back_to_caller.click()
    assert bridge.commands[-1] == ("return_to_caller", 78)
    bridge.emit_event(ended(consult, EndReason.LOCAL_HANGUP))
    assert not window.consult_bar.isVisibleTo(window)
    assert controller.current is not None and controller.current.call_id == call.call_id
    bridge.emit_event(TransferProgress(call.call_id, call.engine_call, "sip:6501@pbx", 486,
                                       "Busy Here", True, False, 0))
    assert "failed" in window.statusBar().currentMessage()


def test_the_ringtone_plays_while_a_call_rings_and_stops_on_answer(qtbot, desk_ui):
    _window, bridge, controller = desk_ui
    rings = []
    controller.ringing_changed.connect(rings.append)
    call = incoming(BANK)
    bridge.emit_event(call)
    assert rings == [True]
    bridge.emit_event(state(call, CallState.RINGING, CallState.ACTIVE))
    assert rings == [True, False]
    missed = incoming(BANK)
    bridge.emit_event(ended(call))
    controller.go_ready()
    bridge.emit_event(missed)
    bridge.emit_event(ended(missed))
    assert rings == [True, False, True, False]


def test_the_operator_is_told_when_the_headset_is_lost(desk_ui):
    from operator_desk.core.calls import AudioDeviceProblem

    window, bridge, _ = desk_ui
    bridge.emit_event(AudioDeviceProblem("headset", "USB Headset", "", "stream died", 0))
    assert "USB Headset" in window.statusBar().currentMessage()
    assert "default" in window.statusBar().currentMessage()


def test_tenants_are_prepared_one_per_event_loop_turn_up_to_the_limit(qtbot, tmp_path):
    from bench.bench_library import build

    numbers = build(tmp_path, tenants=5, rows=20)
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    desk = Desk(Library.load(tmp_path), OperatorProfile("Анна"), prepared_limit=3)
    controller = DeskController(desk, window, bridge, auto_ready_s=-1)
    controller.prepare_tenants(busiest=["tenant-004"])
    # Nothing was prepared inside the call: the window stays free to paint and ring.
    assert controller.preparing and desk.prepared_ids == ()
    with qtbot.waitSignal(controller.tenants_prepared, timeout=5000):
        pass
    assert not controller.preparing
    assert desk.prepared_ids == ("tenant-004", "tenant-000", "tenant-001")
    assert {key[0] for key in window.script._views} == set(desk.prepared_ids)

    # A tenant that was not prepared rings: its script is there, and the desk lets go of
    # the least recently used tenant, tree model included.
    controller.go_ready()
    window.resize(1366, 768)
    with qtbot.waitActive(window):  # keys go to the active window, as on a desktop
        window.show()
    with qtbot.waitSignal(controller.pop_painted, timeout=2000):
        bridge.emit_event(incoming(numbers[4 * 3]))
    assert window.banner.name.text() and window.script.tree.model().rowCount() >= 2
    assert window.script.search.hasFocus()
    assert desk.prepared_ids == ("tenant-000", "tenant-001", "tenant-003")
    assert {key[0] for key in window.script._views} == set(desk.prepared_ids)


def test_an_answer_above_a_table_is_shown_whole_and_the_table_gets_the_rest(qtbot, desk_ui,
                                                                            library):
    window, bridge, _ = desk_ui
    script = window.script
    bridge.emit_event(incoming(ELECTRONICS))
    script.open_question("choose-tv")
    assert script.table_box.isVisible()
    # The answer and its follow-up questions fit: nothing to scroll in what is read out.
    qtbot.waitUntil(lambda: script.answer.verticalScrollBar().maximum() == 0, timeout=2000)
    answer_h, table_h = script.answer_split.sizes()
    assert table_h >= 0.4 * (answer_h + table_h)
    assert script.proxy.rowCount() >= 4 and script.table.isVisible()


def test_a_required_wrap_up_result_blocks_ctrl_enter_with_the_reason(qtbot, desk_ui):
    from PySide6.QtWidgets import QApplication

    window, bridge, controller = desk_ui
    call = answered(bridge, ELECTRONICS)
    bridge.emit_event(ended(call))
    assert window.wrap_up.code.hasFocus()
    finished = []
    controller.wrap_up_done.connect(lambda *args: finished.append(args))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.wrap_up.reason.isVisible, timeout=2000)  # the button's click shows
    assert finished == []
    assert window.wrap_up.isVisible() and controller.agent.state is AgentState.AFTER_CALL_WORK
    assert window.wrap_up.reason.text().startswith(
        "Choose the call's result first: «Вектор Электроникс» — горячая линия asks for one")
    assert window.wrap_up.code.hasFocus()  # ↓ picks a result at once
    qtbot.keyClick(window.wrap_up.code, Qt.Key.Key_Down)
    assert not window.wrap_up.reason.isVisible()
    with qtbot.waitSignal(controller.wrap_up_done) as done:
        qtbot.keyClick(window.wrap_up.code, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args[1] == "sale-consult"
    assert controller.agent.state is AgentState.READY


def test_a_tenant_may_let_calls_be_finished_without_a_result(qtbot, builder):
    builder.tenant("alpha", number="8-800-555-00-01")
    builder.replace("alpha", "tenant.yaml", "wrapup_codes:", "wrapup_required: false\nwrapup_codes:")
    window = DeskWindow()
    qtbot.addWidget(window)
    bridge = FakeBridge()
    controller = DeskController(Desk(Library.load(builder.root), OperatorProfile("Анна")),
                                window, bridge, auto_ready_s=-1)
    controller.go_ready()
    with qtbot.waitActive(window):  # keys go to the active window, as on a desktop
        window.show()
    call = answered(bridge, "88005550001")
    bridge.emit_event(ended(call))
    with qtbot.waitSignal(controller.wrap_up_done) as done:
        qtbot.keyClick(window.wrap_up.code, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args[1] == ""
