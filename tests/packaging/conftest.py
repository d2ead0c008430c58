"""Fixtures for the packaging tests: the desk's logging set-up undone after each test."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def log_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The log folder (``$OPERATOR_DESK_LOG_DIR``); root handlers and level restored after."""
    folder = tmp_path / "logs"
    monkeypatch.setenv("OPERATOR_DESK_LOG_DIR", str(folder))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield folder
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)
