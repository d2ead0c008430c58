"""Calls as the desk sees them: a state machine and the events a SIP engine reports.

Plain data, no Qt and no pjsua2: the engine (:mod:`operator_desk.sip`) turns its
callbacks into these events; the UI, the journal and the history consume them.

Every event carries

* ``call_id`` -- the SIP Call-ID (unique per dialog, what logs and the PBX show);
* ``engine_call`` -- the engine's handle for the call, unique for the engine's
  lifetime (never reused, unlike pjsua's call slots); commands take this handle;
* ``ts_ns`` -- wall-clock time in nanoseconds (:func:`time.time_ns`) when the engine
  saw what the event reports.

Call states and the transitions allowed between them::

    NEW ──> RINGING ──> CONNECTING ──> ACTIVE <──> HELD
     │         │            │            │          │
     └> DIALING┴────────────┴────────────┴──────────┴──> ENDED
          └──> CONNECTING / ACTIVE

``RINGING`` is an incoming call that was sent 180 Ringing; ``DIALING`` an outgoing
call before it is answered; ``CONNECTING`` answered but not yet confirmed by ACK;
``HELD`` put on hold by the desk. Any state may end. An illegal transition raises
:class:`IllegalTransitionError`: it means a bug in the engine, never a caller's fault.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import unquote

from operator_desk.core.errors import InternalError

__all__ = [
    "CALL_HEADERS",
    "AudioDeviceProblem",
    "CallEnded",
    "CallEvent",
    "CallState",
    "CallStateChanged",
    "CommandFailed",
    "DtmfReceived",
    "EndReason",
    "EngineError",
    "IllegalTransitionError",
    "IncomingCall",
    "OutgoingCall",
    "RegistrationChanged",
    "TransferKind",
    "TransferProgress",
    "TransferStarted",
    "check_transition",
    "dialed_users",
    "sip_uri_user",
]


class IllegalTransitionError(InternalError, RuntimeError):
    """A call was asked to move between two states the table does not connect (a bug)."""

    def __init__(self, old: CallState, new: CallState) -> None:
        self.old = old
        self.new = new
        super().__init__(f"illegal call state transition {old.name} -> {new.name}")


class CallState(enum.Enum):
    NEW = "new"
    RINGING = "ringing"
    DIALING = "dialing"
    CONNECTING = "connecting"
    ACTIVE = "active"
    HELD = "held"
    ENDED = "ended"

    @property
    def is_final(self) -> bool:
        return self is CallState.ENDED

    def can_go(self, new: CallState) -> bool:
        return new in _TRANSITIONS[self]

    def go(self, new: CallState) -> CallState:
        """Return ``new`` if the table allows ``self -> new``, else raise."""
        return check_transition(self, new)


_TRANSITIONS: Mapping[CallState, frozenset[CallState]] = MappingProxyType(
    {
        CallState.NEW: frozenset({CallState.RINGING, CallState.DIALING, CallState.ENDED}),
        CallState.RINGING: frozenset({CallState.CONNECTING, CallState.ACTIVE, CallState.ENDED}),
        CallState.DIALING: frozenset({CallState.CONNECTING, CallState.ACTIVE, CallState.ENDED}),
        CallState.CONNECTING: frozenset({CallState.ACTIVE, CallState.ENDED}),
        CallState.ACTIVE: frozenset({CallState.HELD, CallState.ENDED}),
        CallState.HELD: frozenset({CallState.ACTIVE, CallState.ENDED}),
        CallState.ENDED: frozenset(),
    }
)


def check_transition(old: CallState, new: CallState) -> CallState:
    """Return ``new`` when ``old -> new`` is allowed; raise :class:`IllegalTransitionError`."""
    if new not in _TRANSITIONS[old]:
        raise IllegalTransitionError(old, new)
    return new


class EndReason(enum.Enum):
    """Why a call ended, from the desk's point of view."""

    REMOTE_HANGUP = "remote_hangup"
    """The other side sent BYE."""
    LOCAL_HANGUP = "local_hangup"
    """The desk hung up (BYE, or CANCEL of its own outgoing call)."""
    CANCELLED = "cancelled"
    """The caller gave up before the desk answered (CANCEL)."""
    REJECTED = "rejected"
    """The desk declined an incoming call (486, 603, 480...)."""
    DECLINED = "declined"
    """The far end declined the desk's outgoing call (busy, decline, not found...)."""
    FAILED = "failed"
    """Timeout, transport error, or anything else that was nobody's choice."""
    TRANSFERRED = "transferred"
    """The desk transferred the call (REFER accepted and reported done) and hung up its
    leg; also the consult leg the desk closes after an attended transfer."""


