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
from datetime import UTC, datetime
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
    """Every problem a template has that can be seen without running it: syntax, names
    it uses where nothing defines them (a misspelt variable, a loop variable after its
    loop), fields the fixed variables lack, unknown filters and tests, and what the
    sandbox would refuse (``__class__`` and other names starting with ``_``): each would
    show as nothing, or as the fallback greeting, on a call."""
    if "{" not in source:  # plain text: nothing to check (most answers)
        return []
    env = _ENVS["text"]
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [TemplateIssue(exc.lineno or 1, f"template syntax error: {exc.message}")]
    defined = _defined_names(ast)
    issues = [_unknown_name(node, defined) for node in _undefined_uses(ast, defined)]
    issues.extend(_attribute_issues(ast))
    issues.extend(_filter_issues(ast, env))
    issues.sort(key=lambda i: i.line)
    return issues


def _defined_names(ast: nodes.Template) -> frozenset[str]:
    """Names the template sets or takes as parameters anywhere (for the wording)."""
    return frozenset(n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param"))


_SCOPE_NAMES = frozenset({"loop"})


def _undefined_uses(node: nodes.Node, defined: frozenset[str],
                    scope: set[str] | None = None) -> list[nodes.Name]:
    """The names read where neither the call's variables, jinja's globals nor an
    enclosing ``for``/``set``/``macro``/``with`` define them, in template order."""
    scope = set() if scope is None else scope
    found: list[nodes.Name] = []
    if isinstance(node, nodes.Name):
        if node.ctx == "load" and node.name not in scope and node.name not in ALL_VARIABLES \
                and node.name not in _ENVS["text"].globals:
            found.append(node)
        return found
    if isinstance(node, nodes.For):
        found += _undefined_uses(node.iter, defined, scope)
        inner = scope | _SCOPE_NAMES | _targets(node.target)
        for part in (node.test, *node.body):
            if part is not None:
                found += _undefined_uses(part, defined, inner)
        for part in node.else_:
            found += _undefined_uses(part, defined, set(scope))
        return found
    if isinstance(node, nodes.Macro | nodes.CallBlock):
        for default in node.defaults:
            found += _undefined_uses(default, defined, scope)
        if isinstance(node, nodes.CallBlock):
            found += _undefined_uses(node.call, defined, scope)
        inner = scope | {a.name for a in node.args} | {"varargs", "kwargs", "caller"}
        if isinstance(node, nodes.Macro):
            inner.add(node.name)
            scope.add(node.name)
        for part in node.body:
            found += _undefined_uses(part, defined, inner)
        return found
    if isinstance(node, nodes.With):
        for value in node.values:
            found += _undefined_uses(value, defined, scope)
        inner = scope | set().union(*(_targets(t) for t in node.targets))
        for part in node.body:
            found += _undefined_uses(part, defined, inner)
        return found
    if isinstance(node, nodes.Assign | nodes.AssignBlock):
        for part in ((node.node,) if isinstance(node, nodes.Assign) else node.body):
            found += _undefined_uses(part, defined, scope)
        scope |= _targets(node.target)
        return found
    for child in node.iter_child_nodes():
        found += _undefined_uses(child, defined, scope)
    return found


def _targets(node: nodes.Node) -> set[str]:
    return {n.name for n in node.find_all(nodes.Name)} | (
        {node.name} if isinstance(node, nodes.Name) else set())


def _unknown_name(node: nodes.Name, defined: frozenset[str]) -> TemplateIssue:
    name = node.name
    if name in defined:
        return TemplateIssue(node.lineno, f"`{name}` is used where nothing defines it: it is "
                                          "set only inside a for, macro or with block, or "
                                          "further down the template")
    hint = closest(name, sorted(ALL_VARIABLES))
    fix = f" — did you mean `{hint}`?" if hint else (
        f"; known variables: {', '.join(sorted(ALL_VARIABLES))}"
    )
    return TemplateIssue(node.lineno, f"unknown variable `{name}`{fix}")


def _attribute_issues(ast: nodes.Template) -> list[TemplateIssue]:
    issues: list[TemplateIssue] = []
    for attr in ast.find_all(nodes.Getattr):
        base = attr.node
        if attr.attr.startswith("_"):
            if not (isinstance(base, nodes.Getattr) and base.attr.startswith("_")):
                issues.append(_internal(attr.lineno, attr.attr))  # once per expression
            continue
        if isinstance(base, nodes.Name):
            allowed = FIXED_VARIABLES.get(base.name)
            if allowed is None or attr.attr in allowed:
                continue
            hint = closest(attr.attr, sorted(allowed))
            fix = f" — did you mean `{base.name}.{hint}`?" if hint else (
                f"; it has: {', '.join(sorted(allowed))}"
            )
            issues.append(
                TemplateIssue(attr.lineno, f"`{base.name}` has no field `{attr.attr}`{fix}"))
        elif (isinstance(base, nodes.Getattr) and isinstance(base.node, nodes.Name)
              and (base.node.name in OPEN_VARIABLES
                   or base.attr in FIXED_VARIABLES.get(base.node.name, ()))
              and not hasattr(str, attr.attr)):
            issues.append(TemplateIssue(
                attr.lineno, f"`{base.node.name}.{base.attr}` is text: it has no field "
                             f"`{attr.attr}`"))
    for item in ast.find_all(nodes.Getitem):
        if isinstance(item.arg, nodes.Const) and str(item.arg.value).startswith("_"):
            issues.append(_internal(item.lineno, str(item.arg.value)))
    for flt in ast.find_all(nodes.Filter):
        if flt.name == "attr" and flt.args and isinstance(flt.args[0], nodes.Const) \
                and str(flt.args[0].value).startswith("_"):
            issues.append(_internal(flt.lineno, str(flt.args[0].value)))
    return issues


def _internal(line: int, name: str) -> TemplateIssue:
    return TemplateIssue(line, f"`{name}` is not allowed in a template: names starting with "
                               "_ reach into the program, and the sandbox refuses them (the "
                               "text would not show on a call)")


def _filter_issues(ast: nodes.Template, env: SandboxedEnvironment) -> list[TemplateIssue]:
    issues: list[TemplateIssue] = []
    for kind, node_type, known in (("filter", nodes.Filter, env.filters),
                                   ("test", nodes.Test, env.tests)):
        for node in ast.find_all(node_type):
            name = node.name
            if name in known:
                continue
            hint = closest(name, sorted(known))
            fix = f" — did you mean `{hint}`?" if hint else ""
            issues.append(TemplateIssue(node.lineno, f"there is no {kind} `{name}`{fix}"))
    return issues


SAMPLE_CALL = CallContext(
    at=datetime(2026, 11, 23, 9, 30, tzinfo=UTC), operator_name="Анна", operator_group="sales",
    caller_name="Иван Петров", caller_number="+7 916 123-45-67",
    ivr={"menu": "1", "digits": "1"}, crm={"name": "Иван Петров", "city": "Самара"})
"""A call with everything known, for :func:`trial_render` (and another with nothing)."""


def trial_render(source: str) -> TemplateIssue | None:
    """Run a template that passed :func:`check_template` on a made-up call with every
    field known and on one with nothing known; what fails (``{{ 100 / ivr.count|int }}``
    when the IVR sends nothing) would show the fallback on such a call."""
    if "{" not in source or check_template(source):  # those problems are told already
        return None
    for ctx, which in ((SAMPLE_CALL, "a sample call"),
                       (CallContext(at=SAMPLE_CALL.at), "a sample call with no caller name, "
                        "number, IVR or CRM data")):
        variables = template_variables("sample", "Заказчик", "ru", "Europe/Moscow", ctx)
        try:
            render_template(source, variables)
        except TemplateError as exc:
            return TemplateIssue(exc.line or 1, f"fails on {which}: {exc.message}")
    return None


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
