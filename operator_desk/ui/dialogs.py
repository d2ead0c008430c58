"""Transfer dialog, callback form and wrap-up panel. They collect input; callers decide.

TransferDialog signals:
    transfer_chosen(str, bool): directory entry id, and True for a consult (attended)
        transfer, False for a blind one.
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

from operator_desk.core.forms import TransferTarget, check_callback
from operator_desk.core.model import CallbackField, WrapupCode
from operator_desk.core.numbers import example_number

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 20


class TransferDialog(QDialog):
    transfer_chosen = Signal(str, bool)

    def __init__(self, targets: Sequence[TransferTarget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer the call"))
        self.list = QListWidget()
        self.list.setObjectName("transferTargets")
        self.list.setWordWrap(True)
        self.list.setStyleSheet(
            "QListWidget::item { padding: 6px 4px; border-bottom: 1px solid #CFD8DC; }"
            "QListWidget::item:selected { background: #BBDEFB; color: #000000; }")
        for target in targets:
            entry = target.entry
            lines = [f"{entry.name}  ·  " + self.tr("support level {0}").format(entry.tier)
                     + f"  ·  {entry.target}"]
            if entry.note:
                lines.append(entry.note)
            days = tuple(self.tr("Mon Tue Wed Thu Fri Sat Sun").split())
            hours = (entry.hours.describe(days, self.tr("closed")) if entry.hours
                     else self.tr("any time"))
            state = self.tr("open now") if target.open_now else self.tr("CLOSED now")
            lines.append(f"{state} — {hours}")
            item = QListWidgetItem(("★ " if target.suggested else "") + "\n".join(lines))
            item.setData(ENTRY_ROLE, entry.id)
            if not target.open_now:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.blind = QPushButton(self.tr("Blind transfer"))
        self.blind.setObjectName("blindTransfer")
        self.consult = QPushButton(self.tr("Consult first"))
        self.consult.setObjectName("consultTransfer")
        self.consult.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.consult)
        buttons.addWidget(self.blind)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Specialists of the client company, by support level:")))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.blind.clicked.connect(lambda: self._choose(False))
        self.consult.clicked.connect(lambda: self._choose(True))
        self.list.itemActivated.connect(lambda _item: self._choose(True))
        cancel.clicked.connect(self.reject)
        self.resize(620, 420)

    def _choose(self, consult: bool) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.transfer_chosen.emit(item.data(ENTRY_ROLE), consult)
        self.accept()


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
        self.submit = buttons.addButton(self.tr("Save callback request"),
                                        QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit.setObjectName("submitCallback")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Saved on this PC at once, then sent to the CRM.")))
        layout.addWidget(buttons)
        self.resize(520, 0)

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
    says why it cannot finish yet) and a note."""

    edited = Signal(str, str)
    done = Signal(str, str)

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
