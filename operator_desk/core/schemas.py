"""The JSON Schemas of the library's files, and their errors in words a script author reads.

The schemas are the source of truth for what keys exist (editors autocomplete from the
copies published in ``scripts_library/schema/``); this module turns jsonschema's errors
into :class:`Problem` lines with the file, line, column, field and a plain fix.

Two validators, one verdict: a file is first checked by ``fastjsonschema`` (the schema
compiled to Python, ~1 MiB in memory); only a file it does not pass is handed to
``jsonschema``, which finds every error with its path and is the authority. The desk
starting on a sound library so never imports jsonschema and its dependencies (~5 MiB
of a desk that must idle under 100 MiB). A test keeps the two agreeing on the
library's files and on hundreds of broken variants of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from operator_desk.core.errors import Problem, closest
from operator_desk.core.yamlpos import LoadedYaml, Path_

if TYPE_CHECKING:
    import jsonschema

SCHEMA_NAMES = ("library", "tenant", "questions")

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping (`key: value` lines)",
    "null": "nothing",
}


def schema_text(name: str) -> str:
    # Beside this module, also in the frozen bundle (build.spec copies the folder).
    return (Path(__file__).with_name("schema") / f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    schema = json.loads(schema_text(name))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@cache
def _quick_check(name: str) -> Callable[[Any], Any]:
    import fastjsonschema

    check: Callable[[Any], Any] = fastjsonschema.compile(
        json.loads(schema_text(name)), use_default=False, use_formats=False)
    return check


def passes(name: str, data: Any) -> bool:
    """True when ``data`` surely fits schema ``name`` (the quick check passed)."""
    check = _quick_check(name)  # a schema it cannot compile is a bug: that surfaces
    try:
        check(data)
    except Exception:
        # The check is generated code that raises what it meets on data it does not
        # expect (an int key under patternProperties: TypeError), not only its own
        # JsonSchemaValueException. Any doubt goes to jsonschema, the authority, which
        # then reports the data's problems with their lines.
        return False
    return True


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _expected(type_spec: Any) -> str:
    types = type_spec if isinstance(type_spec, list) else [type_spec]
    return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in types)


def validate(name: str, loaded: LoadedYaml, file: str) -> list[Problem]:
    """Every way ``loaded.data`` breaks schema ``name``, each with its position."""
    if passes(name, loaded.data):
        return []
    problems: list[Problem] = []
    for error in _validator(name).iter_errors(loaded.data):
        problems.extend(_explain(error, loaded, file))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _problem(loaded: LoadedYaml, file: str, path: Path_, message: str, *, key: bool = False
             ) -> Problem:
    line, column = loaded.where(path, key=key)
    return Problem(file, line, message, column, dotted(path))


def _explain(error: jsonschema.ValidationError, loaded: LoadedYaml, file: str) -> list[Problem]:
    path: Path_ = tuple(error.absolute_path)
    kind = error.validator
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        out = []
        for extra in sorted(set(instance) - set(allowed)):
            hint = closest(extra, allowed)
            fix = f" — did you mean `{hint}`?" if hint else (
                f"; allowed here: {', '.join(allowed)}" if allowed else ""
            )
            if instance[extra] is None and not hint:
                fix += (" (if this is the rest of a text that contains a comma or a colon, "
                        "put the whole text in \"quotes\")")
            out.append(_problem(loaded, file, (*path, extra), f"unknown key `{extra}`{fix}",
                                key=True))
        return out
    if kind == "required" and isinstance(instance, dict):
        required: list[str] = list(schema.get("required", []))
        missing = [k for k in required if k not in instance]
        desc = schema.get("properties", {})
        return [
            _problem(
                loaded, file, path,
                f"missing field `{m}`" + (
                    f" ({desc[m]['description']})" if "description" in desc.get(m, {}) else ""
                ),
            )
            for m in missing
        ]
    if kind == "type":
        return [_problem(loaded, file, path,
                         f"expected {_expected(error.validator_value)}, got {_describe(instance)}")]
    if kind == "propertyNames":
        # The error is about a key; find the key's name in the sub-error.
        bad = instance
        if error.context:
            bad = error.context[0].instance
        target = (*path, bad) if isinstance(bad, str) else path
        note = schema.get("propertyNames", {}).get("description") or "lowercase latin, digits, -"
        return [_problem(loaded, file, target, f"`{bad}` is not a valid name: {note}", key=True)]
    if kind == "pattern":
        note = schema.get("description") or f"it must match {error.validator_value}"
        return [_problem(loaded, file, path, f"{_describe(instance)} does not fit: {note}")]
    if kind == "enum":
        options = [str(o) for o in schema.get("enum", [])]
        hint = closest(str(instance), options)
        fix = f" — did you mean `{hint}`?" if hint else ""
        return [_problem(loaded, file, path,
                         f"{_describe(instance)} is not one of: {', '.join(options)}{fix}")]
    if kind in ("minItems", "minLength"):
        return [_problem(loaded, file, path, "must not be empty")]
    if kind in ("minimum", "maximum"):
        return [_problem(loaded, file, path,
                         f"{_describe(instance)} is out of range ({kind} {error.validator_value})")]
    if kind == "oneOf" and path and "actions" in path:
        return [_problem(
            loaded, file, path,
            "an action is either `transfer: <directory entry id>` or `callback: true` "
            "(each may have a `label`); got " + _describe(instance),
        )]
    if kind == "const":
        return [_problem(loaded, file, path,
                         f"expected {_describe(error.validator_value)}, got {_describe(instance)}")]
    return [_problem(loaded, file, path, error.message)]
