"""The core imports neither Qt, nor pjsua2, nor httpx."""

from __future__ import annotations

import pkgutil

import operator_desk.core
from tests.conftest import python_output


def test_core_modules_import_no_gui_sip_or_network_library():
    modules = [f"operator_desk.core.{m.name}" for m in pkgutil.iter_modules(operator_desk.core.__path__)]
    assert len(modules) >= 8
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "banned = ('PySide6', 'pjsua2', 'httpx', 'shiboken6')\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in banned)\n"
        "print(','.join(bad))\n"
    )
    assert python_output(code).strip() == ""
