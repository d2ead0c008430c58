"""Links to the outside world: CRM, library sync, secrets; and the desk's helper processes.

The builders below make each service from the settings, for the composition root
(:mod:`operator_desk.app`). Each returns None for what is not configured, and imports its
service's modules only when it builds one: httpx and the keyring's backends cost memory
on every desk that does not use them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

StateSink = Callable[[Any], None]
"""Receives an outbox item after each change of its state, on the outbox's thread."""


def build_crm(db: Any, settings: Any, on_delivery: StateSink | None = None) -> tuple[Any, Any]:
    """The CRM as the settings name it: ``(lookup, outbox)`` — who is calling, and the
    worker delivering callback requests and script gaps; either may be None. Bitrix24
    (``[bitrix24] portal_url``) gives both; else the generic REST lookup (``[crm]``)
    and the webhook (``[delivery]``)."""
    if settings is None or not (settings.delivery.url or settings.crm.lookup_url
                                or settings.bitrix24.portal_url):
        return None, None
    from operator_desk.services.secrets import SecretStore

    secrets = SecretStore()
    if settings.bitrix24.portal_url:
        return build_bitrix24(db, settings, secrets, on_delivery)
    return build_lookup(settings, secrets), build_webhook_outbox(db, settings, secrets,
                                                                 on_delivery)


def build_lookup(settings: Any, secrets: Any) -> Any:
    """The generic REST lookup of ``[crm]``; None without ``lookup_url`` or when the
    settings are wrong (logged)."""
    if not settings.crm.lookup_url:
        return None
    from operator_desk.core.settings import parse_header, parse_pairs
    from operator_desk.services.crm import CrmConfig, CrmConfigError, CrmLookup

    crm = settings.crm

    def config(tenant_id: str) -> Any:
        return CrmConfig.from_mapping(tenant_id, {
            "lookup_url": crm.lookup_url, "fields": parse_pairs(crm.fields),
            "record_path": crm.record_path, "headers": parse_header(crm.auth_header),
            "token_key": crm.token_key, "card_url": crm.card_url,
        })

    try:
        config("check")
    except CrmConfigError as exc:
        log.error("CRM settings: %s", exc)
        return None
    return CrmLookup(config, secrets)


def build_webhook_outbox(db: Any, settings: Any, secrets: Any,
                         on_delivery: StateSink | None) -> Any:
    """The outbox worker POSTing to ``[delivery] url`` (not started); None without it or
    when the settings are wrong (logged)."""
    if not settings.delivery.url:
        return None
    from operator_desk.core.settings import parse_header
    from operator_desk.services.outbox import OutboxWorker, WebhookConfig

    delivery = settings.delivery
    hook = WebhookConfig(delivery.url, parse_header(delivery.auth_header), delivery.token_key)
    problems = hook.problems()
    if problems:
        log.error("delivery settings: %s", "; ".join(problems))
        return None
    return OutboxWorker(db, lambda _tenant: hook, secrets=secrets, on_state_changed=on_delivery)


def build_bitrix24(db: Any, settings: Any, secrets: Any,
                   on_delivery: StateSink | None) -> tuple[Any, Any]:
    """Bitrix24: callers looked up in the portal, callback requests delivered as leads, and
    with ``call_logging`` every call in the portal's call log (the outbox not started);
    ``(None, None)`` when the settings are wrong (logged)."""
    from operator_desk.services.bitrix24 import Bitrix24Config, Bitrix24ConfigError, Bitrix24Lookup
    from operator_desk.services.bitrix24_telephony import Bitrix24Endpoint
    from operator_desk.services.outbox import OutboxWorker
    from operator_desk.storage.outbox import CALL_LOG, OutboxQueue

    b24 = settings.bitrix24

    def config(tenant_id: str) -> Any:
        return Bitrix24Config.from_mapping(tenant_id, {
            "portal_url": b24.portal_url, "user_id": b24.user_id,
            "webhook_key_name": b24.webhook_key_name,
            "responsible_id": b24.responsible_id or None, "lead_source": b24.lead_source,
            "telephony_user_id": b24.telephony_user_id or None,
        })

    try:
        config("check")
    except Bitrix24ConfigError as exc:
        log.error("Bitrix24 settings: %s", exc)
        return None, None
    if b24.call_logging:  # every call that ends goes to the portal's call log
        OutboxQueue(db.conn).replicate_to(CALL_LOG)
    else:
        OutboxQueue(db.conn).stop_replicating(CALL_LOG)
    outbox = OutboxWorker(db, lambda tenant: Bitrix24Endpoint(config(tenant), secrets),
                          secrets=secrets, on_state_changed=on_delivery)
    return Bitrix24Lookup(config, secrets), outbox


def build_floor(db: Any, settings: Any, profile: str, operator: tuple[str, str]) -> Any:
    """The desk on the call floor (:class:`services.floor_sync.FloorDesk`, with the outbox
    worker feeding the floor; not started) for ``[floor] database``; None without one (and
    nothing of the floor, psycopg included, is imported then)."""
    from operator_desk.storage.outbox import FLOOR, OutboxQueue

    url = settings.floor.database if settings is not None else ""
    if not url and not OutboxQueue(db.conn).replicating(FLOOR):
        return None
    from operator_desk import __version__
    from operator_desk.services.floor_sync import build_floor as build

    return build(db, url, profile, operator, __version__)


def build_library_sync(settings: Any) -> Any:
    """The central scripts library's local copy when the settings name one
    (``[library] url``); None without it or when the URL is wrong (logged)."""
    if settings is None or not settings.library.url:
        return None
    from operator_desk.services.library_sync import LibrarySync
    from operator_desk.storage.db import data_dir

    try:
        return LibrarySync(settings.library.url, data_dir() / "library")
    except ValueError as exc:
        log.error("library.url: %s", exc)
        return None
