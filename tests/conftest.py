"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.floor_fixtures"]  # a throwaway PostgreSQL, for the tests that ask for one

REPO = Path(__file__).resolve().parents[1]
BUNDLED_LIBRARY = REPO / "scripts_library"


def python_output(code: str, timeout: float = 60) -> str:
    """What ``code`` prints when run in a fresh interpreter (this venv's), for checks of
    what a process imports or maps; a non-zero exit fails the test with its stderr."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


def wait_until(condition: Callable[[], object], timeout: float = 10.0, what: str = "the condition",
               poll_s: float = 0.01) -> None:
    """Return as soon as ``condition()`` is true; fail after ``timeout`` seconds.

    For state in another thread or process (a worker, a server, a desk's journal) that no
    signal or event announces. It looks every ``poll_s``: the only sleep the suite's
    waits need, and it never decides a test's outcome: ``timeout`` is a ceiling.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(poll_s)


class LibraryBuilder:
    """Writes small scripts libraries for tests, starting from the starter tenant."""

    def __init__(self, root: Path) -> None:
        from operator_desk.core.starter import write_starter_tenant

        self.root = root
        self._starter = write_starter_tenant
        root.mkdir(parents=True, exist_ok=True)

    def tenant(self, tenant_id: str, number: str | None = None) -> Path:
        folder = self._starter(self.root, tenant_id)
        if number is not None:
            self.replace(tenant_id, "tenant.yaml", _first_number(folder), number)
        return folder

    def path(self, tenant_id: str, name: str) -> Path:
        return self.root / tenant_id / name

    def read(self, tenant_id: str, name: str) -> str:
        return self.path(tenant_id, name).read_text(encoding="utf-8")

    def write(self, tenant_id: str, name: str, text: str) -> None:
        file = self.path(tenant_id, name)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    def replace(self, tenant_id: str, name: str, old: str, new: str) -> None:
        text = self.read(tenant_id, name)
        assert old in text, f"{old!r} not in {name}"
        self.write(tenant_id, name, text.replace(old, new, 1))

    def line_of(self, tenant_id: str, name: str, needle: str) -> int:
        for number, line in enumerate(self.read(tenant_id, name).splitlines(), 1):
            if needle in line:
                return number
        raise AssertionError(f"{needle!r} not in {name}")


def _first_number(folder: Path) -> str:
    lines = (folder / "tenant.yaml").read_text(encoding="utf-8").splitlines()
    index = lines.index(next(line for line in lines if line.startswith("numbers:")))
    return lines[index + 1].split("- ", 1)[1].strip()


@pytest.fixture
def builder(tmp_path: Path) -> LibraryBuilder:
    return LibraryBuilder(tmp_path / "library")


@pytest.fixture
def load(builder: LibraryBuilder) -> Callable[[], object]:
    from operator_desk.core.library import Library

    return lambda: Library.load(builder.root)


@pytest.fixture(autouse=True)
def _isolated_desk_files(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests (and desks they start) never read or write the real user's settings or data;
    desks started by tests run without the sound system unless a test says otherwise."""
    home = tmp_path_factory.mktemp("desk-home")
    user_config = home / "operator-desk.toml"
    user_config.write_text("[audio]\nenabled = false\n", encoding="utf-8")
    monkeypatch.setenv("OPERATOR_DESK_MACHINE_CONFIG", str(home / "machine.toml"))
    monkeypatch.setenv("OPERATOR_DESK_USER_CONFIG", str(user_config))
    monkeypatch.setenv("OPERATOR_DESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("OPERATOR_DESK_CACHE_DIR", str(home / "cache"))
