"""A YAML file edited in place: ruamel.yaml's round-trip model of it.

Comments, key order, quoting, flow lists (``[a, b]``), ``|`` text blocks and blank lines
survive, so saving an unedited file gives back its bytes and an edit changes only the
lines it touches. The indentation the file uses is detected and kept.

Paths address values as the validator does: ``("questions", 3, "answer")``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from operator_desk.core.yamlpos import Path_
from operator_desk.studio.documents import Document, StudioError

_KEY_LINE = re.compile(r"^( *)[^ #\-][^:#]*:\s*(#.*)?$")
_ITEM_LINE = re.compile(r"^( *)- ")
_NESTED_KEY = re.compile(r"^( *)[^ #\-][^:#]*:")


class Missing:
    """No value here (a key absent from a mapping)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = Missing()


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line the author wrote on one line
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def detect_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as ruamel.yaml names them, read from the file."""
    lines = text.splitlines()
    mapping, sequence, offset = 2, 4, 2
    for i, line in enumerate(lines[:-1]):
        parent = _KEY_LINE.match(line)
        if not parent:
            continue
        below = lines[i + 1]
        item = _ITEM_LINE.match(below)
        if item:
            offset = len(item.group(1)) - len(parent.group(1))
            sequence = offset + 2
            break
    for i, line in enumerate(lines[:-1]):
        parent = _KEY_LINE.match(line)
        nested = _NESTED_KEY.match(lines[i + 1]) if parent else None
        if parent and nested and not _ITEM_LINE.match(lines[i + 1]):
            step = len(nested.group(1)) - len(parent.group(1))
            if step > 0:
                mapping = step
                break
    return mapping, max(sequence, offset + 2), max(offset, 0)


class YamlDocument(Document):
    """``tenant.yaml``, ``questions.yaml`` or ``library.yaml`` as an editable tree."""

    kind = "yaml"

    def __init__(self, rel: str, raw: bytes | None, text: str | None = None) -> None:
        super().__init__(rel, raw)
        source = text if text is not None else self.layout.decode(raw or b"", rel)
        self.indent = detect_indent(source)
        self._yaml = _yaml(*self.indent)
        try:
            self.data: Any = self._yaml.load(source)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            raise StudioError(f"{rel}{line}: not valid YAML, so the studio cannot edit it "
                              f"safely: {getattr(exc, 'problem', None) or exc}. Fix it in a "
                              "text editor (`operator-desk library validate` shows where)."
                              ) from exc
        if self.data is None:
            self.data = CommentedMap()
        self._comments: dict[int, Any] = {}
        """Comments of list items taken out (by the item's id), for when they go back."""
        self.round_trips = self._render() == source
        """False when ruamel.yaml would write this file differently even unedited (the
        first saved edit then also normalises its layout)."""

    def _render(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()

    # -- reading -----------------------------------------------------------------------

    def get(self, path: Path_, default: Any = MISSING) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def line_of(self, path: Path_) -> int:
        """The 1-based line where ``path`` starts in the file as last parsed (0 unknown)."""
        parent = self.get(path[:-1]) if path else None
        if path and isinstance(parent, CommentedMap) and path[-1] in parent:
            return int(parent.lc.key(path[-1])[0]) + 1
        if path and isinstance(parent, CommentedSeq) and isinstance(path[-1], int):
            try:
                return int(parent.lc.item(path[-1])[0]) + 1
            except (KeyError, TypeError):
                return 0
        return 0

    # -- changing ----------------------------------------------------------------------

    def set(self, path: Path_, value: Any, order: Sequence[str] = ()) -> Any:
        """Set the value at ``path`` (MISSING removes the key); return what was there.

        A new key goes where ``order`` (the usual order of keys in such a mapping) puts
        it, else at the end."""
        parent = self._container(path[:-1])
        key = path[-1]
        old = parent.get(key, MISSING) if isinstance(parent, dict) else parent[key]
        if value is MISSING:
            if old is not MISSING:
                del parent[key]
        elif isinstance(parent, CommentedMap) and key not in parent:
            parent.insert(_position(parent, str(key), order), key, to_yaml(value))
        else:
            parent[key] = styled_like(old, to_yaml(value))
        self.changed()
        return old

    def insert_item(self, path: Path_, index: int, value: Any) -> bool:
        """Insert into the list at ``path`` (made when absent; True then)."""
        made = False
        seq = self.get(path)
        if seq is MISSING:
            parent = self._container(path[:-1])
            seq = CommentedSeq()
            if isinstance(parent, CommentedMap):
                parent.insert(len(parent), path[-1], seq)
            else:
                parent[path[-1]] = seq
            made = True
        node = to_yaml(value)
        seq.insert(index, node)
        comment = self._comments.pop(id(node), None)
        if comment is not None and isinstance(seq, CommentedSeq):
            seq.ca.items[index] = comment  # the comment on the item's line comes back with it
        self.changed()
        return made

    def pop_item(self, path: Path_, index: int, drop_empty: bool = False) -> tuple[Any, int]:
        """Remove and return an item of the list at ``path`` (and, with ``drop_empty``, the
        list's key once it is empty: then also its position in the mapping, else -1)."""
        seq = self._container(path)
        value = seq[index]
        comment = seq.ca.items.get(index) if isinstance(seq, CommentedSeq) else None
        del seq[index]  # CommentedSeq's own deletion moves the items' comments along
        if comment is not None:
            self._comments[id(value)] = comment
        key_pos = -1
        if drop_empty and not seq and path:
            parent = self._container(path[:-1])
            if isinstance(parent, CommentedMap):
                key_pos = list(parent).index(path[-1])
                del parent[path[-1]]
        self.changed()
        return value, key_pos

    def restore_key(self, path: Path_, position: int, value: Any) -> None:
        parent = self._container(path[:-1])
        parent.insert(position, path[-1], value)
        self.changed()

    def _container(self, path: Path_) -> Any:
        node = self.get(path)
        if node is MISSING:
            raise StudioError(f"{self.rel}: nothing at {'.'.join(map(str, path)) or 'the top'}")
        return node


def _position(mapping: CommentedMap, key: str, order: Sequence[str]) -> int:
    if key not in order:
        return len(mapping)
    rank = order.index(key)
    for i, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            return i
    return len(mapping)


def to_yaml(value: Any) -> Any:
    """Plain data as ruamel.yaml's block-style nodes; text with line breaks as ``|`` blocks."""
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return value
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = to_yaml(v)
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(to_yaml(v) for v in value)
        return seq
    if isinstance(value, str) and "\n" in value.rstrip("\n") and not isinstance(
            value, LiteralScalarString):
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    return value


def flow_list(items: Sequence[Any]) -> CommentedSeq:
    """A list written on one line, ``[a, b, c]`` (as the library writes keywords)."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def styled_like(old: Any, new: Any) -> Any:
    """``new`` written the way ``old`` was: the same quotes, a text block stays a block
    while it has several lines, a one-line list stays on one line."""
    if isinstance(new, str) and not isinstance(new, (LiteralScalarString,)):
        if isinstance(old, LiteralScalarString):  # a text block stays one, `|` or `|-`
            body = new.rstrip("\n")
            return LiteralScalarString(body + "\n" if old.endswith("\n") else body)
        if isinstance(old, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(new)
        if isinstance(old, SingleQuotedScalarString):
            return SingleQuotedScalarString(new)
        if isinstance(old, PlainScalarString):
            return new
    if isinstance(new, CommentedSeq) and isinstance(old, CommentedSeq) \
            and old.fa.flow_style() and not new.fa.flow_style():
        new.fa.set_flow_style()
    return new