# Headers the engine extracts from an INVITE for the desk (lower-case names). The
# engine configuration adds the tenant header of the deployment.
CALL_HEADERS: tuple[str, ...] = (
    "diversion",
    "p-called-party-id",
    "p-asserted-identity",
    "x-ivr-digits",
    "x-ivr-data",
)


_URI = re.compile(r"(?<![\w.+-])(sips?|tel):([^\s<>;?,]*)", re.IGNORECASE)
# Inside <...> a comma belongs to the URI (an extension: +74951203040,12); only outside
# the brackets does it separate the values of a header.
_ANGLED_URI = re.compile(r"<\s*(sips?|tel):([^\s<>;?]*)", re.IGNORECASE)


def _uri_user(match: re.Match[str]) -> str:
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "tel":
        return unquote(rest)
    user, at, _host = rest.partition("@")
    return unquote(user) if at else ""


def sip_uri_user(value: str, *, last: bool = False) -> str:
    """Return the user part of the first (or ``last``) SIP/TEL URI in a header value.

    '' when there is no URI or the URI has no user part.

    >>> sip_uri_user('"Иван" <sip:+74951234567@pbx;user=phone>;tag=1')
    '+74951234567'
    >>> sip_uri_user("<sip:pbx.example>")
    ''
    >>> sip_uri_user("<tel:+74951234567>")
    '+74951234567'
    >>> sip_uri_user("<sip:200@pbx>;reason=unconditional, <sip:100@pbx>", last=True)
    '100'
    """
    matches = list(_ANGLED_URI.finditer(value)) or list(_URI.finditer(value))
    if not matches:
        return ""
    return _uri_user(matches[-1] if last else matches[0])


_DIALED_HEADERS = (("p-called-party-id", "P-Called-Party-ID"), ("diversion", "Diversion"),
                   ("to", "To"))


def dialed_users(request_uri: str, headers: Mapping[str, str]) -> list[tuple[str, str]]:
    """Where the dialed number may be, most telling first, as ``(source, user part)``.

    Behind a registrar the Request-URI is the operator's own contact, so it comes last:
    P-Called-Party-ID, then Diversion (each redirection adds one on top, so the number
    first dialed is the last entry), then To, then the Request-URI. Header names in any
    case; absent or user-less ones are skipped.
    """
    by_name = {name.lower(): value for name, value in headers.items()}
    out = [(label, user) for name, label in _DIALED_HEADERS
           if (user := sip_uri_user(by_name.get(name, ""), last=name == "diversion"))]
    if user := sip_uri_user(request_uri):
        out.append(("Request-URI", user))
    return out


def _empty_headers() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class IncomingCall:
    """An INVITE arrived; the engine has already answered 180 Ringing."""

    call_id: str
    engine_call: int
    request_uri: str
    to_header: str
    from_header: str
    display_name: str
    """From's display name, unquoted and unescaped ('' when absent)."""
    caller_number: str
    """The user part of From's URI (P-Asserted-Identity is in ``headers``)."""
    headers: Mapping[str, str] = field(default_factory=_empty_headers, hash=False)
    """Lower-case header name -> raw value, for :data:`CALL_HEADERS` and the
    configured tenant header that were present. Read-only."""
    ts_ns: int = 0
    """When the INVITE reached the engine."""

    def header(self, name: str) -> str:
        """The value of an extracted header (any case), '' when the INVITE lacked it."""
        return self.headers.get(name.lower(), "")

    @property
    def to_user(self) -> str:
        return sip_uri_user(self.to_header)

    @property
    def dialed_candidates(self) -> tuple[str, ...]:
        """Numbers the caller may have dialed, most telling first, without duplicates.

        Behind a registrar the Request-URI is the operator's own contact, so it comes
        last: P-Called-Party-ID, then Diversion (the number the call was first
        addressed to), then To, then the Request-URI.
        """
        found: list[str] = []
        for _source, user in dialed_users(self.request_uri, {**self.headers, "to": self.to_header}):
            if user not in found:
                found.append(user)
        return tuple(found)


