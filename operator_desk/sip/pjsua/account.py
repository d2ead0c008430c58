"""The desk's pjsua2 account and its registration.

One account takes every call: a local one (``sip:desk@host:port``, no registrar) or one
that registers with :class:`~operator_desk.sip.engine.AccountConfig`'s registrar,
digest auth over UDP/TCP/TLS. pjsua refreshes the registration before it expires and
retries by itself after failures the registrar may recover from (timeout, 5xx, 6xx,
connection lost): first after ``retry_first_s``, then every ``retry_interval_s`` plus
jitter. :class:`Registration` retries what pjsua gives up on (401/403/404..., or a
failure with no SIP status) after ``auth_retry_s`` -- by the engine's timers -- so a
wrong password does not hammer the registrar, and un-REGISTERs at shutdown.

Not done yet: registration over UDP notices a dead registrar only when a refresh times
out (pjsip's Timer F, 32 s, not settable from pjsua2); an OPTIONS keep-alive or
``Endpoint.handleIpChange()`` on a network change would shorten that; back-off is
two-step (first retry, then a fixed interval with jitter), not exponential; TLS
registration is not tested against a real server (Debian's kamailio lacks tls.so without
kamailio-tls-modules).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_desk.core.calls import RegistrationChanged
from operator_desk.sip.engine import AccountConfig, EngineConfig
from operator_desk.sip.pjsua.calls import Calls
from operator_desk.sip.pjsua.endpoint import host_for_uri, pj_error, pj_status_text
from operator_desk.sip.pjsua.thread import EngineThread
from operator_desk.sip.sipmsg import clean_text

log = logging.getLogger(__name__)

_UNREGISTER_WAIT_S = 1.0
"""How long shutdown waits for the registrar's answer to the un-REGISTER."""
_PJSUA_RETRIED = frozenset({408, 480, 500, 502, 503, 504})
"""Registration failures pjsua retries by itself (with 6xx), see pjsua_acc.c regc_cb."""
_PJSIP_EBUSY = 171001


class DeskAccount(pj.Account):  # type: ignore[misc]
    """The pjsua2 account; its callbacks go, guarded, to the calls and the registration."""

    def __init__(self, thread: EngineThread, calls: Calls, registration: Registration) -> None:
        super().__init__()
        self._thread = thread
        self._calls = calls
        """Its handler is looked up at each INVITE, not bound once."""
        self._registration = registration

    def onIncomingCall(self, prm: Any) -> None:  # pjsua2's callback names
        self._thread.guard("onIncomingCall", self._calls.on_incoming_call, self, prm)

    def onRegState(self, prm: Any) -> None:
        self._thread.guard("onRegState", self._registration.on_reg_state, prm)


def account_config(config: EngineConfig, port: int) -> Any:
    """pjsua's configuration of the desk's account (holds the password: drop it soon)."""
    if config.account is None:
        cfg = pj.AccountConfig()
        cfg.idUri = f"sip:{config.user}@{host_for_uri(config.listen_host)}:{port}"
    else:
        cfg = _registering_account(config.account)
    cfg.mediaConfig.transportConfig.boundAddress = config.listen_host
    return cfg


def _registering_account(acc: AccountConfig) -> Any:
    cfg = pj.AccountConfig()
    cfg.idUri = acc.aor
    param = "" if acc.transport == "udp" else f";transport={acc.transport}"
    cfg.regConfig.registrarUri = _with_param(acc.registrar, param)
    cfg.regConfig.timeoutSec = acc.expires_s
    cfg.regConfig.firstRetryIntervalSec = acc.retry_first_s
    cfg.regConfig.retryIntervalSec = acc.retry_interval_s
    cfg.regConfig.randomRetryIntervalSec = acc.retry_random_s
    if acc.proxy:
        cfg.sipConfig.proxies.append(_with_param(acc.proxy, param))
    cfg.sipConfig.authCreds.append(
        pj.AuthCredInfo("digest", acc.realm, acc.auth_user or acc.user, 0, acc.password)
    )
    return cfg


