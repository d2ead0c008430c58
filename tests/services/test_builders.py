"""The services the settings ask for, built for the desk: nothing for what is not
configured (not even its modules), a clear log line for settings that are wrong."""

from __future__ import annotations

import logging

import pytest

from operator_desk import services
from operator_desk.core.settings import Settings
from operator_desk.storage.db import Database
from tests.conftest import python_output


@pytest.fixture
def db(tmp_path):
    database = Database.open(tmp_path / "desk.sqlite3")
    yield database
    database.close()


def test_a_desk_without_a_crm_builds_nothing_and_loads_neither_httpx_nor_the_keyring():
    out = python_output(
        "import sys\n"
        "from operator_desk import services\n"
        "from operator_desk.core.settings import Settings\n"
        "print(services.build_crm(None, Settings()), services.build_library_sync(Settings()))\n"
        "print(sorted(m for m in ('httpx', 'keyring') if m in sys.modules))\n")
    assert out.splitlines() == ["(None, None) None", "[]"]


def test_a_lookup_url_and_a_webhook_give_a_crm_lookup_and_an_outbox(db):
    from operator_desk.services.crm import CrmLookup
    from operator_desk.services.outbox import OutboxWorker

    settings = Settings().with_values({
        "crm.lookup_url": "https://crm.example/api/contacts?phone={e164}",
        "crm.fields": "Имя=name", "delivery.url": "https://crm.example/hooks/{kind}"})
    lookup, outbox = services.build_crm(db, settings)
    try:
        assert isinstance(lookup, CrmLookup) and isinstance(outbox, OutboxWorker)
        assert not outbox.running  # the desk starts it
    finally:
        lookup.close()


def test_bitrix24_gives_its_own_lookup_and_delivers_leads(db):
    from operator_desk.services.bitrix24 import Bitrix24Lookup
    from operator_desk.services.outbox import OutboxWorker

    settings = Settings().with_values({"bitrix24.portal_url": "https://acme.bitrix24.ru",
                                       "delivery.url": "https://crm.example/hooks/{kind}"})
    lookup, outbox = services.build_crm(db, settings)
    try:
        assert isinstance(lookup, Bitrix24Lookup) and isinstance(outbox, OutboxWorker)
    finally:
        lookup.close()


def test_wrong_settings_build_nothing_and_say_why(db, caplog):
    settings = Settings().with_values({
        "crm.lookup_url": "https://crm.example/api?phone={telephone}", "crm.fields": "Имя=name",
        "delivery.url": "crm.example/hooks", "library.url": "ftp://library.example/"})
    with caplog.at_level(logging.ERROR, logger="operator_desk.services"):
        assert services.build_crm(db, settings) == (None, None)
        assert services.build_library_sync(settings) is None
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("CRM settings:") and "telephone" in m for m in messages), messages
    assert "delivery settings: url must start with http:// or https://" in messages
    assert any(m.startswith("library.url: the library URL must start with http") for m in messages)


def test_wrong_bitrix24_settings_build_nothing_and_say_why(db, caplog):
    settings = Settings().with_values({"bitrix24.portal_url": "http://acme.bitrix24.ru"})
    with caplog.at_level(logging.ERROR, logger="operator_desk.services"):
        assert services.build_crm(db, settings) == (None, None)
    assert any("Bitrix24 settings:" in r.getMessage() and "https://" in r.getMessage()
               for r in caplog.records)
