"""Secrets live in the keyring; a broken keyring reads as "no secret" and never leaks one."""

from __future__ import annotations

import keyring
import pytest

from operator_desk.services.secrets import SecretsError, SecretStore

from .conftest import BrokenKeyring, MemoryKeyring


def test_set_get_delete(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert store.get("crm/taxi") is None
    store.set("crm/taxi", "tok-1")
    assert memory_keyring.store[("operator-desk", "crm/taxi")] == "tok-1"
    assert store.get("crm/taxi") == "tok-1"
    store.delete("crm/taxi")
    store.delete("crm/taxi")  # deleting what is not there is fine
    assert store.get("crm/taxi") is None


def test_a_broken_keyring_reads_as_missing_and_warns_once(memory_keyring: MemoryKeyring, caplog) -> None:
    keyring.set_keyring(BrokenKeyring())
    store = SecretStore()
    assert store.get("crm/taxi") is None
    assert store.get("crm/taxi") is None
    assert caplog.text.count("the keyring cannot be read") == 1
    with pytest.raises(SecretsError, match="cannot store"):
        store.set("crm/taxi", "tok-very-secret")
    assert "tok-very-secret" not in caplog.text
