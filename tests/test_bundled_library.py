"""The scripts library shipped with the desk is valid and has what operators need."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from operator_desk.core import schemas
from operator_desk.core.greeting import CallContext, render_greeting
from operator_desk.core.library import Library
from operator_desk.core.numbers import parse_number
from operator_desk.core.routing import Router
from tests.conftest import BUNDLED_LIBRARY


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(BUNDLED_LIBRARY)


def test_bundled_library_is_valid(library):
    assert [str(p) for p in library.validate()] == []
    assert len(library.tenants) >= 3
    assert library.settings.version != "unversioned"


def test_every_hotline_routes_to_its_tenant(library):
    router = Router(library)
    for tenant in library:
        assert len(tenant.numbers) >= 3
        for raw in tenant.numbers:
            assert router.route_number(raw).tenant_id == tenant.id, raw
            key = parse_number(raw, "RU").key
            if key.startswith("+"):
                assert router.route_number(key).tenant_id == tenant.id


def test_there_is_a_product_comparison_and_stores_across_cities(library):
    compare_tables, city_tables = [], []
    for tenant in library:
        script = library.script(tenant.id)
        for q in script.walk():
            if q.table is None:
                continue
            table = script.tables[q.table.table]
            if q.table.compare and len(table.rows) >= 15 and len(table.columns) >= 8:
                compare_tables.append(table)
            if q.table.filter and len(table.rows) >= 30:
                cities = {table.row_dict(i)[q.table.filter.column] for i in range(len(table.rows))}
                if len(cities) >= 3:
                    city_tables.append(table)
    assert compare_tables, "no comparison table of 15+ products with 8+ characteristics"
    assert city_tables, "no table of 30+ stores across several cities filtered by city"


def test_a_tenant_uses_ivr_digits(library):
    users = [t for t in library if t.ivr_fields and any(
        "ivr." in g.source for g in t.greetings.values())]
    assert users


def test_each_tenant_has_a_real_script(library):
    for tenant in library:
        script = library.script(tenant.id)
        questions = list(script.walk())
        assert len(questions) >= 15, tenant.id
        assert any(q.children for q in script.questions), tenant.id
        assert any(q.no_ready_answer for q in questions), tenant.id
        assert any(a.kind == "transfer" for q in questions for a in q.actions), tenant.id
        assert len(tenant.directory) >= 3 and tenant.wrapup_codes and tenant.callback_fields


@pytest.mark.parametrize("hour", [3, 8, 13, 19])
def test_every_greeting_renders_at_any_hour(library, hour):
    at = datetime(2026, 11, 23, hour, 0, tzinfo=UTC)
    for tenant in library:
        for group in ["", *tenant.groups]:
            ctx = CallContext(at=at, operator_name="Анна", operator_group=group,
                              caller_name="Иван", ivr={"menu": "Карты"})
            g = render_greeting(tenant, ctx)
            assert not g.error and len(g.text) > 20, (tenant.id, g)


def test_published_schemas_match_the_validator():
    for name in schemas.SCHEMA_NAMES:
        published = (BUNDLED_LIBRARY / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert published == schemas.schema_text(name), (
            f"scripts_library/schema/{name}.schema.json is stale: run "
            "`operator-desk library schema`")
