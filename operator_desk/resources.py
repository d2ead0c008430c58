"""Where the desk's data files are, both from a source checkout and inside a bundle.

From source the data sits next to the package (``<repo>/resources``,
``<repo>/scripts_library``); in a PyInstaller bundle it sits under ``sys._MEIPASS``
(``dist/operator-desk/_internal`` for the one-folder bundle), where ``build.spec`` puts
it under the same relative names. Pure Python: no Qt here.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["base_dir", "bundled_library", "desk_command", "icon_path", "is_frozen", "resource_path"]

_SOURCE_ROOT = Path(__file__).resolve().parents[1]


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def desk_command(*args: str) -> list[str]:
    """``operator-desk ARGS`` as this desk runs: the bundle's executable or ``python -m``
    (for the desk's own helper processes: the library reader, the demo caller)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "operator_desk", *args]


def base_dir() -> Path:
    """The folder the relative data paths start from: the bundle's data folder or the repo."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else _SOURCE_ROOT


def resource_path(relative: str | Path) -> Path:
    """``resource_path("resources/translations")`` -> an absolute path to that data.

    The path is not checked: callers decide whether a missing file is an error.
    """
    rel = Path(relative)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError(f"expected a path inside the desk's data, got {relative!s}")
    return base_dir() / rel


def bundled_library() -> Path:
    """The scripts library shipped with the desk (``scripts_library/``)."""
    return resource_path("scripts_library")


def icon_path(name: str = "operator-desk", suffix: str = ".svg") -> Path:
    """An icon from ``resources/icons`` (``operator-desk.svg`` by default)."""
    return resource_path(f"resources/icons/{name}{suffix}")
