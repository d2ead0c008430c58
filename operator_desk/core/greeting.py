"""Greetings and answer texts: jinja2 templates in a sandbox.

Templates are written by script authors; everything that comes from a caller or the
network (display name, IVR digits, CRM fields) is passed in as *data* and never becomes
template source. Rendering uses :class:`jinja2.sandbox.SandboxedEnvironment` with
``StrictUndefined``, so a misspelt variable is an error rather than a silent blank;
``ivr`` and ``crm`` are open-ended, so a field they lack is empty instead.
In HTML output every value is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from operator_desk.core.errors import TemplateError, closest
from operator_desk.core.hours import local_time
from operator_desk.core.model import Tenant

Format = Literal["text", "html"]


def escape_html(text: str) -> str:
    """``text`` with ``& < > " '`` escaped, as a plain ``str`` (safe to concatenate).

    markupsafe's escape, which jinja2 loads anyway; the standard library's ``html``
    module would bring its table of 2 231 named entities (~0.3 MiB) for the whole shift.
    """
    return str(markupsafe.escape(text))


FIXED_VARIABLES: dict[str, frozenset[str]] = {
    "tenant": frozenset({"id", "name"}),
    "operator": frozenset({"name", "group"}),
    "caller": frozenset({"name", "number"}),
}
OPEN_VARIABLES = frozenset({"ivr", "crm"})
PLAIN_VARIABLES = frozenset({"part_of_day", "day_greeting"})
ALL_VARIABLES = frozenset(FIXED_VARIABLES) | OPEN_VARIABLES | PLAIN_VARIABLES

_DAY_GREETINGS = {
    "ru": {
        "morning": "Доброе утро",
        "afternoon": "Добрый день",
        "evening": "Добрый вечер",
        "night": "Доброй ночи",
    },
    "en": {
        "morning": "Good morning",
        "afternoon": "Good afternoon",
        "evening": "Good evening",
        "night": "Good evening",
    },
}

_ENVS: dict[Format, SandboxedEnvironment] = {
    "text": SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True, lstrip_blocks=True
    ),
    "html": SandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=True, trim_blocks=True, lstrip_blocks=True
    ),
}


class OpenFields(dict[str, str]):
    """Fields of the IVR or CRM: whatever is missing reads as empty text."""

    def __missing__(self, key: str) -> str:
        return ""


def part_of_day(local: datetime) -> str:
    hour = local.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 23:
        return "evening"
    return "night"


def day_greeting(part: str, language: str) -> str:
    return _DAY_GREETINGS.get(language, _DAY_GREETINGS["ru"])[part]


@dataclass(frozen=True, slots=True)
class CallContext:
    """What a greeting may talk about: who answers, who calls, when, and what we know."""

    at: datetime
    operator_name: str = ""
    operator_group: str = ""
    caller_name: str = ""
    caller_number: str = ""
    ivr: Mapping[str, str] = field(default_factory=dict)
    crm: Mapping[str, str] = field(default_factory=dict)


def template_variables(tenant_id: str, tenant_name: str, language: str, timezone: str,
                       ctx: CallContext) -> dict[str, Any]:
    local = local_time(ctx.at, timezone)
    part = part_of_day(local)
    return {
        "tenant": {"id": tenant_id, "name": tenant_name},
        "operator": {"name": ctx.operator_name, "group": ctx.operator_group},
        "caller": {"name": ctx.caller_name, "number": ctx.caller_number},
        "part_of_day": part,
        "day_greeting": day_greeting(part, language),
        "ivr": OpenFields(ctx.ivr),
        "crm": OpenFields(ctx.crm),
    }


@dataclass(frozen=True, slots=True)
class TemplateIssue:
    line: int
    message: str


def check_template(source: str) -> list[TemplateIssue]:
    """Every problem a template has: syntax, unknown variables, unknown fields."""
    env = _ENVS["text"]
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [TemplateIssue(exc.lineno or 1, f"template syntax error: {exc.message}")]
    issues: list[TemplateIssue] = []
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for name_node in ast.find_all(nodes.Name):
        name = name_node.name
        if name_node.ctx != "load" or name in ALL_VARIABLES or name in assigned:
            continue
        if name in env.globals:
            continue
        hint = closest(name, sorted(ALL_VARIABLES))
        fix = f" — did you mean `{hint}`?" if hint else (
            f"; known variables: {', '.join(sorted(ALL_VARIABLES))}"
        )
        issues.append(TemplateIssue(name_node.lineno, f"unknown variable `{name}`{fix}"))
    for attr in ast.find_all(nodes.Getattr):
        if not isinstance(attr.node, nodes.Name) or attr.node.name in assigned:
            continue
        allowed = FIXED_VARIABLES.get(attr.node.name)
        if allowed is None or attr.attr in allowed:
            continue
        hint = closest(attr.attr, sorted(allowed))
        fix = f" — did you mean `{attr.node.name}.{hint}`?" if hint else (
            f"; it has: {', '.join(sorted(allowed))}"
        )
        issues.append(
            TemplateIssue(attr.lineno, f"`{attr.node.name}` has no field `{attr.attr}`{fix}")
        )
    issues.sort(key=lambda i: i.line)
    return issues


class TemplateCache:
    """Compiled templates, so nothing is compiled on the ring path."""

    def __init__(self) -> None:
        self._compiled: dict[tuple[Format, str], jinja2.Template] = {}

    def get(self, source: str, fmt: Format) -> jinja2.Template:
        key = (fmt, source)
        template = self._compiled.get(key)
        if template is None:
            template = _ENVS[fmt].from_string(source)
            self._compiled[key] = template
        return template


_CACHE = TemplateCache()


@dataclass(frozen=True, slots=True)
class RenderedGreeting:
    text: str
    variant: str
    """Which greeting was chosen: ``default``, ``after_hours``, ``group:<id>``, ``fallback``."""
    error: str = ""
    """Why the chosen template could not be used (the fallback text is shown instead)."""


def choose_variant(tenant: Tenant, ctx: CallContext) -> str:
    """After hours beats the operator's group, which beats the default."""
    hours = tenant.business_hours
    if (hours is not None and "after_hours" in tenant.greetings
            and not hours.is_open(local_time(ctx.at, tenant.timezone))):
        return "after_hours"
    group_variant = f"group:{ctx.operator_group}"
    if ctx.operator_group and group_variant in tenant.greetings:
        return group_variant
    return "default"


