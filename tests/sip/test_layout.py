"""The SIP side's house rule, read from the code: pjsua2 is imported only inside
``operator_desk/sip/pjsua/`` (sizes are checked for the whole package by
``tests/test_code_shape.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "operator_desk"


def imported(tree: ast.AST) -> set[str]:
    """Top-level module names of every import, also those inside functions."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_pjsua2_is_imported_only_in_the_pjsua_package() -> None:
    importers = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
                 if "pjsua2" in imported(ast.parse(path.read_text(encoding="utf-8")))]
    assert importers, "no module imports pjsua2: is the package where this test thinks?"
    assert [p for p in importers if not p.startswith("sip/pjsua/")] == []
