"""The SIP engine interface: what the desk asks of a SIP stack, without Qt or pjsua2.

The implementation is :class:`operator_desk.sip.pjsua.PjsuaEngine` (the only package
that imports pjsua2); :mod:`operator_desk.sip.qt_bridge` runs an engine for the Qt
desk, :mod:`operator_desk.sip.audio` carries the sound.

Threads
-------
This is the one description of the SIP side's threads; the modules that run on them
point here.

engine thread
    The thread that calls :meth:`SipEngine.start` owns the engine: it calls
    :meth:`SipEngine.poll` every few milliseconds, every command, and
    :meth:`SipEngine.shutdown`. In the desk it is the ``sip-engine`` QThread of
    :class:`~operator_desk.sip.qt_bridge.SipBridge` (a zero-interval QTimer whose
    ``poll`` waits up to 5 ms in pjsua's select, the GIL released meanwhile); in tests
    and benchmarks, the test's own thread. pjsua2 runs with ``threadCnt = 0`` and
    ``mainThreadOnly``: every pjsua2 call and callback happens on this thread, which is
    pjsua2's "main thread". A pjsua2 call from a thread pjlib does not know aborts the
    process, so the engine's commands raise :class:`SipEngineError` on any other
    thread. An exception escaping a pjsua2 callback aborts the process too: every
    callback is guarded (an error becomes an ``EngineError`` event;
    ``KeyboardInterrupt``/``SystemExit`` are re-raised by ``poll``). Whatever blocks
    this thread delays the 180 Ringing.
sink
    Events (dataclasses of :mod:`operator_desk.core.calls`) are handed to the ``sink``
    given at construction synchronously, on the engine thread, from inside ``poll()``
    or a command. The sink must be quick and must not call the engine back re-entrantly
    for anything slow.
GUI thread
    Gets the events as ``SipBridge.event_received`` (a queued signal) and sends
    commands to the engine thread as queued calls. A command the engine could not carry
    out (:class:`SipEngineError`) comes back as a ``CommandFailed`` event; any other
    exception of a command, and an engine whose ``poll`` keeps failing (then no longer
    polled), arrive as ``SipBridge.engine_failed`` and are raised on the GUI thread,
    where the desk's excepthook shows the crash dialog.
pjmedia clock thread
    The conference bridge's clock calls the audio bridge port's ``onFrameReceived`` /
    ``onFrameRequested`` (:mod:`operator_desk.sip.pjsua.media`) 50 times a second each
    way. They only move bytes between the frame and a ring, never log, never touch Qt,
    and nothing escapes them. They need the GIL: whatever holds it stalls the audio.
stream threads
    Each sound stream calls back on a thread of its own (PortAudio's, or
    :class:`~operator_desk.sip.pulse.PulseStream`'s): it only moves bytes between a
    ring (or the ringtone) and the device's buffer.
audio worker threads
    One per :class:`~operator_desk.sip.audio.streams.StreamWorker`
    (``operator-desk-audio`` for the headset path, ``-ringer``, ``-meter``) opens,
    starts, stops, re-opens and watches its streams. It reports device problems
    (``AudioDeviceProblem``) on its own thread: the engine puts them on a queue that
    ``poll`` drains into the sink. The :class:`~operator_desk.sip.audio.Ringer` and the
    microphone meter are driven from the GUI thread; their calls return at once.

Calls are named by ``engine_call``, the handle carried by :class:`IncomingCall` /
:class:`OutgoingCall`; it is never reused while the engine lives.

Without :attr:`EngineConfig.account` the engine is a registrar-less endpoint (the demo,
tests, a PBX that sends calls to a fixed address). With one, it registers there and
reports :class:`RegistrationChanged` events; calls then arrive with the Request-URI set
to the desk's contact, and the dialed number is in To / Diversion
(:attr:`IncomingCall.dialed_candidates`).

Transfers: :meth:`SipEngine.transfer_blind` (REFER), or :meth:`SipEngine.consult` (hold
the caller, call the specialist) then :meth:`SipEngine.transfer_attended` (REFER with
Replaces) or :meth:`SipEngine.return_to_caller`. Progress comes as
:class:`TransferStarted` / :class:`TransferProgress`; after a successful transfer the
engine hangs up the transferred call itself (``EndReason.TRANSFERRED``).

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
from typing import TYPE_CHECKING

from operator_desk.core.errors import OperatorDeskError

if TYPE_CHECKING:
    from operator_desk.sip.audio.config import AudioConfig

EventSink = Callable[[object], None]
"""Receives every event the engine emits (instances of :data:`core.calls.CallEvent`)."""


class SipEngineError(OperatorDeskError):
    """The SIP engine could not carry out a command."""


class UnknownCallError(SipEngineError):
    def __init__(self, engine_call: int) -> None:
        self.engine_call = engine_call
        super().__init__(f"no live call with handle {engine_call}")


TRANSPORTS = ("udp", "tcp", "tls")


@dataclass(frozen=True, slots=True)
class AccountConfig:
    """Registration with a registrar/PBX, digest authentication.

    The password is kept out of ``repr`` and never logged or put in an event.
    """

    registrar: str
    """Registrar URI, e.g. ``sip:pbx.example`` or ``sip:10.0.0.5:5060`` (no transport
    parameter: see :attr:`transport`)."""
    user: str
    """User part of the desk's address of record (``sip:<user>@<domain>``)."""
    password: str = field(default="", repr=False)
    auth_user: str = ""
    """Digest user name when it differs from :attr:`user`."""
    realm: str = "*"
    """Digest realm; ``*`` answers any realm the registrar names."""
    domain: str = ""
    """Domain of the address of record; default: the registrar's host."""
    transport: str = "udp"
    """``udp``, ``tcp`` or ``tls`` towards the registrar (and the proxy)."""
    expires_s: int = 300
    """Registration lifetime asked for; pjsua refreshes it 5 s before it runs out."""
    proxy: str = ""
    """Outbound proxy URI for every request of the account; '' for none."""
    retry_first_s: int = 5
    """After a registration failure the registrar may recover from (timeout, 5xx, 6xx,
    connection lost), the first retry comes after this long..."""
    retry_interval_s: int = 60
    """...and the following ones after this long (pjsua adds up to
    :attr:`retry_random_s` of jitter so desks do not all come back at once). Also the
    engine's own retry delay after a failure that came with no SIP status at all."""
    retry_random_s: int = 10
    auth_retry_s: int = 300
    """After an authentication failure (401/403/407) or another definite refusal,
    try again only after this long (0: never), so a wrong password does not hammer
    the registrar."""
    tls_verify_server: bool = True
    tls_ca_file: str = ""
    """CA bundle for TLS; '' uses the bundled OpenSSL's defaults."""

    def problems(self) -> list[str]:
        """Every problem of this configuration, in words for the settings dialog."""
        found = []
        if not self.registrar.lower().startswith(("sip:", "sips:")):
            found.append(f"registrar {self.registrar!r} is not a sip: URI")
        if not self.user:
            found.append("user is empty")
        if self.transport not in TRANSPORTS:
            found.append(f"transport {self.transport!r} is not one of {', '.join(TRANSPORTS)}")
        if self.expires_s < 1:
            found.append(f"expires_s must be positive, not {self.expires_s}")
        if self.proxy and not self.proxy.lower().startswith(("sip:", "sips:")):
            found.append(f"proxy {self.proxy!r} is not a sip: URI")
        if min(self.retry_first_s, self.retry_interval_s) < 1:
            found.append("retry intervals must be at least 1 s")
        return found

    @property
    def host(self) -> str:
        """The registrar URI's host (and port)."""
        rest = self.registrar.split(":", 1)[1] if ":" in self.registrar else self.registrar
        return rest.split(";", 1)[0].rsplit("@", 1)[-1]

    @property
    def aor(self) -> str:
        """The address of record, ``sip:user@domain``."""
        domain = self.domain or self.host.split(":", 1)[0]
        return f"sip:{self.user}@{domain}"


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
    account: AccountConfig | None = None
    """Register with a registrar; None keeps the registrar-less local mode."""
    audio: AudioConfig | None = None
    """Bridge call audio to these sound devices; None keeps pjsua's null device (tests,
    headless machines)."""
    dtmf_method: str = "rfc2833"
    """How the desk sends DTMF: ``rfc2833`` (RTP events) or ``sip_info``, as the PBX wants."""
    auto_answer: bool = False
    """Answer incoming calls at once (after 180) and play the zip tone in the headset."""
    transfer_timeout_s: float = 60.0
    """A transfer with no final answer (NOTIFY) after this long is reported failed."""
    extra: dict[str, str] = field(default_factory=dict, hash=False)
    """Room for engine-specific settings without changing this class."""


