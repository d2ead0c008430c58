"""Helpers shared by the HTTP connectors: templates, dotted paths, quiet request logs."""

from __future__ import annotations

import logging
import string
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

__all__ = ["HealthLog", "field_names", "quiet_httpx_logs", "render", "resolve_path", "to_text"]

WARN_EVERY_S = 300.0


class HealthLog:
    """Logs a tenant's endpoint going down and coming back, without flooding the log.

    The first failure is a WARNING, then at most one every ``every_s`` (a flapping CRM
    does not fill the log); later failures and the recovery are INFO.
    """

    def __init__(self, logger: logging.Logger, down_message: str, up_message: str, *,
                 every_s: float = WARN_EVERY_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._log = logger
        self._down_message = down_message
        self._up_message = up_message
        self._every_s = every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._down: set[str] = set()
        self._warned_at: dict[str, float] = {}

    def failed(self, tenant_id: str, why: str) -> None:
        now = self._clock()
        with self._lock:
            self._down.add(tenant_id)
            last = self._warned_at.get(tenant_id)
            warn = last is None or now - last >= self._every_s
            if warn:
                self._warned_at[tenant_id] = now
        self._log.log(logging.WARNING if warn else logging.INFO, self._down_message, tenant_id, why)

    def ok(self, tenant_id: str) -> None:
        with self._lock:
            was_down = tenant_id in self._down
            self._down.discard(tenant_id)
        if was_down:
            self._log.info(self._up_message, tenant_id)

_FORMATTER = string.Formatter()


def quiet_httpx_logs() -> None:
    """httpx logs every request's URL at INFO; URLs carry callers' numbers (and maybe tokens).

    Unless the application chose a level for the ``httpx`` logger, keep it at WARNING.
    """
    logger = logging.getLogger("httpx")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)


def field_names(template: str) -> list[str]:
    """The ``{placeholders}`` of a template; raises ValueError on a malformed one."""
    names: list[str] = []
    for _literal, name, spec, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name or spec or conversion:
            raise ValueError(f"placeholder {{{name}}} must be a plain name such as {{number}}")
        names.append(name)
    return names


def render(template: str, values: Mapping[str, str], *, url: bool) -> str:
    """Fill ``{name}`` placeholders; in a URL the values are percent-encoded."""
    out: list[str] = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        out.append(literal)
        if name is not None:
            value = values.get(name, "")
            out.append(quote(value, safe="") if url else value)
    return "".join(out)


def _steps(path: str) -> Iterable[str]:
    for part in path.split("."):
        while "[" in part and part.endswith("]"):
            head, _, rest = part.partition("[")
            if head:
                yield head
            index, _, tail = rest.partition("]")
            yield index
            part = tail
        if part:
            yield part


def resolve_path(data: Any, path: str) -> Any:
    """Follow a dotted path (``result.0.NAME``, ``items[0].phones[1]``); None when it leads nowhere."""
    node = data
    for step in _steps(path):
        if isinstance(node, Mapping):
            node = node.get(step)
        elif isinstance(node, list):
            try:
                node = node[int(step)]
            except (ValueError, IndexError):
                return None
        else:
            return None
        if node is None:
            return None
    return node


def to_text(value: Any) -> str:
    """A JSON value as card text: lists joined with commas, booleans as yes/no, objects empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(to_text(v) for v in value if v is not None and not isinstance(v, dict | list))
    if isinstance(value, dict):
        return ""
    return str(value)
