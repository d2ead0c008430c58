"""The desk's screens in the states an operator sees, built with the real window and the
fake engine bridge: for the screenshot test (nothing cut off) and scripts/screenshots.py.

Each state function takes a :class:`Screen` and brings the desk to that state, returning
the widget to look at (the window, or a dialog in front of it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from operator_desk.core.calls import CallState, EndReason
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.storage.db import Database
from operator_desk.storage.records import CallRecords, Direction
from operator_desk.ui.controller import DeskController
from operator_desk.ui.i18n import install_english_plurals, install_translator
from operator_desk.ui.main_window import DeskWindow
from operator_desk.ui.records import DeskRecords
from tests.ui.fakes import FakeBridge, ended, incoming, state

ELECTRONICS, BANK, TAXI = "88005557190", "+73432700070", "88005553535"
SIZES = ((1366, 768), (1920, 1080))


def settle(app: QApplication | None = None, rounds: int = 10) -> None:
    """Let the window do what it has queued: layouts, paints, and the tables' refits."""
    from operator_desk.ui.script_panel import TablePane

    app = app or QApplication.instance()
    for _ in range(rounds):
        app.processEvents()
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and any(
            pane._refit.isActive() for top in QApplication.topLevelWidgets()
            for pane in top.findChildren(TablePane)):
        time.sleep(0.005)
        app.processEvents()
    for _ in range(rounds):
        app.processEvents()


def use_language(language: str) -> None:
    """The desk's translations for ``language`` (``ru``, ``en``), replacing any others."""
    app = QCoreApplication.instance()
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    if language == "en":
        install_english_plurals(app)
    else:
        install_translator(app, language)


@dataclass
class Screen:
    """A desk window of a given size with its controller, records and fake engine."""

    library: Library
    size: tuple[int, int]
    db_path: Path
    window: DeskWindow = field(init=False)
    bridge: FakeBridge = field(init=False)
    controller: DeskController = field(init=False)
    records: DeskRecords = field(init=False)
    db: Database = field(init=False)
    call: object = None

    def __post_init__(self) -> None:
        self.window = DeskWindow()
        self.bridge = FakeBridge()
        self.controller = DeskController(
            Desk(self.library, OperatorProfile("Анна-Мария Константинопольская", "sales")),
            self.window, self.bridge, auto_ready_s=-1)
        self.db = Database.open(self.db_path)
        self.records = DeskRecords(self.db, self.controller)
        self.controller.prepare_tenants()
        while self.controller.preparing:
            QApplication.processEvents()
        self.controller.go_ready()
        self.window.resize(*self.size)
        self.window.show()
        settle()

    def close(self) -> None:
        for dialog in QApplication.topLevelWidgets():
            if dialog is not self.window and dialog.isVisible():
                dialog.close()
        self.window.close()
        self.db.close()

    def ring(self, dialed: str = ELECTRONICS, **kw: object) -> None:
        self.call = incoming(dialed, **kw)
        self.bridge.emit_event(self.call)
        settle()

    def answer(self) -> None:
        self.bridge.emit_event(state(self.call, CallState.RINGING, CallState.ACTIVE))
        settle()


def earlier_calls(screen: Screen, number: str) -> None:
    """Two earlier calls today from the caller (the card's repeat-caller line)."""
    records = CallRecords(screen.db.conn)
    now = time.time_ns()
    for i, (answered, code) in enumerate(((False, ""), (True, "warranty"))):
        cid = f"earlier-{i}@x"
        start = now - (3 - i) * 600 * 10**9
        records.start(cid, Direction.INCOMING, start, tenant_id="elektronika-vector",
                      caller_number=number)
        if answered:
            records.mark_answered(cid, start + 4 * 10**9)
        records.end(cid, EndReason.REMOTE_HANGUP if answered else EndReason.CANCELLED,
                    start + 90 * 10**9)
        if code:
            records.wrap_up(cid, code)


def ringing(screen: Screen) -> QWidget:
    """The electronics hotline rings: a caller with a long name, IVR input, earlier calls."""
    earlier_calls(screen, "79161234567")
    screen.ring(ELECTRONICS, name="Ольга Владимировна Кимова-Преображенская",
                headers={"X-IVR-Data": "menu=2;order_no=448812"})
    return screen.window


