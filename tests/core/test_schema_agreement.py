"""The quick validator (fastjsonschema) never passes a file jsonschema would reject.

The desk loads a library through :func:`schemas.passes` and asks jsonschema only about
files that do not pass; if the two ever disagreed the wrong way, a broken tenant would
load without its errors. Every file of the shipped library, and hundreds of broken
variants of each (keys dropped, unknown keys, values of every wrong type), are put to
both.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from operator_desk.core import schemas
from tests.conftest import python_output

LIBRARY = Path(__file__).resolve().parents[2] / "scripts_library"
WRONG_VALUES: tuple[Any, ...] = (None, 7, -1, 1.5, True, "", "x", "Такси", [], ["x"], {}, {"k": 1})


def documents() -> Iterator[Any]:
    doc = yaml.safe_load((LIBRARY / "library.yaml").read_text("utf-8"))
    yield pytest.param("library", "library.yaml", doc, id="library.yaml")
    for folder in sorted(p for p in LIBRARY.iterdir() if (p / "tenant.yaml").exists()):
        for schema, file in (("tenant", "tenant.yaml"), ("questions", "questions.yaml")):
            path = folder / file
            if path.exists():
                name = f"{folder.name}/{file}"
                yield pytest.param(schema, name, yaml.safe_load(path.read_text("utf-8")), id=name)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:3]):  # the first items stand for the rest
            yield from _paths(value, (*path, i))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def variants(doc: Any) -> Iterator[tuple[str, Any]]:
    """Broken (and some still valid) copies of ``doc``, each with what was done."""
    for path in _paths(doc):
        node = _get(doc, path)
        if isinstance(node, dict):
            for key in node:
                broken = copy.deepcopy(doc)
                del _get(broken, path)[key]
                yield f"drop {(*path, key)}", broken
            broken = copy.deepcopy(doc)
            _get(broken, path)["colour_of_sky"] = "blue"
            yield f"unknown key at {path}", broken
            broken = copy.deepcopy(doc)
            _get(broken, path)[3] = "x"
            yield f"integer key at {path}", broken
        if path:
            for value in WRONG_VALUES:
                broken = copy.deepcopy(doc)
                _get(broken, path[:-1])[path[-1]] = value
                yield f"{path} = {value!r}", broken
        if isinstance(node, list):
            broken = copy.deepcopy(doc)
            _get(broken, path).append(None)
            yield f"None appended to {path}", broken


def jsonschema_accepts(schema: str, data: Any) -> bool:
    return next(iter(schemas._validator(schema).iter_errors(data)), None) is None


@pytest.mark.parametrize(("schema", "file", "doc"), list(documents()))
def test_the_quick_check_agrees_with_jsonschema(schema: str, file: str, doc: Any) -> None:
    assert schemas.passes(schema, doc), f"{file} is valid but the quick check rejects it"
    checked = rejected = 0
    for what, broken in variants(doc):
        jsonschema_ok = jsonschema_accepts(schema, broken)
        quick_ok = schemas.passes(schema, broken)
        assert quick_ok == jsonschema_ok, (
            f"{file}, {what}: jsonschema says {'valid' if jsonschema_ok else 'invalid'}, "
            f"the quick check {'valid' if quick_ok else 'invalid'}"
        )
        checked += 1
        rejected += not jsonschema_ok
    assert checked > 30 and rejected > checked // 4  # the variants really break things


def test_the_documented_schema_is_what_jsonschema_sees() -> None:
    for name in schemas.SCHEMA_NAMES:
        jsonschema.validators.validator_for(
            schemas._validator(name).schema).check_schema(schemas._validator(name).schema)


def test_loading_a_sound_library_never_imports_jsonschema(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from operator_desk.core.library import Library\n"
        f"lib = Library.load({str(LIBRARY)!r})\n"
        "for tenant_id in lib.tenants:\n"
        "    lib.script(tenant_id)\n"
        "assert not lib.broken, lib.broken\n"
        "print('jsonschema' in sys.modules)\n"
    )
    assert python_output(code).strip() == "False"
