"""The house stays easy to live in: no module of operator_desk/ over 1,000 lines and no
function or method over 100 (what STYLE and the brief ask). Read with ``ast``, nothing
is imported."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "operator_desk"
MAX_MODULE_LINES = 1000
MAX_FUNCTION_LINES = 100

TOO_BIG_FOR_NOW: frozenset[str] = frozenset()
"""What is over a limit today and being split (issue 17): a module by its path, a
function by ``path:qualified name``. Nothing may join the list; an entry that is within
the limits (or gone) fails the test too, so the list empties as they are fixed."""


@dataclass(frozen=True, slots=True)
class Offender:
    key: str
    """``path`` for a module, ``path:qualified.name`` for a function."""
    where: str
    """``path:line``."""
    lines: int
    limit: int

    def __str__(self) -> str:
        what = self.key.partition(":")[2] or "(module)"
        return f"{self.where} {what}: {self.lines} lines (limit {self.limit})"


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            found.append((name, node))
            found.extend(_functions(node, f"{name}.<locals>."))
        elif isinstance(node, ast.ClassDef):
            found.extend(_functions(node, f"{prefix}{node.name}."))
        else:
            found.extend(_functions(node, prefix))  # under if/try at module level
    return found


def measure(package: Path = PACKAGE, root: Path = REPO) -> list[Offender]:
    """Every module and function of ``package`` over its limit."""
    offenders: list[Offender] = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            offenders.append(Offender(rel, f"{rel}:1", lines, MAX_MODULE_LINES))
        for name, node in _functions(ast.parse(text, filename=rel)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > MAX_FUNCTION_LINES:
                offenders.append(Offender(f"{rel}:{name}", f"{rel}:{first}", length, MAX_FUNCTION_LINES))
    return offenders


def test_no_module_or_function_is_over_its_limit() -> None:
    new = [str(o) for o in measure() if o.key not in TOO_BIG_FOR_NOW]
    assert new == [], ("split these (a function that does wiring and policy at once is a sign):\n"
                       + "\n".join(new))


def test_the_list_of_what_is_too_big_for_now_is_current() -> None:
    still = {o.key for o in measure()}
    fixed = sorted(TOO_BIG_FOR_NOW - still)
    assert fixed == [], "within the limits now (or gone): take these off TOO_BIG_FOR_NOW: " + ", ".join(fixed)


def test_the_measure_finds_long_modules_and_functions(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(100))
    (package / "long.py").write_text(
        f"class A:\n    @staticmethod\n    def long():\n{body.replace('    ', '        ')}\n\n"
        f"def fine():\n    return 1\n\n"
        f"if True:\n    def nested_long():\n{body.replace('    ', '        ')}\n"
        + "\n" * 900,
        encoding="utf-8")
    found = {o.key: o for o in measure(package, tmp_path)}
    assert set(found) == {"pkg/long.py", "pkg/long.py:A.long", "pkg/long.py:nested_long"}
    assert str(found["pkg/long.py:A.long"]) == "pkg/long.py:2 A.long: 102 lines (limit 100)"
    assert found["pkg/long.py"].lines > MAX_MODULE_LINES