def answered_with_table(screen: Screen) -> QWidget:
    """Answered, the greeting folded, the models table of the TV question, two rows chosen."""
    ringing(screen)
    screen.answer()
    script = screen.window.script
    script.search.setFocus()
    script.search.insert("телевизор")
    script.search.textEdited.emit("телевизор")
    script.open_question("choose-tv")
    script.table.selectRow(0)
    model = script.table.selectionModel()
    model.select(script.proxy.index(1, 0), model.SelectionFlag.Select | model.SelectionFlag.Rows)
    settle()
    return screen.window


def bank_products(screen: Screen) -> QWidget:
    """The bank's credit rates table (its rates were cut off: «от 19,9 % годовых»)."""
    screen.ring(BANK, name="Пётр Сергеевич Ивановский-Нахимович",
                headers={"X-IVR-Data": "menu=2;card_last4=4521"})
    screen.answer()
    script = screen.window.script
    script.search.textEdited.emit("кредит")
    question = next(q.id for q in screen.library.script("severny-kredit").walk()
                    if q.table is not None and q.table.table == "credit-rates")
    script.open_question(question)
    settle()
    return screen.window


def stores(screen: Screen) -> QWidget:
    """The electronics stores, filtered by the caller's city."""
    answered_with_table(screen)
    screen.window.script.open_question("where-to-buy")
    screen.window.script.city_filter.setText("Самара")
    settle()
    return screen.window


def wrap_up(screen: Screen) -> QWidget:
    """After the call: the required result not chosen yet, Ctrl+Enter refused with why."""
    answered_with_table(screen)
    screen.bridge.emit_event(ended(screen.call))
    screen.window.wrap_up.note.setPlainText(
        "Подобрали телевизор, клиент перезвонит после зарплаты; уточнить наличие 55 QLED")
    screen.window.wrap_up.finish.click()
    settle()
    return screen.window


def transfer(screen: Screen) -> QWidget:
    """The transfer dialog over an answered call, at the repair question."""
    answered_with_table(screen)
    screen.window.script.open_question("repair")
    screen.window.transfer_action.trigger()
    settle()
    return screen.controller.transfer_dialog


def consult(screen: Screen) -> QWidget:
    """Consulting a specialist: the bar with complete / swap / back."""
    from operator_desk.core.calls import OutgoingCall

    answered_with_table(screen)
    screen.window.transfer_action.trigger()
    dialog = screen.controller.transfer_dialog
    dialog.consult.click()
    out = OutgoingCall("consult@x", 900_000, "sip:4401@pbx", 0, consult_for=screen.call.engine_call)
    screen.bridge.emit_event(out)
    screen.bridge.emit_event(state(screen.call, CallState.ACTIVE, CallState.HELD))
    screen.bridge.emit_event(state(out, CallState.DIALING, CallState.ACTIVE))
    settle()
    return screen.window


def search(screen: Screen) -> QWidget:
    """The search's results for the issue's query, typo and all."""
    ringing(screen)
    screen.answer()
    screen.window.script.search.setFocus()
    screen.window.script.search.insert("гарантия на тилевизор")
    screen.window.script.search.textEdited.emit("гарантия на тилевизор")
    settle()
    return screen.window


def compare(screen: Screen) -> QWidget:
    answered_with_table(screen)
    screen.window.script.table.selectAll()
    screen.window.script.table_box.compare_selected()
    settle()
    return screen.window.script.table_box.compare_dialog


def unknown_number(screen: Screen) -> QWidget:
    screen.ring("84950000000", name="Неизвестный")
    return screen.window


def callback_form(screen: Screen) -> QWidget:
    answered_with_table(screen)
    screen.window.callback_action.trigger()
    settle()
    return screen.controller.callback_form


STATES: dict[str, Callable[[Screen], QWidget]] = {
    "ringing": ringing, "answer-table": answered_with_table, "bank-rates": bank_products,
    "stores-by-city": stores, "wrap-up": wrap_up, "transfer-dialog": transfer,
    "consult": consult, "callback-form": callback_form, "search": search, "compare": compare,
    "unknown-number": unknown_number,
}