def _with_param(uri: str, param: str) -> str:
    if not param or ";transport=" in uri.lower():
        return uri
    return uri + param


class Registration:
    """Follows the account's registration; reports :class:`RegistrationChanged` events
    (only when registered, code or reason change)."""

    def __init__(self, config: AccountConfig | None, thread: EngineThread,
                 clock: Callable[[], float]) -> None:
        self._config = config
        self._thread = thread
        self._clock = clock
        self.account: DeskAccount | None = None
        """Set once the account exists (the engine creates it)."""
        self.last: RegistrationChanged | None = None
        """The last event (None before the first, or without a registrar)."""
        self._failures = 0
        self.retry_at: float | None = None
        """When the engine's own retry is due (on ``clock``), or None."""
        self._unregistering = False

    def on_reg_state(self, prm: Any) -> None:
        acc = self._config
        if acc is None:
            return
        code = int(prm.code)
        reason = clean_text(prm.reason) or pj_status_text(int(prm.status))
        expires = int(prm.expiration)
        registered = 200 <= code < 300 and expires > 0 and not self._unregistering
        retry_in = 0.0
        if registered:
            self._failures = 0
            self.retry_at = None
        elif not self._unregistering:
            retry_in = self._plan_retry(acc, code)
        log.info(
            "registration %s: %d %s (expires %d s, retry in %.0f s)",
            "ok" if registered else "failed" if not self._unregistering else "removed",
            code, reason, expires, retry_in,
        )  # fmt: skip
        last = self.last
        if last is not None and (last.registered, last.code, last.reason) == (
            registered, code, reason,
        ):  # fmt: skip
            return
        event = RegistrationChanged(
            account=acc.aor,
            registered=registered,
            code=code,
            reason=reason,
            ts_ns=time.time_ns(),
            expires_s=expires if registered else 0,
            retry_in_s=retry_in,
        )
        self.last = event
        self._thread.emit(event)

    def _plan_retry(self, acc: AccountConfig, code: int) -> float:
        """Seconds until the next attempt after a failure with ``code``; the engine's own
        timer is set when pjsua will not retry by itself."""
        self._failures += 1
        if code in _PJSUA_RETRIED or 600 <= code < 700:  # pjsua's own retry
            return float(acc.retry_first_s if self._failures == 1 else acc.retry_interval_s)
        # Refused (401/403/404...) or no status at all: the engine's timer.
        delay = acc.auth_retry_s if code else acc.retry_interval_s
        if delay:
            self.retry_at = self._clock() + delay
        return float(delay)

    def retry(self) -> None:
        """The engine's own retry is due (:mod:`~operator_desk.sip.pjsua.timers`)."""
        self.retry_at = None
        if self.account is None or self._unregistering:
            return
        try:
            self.account.setRegistration(True)
        except pj.Error as exc:
            log.warning("re-registration failed to start: %s", pj_error(exc))
            if self._config is not None:
                self.retry_at = self._clock() + self._config.retry_interval_s

    def unregister(self, ep: Any) -> None:
        """Remove the desk's contact from the registrar and wait (briefly) for the answer."""
        self.retry_at = None
        last = self.last
        if self.account is None or last is None or not last.registered:
            return
        self._unregistering = True
        deadline = time.monotonic() + _UNREGISTER_WAIT_S
        while True:
            try:
                self.account.setRegistration(False)
                break
            except pj.Error as exc:
                # PJSIP_EBUSY: a refresh is on its way; wait for its answer first.
                if getattr(exc, "status", 0) != _PJSIP_EBUSY or time.monotonic() > deadline:
                    log.warning("un-REGISTER failed: %s", pj_error(exc))
                    return
            ep.libHandleEvents(10)
        while self.last is last and time.monotonic() < deadline:
            ep.libHandleEvents(10)
