"""Starting with the session: the XDG autostart entry is written and removed (Linux)."""

from __future__ import annotations

import sys

import pytest

from operator_desk import autostart

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart")


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    """A private HOME, XDG_CONFIG_HOME and XDG_CONFIG_DIRS (the system folder)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    return tmp_path


def test_enabling_writes_the_desktop_entry_and_disabling_removes_it(xdg):
    entry = xdg / "config" / "autostart" / "operator-desk.desktop"
    assert autostart.user_entry_path() == entry
    assert not autostart.is_enabled()
    autostart.set_enabled(True, ["/opt/operator-desk/operator-desk"])
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n")
    assert "Type=Application" in text and "Name=Operator Desk" in text
    assert "Exec=/opt/operator-desk/operator-desk\n" in text and "Hidden=false" in text
    assert autostart.is_enabled()
    autostart.set_enabled(True, ["/opt/operator-desk/operator-desk"])  # idempotent
    autostart.set_enabled(False)
    assert not entry.exists() and not autostart.is_enabled()
    autostart.set_enabled(False)  # nothing to remove: fine


def test_without_xdg_config_home_the_entry_goes_under_home(xdg, monkeypatch):
    monkeypatch.delenv("XDG_CONFIG_HOME")
    autostart.set_enabled(True, ["operator-desk"])
    assert (xdg / "home" / ".config" / "autostart" / "operator-desk.desktop").is_file()


def test_the_default_command_starts_this_desk(xdg):
    autostart.set_enabled(True)
    text = autostart.user_entry_path().read_text(encoding="utf-8")
    assert f"Exec={sys.executable} -m operator_desk\n" in text


def test_arguments_with_spaces_and_specials_are_quoted(xdg):
    autostart.set_enabled(True, ["/opt/My Desk/operator-desk", "--config", "/tmp/100%$x.toml"])
    line = next(x for x in autostart.user_entry_path().read_text(encoding="utf-8").splitlines()
                if x.startswith("Exec="))
    assert line == 'Exec="/opt/My Desk/operator-desk" --config "/tmp/100%%\\\\$x.toml"'


def test_a_system_entry_from_it_is_respected(xdg):
    system = xdg / "etc-xdg" / "autostart" / "operator-desk.desktop"
    system.parent.mkdir(parents=True)
    system.write_text(autostart.desktop_entry(["/usr/bin/operator-desk"]), encoding="utf-8")
    assert autostart.machine_enabled() and autostart.is_enabled()
    autostart.set_enabled(True, ["x"])  # no second entry: the system one starts the desk
    assert not autostart.user_entry_path().exists()
    autostart.set_enabled(False, ["x"])  # the XDG way to switch a system entry off
    assert "Hidden=true" in autostart.user_entry_path().read_text(encoding="utf-8")
    assert not autostart.is_enabled()
    autostart.set_enabled(True, ["x"])
    assert not autostart.user_entry_path().exists() and autostart.is_enabled()


def test_an_unwritable_folder_is_an_autostart_error(xdg, monkeypatch):
    blocker = xdg / "config"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(autostart.AutostartError, match="cannot write"):
        autostart.set_enabled(True, ["x"])
