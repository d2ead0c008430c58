"""The pjsua2 endpoint's life: its configuration, start with the transports, destruction;
and the small helpers every room uses to talk to pjsua2 (errors in words, call
parameters).

:func:`endpoint_config` is the one ``EpConfig`` of every pjsua2 endpoint of this
project, the desk's and the demo caller's: pjsua2 on the one thread that polls
``libHandleEvents`` (the thread model: :mod:`operator_desk.sip.engine`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_desk.sip.engine import EngineConfig, SipEngineError
from operator_desk.sip.sipmsg import clean_text

log = logging.getLogger(__name__)

_TLS_HANDSHAKE_TIMEOUT_MS = 10_000
"""A registrar that accepts TCP but never finishes the TLS handshake fails after this."""


def endpoint_config(*, max_calls: int | None = None, user_agent: str = "",
                    log_file: object = None, log_level: int = 4) -> Any:
    """The ``EpConfig`` every pjsua2 endpoint of this project starts from: no worker
    threads (``threadCnt = 0``, ``mainThreadOnly``), nothing on the console, no Python
    ``LogWriter`` (it can crash after ``libDestroy``), and pjsip's log in ``log_file``
    at ``log_level`` when one is given, else no log at all."""
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    if max_calls is not None:
        cfg.uaConfig.maxCalls = max_calls
    if user_agent:
        cfg.uaConfig.userAgent = user_agent
    cfg.logConfig.consoleLevel = 0
    cfg.logConfig.writer = None
    if log_file is not None:
        cfg.logConfig.filename = str(log_file)
        cfg.logConfig.level = log_level
    else:
        cfg.logConfig.level = 0
    return cfg


class Endpoint:
    """The started pjsua2 endpoint and what it listens on."""

    def __init__(self, ep: Any, port: int, transports: list[str]) -> None:
        self.ep = ep
        self.port = port
        """The SIP port listened on (UDP, and TCP when asked)."""
        self.transports = tuple(transports)
        """``udp 127.0.0.1:5060``-style descriptions."""

    @classmethod
    def start(cls, config: EngineConfig) -> Endpoint:
        """Create, initialise and start pjsua2 with the transports ``config`` asks for,
        on the null sound device; :class:`SipEngineError` if it cannot."""
        ep = pj.Endpoint()
        ep.libCreate()
        try:
            ep_cfg = endpoint_config(max_calls=config.max_calls, user_agent=config.user_agent,
                                     log_file=config.log_file, log_level=config.log_level)
            # pjmedia only queues the removal of a call's conference ports; the bridge's
            # clock carries it out. pjsua closes an idle sound device (the null one too)
            # after a second, which stops that clock: every call then leaked 3 slots until
            # the bridge was full and all calls got 488 (bench_soak: after ~85 calls).
            ep_cfg.medConfig.sndAutoCloseTime = -1
            ep.libInit(ep_cfg)
            transports: list[str] = []
            port = _create_transports(ep, config, transports)
            ep.libStart()
            ep.audDevManager().setNullDev()
        except pj.Error as exc:
            gc.collect()
            ep.libDestroy()
            raise SipEngineError(f"cannot start SIP engine: {pj_error(exc)}") from exc
        return cls(ep, port, transports)

    def verify_uri(self, uri: str) -> None:
        if self.ep.utilVerifySipUri(uri) != 0:
            raise SipEngineError(f"not a SIP URI: {uri!r}")

    def destroy(self, flags: int) -> None:
        """``libDestroy``: every pjsua2 object must be gone (collected) before."""
        gc.collect()
        try:
            self.ep.libDestroy(flags)
        except pj.Error as exc:
            log.warning("libDestroy: %s", pj_error(exc))


def _create_transports(ep: Any, config: EngineConfig, described: list[str]) -> int:
    tcfg = pj.TransportConfig()
    tcfg.boundAddress = config.listen_host
    tcfg.port = config.listen_port
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
    port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
    described.append(f"udp {config.listen_host}:{port}")
    transport = config.account.transport if config.account is not None else "udp"
    if config.tcp or transport == "tcp":
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = config.listen_host
        tcfg.port = port
        try:
            ep.transportCreate(pj.PJSIP_TRANSPORT_TCP, tcfg)
            described.append(f"tcp {config.listen_host}:{port}")
        except pj.Error as exc:
            if transport == "tcp":
                raise
            log.warning("no TCP listener on port %d: %s", port, pj_error(exc))
    if transport == "tls" and config.account is not None:
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = config.listen_host
        tcfg.port = 0
        tcfg.tlsConfig.method = pj.PJSIP_TLSV1_2_METHOD
        tcfg.tlsConfig.verifyServer = config.account.tls_verify_server
        tcfg.tlsConfig.msecTimeout = _TLS_HANDSHAKE_TIMEOUT_MS
        if config.account.tls_ca_file:
            tcfg.tlsConfig.CaListFile = config.account.tls_ca_file
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, tcfg)
        described.append(f"tls {ep.transportGetInfo(tid).localName}")
    return port


# -- talking to pjsua2 --------------------------------------------------------------------
def pj_op(what: str, method: Callable[[Any], None], prm: Any) -> None:
    """Call a pjsua2 method; its ``pj.Error`` becomes a :class:`SipEngineError`."""
    try:
        method(prm)
    except pj.Error as exc:
        raise SipEngineError(f"{what} failed: {pj_error(exc)}") from exc


def op_param(status: int) -> Any:
    prm = pj.CallOpParam()
    if status:
        prm.statusCode = status
    return prm


def pj_error(exc: Any) -> str:
    """A ``pj.Error`` in words."""
    info = getattr(exc, "info", None)
    if callable(info):
        with contextlib.suppress(Exception):  # an odd binding object: its str() will do
            return str(info())
    return str(exc)


def pj_status_text(status: int) -> str:
    """pjlib's words for a status code ('' for 0)."""
    if not status:
        return ""
    try:
        return clean_text(pj.Endpoint.instance().utilStrError(status))
    except Exception:  # no endpoint (shutting down) or an odd code: the number will do
        return f"error {status}"


def host_for_uri(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
