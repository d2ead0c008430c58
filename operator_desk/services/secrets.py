"""Secrets (CRM tokens) in the operating system's keyring, never in files or logs.

Configuration names a secret (``token_key = "crm/acme"``); the value lives in the OS
keyring under the service :data:`SERVICE`. Put one there with
``keyring set operator-desk crm/acme`` or :meth:`SecretStore.set`.

A keyring that is locked, missing or broken reads as "no secret" (logged once per
name, without the value): the caller then reports its connection as unavailable.

Keyring backends (the Secret Service over D-Bus, KWallet, the Windows Credential
Locker, the macOS Keychain) raise exceptions of their own, few of them
``keyring.errors.KeyringError``; so every call into the backend catches ``Exception``:
whatever the backend's failure, it is the keyring's, not the desk's.
"""

from __future__ import annotations

import logging
import threading

import keyring
import keyring.errors

from operator_desk.core.errors import OperatorDeskError

__all__ = ["SERVICE", "SecretStore", "SecretsError"]

log = logging.getLogger(__name__)

SERVICE = "operator-desk"


class SecretsError(OperatorDeskError):
    """The keyring refused to store or delete a secret."""


class SecretStore:
    """Reads and writes secrets of one keyring service; safe to use from any thread."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._lock = threading.Lock()
        self._warned: set[str] = set()

    def get(self, name: str) -> str | None:
        """The secret called ``name``, or None when absent or the keyring cannot be read."""
        try:
            with self._lock:
                value = keyring.get_password(self.service, name)
        except Exception as exc:  # any backend's failure (see the module docs)
            self._warn(name, f"the keyring cannot be read: {type(exc).__name__}")
            return None
        if value is None:
            self._warn(name, "not in the keyring")
        return value

    def set(self, name: str, value: str) -> None:
        try:
            with self._lock:
                keyring.set_password(self.service, name, value)
        except Exception as exc:  # any backend's failure; its text might hold the value
            raise SecretsError(
                f"cannot store the secret {name!r} in the keyring: {type(exc).__name__}"
            ) from None
        self._warned.discard(name)

    def delete(self, name: str) -> None:
        try:
            with self._lock:
                keyring.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            return
        except Exception as exc:  # any backend's failure (see the module docs)
            raise SecretsError(f"cannot delete the secret {name!r}: {type(exc).__name__}") from None

    def _warn(self, name: str, why: str) -> None:
        if name not in self._warned:
            self._warned.add(name)
            log.warning("secret %r (service %s): %s", name, self.service, why)