def render_template(source: str, variables: Mapping[str, Any], fmt: Format = "text") -> str:
    """``source`` rendered with ``variables``; :class:`TemplateError` (with the template's
    line) when it cannot be."""
    try:
        template = _CACHE.get(source, fmt)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(exc.message or str(exc), exc.lineno or 0) from exc
    try:
        return template.render(variables).strip()
    except jinja2.TemplateError as exc:
        raise TemplateError(str(exc), _template_line(exc)) from exc
    except Exception as exc:
        # A template is a script author's code, run in a sandbox: whatever it raises
        # ({{ 1 / 0 }}, {{ "a" + 1 }}, a macro calling itself) is a mistake in the template.
        raise TemplateError(f"{type(exc).__name__}: {exc}", _template_line(exc)) from exc


def _template_line(exc: BaseException) -> int:
    """The template line ``exc`` was raised at (jinja2 puts the template's frames into the
    traceback under the name ``<template>``); 0 when it is not there."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_greeting(
    tenant: Tenant, ctx: CallContext, fmt: Format = "text", fallback: str = ""
) -> RenderedGreeting:
    """The greeting for this call; never raises: a broken template yields the fallback."""
    variant = choose_variant(tenant, ctx)
    source = tenant.greetings[variant]
    variables = template_variables(
        tenant.id, tenant.name, tenant.languages[0], tenant.timezone, ctx
    )
    try:
        return RenderedGreeting(render_template(source.source, variables, fmt), variant)
    except TemplateError as exc:
        text = fallback or f"Здравствуйте! {tenant.name}."
        if fmt == "html":
            text = escape_html(text)
        where = f"{source.file.name}:{exc.line}" if exc.line else source.file.name
        return RenderedGreeting(text, variant, error=f"{where}: {exc.message}")


def render_fallback(source: str, ctx: CallContext, fmt: Format = "text",
                    timezone: str = "Europe/Moscow") -> RenderedGreeting:
    """The neutral greeting for a number no tenant owns."""
    variables = template_variables("", "", "ru", timezone, ctx)
    try:
        return RenderedGreeting(render_template(source, variables, fmt), "fallback")
    except TemplateError as exc:
        return RenderedGreeting("Здравствуйте! Чем могу помочь?", "fallback", error=str(exc))
