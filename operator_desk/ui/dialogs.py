"""Transfer dialog, callback form and wrap-up panel. They collect input; callers decide.

TransferDialog signals:
    transfer_chosen(str, bool): directory entry id, and True for a consult (attended)
        transfer, False for a blind one.
    callback_requested(): take a callback request instead (the specialist is closed).
CallbackForm signals:
    edited(dict): any field changed (values by field id) — for the crash-safe draft.
    submitted(dict): the operator submitted a valid form.
WrapUpPanel signals:
    edited(str, str): wrap-up code and note changed (for the draft).
    done(str, str): the operator finished the wrap-up (code, note).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.forms import TransferTarget, alternatives, check_callback
from operator_desk.core.model import CallbackField, WrapupCode
from operator_desk.core.numbers import example_number
from operator_desk.ui.script_panel import SearchBox

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 20
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 21


class TransferDialog(QDialog):
    """The tenant's directory to transfer to: found by typing, closed entries explained
    (when they open, what is open instead, or a callback)."""

    transfer_chosen = Signal(str, bool)
    callback_requested = Signal()

    def __init__(self, targets: Sequence[TransferTarget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer the call"))
        self._targets = {t.entry.id: t for t in targets}
        self._all = list(targets)
        self.search = SearchBox()
        self.search.setObjectName("transferSearch")
        self.search.setPlaceholderText(self.tr("Find by name, topic or number…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("transferTargets")
        self.list.setWordWrap(True)
        self.list.setStyleSheet(
            "QListWidget::item { padding: 6px 4px; border-bottom: 1px solid #CFD8DC; }"
            "QListWidget::item:selected { background: #BBDEFB; color: #000000; }")
        for target in targets:
            self.list.addItem(self._item(target))
        self.hint = QLabel()
        self.hint.setObjectName("transferHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #B71C1C;")
        self.consult = QPushButton(self.tr("Consult first (Enter)"))
        self.consult.setObjectName("consultTransfer")
        self.consult.setDefault(True)
        self.blind = QPushButton(self.tr("Blind transfer (Ctrl+Enter)"))
        self.blind.setObjectName("blindTransfer")
        self.callback = QPushButton(self.tr("Callback instead (Ctrl+B)"))
        self.callback.setObjectName("transferCallback")
        self.cancel = QPushButton(self.tr("Cancel (Esc)"))
        self._lay_out()
        self._connect()
        self._select_first_visible()
        self.search.setFocus()
        self.resize(660, 480)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.consult)
        buttons.addWidget(self.blind)
        buttons.addWidget(self.callback)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Specialists of the client company, by support level:")))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.arrow_pressed.connect(self.list.setFocus)
        self.search.returnPressed.connect(lambda: self._choose(True))
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.list.itemActivated.connect(lambda _item: self._choose(True))
        self.blind.clicked.connect(lambda: self._choose(False))
        self.consult.clicked.connect(lambda: self._choose(True))
        self.callback.clicked.connect(self._on_callback_clicked)
        self.cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self._choose(False))
        QShortcut(QKeySequence("Ctrl+Enter"), self, lambda: self._choose(False))
        QShortcut(QKeySequence("Ctrl+B"), self, self._on_callback_clicked)

    def _item(self, target: TransferTarget) -> QListWidgetItem:
        entry = target.entry
        lines = [f"{entry.name}  ·  " + self.tr("support level {0}").format(entry.tier)
                 + f"  ·  {entry.target}"]
        if entry.note:
            lines.append(entry.note)
        hours = (entry.hours.describe(self._days(), self.tr("closed")) if entry.hours
                 else self.tr("any time"))
        lines.append(f"{self.state_text(target)} — {hours}")
        item = QListWidgetItem(("★ " if target.suggested else "") + "\n".join(lines))
        item.setData(ENTRY_ROLE, entry.id)
        item.setData(SEARCH_ROLE, _fold(" ".join((entry.name, entry.note, entry.target,
                                                  entry.id))))
        if not target.open_now:
            item.setForeground(Qt.GlobalColor.darkGray)
        return item

    def _days(self) -> tuple[str, ...]:
        return tuple(self.tr("Mon Tue Wed Thu Fri Sat Sun").split())

    def state_text(self, target: TransferTarget) -> str:
        if target.open_now:
            if target.closes_at is None:
                return self.tr("open now")
            return self.tr("open now, until {0}").format(target.closes_at.strftime("%H:%M"))
        return self.tr("CLOSED now") + (", " + self.opens_text(target) if target.opens_at else "")

    def opens_text(self, target: TransferTarget) -> str:
        assert target.opens_at is not None
        minutes = target.minutes_to_open or 0
        when = f"{self._days()[target.opens_at.weekday()]} {target.opens_at.strftime('%H:%M')}"
        if minutes < 60:
            return self.tr("opens {0} (in {1} min)").format(when, minutes)
        if minutes < 24 * 60:
            return self.tr("opens {0} (in {1} h {2} min)").format(when, minutes // 60,
                                                                  minutes % 60)
        return self.tr("opens {0}").format(when)

    def _on_search_text_changed(self, text: str) -> None:
        words = _fold(text).split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.data(SEARCH_ROLE) for w in words))
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self._select_first_visible()

    def _select_first_visible(self) -> None:
        visible = [self.list.item(r) for r in range(self.list.count())
                   if not self.list.item(r).isHidden()]
        self.list.setCurrentItem(visible[0] if visible else None)
        if not visible:
            self.hint.setText(self.tr("Nobody in the directory matches; take a callback request "
                                      "(Ctrl+B) or clear the search (Esc)."))

    def _on_list_current_item_changed(self, item: QListWidgetItem | None, *_: object) -> None:
        target = self._targets.get(item.data(ENTRY_ROLE)) if item is not None else None
        ok = target is not None
        self.consult.setEnabled(ok)
        self.blind.setEnabled(ok)
        if target is None or target.open_now:
            self.hint.setText("")
            return
        self.hint.setText(self.closed_hint(target))

    def closed_hint(self, target: TransferTarget) -> str:
        """Why not this one, and what instead."""
        text = self.tr("«{0}» is closed now").format(target.entry.name)
        if target.opens_at is not None:
            text += " (" + self.opens_text(target) + ")"
        others = alternatives(self._all, target)
        if others:
            names = ", ".join(f"«{t.entry.name}»" for t in others[:3])
            text += ". " + self.tr("Open now: {0}. Or take a callback request (Ctrl+B).").format(
                names)
        else:
            text += ". " + self.tr("Nobody in the directory is open now: take a callback "
                                   "request (Ctrl+B).")
        return text

    def _choose(self, consult: bool) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        self.transfer_chosen.emit(item.data(ENTRY_ROLE), consult)
        self.accept()

    def _on_callback_clicked(self) -> None:
        self.accept()
        self.callback_requested.emit()


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


class CallbackForm(QDialog):
    edited = Signal(dict)
    submitted = Signal(dict)

    def __init__(self, tenant_name: str, fields: Sequence[CallbackField],
                 values: Mapping[str, str], region: str = "RU",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callbackForm")
        self.setWindowTitle(self.tr("Callback request — {0}").format(tenant_name))
        self._fields = tuple(fields)
        self._region = region
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for f in self._fields:
            widget = self._input(f, values.get(f.id, ""))
            widget.setObjectName(f"field_{f.id}")
            self.inputs[f.id] = widget
            error = QLabel()
            error.setStyleSheet("color: #B71C1C;")
            error.hide()
            self.errors[f.id] = error
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(f.label + (" *" if f.required else ""), box)
        buttons = QDialogButtonBox()
        self.submit = buttons.addButton(self.tr("Save callback request (Ctrl+Enter)"),
                                        QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit.setObjectName("submitCallback")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip(self.tr("Close without saving (Esc); what was typed stays as a draft"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._on_submit)
        buttons.accepted.connect(self._on_submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Saved on this PC at once, then sent to the CRM.")))
        layout.addWidget(buttons)
        self.setMinimumWidth(660)
        self.resize(660, 0)

    def _input(self, f: CallbackField, value: str) -> QWidget:
        if f.type == "multiline":
            edit = QPlainTextEdit(value)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(90)
            edit.textChanged.connect(self._on_any_edited)
            return edit
        if f.type == "choice":
            combo = QComboBox()
            combo.addItem("", "")
            for choice in f.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(self._on_any_edited)
            return combo
        if f.type == "datetime":
            when = QDateTimeEdit(QDateTime.fromString(value, Qt.DateFormat.ISODate)
                                 if value else QDateTime.currentDateTime().addSecs(3600))
            when.setCalendarPopup(True)
            when.setDisplayFormat("dd.MM.yyyy HH:mm")
            when.dateTimeChanged.connect(self._on_any_edited)
            return when
        line = QLineEdit(value)
        if f.type == "phone":
            line.setPlaceholderText(example_number(self._region))
        line.textChanged.connect(self._on_any_edited)
        return line

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for fid, widget in self.inputs.items():
            if isinstance(widget, QPlainTextEdit):
                out[fid] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                out[fid] = str(widget.currentData() or "")
            elif isinstance(widget, QDateTimeEdit):
                out[fid] = widget.dateTime().toString(Qt.DateFormat.ISODate)
            elif isinstance(widget, QLineEdit):
                out[fid] = widget.text()
        return out

    def _on_any_edited(self, *_: object) -> None:
        self.edited.emit(self.values())

    def _on_submit(self) -> None:
        values = self.values()
        problems = check_callback(self._fields, values, self._region)
        messages = {
            "required": self.tr("Required"),
            "not a phone number": self.tr("Not a phone number: write it with its area code, "
                                          "e.g. {0}").format(example_number(self._region)),
            "not one of the choices": self.tr("Pick one of the choices"),
        }
        for fid, label in self.errors.items():
            label.setText(messages.get(problems.get(fid, ""), ""))
            label.setVisible(fid in problems)
        if problems:
            self.inputs[next(iter(problems))].setFocus()
            return
        self.submitted.emit(values)
        self.accept()


class WrapUpPanel(QWidget):
    """After-call work: the call's result (required when the tenant says so: then Done
    says why it cannot finish yet) and a note.

    Signals (besides those in the module docs):
        shown(): the panel opened (the script above it has less room now).
    """

    edited = Signal(str, str)
    done = Signal(str, str)
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wrapUpPanel")
        self.required = False
        self._company = ""
        self.title = QLabel()
        self.title.setObjectName("wrapUpTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.code = QComboBox()
        self.code.setObjectName("wrapUpCode")
        self.code.setToolTip(self.tr("The call's result (Alt+R)"))
        self.reason = QLabel()
        self.reason.setObjectName("wrapUpReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("color: #B71C1C; font-weight: bold;")
        self.reason.hide()
        self.note = QPlainTextEdit()
        self.note.setObjectName("wrapUpNote")
        self.note.setPlaceholderText(self.tr("Note about the call (kept even if the desk closes)"))
        self.note.setMaximumHeight(70)
        self.note.setTabChangesFocus(True)
        self.finish = QPushButton(self.tr("Done — Ready (Ctrl+Enter)"))
        self.finish.setObjectName("wrapUpDone")
        self.finish.setShortcut("Ctrl+Return")
        self._lay_out()
        self.code.currentIndexChanged.connect(self._on_edited)
        self.note.textChanged.connect(self._on_edited)
        self.finish.clicked.connect(self._on_finish_clicked)
        self.hide()

    def _lay_out(self) -> None:
        result = QLabel(self.tr("&Result:"))
        result.setBuddy(self.code)
        row = QHBoxLayout()
        row.addWidget(result)
        row.addWidget(self.code, 1)
        row.addWidget(self.finish)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.reason)
        layout.addWidget(self.note)

    def start(self, title: str, codes: Sequence[WrapupCode], code: str = "", note: str = "",
              *, required: bool = False, company: str = "") -> None:
        """Open the wrap-up of a call; ``required``: Done needs one of ``codes`` chosen
        (``company`` names who asks for it, in the reason shown)."""
        self.code.blockSignals(True)
        self.note.blockSignals(True)
        self.code.clear()
        self.code.addItem(self.tr("— choose —"), "")
        for c in codes:
            self.code.addItem(c.label, c.code)
        self.code.setCurrentIndex(max(0, self.code.findData(code)))
        self.note.setPlainText(note)
        self.code.blockSignals(False)
        self.note.blockSignals(False)
        self.required = required and bool(codes)
        self._company = company
        self.reason.hide()
        self.title.setText(title)
        self.show()
        self.code.setFocus()
        self.shown.emit()

    def _on_edited(self, *_: object) -> None:
        if self.code.currentData():
            self.reason.hide()
        self.edited.emit(str(self.code.currentData() or ""), self.note.toPlainText())

    def _on_finish_clicked(self) -> None:
        code = str(self.code.currentData() or "")
        if self.required and not code:
            self.reason.setText(self.tr(
                "Choose the call's result first: {0} asks for one after every call, and the "
                "shift's history and statistics count calls by it.").format(
                    self._company or self.tr("this company")))
            self.reason.show()
            self.code.setFocus(Qt.FocusReason.OtherFocusReason)  # ↑/↓ choose at once
            return
        self.done.emit(code, self.note.toPlainText())
        self.hide()