@dataclass(frozen=True, slots=True)
class OutgoingCall:
    """The desk started a call (``make_call`` or ``consult``); states follow as
    :class:`CallStateChanged`."""

    call_id: str
    engine_call: int
    uri: str
    ts_ns: int
    consult_for: int | None = None
    """For a consult call: the handle of the call it consults for (held meanwhile)."""


@dataclass(frozen=True, slots=True)
class CallStateChanged:
    call_id: str
    engine_call: int
    old: CallState
    new: CallState
    ts_ns: int


@dataclass(frozen=True, slots=True)
class CallEnded:
    """The call is over; no further event carries its ``engine_call``."""

    call_id: str
    engine_call: int
    reason: EndReason
    sip_code: int
    """Final SIP status of the dialog as pjsua saw it (200 for a BYE, 487 for a
    CANCEL, the rejection code...); 0 when unknown."""
    sip_reason: str
    duration_s: float
    """Talk time from answer to end; 0.0 for calls never answered."""
    ts_ns: int


@dataclass(frozen=True, slots=True)
class DtmfReceived:
    call_id: str
    engine_call: int
    digit: str
    method: str
    """``rfc2833``, ``sip_info`` or ``inband``."""
    ts_ns: int


@dataclass(frozen=True, slots=True)
class RegistrationChanged:
    """The registration with the registrar changed: registered or not, or another
    failure code. Emitted on changes only (a refresh that succeeds again is silent).
    Carries no call: ``call_id``/``engine_call`` do not apply."""

    account: str
    """The account's address of record, e.g. ``sip:1001@pbx.example`` (no password)."""
    registered: bool
    code: int
    """The SIP status of the last REGISTER (401, 403, 408 timeout, 503 transport
    error...); 0 when no response came at all."""
    reason: str
    ts_ns: int
    expires_s: int = 0
    """Granted registration lifetime when registered, else 0."""
    retry_in_s: float = 0.0
    """When not registered: seconds until the engine tries again (about; 0 = it will
    not try by itself, e.g. after the desk unregistered)."""


class TransferKind(enum.Enum):
    BLIND = "blind"
    """REFER to a target URI; the desk does not talk to the target first."""
    ATTENDED = "attended"
    """REFER with Replaces after a consult call with the target."""


@dataclass(frozen=True, slots=True)
class TransferStarted:
    """The desk sent a REFER for ``engine_call`` (the call being transferred)."""

    call_id: str
    engine_call: int
    target: str
    """Where the call is transferred: the URI given (blind) or the consulted party's
    URI (attended)."""
    kind: TransferKind
    consult_call: int | None
    """The consult call whose dialog the REFER replaces (attended), else None."""
    ts_ns: int


@dataclass(frozen=True, slots=True)
class TransferProgress:
    """News of a transfer: the far end's answer to the REFER and its NOTIFYs.

    ``code`` is the status the transferee reports (100 accepted/trying, 180 ringing,
    200 done, 486 busy...); 0 when the transfer ended without one (the call ended, or
    no final NOTIFY in time). When ``final``, ``ok`` tells whether the transfer
    succeeded: the engine then hangs up the transferred call itself
    (:attr:`EndReason.TRANSFERRED`). A failed transfer leaves the call up.
    """

    call_id: str
    engine_call: int
    target: str
    code: int
    reason: str
    final: bool
    ok: bool
    ts_ns: int


@dataclass(frozen=True, slots=True)
class CommandFailed:
    """A command sent to the engine through a queue (the Qt bridge) raised."""

    command: str
    engine_call: int | None
    message: str
    ts_ns: int


@dataclass(frozen=True, slots=True)
class EngineError:
    """Something went wrong inside an engine callback; the engine logged it and went on."""

    where: str
    message: str
    ts_ns: int


@dataclass(frozen=True, slots=True)
class AudioDeviceProblem:
    """A sound device failed or was not found; the desk fell back to another one.

    Sent by the audio bridge's worker thread and passed on by the engine's poll.
    """

    role: str
    """``microphone``, ``headset`` or ``ringer``."""
    wanted: str
    """The device asked for ('' for the system default)."""
    using: str | None
    """The device now used ('' for the system default); None: none works, retrying."""
    message: str
    ts_ns: int


CallEvent = (
    IncomingCall
    | OutgoingCall
    | CallStateChanged
    | CallEnded
    | DtmfReceived
    | RegistrationChanged
    | TransferStarted
    | TransferProgress
    | CommandFailed
    | EngineError
    | AudioDeviceProblem
)
