"""The settings dialog, built from the declared settings (core.settings).

Each setting becomes a widget by its type (check box, spin box with its range, list of
its choices, text field); keys the machine-wide file locked are shown but disabled. The
SIP password is not a setting: it goes to the OS keyring through ``store_secret``.

Signals:
    saved(object, str): the new :class:`Settings` and the SIP password typed ('' = keep).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.settings import Settings, check_value, declared

DeviceLister = Callable[[], Mapping[str, Sequence[str]]]
"""Returns device names by kind: ``microphone``, ``headset``, ``ringer``."""


class AudioTools(Protocol):
    """Checks of the chosen devices (the app gives them; the dialog holds no audio code)."""

    def play(self, device: str, ringtone: bool) -> Any:
        """Start a test tone (or the ringtone) on ``device``; the result has ``close()``."""

    def meter(self, device: str) -> Any:
        """Start measuring ``device``; the result has ``level`` (0..1) and ``close()``."""


class SettingsDialog(QDialog):
    saved = Signal(object, str)

    def __init__(self, settings: Settings, locked: frozenset[str] = frozenset(),
                 devices: DeviceLister | None = None, parent: QWidget | None = None,
                 audio_tools: AudioTools | None = None) -> None:
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
        self._tools = audio_tools
        self._playing: Any = None
        self._meter: Any = None
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(100)
        self._meter_timer.timeout.connect(self._on_meter_timer_timeout)
        if audio_tools is not None and "audio" in forms:
            self._add_audio_checks(forms["audio"])
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

    def _add_audio_checks(self, form: QFormLayout) -> None:
        row = QHBoxLayout()
        self.test_headset = QPushButton(self.tr("Play a test tone in the headset"))
        self.test_headset.setObjectName("testHeadset")
        self.test_ringer = QPushButton(self.tr("Ring the ringer"))
        self.test_ringer.setObjectName("testRinger")
        row.addWidget(self.test_headset)
        row.addWidget(self.test_ringer)
        form.addRow(self.tr("Check"), row)
        meter_row = QHBoxLayout()
        self.check_mic = QPushButton(self.tr("Check the microphone"))
        self.check_mic.setObjectName("checkMicrophone")
        self.check_mic.setCheckable(True)
        self.mic_level = QProgressBar()
        self.mic_level.setObjectName("micLevel")
        self.mic_level.setRange(0, 100)
        self.mic_level.setTextVisible(False)
        meter_row.addWidget(self.check_mic)
        meter_row.addWidget(self.mic_level, 1)
        form.addRow(self.tr("Microphone level"), meter_row)
        self.test_headset.clicked.connect(lambda: self._play("audio.headset", False))
        self.test_ringer.clicked.connect(lambda: self._play("audio.ringer", True))
        self.check_mic.toggled.connect(self._on_check_mic_toggled)

    def _device(self, key: str) -> str:
        widget = self.inputs[key]
        return str(widget.currentData() or "") if isinstance(widget, QComboBox) else ""

    def _play(self, key: str, ringtone: bool) -> None:
        assert self._tools is not None
        self._stop_playing()
        device = self._device(key) or (self._device("audio.headset") if ringtone else "")
        self._playing = self._tools.play(device, ringtone)
        QTimer.singleShot(3000 if ringtone else 1500, self._stop_playing)

    def _stop_playing(self) -> None:
        playing, self._playing = self._playing, None
        if playing is not None:
            playing.close()

    def _on_check_mic_toggled(self, on: bool) -> None:
        assert self._tools is not None
        if on:
            self._meter = self._tools.meter(self._device("audio.microphone"))
            self._meter_timer.start()
        else:
            self._stop_meter()

    def _stop_meter(self) -> None:
        self._meter_timer.stop()
        meter, self._meter = self._meter, None
        if meter is not None:
            meter.close()
        self.mic_level.setValue(0)

    def _on_meter_timer_timeout(self) -> None:
        if self._meter is not None:
            self.mic_level.setValue(int(100 * self._meter.level))

    def done(self, result: int) -> None:
        self._stop_playing()
        if self._tools is not None:
            self._stop_meter()
        super().done(result)

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
