"""The SIP engine interface: what the desk asks of a SIP stack, without Qt or pjsua2.

An engine is driven from ONE thread (the thread that called :meth:`SipEngine.start`):
that thread calls :meth:`SipEngine.poll` every few milliseconds, and every command
too. Events (dataclasses of :mod:`operator_desk.core.calls`) are handed to the
``sink`` given at construction, synchronously, on that same thread, from inside
``poll()`` or a command. The sink must be quick and must not call the engine back
re-entrantly for anything slow; :mod:`operator_desk.sip.qt_bridge` wraps an engine
for a Qt application.

Calls are named by ``engine_call``, the handle carried by :class:`IncomingCall` /
:class:`OutgoingCall`; it is never reused while the engine lives.

Errors::

    OperatorDeskError
     +-- SipEngineError        a command could not be carried out
          +-- UnknownCallError the handle names no live call (it may just have ended)
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from operator_desk.core.errors import OperatorDeskError

EventSink = Callable[[object], None]
"""Receives every event the engine emits (instances of :data:`core.calls.CallEvent`)."""


class SipEngineError(OperatorDeskError):
    """The SIP engine could not carry out a command."""


class UnknownCallError(SipEngineError):
    def __init__(self, engine_call: int) -> None:
        self.engine_call = engine_call
        super().__init__(f"no live call with handle {engine_call}")


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """How the engine listens and behaves; plain data the app builds from settings."""

    listen_host: str = "127.0.0.1"
    listen_port: int = 5060
    """0 lets the system choose (see :attr:`SipEngine.listen_port` after start)."""
    tcp: bool = True
    """Also listen on TCP, same host and port."""
    reject_code: int = 486
    """Default status of :meth:`SipEngine.reject`: 486 Busy Here, 603 Decline, 480..."""
    extra_headers: tuple[str, ...] = ()
    """Further INVITE headers to pass on in ``IncomingCall.headers``, e.g. the
    deployment's tenant header (``X-Tenant``)."""
    max_calls: int = 4
    """Simultaneous calls pjsua accepts; beyond, it answers 486 itself (no event).
    pjsua2-python 2.15.1.post1 caps this at 4 whatever is asked (measured)."""
    user: str = "desk"
    """User part of the local account's URI."""
    user_agent: str = "OperatorDesk"
    log_file: Path | None = None
    """pjsua's own log; None keeps it quiet."""
    log_level: int = 3
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    """Room for engine-specific settings without changing this class."""


class SipEngine(abc.ABC):
    """A SIP user agent for the desk. See the module docstring for the threading rule."""

    def __init__(self, config: EngineConfig, sink: EventSink) -> None:
        self.config = config
        self._sink = sink

    # -- life cycle -------------------------------------------------------------------
    @abc.abstractmethod
    def start(self) -> None:
        """Create the stack and listen on ``config.listen_host:listen_port``."""

    @abc.abstractmethod
    def poll(self, timeout_ms: int = 0) -> int:
        """Handle pending SIP events (blocking at most ``timeout_ms``); return how many."""

    @abc.abstractmethod
    def shutdown(self) -> None:
        """Hang up every call and release the stack. Safe to call twice."""

    @property
    @abc.abstractmethod
    def running(self) -> bool: ...

    @property
    @abc.abstractmethod
    def listen_port(self) -> int:
        """The port actually listened on (differs from the config when it asked for 0)."""

    # -- calls ------------------------------------------------------------------------
    @abc.abstractmethod
    def answer(self, engine_call: int) -> None:
        """Answer a ringing incoming call (200 OK)."""

    @abc.abstractmethod
    def reject(self, engine_call: int, code: int | None = None) -> None:
        """Decline a ringing incoming call with ``code`` (default ``config.reject_code``)."""

    @abc.abstractmethod
    def hangup(self, engine_call: int) -> None:
        """End a call in any state: BYE, CANCEL or, for a ringing call, 603."""

    @abc.abstractmethod
    def hold(self, engine_call: int) -> None:
        """Put an active call on hold (re-INVITE, sendonly)."""

    @abc.abstractmethod
    def unhold(self, engine_call: int) -> None:
        """Resume a held call (re-INVITE, sendrecv)."""

    @abc.abstractmethod
    def send_dtmf(self, engine_call: int, digits: str) -> None:
        """Send DTMF digits (0-9, *, #, A-D) in RFC 2833 events."""

    @abc.abstractmethod
    def make_call(self, uri: str) -> int:
        """Call ``uri``; return the new call's handle (an :class:`OutgoingCall` follows)."""

    def _emit(self, event: object) -> None:
        self._sink(event)


def fan_out(*sinks: EventSink) -> EventSink:
    """One sink that hands each event to every sink in turn (e.g. journal, then UI)."""

    def sink(event: object) -> None:
        for each in sinks:
            each(event)

    return sink
