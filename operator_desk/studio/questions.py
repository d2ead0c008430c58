"""Finding one's way in ``questions.yaml``: questions by id, their paths, their order.

Edits of the tree are addressed by question id, not by position: an id stays with its
question while others move, so an undo long after finds it where it is now.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from operator_desk.core.yamlpos import Path_
from operator_desk.studio.yamldoc import MISSING, YamlDocument

QUESTION_KEYS = ("id", "question", "keywords", "answer", "table", "actions",
                 "no_ready_answer", "children")
"""The order of a question's keys, as the library's files write them."""


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    title: str
    path: Path_
    depth: int
    parent: str | None
    """The parent question's id (None at the top)."""
    index: int
    """Place among its siblings."""


def walk(doc: YamlDocument) -> Iterator[Node]:
    """Every question, depth first, in the file's order."""

    def visit(items: Any, path: Path_, depth: int, parent: str | None) -> Iterator[Node]:
        if not isinstance(items, list):
            return
        for i, q in enumerate(items):
            if not isinstance(q, dict):
                continue
            here = (*path, i)
            yield Node(str(q.get("id", "")), str(q.get("question", "")), here, depth, parent, i)
            yield from visit(q.get("children"), (*here, "children"), depth + 1,
                             str(q.get("id", "")))

    yield from visit(doc.get(("questions",), []), ("questions",), 0, None)


def find(doc: YamlDocument, question_id: str) -> Node | None:
    return next((n for n in walk(doc) if n.id == question_id), None)


def path_of(doc: YamlDocument, question_id: str) -> Path_:
    node = find(doc, question_id)
    if node is None:
        raise KeyError(question_id)
    return node.path


def children_path(doc: YamlDocument, parent: str | None) -> Path_:
    """Where the children of ``parent`` are (the top list for None)."""
    return ("questions",) if parent is None else (*path_of(doc, parent), "children")


def child_count(doc: YamlDocument, parent: str | None) -> int:
    items = doc.get(children_path(doc, parent), [])
    return len(items) if isinstance(items, list) and items is not MISSING else 0


def ids(doc: YamlDocument) -> set[str]:
    return {n.id for n in walk(doc)}


def node_at_path(doc: YamlDocument, path: Path_) -> Node | None:
    """The innermost question whose path ``path`` starts with (for a problem's field)."""
    best = None
    for node in walk(doc):
        if path[: len(node.path)] == node.path and (best is None or len(node.path) > len(best.path)):
            best = node
    return best


def parse_field(dotted: str) -> Path_:
    """A problem's field (``questions[3].table.name``) as a path."""
    out: list[str | int] = []
    for part in dotted.replace("]", "").split("."):
        if not part:
            continue
        name, *indexes = part.split("[")
        if name:
            out.append(name)
        out.extend(int(i) for i in indexes if i.isdigit())
    return tuple(out)
