"""The Qt Widgets user interface.

Importing this package imports PySide6 and keeps PySide6's import hook from caching
the source of every module imported after it (see :func:`spare_linecache`). The desk
imports this package before anything else that needs Qt.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  (installs the import hook patched below)


def _uses_pyside(module: ModuleType) -> bool:
    """Does ``module``'s source file mention PySide6?

    The same answer as PySide6's own check, which calls ``inspect.getsource`` for every
    module imported after PySide6: that leaves each module's whole source in
    ``linecache`` for the life of the process (~7 MiB for the desk: pjsua2's generated
    wrapper, the stemmers, the standard library). Reading the file's bytes keeps nothing.
    A module without a ``.py`` file (an extension, a frozen bundle) does not count, as
    ``getsource`` failing does not count there either.
    """
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def spare_linecache() -> bool:
    """Replace PySide6's per-import source check; False if this PySide6 has none."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True


spare_linecache()
