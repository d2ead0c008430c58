"""The settings dialog, built from the declared settings (core.settings).

Each setting becomes a widget by its type (check box, spin box with its range, list of
its choices, text field); keys the machine-wide file locked are shown but disabled. The
SIP password is not a setting: it goes to the OS keyring through ``store_secret``.

Signals:
    saved(object, str): the new :class:`Settings` and the SIP password typed ('' = keep).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.settings import Settings, check_value, declared

DeviceLister = Callable[[], Mapping[str, Sequence[str]]]
"""Returns device names by kind: ``microphone``, ``headset``, ``ringer``."""


class SettingsDialog(QDialog):
    saved = Signal(object, str)

    def __init__(self, settings: Settings, locked: frozenset[str] = frozenset(),
                 devices: DeviceLister | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self.inputs: dict[str, QWidget] = {}
        labels = self._labels()
        tabs = QTabWidget()
        device_names = devices() if devices else {}
        forms: dict[str, QFormLayout] = {}
        for key, spec in declared().items():
            section, _, name = key.partition(".")
            if section not in forms:
                page = QWidget()
                forms[section] = QFormLayout(page)
                tabs.addTab(page, self._section_title(section))
            widget = self._widget(key, spec.metadata, settings.get(key), device_names.get(name))
            widget.setObjectName(f"setting_{key.replace('.', '_')}")
            widget.setToolTip(spec.metadata["description"])
            if key in locked:
                widget.setEnabled(False)
                widget.setToolTip(self.tr("Set by your IT department (locked)"))
            self.inputs[key] = widget
            forms[section].addRow(labels.get(key, name), widget)
            if key == "sip.user":
                self.password = QLineEdit()
                self.password.setObjectName("sipPassword")
                self.password.setEchoMode(QLineEdit.EchoMode.Password)
                self.password.setPlaceholderText(self.tr("unchanged"))
                self.password.setToolTip(self.tr("Kept in the system keyring, never in a file"))
                forms[section].addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color: #B71C1C;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        layout.addWidget(QLabel(self.tr("SIP and audio changes apply when the desk restarts.")))
        layout.addWidget(buttons)
        self.tabs = tabs
        self.resize(620, 460)

    def _section_title(self, section: str) -> str:
        return {
            "operator": self.tr("Operator"), "sip": self.tr("SIP account"),
            "calls": self.tr("Calls"), "audio": self.tr("Audio"),
            "library": self.tr("Scripts"), "log": self.tr("Journal"),
        }.get(section, section)

    def _labels(self) -> dict[str, str]:
        return {
            "operator.name": self.tr("Your name"), "operator.group": self.tr("Group"),
            "sip.listen": self.tr("Listen on"), "sip.registrar": self.tr("Registrar (PBX)"),
            "sip.user": self.tr("User"), "sip.auth_user": self.tr("Auth user"),
            "sip.domain": self.tr("Domain"), "sip.transport": self.tr("Transport"),
            "sip.expires": self.tr("Registration, s"), "sip.proxy": self.tr("Outbound proxy"),
            "sip.tenant_header": self.tr("Tenant header"),
            "sip.ivr_digits_header": self.tr("IVR digits header"),
            "sip.ivr_data_header": self.tr("IVR data header"),
            "calls.auto_answer": self.tr("Answer automatically"),
            "calls.call_waiting": self.tr("Call waiting"),
            "calls.not_ready_code": self.tr("Reject code when not ready"),
            "calls.busy_code": self.tr("Reject code when busy"),
            "calls.auto_ready_after": self.tr("Ready again after, s"),
            "audio.microphone": self.tr("Microphone"), "audio.headset": self.tr("Headset"),
            "audio.ringer": self.tr("Ringer (speakers)"),
            "library.path": self.tr("Library folder"), "library.url": self.tr("Central library URL"),
            "log.event_log": self.tr("Event journal file"),
        }

    def _widget(self, key: str, meta: Mapping[str, Any], value: Any,
                devices: Sequence[str] | None) -> QWidget:
        if isinstance(value, bool):
            box = QCheckBox()
            box.setChecked(value)
            return box
        if isinstance(value, int):
            spin = QSpinBox()
            spin.setRange(int(meta.get("minimum", -1_000_000)), int(meta.get("maximum", 1_000_000)))
            spin.setValue(value)
            return spin
        if "choices" in meta or devices is not None:
            combo = QComboBox()
            options = list(meta.get("choices", ()))
            if devices is not None:
                combo.addItem(self.tr("System default"), "")
                options = list(devices)
                if value and value not in options:
                    options.append(value)  # a device that is unplugged right now
            for option in options:
                combo.addItem(option, option)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        line = QLineEdit(str(value))
        return line

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, QComboBox):
                out[key] = str(widget.currentData() or "")
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
        return out

    def _on_save(self) -> None:
        changed = {k: v for k, v in self.values().items() if self.inputs[k].isEnabled()}
        labels = self._labels()
        errors = [f"{labels.get(k, k)}: {error}" for k, v in changed.items()
                  if (error := check_value(k, v))]
        if errors:
            self.error.setText("\n".join(errors))
            self.error.show()
            return
        self.saved.emit(self._settings.with_values(changed), self.password.text())
        self.accept()
