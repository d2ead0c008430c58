"""Reaching the floor database: the URL from the settings, the password from the keyring.

``[floor] database = "postgresql://desk17@floor-db.callcenter.lan/floor?sslmode=verify-full"``
names the server, the desk's login and every libpq option (``sslmode``, ``sslrootcert``,
``connect_timeout``...): libpq honours them as written. The password is never in that
URL on a desk: :func:`conninfo` adds it from the caller (who read it from the OS
keyring, under :func:`secret_name`). A URL that does carry one (IT's own command line)
still works, and :func:`safe_url` is what logs and messages show.

Every connection the desk makes is tuned for a floor of hundreds of desks: a connect
timeout (the desk never hangs on a dead server), TCP keep-alives (a dead server or a
cut cable is noticed within ~30 s, even while the desk only listens), and an
``application_name`` saying which desk it is (``pg_stat_activity`` shows it).

This package is the only place that imports psycopg.

```
OperatorDeskError
 +-- FloorError             the floor database refused or failed a request
      +-- FloorUnavailable      it cannot be reached (down, network, wrong password)
      +-- FloorRefused          it refused the request (privileges, a rule): do not retry
      +-- FloorRetry            it failed in a way a later attempt may get past
      +-- FloorSchemaError      not initialised, or initialised by a newer desk
```
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import conninfo as pg_conninfo

from operator_desk.core.errors import OperatorDeskError

__all__ = [
    "CONNECT_TIMEOUT_S",
    "FloorError",
    "FloorRefused",
    "FloorRetry",
    "FloorSchemaError",
    "FloorUnavailable",
    "as_floor_errors",
    "connect",
    "conninfo",
    "floor_error",
    "safe_url",
    "secret_name",
]

CONNECT_TIMEOUT_S = 5
"""libpq's connect_timeout unless the URL sets one."""
KEEPALIVES = {"keepalives": "1", "keepalives_idle": "10", "keepalives_interval": "5",
              "keepalives_count": "3"}


class FloorError(OperatorDeskError):
    """The floor database refused or failed a request."""


class FloorUnavailable(FloorError):
    """The floor database cannot be reached now (server down, network, authentication)."""


class FloorRefused(FloorError):
    """The floor database refused the request itself (privileges, a rule): trying again will
    not help."""


class FloorRetry(FloorError):
    """The request failed in a way a later attempt may get past (a conflict, a lock)."""


class FloorSchemaError(FloorError):
    """The floor database is not set up for this desk (``operator-desk floor init``)."""


def safe_url(url: str) -> str:
    """The URL without its password, for logs and messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(not a URL)"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def secret_name(url: str) -> str:
    """Where a desk keeps the floor password in the keyring: ``floor/<user>@<host>``."""
    parts = urlsplit(url)
    return f"floor/{parts.username or ''}@{parts.hostname or ''}"


def check_url(url: str) -> list[str]:
    """Every mistake in a ``[floor] database`` value ('' = no floor is fine)."""
    if not url:
        return []
    if not url.startswith(("postgresql://", "postgres://")):
        return ["expected a URL such as postgresql://desk17@floor-db.lan/floor?sslmode=require"]
    try:
        pg_conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        return [f"not a valid PostgreSQL URL: {exc}"]
    if not urlsplit(url).username:
        return ["the URL names no login (postgresql://LOGIN@host/floor)"]
    return []


def conninfo(url: str, *, password: str | None = None, application_name: str = "operator-desk",
             **extra: Any) -> str:
    """The libpq connection string for ``url`` with the password and the desk's defaults added
    (what the URL sets itself wins)."""
    given = pg_conninfo.conninfo_to_dict(url)
    options: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, **KEEPALIVES,
                               "application_name": application_name[:63]}
    options.update({k: v for k, v in given.items() if v is not None})
    if password and not given.get("password"):
        options["password"] = password
    options.update(extra)
    return pg_conninfo.make_conninfo("", **options)


def connect(url: str, *, password: str | None = None, application_name: str = "operator-desk",
            autocommit: bool = True, **extra: Any) -> psycopg.Connection[Any]:
    """An open connection, or :class:`FloorUnavailable` saying why (without the password)."""
    try:
        return psycopg.connect(conninfo(url, password=password, application_name=application_name,
                                        **extra), autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise FloorUnavailable(f"the floor database {safe_url(url)} cannot be reached: "
                               f"{_first_line(exc)}") from None
    except psycopg.ProgrammingError as exc:
        raise FloorError(f"the floor database URL {safe_url(url)} is not valid: {exc}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


_REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation,
            psycopg.errors.DataException, psycopg.errors.NotNullViolation,
            psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn)


def floor_error(exc: psycopg.Error) -> FloorError:
    """The desk's error for what the driver raised: unreachable, refused (privileges, a
    rule, a schema that is not the floor's: retrying will not help), or worth a retry."""
    message = _first_line(exc)
    if isinstance(exc, psycopg.OperationalError):
        return FloorUnavailable(f"the floor database is unreachable: {message}")
    if isinstance(exc, _REFUSED):
        return FloorRefused(f"the floor database refused: {message}")
    return FloorRetry(f"the floor database: {message}")


@contextmanager
def as_floor_errors() -> Iterator[None]:
    """Within the block, the driver's errors become :func:`floor_error`'s."""
    try:
        yield
    except psycopg.Error as exc:
        raise floor_error(exc) from None
