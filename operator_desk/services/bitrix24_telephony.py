"""Bitrix24 telephony: every call the desk handled, in the portal's call log.

When a tenant's Bitrix24 is configured with call logging on (``[bitrix24] call_logging``),
each call that ends queues an outbox item of kind ``call_log`` (a trigger of the desk's
database: :data:`operator_desk.storage.outbox.CALL_LOG`), delivered like the callback
requests, with retries and across restarts. Delivering one is two REST calls:

1. ``telephony.externalcall.register`` (the operator's portal user, the customer's number,
   the moment it rang, incoming or outgoing, no lead created, no card shown) gives the
   portal's ``CALL_ID``; Bitrix24 gives the *same* ``CALL_ID`` to a repeated register with
   the same parameters while that call is not finished, so a retry after a timeout
   registers nothing twice;
2. ``telephony.externalcall.finish`` with the talk time and the outcome as a SIP-like
   ``STATUS_CODE`` (200 answered, 304 missed or abandoned, 603 declined, 486 the far end
   busy or not answering, 503 failed).

(One window is left: a finish that succeeded but whose answer was lost is sent again
after a new register, which Bitrix24 then counts as a second call. It needs a lost answer
exactly between the two requests; Bitrix24 offers no key to close it.)

:class:`Bitrix24Endpoint` is the outbox endpoint of a Bitrix24 tenant: callback requests
become leads (:class:`~operator_desk.services.bitrix24.Bitrix24CallbackEndpoint`), calls go
to the call log.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import httpx

from operator_desk.services.bitrix24 import Bitrix24CallbackEndpoint, Bitrix24Config, _call, _text
from operator_desk.services.outbox import Delivery
from operator_desk.services.secrets import SecretStore
from operator_desk.storage.outbox import OutboxItem

__all__ = ["STATUS_CODES", "Bitrix24Endpoint", "finish_fields", "register_fields"]

log = logging.getLogger(__name__)

STATUS_CODES = {
    "answered": "200", "transferred": "200", "missed": "304", "abandoned": "304", "rejected": "603",
    "not_answered": "486", "failed": "503",
}
"""The desk's outcome -> ``STATUS_CODE`` of ``telephony.externalcall.finish``."""


def _iso(ns: Any) -> str:
    return datetime.fromtimestamp(int(ns) / 1e9, UTC).isoformat(timespec="seconds") if ns else ""


def register_fields(item: OutboxItem, config: Bitrix24Config) -> dict[str, Any]:
    p = item.payload
    incoming = p.get("direction") == "in"
    return {
        "USER_ID": config.telephony_user_id or config.user_id,
        "PHONE_NUMBER": _text(p.get("caller_number") if incoming else p.get("dialed_number")),
        "CALL_START_DATE": _iso(p.get("started_ns")),
        "TYPE": 2 if incoming else 1,
        "LINE_NUMBER": _text(p.get("dialed_number")) if incoming else "",
        "CRM_CREATE": 0,
        "SHOW": 0,
    }


def finish_fields(item: OutboxItem, config: Bitrix24Config, call_id: str) -> dict[str, Any]:
    p = item.payload
    outcome = _text(p.get("outcome"))
    if outcome == "interrupted":
        outcome = "answered" if p.get("answered_ns") else "missed"
    return {
        "CALL_ID": call_id,
        "USER_ID": config.telephony_user_id or config.user_id,
        "DURATION": max(0, round(float(p.get("talk_s") or 0))),
        "STATUS_CODE": STATUS_CODES.get(outcome, "304"),
        "ADD_TO_CHAT": 0,
    }


class Bitrix24Endpoint(Bitrix24CallbackEndpoint):
    """A Bitrix24 tenant's outbox endpoint: callback requests as leads, calls in the call log."""

    kinds = frozenset({"callback", "call_log"})

    def __init__(self, config: Bitrix24Config, secrets: SecretStore | None = None) -> None:
        super().__init__(config, secrets)

    def deliver(self, item: OutboxItem, client: httpx.Client) -> Delivery:
        if item.kind != "call_log":
            return super().deliver(item, client)
        config = self.config
        code = self._secrets.get(config.webhook_key_name) or ""
        if not code:
            return Delivery(False, False, 0, "no Bitrix24 webhook code in the keyring")
        registered = _call(client, config, code, "telephony.externalcall.register",
                           register_fields(item, config), config.delivery_timeout_s)
        result = registered.result if isinstance(registered.result, dict) else {}
        call_id = _text(result.get("CALL_ID"))
        if not registered.ok or not call_id:
            return self._failed(item, "telephony.externalcall.register", registered)
        finished = _call(client, config, code, "telephony.externalcall.finish",
                         finish_fields(item, config, call_id), config.delivery_timeout_s)
        if not finished.ok:
            return self._failed(item, "telephony.externalcall.finish", finished)
        log.info("outbox item %s: call logged in Bitrix24 as %s (tenant %s)", item.id, call_id,
                 item.tenant_id)
        return Delivery(True, False, finished.http_status, f"call {call_id}")
