"""Greetings are chosen and rendered for this call, and caller data is never code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from operator_desk.core.greeting import CallContext, render_greeting, render_template
from operator_desk.core.library import Library

HOSTILE = "{{ 7*7 }}<script>alert(1)</script>"


@pytest.fixture
def tenant(builder):
    builder.tenant("alpha")
    builder.replace("alpha", "tenant.yaml", "  support:\n", "  sales:\n    name: Продажи\n  support:\n")
    builder.replace("alpha", "tenant.yaml", "  after_hours: greetings/after_hours.txt",
                    "  after_hours: greetings/after_hours.txt\n  groups:\n"
                    "    sales: greetings/sales.txt")
    builder.write("alpha", "greetings/sales.txt", "Отдел продаж, {{ operator.name }}.")
    builder.write("alpha", "greetings/default.txt",
                  "{{ day_greeting }}! {{ tenant.name }}, {{ operator.name }}."
                  "{% if caller.name %} {{ caller.name }}, слушаю вас.{% endif %}"
                  "{% if ivr.menu %} Вы выбрали: {{ ivr.menu }}.{% endif %}"
                  "{% if crm.name %} Клиент: {{ crm.name }}.{% endif %}")
    library = Library.load(builder.root)
    assert library.validate() == []
    return library.tenant("alpha")


# 2026-11-23 is a Monday; the tenant is open mon-fri 09:00-18:00 Moscow time (UTC+3).
MORNING = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)   # 10:30 in Moscow
EVENING = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)   # 19:00 in Moscow
SATURDAY = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_default_greeting_with_part_of_day_in_tenant_time_zone(tenant):
    g = render_greeting(tenant, CallContext(at=MORNING, operator_name="Анна",
                                            caller_name="Иван"))
    assert g.variant == "default"
    assert g.text == "Доброе утро! Новый заказчик, Анна. Иван, слушаю вас."


def test_after_hours_variant(tenant):
    for at in (EVENING, SATURDAY):
        g = render_greeting(tenant, CallContext(at=at, operator_name="Анна"))
        assert g.variant == "after_hours"
        assert "Офис сейчас закрыт" in g.text


def test_after_hours_uses_the_tenant_zone_not_the_desk_zone(tenant, builder):
    builder.replace("alpha", "tenant.yaml", "timezone: Europe/Moscow",
                    "timezone: Asia/Vladivostok")
    far = Library.load(builder.root).tenant("alpha")
    # 07:30 UTC is 10:30 in Moscow (open) but 17:30 in Vladivostok (open, evening).
    g = render_greeting(far, CallContext(at=MORNING))
    assert g.variant == "default" and g.text.startswith("Добрый вечер")
    late = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 19:00 Vladivostok
    assert render_greeting(far, CallContext(at=late)).variant == "after_hours"


def test_group_variant_during_business_hours(tenant):
    g = render_greeting(tenant, CallContext(at=MORNING, operator_name="Олег",
                                            operator_group="sales"))
    assert (g.variant, g.text) == ("group:sales", "Отдел продаж, Олег.")
    assert render_greeting(tenant, CallContext(at=EVENING, operator_group="sales")).variant \
        == "after_hours"


def test_ivr_and_crm_fields_show_when_present_and_vanish_when_empty(tenant):
    full = render_greeting(tenant, CallContext(at=MORNING, ivr={"menu": "Карты"},
                                               crm={"name": "Пётр"}))
    assert "Вы выбрали: Карты." in full.text and "Клиент: Пётр." in full.text
    empty = render_greeting(tenant, CallContext(at=MORNING))
    assert "Вы выбрали" not in empty.text and "Клиент" not in empty.text
    assert not empty.error


def test_caller_data_is_shown_literally_never_run(tenant):
    ctx = CallContext(at=MORNING, caller_name=HOSTILE, crm={"name": "{{ operator }}"})
    text = render_greeting(tenant, ctx).text
    assert HOSTILE in text and "49" not in text
    assert "Клиент: {{ operator }}." in text


def test_caller_data_is_escaped_in_html(tenant):
    html = render_greeting(tenant, CallContext(at=MORNING, caller_name=HOSTILE), "html").text
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html


def test_templates_are_sandboxed():
    from operator_desk.core.errors import TemplateError

    with pytest.raises(TemplateError):
        render_template("{{ ''.__class__.__mro__[1].__subclasses__() }}", {})


def test_a_template_that_fails_at_render_time_falls_back(tenant, builder):
    builder.write("alpha", "greetings/default.txt", "{{ caller.name.upper().missing }}")
    t = Library.load(builder.root).tenant("alpha")
    g = render_greeting(t, CallContext(at=MORNING, caller_name="x"), fallback="Здравствуйте!")
    assert g.text == "Здравствуйте!"
    assert "default.txt" in g.error


def test_the_error_says_the_template_line_whatever_the_template_raised(tenant, builder):
    builder.write("alpha", "greetings/default.txt", "Здравствуйте!\n{{ 100 / ivr.count|int }}")
    t = Library.load(builder.root).tenant("alpha")
    g = render_greeting(t, CallContext(at=MORNING), fallback="Здравствуйте!")
    assert g.text == "Здравствуйте!"
    assert g.error == "default.txt:2: ZeroDivisionError: division by zero"


@pytest.mark.parametrize(("source", "line", "message"), [
    ("{{ caller.name }}\n{% if %}", 2, "Expected an expression, got 'end of statement block'"),
    ("one\ntwo\n{{ nobody }}", 3, "'nobody' is undefined"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", 1, "RecursionError: maximum recursion depth"),
])
def test_a_template_error_carries_its_line(source, line, message):
    from operator_desk.core.errors import TemplateError

    with pytest.raises(TemplateError) as caught:
        render_template(source, {"caller": {"name": "Анна"}})
    assert caught.value.line == line and caught.value.message.startswith(message)
    assert str(caught.value) == f"line {line}: {caught.value.message}"


@pytest.mark.parametrize(("source", "says"), [
    ("{{ ''.__class__.__mro__ }}", "`__class__` is not allowed in a template"),
    ("{{ caller['__init__'] }}", "`__init__` is not allowed in a template"),
    ("{{ caller|attr('__dict__') }}", "`__dict__` is not allowed in a template"),
    ("{% for c in [1] %}{% endfor %}{{ c }}", "`c` is used where nothing defines it"),
    ("{{ x }}{% set x = 1 %}", "`x` is used where nothing defines it"),
    ("{{ greeting }}", "unknown variable `greeting`"),
    ("{{ caller.name | titel }}", "there is no filter `titel` — did you mean `title`?"),
    ("{% if ivr.menu is nmber %}{% endif %}", "there is no test `nmber` — did you mean `number`?"),
    ("{{ crm.city.name }}", "`crm.city` is text: it has no field `name`"),
])
def test_a_template_that_would_show_nothing_is_told_before_a_call(source, says):
    from operator_desk.core.greeting import check_template

    (issue,) = check_template("Здравствуйте!\n" + source)
    assert issue.line == 2 and says in issue.message


@pytest.mark.parametrize("source", [
    "{% for c in [1, 2] %}{{ c }}{{ loop.index }}{% endfor %}",
    "{% set x = 1 %}{{ x }}",
    "{% macro greet(name) %}{{ name }}{% endmacro %}{{ greet(caller.name) }}",
    "{% with z = caller.name %}{{ z }}{% endwith %}",
    "{{ caller.name.upper() }} {{ ivr.menu|default('—') }} {{ range(2)|list }}",
    "Без шаблона вовсе: {фигурные} скобки",
])
def test_sound_templates_are_not_reported(source):
    from operator_desk.core.greeting import check_template, trial_render

    assert check_template(source) == [] and trial_render(source) is None


def test_a_template_that_fails_only_without_the_callers_data_is_told_so():
    from operator_desk.core.greeting import trial_render

    issue = trial_render("Добрый день!\n{{ caller.name[0] }}.")
    assert issue is not None and issue.line == 2
    assert issue.message.startswith("fails on a sample call with no caller name")
