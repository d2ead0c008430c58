"""The company page: name, banner colour, time zone, hotlines, working hours, operator
groups and transfer targets, as ``tenant.yaml`` holds them (ids made from names)."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from operator_desk.studio import operations as ops
from operator_desk.studio.ids import unique_id
from operator_desk.studio.yamldoc import MISSING
from operator_desk.ui.studio.session import StudioSession

TENANT = "tenant.yaml"
TENANT_KEYS = ("id", "name", "banner", "timezone", "languages", "numbers", "business_hours",
               "greetings", "groups", "tables", "directory", "callback", "wrapup_codes", "ivr")
COMMON_ZONES = ("Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg",
                "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk", "Asia/Irkutsk",
                "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
                "Europe/Minsk", "Asia/Almaty", "Europe/Berlin", "Europe/London")


class RowsEditor(QWidget):
    """A small table with Add and Remove; ``changed(rows)`` is called with all rows."""

    def __init__(self, headers: list[str], name: str, on_change: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(110)
        self.add = QPushButton(self.tr("Add"))
        self.add.setObjectName(f"{name}Add")
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setObjectName(f"{name}Remove")
        buttons = QVBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._on_change = on_change
        self._loading = False
        self.table.itemChanged.connect(self._on_item_changed)
        self.add.clicked.connect(self._on_add_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)

    def set_rows(self, rows: list[list[str]]) -> None:
        self._loading = True
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self._loading = False

    def rows(self) -> list[list[str]]:
        return [[(self.table.item(r, c).text().strip() if self.table.item(r, c) else "")
                 for c in range(self.table.columnCount())] for r in range(self.table.rowCount())]

    def _on_item_changed(self, _: QTableWidgetItem) -> None:
        if not self._loading:
            self._on_change(self.rows())

    def _on_add_clicked(self) -> None:
        self._loading = True
        row = self.table.rowCount()
        self.table.insertRow(row)
        for c in range(self.table.columnCount()):
            self.table.setItem(row, c, QTableWidgetItem(""))
        self._loading = False
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._on_change(self.rows())


class TenantPage(QScrollArea):
    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tenantPage")
        self.session = session
        self._loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        self.setWidget(inner)
        form = QFormLayout(inner)
        self.name = QLineEdit()
        self.name.setObjectName("tenantName")
        self.colour = QPushButton()
        self.colour.setObjectName("bannerColour")
        self.colour.setToolTip(self.tr("The banner's colour on the operator's screen"))
        self.timezone = QComboBox()
        self.timezone.setObjectName("tenantTimezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(list(COMMON_ZONES))
        self.numbers = RowsEditor([self.tr("Number, as people write it")], "tenantNumbers",
                                  self._on_numbers_changed)
        self.hours = RowsEditor([self.tr("Days"), self.tr("Hours")], "businessHours",
                                self._on_hours_changed)
        hint = QLabel(self.tr("Days: mon … sun, mon-fri, daily. Hours: 09:00-18:00, several "
                              "with commas, closed or 24h. No rows: always open."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #607D8B;")
        self.groups = RowsEditor([self.tr("Operator group")], "operatorGroups",
                                 self._on_groups_changed)
        self.directory = RowsEditor([self.tr("Name"), self.tr("Extension or SIP address"),
                                     self.tr("Note")], "transferTargets",
                                    self._on_directory_changed)
        form.addRow(self.tr("Company name"), self.name)
        form.addRow(self.tr("Banner colour"), self.colour)
        form.addRow(self.tr("Time zone"), self.timezone)
        form.addRow(self._box(self.tr("Hotlines (calls to these numbers show this company)"),
                              self.numbers))
        hours_box = self._box(self.tr("Working hours (outside them: the after-hours greeting)"),
                              self.hours)
        hours_box.layout().addWidget(hint)
        form.addRow(hours_box)
        form.addRow(self._box(self.tr("Operator groups"), self.groups))
        form.addRow(self._box(self.tr("Transfer targets (the client's specialists)"),
                              self.directory))
        self.name.editingFinished.connect(self._on_name_edited)
        self.colour.clicked.connect(self._on_colour_clicked)
        self.timezone.activated.connect(self._on_timezone_changed)
        self.timezone.lineEdit().editingFinished.connect(self._on_timezone_changed)
        session.tenant_opened.connect(lambda _: self.load())
        session.edited.connect(lambda op, from_widget: None if from_widget else self.load())

    def _box(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        return box

    def _get(self, *path: str | int, default: Any = None) -> Any:
        value = self.session.workspace.tenant.get(tuple(path), default)
        return default if value is MISSING else value

    def _push(self, path: tuple[str | int, ...], value: Any) -> None:
        if not self._loading:
            order = TENANT_KEYS if len(path) == 1 else ()
            self.session.push(ops.SetValue(TENANT, path, value, order=order))

    def load(self) -> None:
        self._loading = True
        try:
            self.name.setText(str(self._get("name", default="")))
            colour = str(self._get("banner", "colour", default="#455A64"))
            self.colour.setText(colour)
            text = str(self._get("banner", "text_colour", default="#FFFFFF"))
            self.colour.setStyleSheet(f"background: {colour}; color: {text};")
            self.timezone.setCurrentText(str(self._get("timezone", default="")))
            self.numbers.set_rows([[str(n)] for n in self._get("numbers", default=[]) or []])
            hours = self._get("business_hours", default={}) or {}
            self.hours.set_rows([[str(k), str(v)] for k, v in hours.items()])
            groups = self._get("groups", default={}) or {}
            self.groups.set_rows([[str(g.get("name", gid)) if isinstance(g, dict) else gid]
                                  for gid, g in groups.items()])
            self.directory.set_rows([[str(d.get("name", "")), str(d.get("target", "")),
                                      str(d.get("note", ""))]
                                     for d in self._get("directory", default=[]) or []
                                     if isinstance(d, dict)])
        finally:
            self._loading = False

    def _on_name_edited(self) -> None:
        name = self.name.text().strip()
        if name and name != self._get("name"):
            self._push(("name",), name)

    def _on_colour_clicked(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour.text()), self,
                                       self.tr("Banner colour"))
        if colour.isValid():
            self._push(("banner", "colour"), colour.name().upper())

    def _on_timezone_changed(self, *_: Any) -> None:
        zone = self.timezone.currentText().strip()
        if zone and zone != self._get("timezone") and zone in available_timezones():
            self._push(("timezone",), zone)

    def _on_numbers_changed(self, rows: list[list[str]]) -> None:
        numbers = [r[0] for r in rows if r[0]]
        old = [str(n) for n in self._get("numbers", default=[]) or []]
        if numbers == old:
            return
        if len(numbers) == len(old):
            i = next(i for i, (a, b) in enumerate(zip(numbers, old, strict=True)) if a != b)
            self._push(("numbers", i), numbers[i])
        else:
            self._push(("numbers",), numbers)

    def _on_hours_changed(self, rows: list[list[str]]) -> None:
        hours = {days: spec for days, spec in rows if days}
        self._push(("business_hours",), hours or MISSING)

    def _on_groups_changed(self, rows: list[list[str]]) -> None:
        old = self._get("groups", default={}) or {}
        names = [r[0] for r in rows if r[0]]
        new: dict[str, Any] = {}
        kept = list(old.items())
        for i, name in enumerate(names):
            if i < len(kept):  # a renamed group keeps its id (reports and settings use it)
                gid, data = kept[i]
                new[gid] = {**(dict(data) if isinstance(data, dict) else {}), "name": name}
            else:
                new[unique_id(name, set(new) | set(old), "group")] = {"name": name}
        self._push(("groups",), new or MISSING)

    def _on_directory_changed(self, rows: list[list[str]]) -> None:
        old = [d for d in self._get("directory", default=[]) or [] if isinstance(d, dict)]
        out: list[dict[str, Any]] = []
        taken = {str(d.get("id")) for d in old}
        for i, (name, target, note) in enumerate(r for r in rows if r[0] or r[1]):
            entry = dict(old[i]) if i < len(old) else {
                "id": unique_id(name or target, taken, "specialist")}
            taken.add(entry["id"])
            entry.update(name=name, target=target)
            if note:
                entry["note"] = note
            else:
                entry.pop("note", None)
            out.append(entry)
        self._push(("directory",), out or MISSING)


def item_flags_editable(item: QTableWidgetItem) -> None:
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
