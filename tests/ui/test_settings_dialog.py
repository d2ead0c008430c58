"""The settings dialog edits the declared settings, respects locks and checks values."""

from __future__ import annotations

from operator_desk.core.settings import Settings
from operator_desk.ui.settings_dialog import SettingsDialog


def test_every_setting_has_a_widget_and_saving_returns_the_edits(qtbot):
    settings = Settings().with_values({"operator.name": "Анна"})
    dialog = SettingsDialog(settings, devices=lambda: {"headset": ["USB Headset", "Speakers"]})
    qtbot.addWidget(dialog)
    assert dialog.inputs["operator.name"].text() == "Анна"
    assert dialog.inputs["audio.headset"].count() == 3  # system default + two devices
    dialog.inputs["calls.auto_answer"].setChecked(True)
    dialog.inputs["sip.transport"].setCurrentIndex(dialog.inputs["sip.transport"].findData("tls"))
    dialog.inputs["audio.headset"].setCurrentIndex(1)
    dialog.password.setText("s3cret")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog._on_save()
    new, password = saved.args
    assert (new.calls.auto_answer, new.sip.transport, new.audio.headset) == (True, "tls", "USB Headset")
    assert new.operator.name == "Анна" and password == "s3cret"


def test_locked_settings_cannot_be_changed(qtbot):
    settings = Settings().with_values({"sip.registrar": "sip:pbx.corp"})
    dialog = SettingsDialog(settings, frozenset({"sip.registrar"}))
    qtbot.addWidget(dialog)
    field = dialog.inputs["sip.registrar"]
    assert not field.isEnabled()
    field.setText("sip:elsewhere")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog._on_save()
    assert saved.args[0].sip.registrar == "sip:pbx.corp"


def test_bad_values_are_refused_with_a_reason(qtbot):
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.inputs["sip.listen"].setText("localhost")
    with qtbot.assertNotEmitted(dialog.saved):
        dialog._on_save()
    assert dialog.error.isVisibleTo(dialog) and "Listen on" in dialog.error.text()


class FakeTools:
    def __init__(self):
        self.calls = []
        self.meters = []

    def play(self, device, ringtone):
        self.calls.append(("play", device, ringtone))
        return type("Handle", (), {"close": lambda self: None})()

    def meter(self, device):
        handle = type("Meter", (), {"level": 0.42, "closed": False,
                                     "close": lambda self: setattr(self, "closed", True)})()
        self.meters.append((device, handle))
        return handle


def test_audio_checks_use_the_chosen_devices_and_show_the_level(qtbot):
    tools = FakeTools()
    devices = {"microphone": ["USB Mic"], "headset": ["USB Headset"], "ringer": ["Speakers"]}
    dialog = SettingsDialog(Settings(), devices=lambda: devices, audio_tools=tools)
    qtbot.addWidget(dialog)
    dialog.inputs["audio.headset"].setCurrentIndex(1)
    dialog.inputs["audio.ringer"].setCurrentIndex(1)
    dialog.inputs["audio.microphone"].setCurrentIndex(1)
    dialog.test_headset.click()
    dialog.test_ringer.click()
    assert tools.calls == [("play", "USB Headset", False), ("play", "Speakers", True)]
    dialog.check_mic.setChecked(True)
    qtbot.waitUntil(lambda: dialog.mic_level.value() == 42, timeout=2000)
    device, meter = tools.meters[0]
    assert device == "USB Mic"
    dialog.reject()
    assert meter.closed
