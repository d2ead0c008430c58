"""Routing needs only tenant.yaml: scripts and tables are read when a tenant is used."""

from __future__ import annotations

from operator_desk.core.library import Library
from operator_desk.core.routing import Router


def test_index_is_built_without_reading_scripts_or_tables(builder, monkeypatch):
    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta", number="8-800-555-35-36")
    # Scripts and tables that would fail to parse if anyone read them.
    builder.write("beta", "questions.yaml", "questions: [")
    builder.path("beta", "tables/offices.csv").write_bytes(b"\xff\xfe broken")
    opened: list[str] = []
    real_read_bytes = type(builder.root).read_bytes

    def spy(self):
        opened.append(self.name)
        return real_read_bytes(self)

    monkeypatch.setattr(type(builder.root), "read_bytes", spy)
    library = Library.load(builder.root)
    route = Router(library).route_number("88005553536")
    assert route.tenant_id == "beta"
    assert set(library.tenants) == {"alpha", "beta"}
    assert not library.script_loaded("alpha") and not library.script_loaded("beta")
    assert "offices.csv" not in opened


def test_script_is_read_once_on_first_use(builder):
    builder.tenant("alpha")
    library = Library.load(builder.root)
    first = library.script("alpha")
    assert library.script_loaded("alpha")
    builder.write("alpha", "questions.yaml", "questions: [")
    assert library.script("alpha") is first


def test_a_broken_script_is_reported_when_used(builder):
    import pytest

    from operator_desk.core.errors import LibraryError

    builder.tenant("alpha")
    builder.write("alpha", "questions.yaml", "questions: [")
    library = Library.load(builder.root)
    assert "alpha" in library.tenants  # routing and greeting still work
    with pytest.raises(LibraryError) as info:
        library.script("alpha")
    assert info.value.problems[0].file == "alpha/questions.yaml"
