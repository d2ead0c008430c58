"""A synced library version reaches the desk through the cache, not parsed on the GUI thread."""

from __future__ import annotations

import threading

from operator_desk.core import library as library_module
from operator_desk.core.desk import Desk, OperatorProfile
from operator_desk.core.library import Library
from operator_desk.core.library_cache import LibraryCache
from operator_desk.services.library_sync import SyncResult, SyncStatus
from operator_desk.ui.controller import DeskController
from operator_desk.ui.library import LibrarySyncLoop
from operator_desk.ui.main_window import DeskWindow
from tests.conftest import LibraryBuilder
from tests.ui.fakes import FakeBridge


class OneUpdate:
    """A central library that has one new version, at ``path``."""

    def __init__(self, path) -> None:
        self.path = path
        self.calls = 0

    def sync(self, *, in_use=None) -> SyncResult:
        self.calls += 1
        if self.calls > 1:
            return SyncResult(SyncStatus.UP_TO_DATE, "v2", "up to date", path=self.path)
        return SyncResult(SyncStatus.UPDATED, "v2", "version v2 installed", path=self.path)

    def close(self) -> None:
        pass


def test_a_new_version_is_read_on_the_sync_thread_and_taken_from_the_cache(qtbot, tmp_path,
                                                                           monkeypatch):
    old = LibraryBuilder(tmp_path / "v1")
    old.tenant("alpha", number="8-800-555-35-35")
    new = LibraryBuilder(tmp_path / "v2")
    new.tenant("alpha", number="8-800-555-35-35")
    new.tenant("beta", number="8-800-555-35-36")
    window = DeskWindow()
    qtbot.addWidget(window)
    controller = DeskController(Desk(Library.load(old.root), OperatorProfile("Анна"),
                                     prepared_limit=1), window, FakeBridge(), auto_ready_s=-1)
    with qtbot.waitSignal(controller.tenants_prepared, timeout=5000):
        controller.prepare_tenants(busiest=["beta"])

    parsed_on: list[str] = []
    real_load_yaml = library_module.load_yaml

    def spy(text: str):
        parsed_on.append(threading.current_thread().name)
        return real_load_yaml(text)

    monkeypatch.setattr(library_module, "load_yaml", spy)
    loop = LibrarySyncLoop(OneUpdate(new.root), controller, window, LibraryCache(tmp_path / "c"))
    try:
        qtbot.waitUntil(lambda: controller.desk.library.root == new.root, timeout=10_000)
        qtbot.waitUntil(lambda: not controller.preparing, timeout=5000)
    finally:
        loop.stop()
    assert set(controller.desk.library.tenants) == {"alpha", "beta"}
    assert controller.desk.library.script_loaded("beta")  # the busiest, read ahead
    assert parsed_on and set(parsed_on) == {"library-sync"}  # never on the GUI thread