class SipEngine(abc.ABC):
    """A SIP user agent for the desk. Its threads: the module docstring."""

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

    def mute(self, engine_call: int, muted: bool) -> None:
        """Stop (or resume) sending the operator's microphone to the call."""
        raise SipEngineError("this engine cannot mute")

    @abc.abstractmethod
    def send_dtmf(self, engine_call: int, digits: str) -> None:
        """Send DTMF digits (0-9, *, #, A-D) in RFC 2833 events."""

    @abc.abstractmethod
    def make_call(self, uri: str) -> int:
        """Call ``uri``; return the new call's handle (an :class:`OutgoingCall` follows)."""

    # -- transfers --------------------------------------------------------------------
    @abc.abstractmethod
    def transfer_blind(self, engine_call: int, target_uri: str) -> None:
        """Transfer an active or held call to ``target_uri`` (REFER).

        :class:`TransferProgress` events follow; on success the engine hangs up the
        call (``EndReason.TRANSFERRED``), on failure the call stays as it was.
        """

    @abc.abstractmethod
    def consult(self, engine_call: int, target_uri: str) -> int:
        """Hold ``engine_call`` (if active) and call ``target_uri``; return the consult
        call's handle (its :class:`OutgoingCall` has ``consult_for=engine_call``).

        If the consult call ends before a transfer succeeds (the specialist is busy,
        hangs up...), the engine resumes the held call by itself.
        """

    @abc.abstractmethod
    def transfer_attended(self, engine_call: int, consult_call: int) -> None:
        """Transfer ``engine_call`` to the party of the answered ``consult_call``
        (REFER with Replaces sent to ``engine_call``'s far end).

        On success both of the desk's legs are hung up (``EndReason.TRANSFERRED``); on
        failure both stay up (the caller still held) for the operator to decide.
        """

    @abc.abstractmethod
    def return_to_caller(self, consult_call: int) -> None:
        """Give up a consult: hang up ``consult_call`` and resume the call it was for."""

    def _emit(self, event: object) -> None:
        self._sink(event)


def fan_out(*sinks: EventSink) -> EventSink:
    """One sink that hands each event to every sink in turn (e.g. journal, then UI)."""

    def sink(event: object) -> None:
        for each in sinks:
            each(event)

    return sink
