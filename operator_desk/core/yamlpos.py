"""YAML for script authors: plain data plus the line and column of every value.

Script authors write YAML by hand, so errors must point at a line. This loader builds
ordinary dicts, lists and scalars (with libyaml when available) and keeps a map from each
value's path (``("questions", 3, "table", "name")``) to where it stands in the file.

It reads YAML the way a person expects, not YAML 1.1's surprises: ``no``, ``on`` and
``yes`` stay strings (only ``true``/``false`` are booleans), ``10:30`` is not the number
630, and dates stay text. A key given twice in one mapping is reported, not silently
overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

Path_ = tuple[str | int, ...]

_IMPLICIT = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
)


@cache
def _loader_class() -> type:
    """The loader, built on first use: PyYAML (~1 MiB) is imported only when a file is
    parsed, so a desk started from the library cache never holds it."""
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available

    class _Loader(base):  # type: ignore[misc]
        pass

    _Loader.yaml_implicit_resolvers = {}
    for tag, regexp, first in _IMPLICIT:
        for ch in first:
            _Loader.yaml_implicit_resolvers.setdefault(ch, []).append((tag, re.compile(regexp)))
    return _Loader


@dataclass(frozen=True, slots=True)
class YamlIssue:
    line: int
    column: int
    message: str
    path: Path_ = ()


@dataclass(slots=True)
class LoadedYaml:
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Path to (line, column) of the value, both 1-based."""
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """Path to (line, column) of the mapping key that names it."""
    issues: list[YamlIssue] = field(default_factory=list)
    block_scalars: set[Path_] = field(default_factory=set)
    """Paths of ``|`` and ``>`` text blocks (their position is their first text line)."""

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position of ``path``: itself, else its nearest parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def load_yaml(text: str) -> LoadedYaml:
    """Parse one YAML document; a syntax error becomes an issue and ``data`` is None."""
    import yaml

    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        context = f" ({exc.context})" if exc.context else ""
        return LoadedYaml(None, issues=[YamlIssue(line, col, f"not valid YAML: {what}{context}")])
    except yaml.YAMLError as exc:
        return LoadedYaml(None, issues=[YamlIssue(1, 1, f"not valid YAML: {exc}")])
    finally:
        loader.dispose()
    out = LoadedYaml(None)
    if node is None:
        return out
    out.data = _build(loader, node, (), out)
    return out


def _build(loader: Any, node: yaml.Node, path: Path_, out: LoadedYaml) -> Any:
    import yaml  # already loaded by load_yaml: a lookup in sys.modules

    out.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                out.issues.append(
                    YamlIssue(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "a key must be a plain word, not a list or mapping",
                        path,
                    )
                )
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                out.issues.append(
                    YamlIssue(
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "`<<` merge keys are not supported: write the fields out",
                        path,
                    )
                )
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            child = (*path, key)
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = out.key_positions[child]
                out.issues.append(
                    YamlIssue(
                        *key_pos,
                        f"`{key}` is given twice in the same mapping (first on line "
                        f"{first[0]}); remove one",
                        child,
                    )
                )
                continue
            out.key_positions[child] = key_pos
            result[key] = _build(loader, value_node, child, out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), out) for i, item in enumerate(node.value)]
    if getattr(node, "style", None) in ("|", ">"):
        # A block scalar's text starts on the line after the indicator; point there so
        # that line N of the text is line (start + N - 1) of the file.
        out.positions[path] = (node.start_mark.line + 2, node.start_mark.column + 1)
        out.block_scalars.add(path)
    return loader.construct_object(node, deep=True)
