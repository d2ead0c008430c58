"""Which tenant's hotline a call came in on.

The dialed number can arrive in several places of a SIP INVITE. Behind a registrar the
Request-URI holds the operator's own contact, so the headers that name the dialed number
are tried first:

1. a configurable tenant header (``X-Tenant`` by default) — a tenant id or a number;
2. then the headers :func:`operator_desk.core.calls.dialed_users` reads, in its order:
   ``P-Called-Party-ID``, the original ``Diversion`` (RFC 5806: the last entry), ``To``,
   and the Request-URI's user part.

The first candidate that some tenant owns wins. A call no tenant owns is routed to
nobody, flagged, and gets the library's neutral fallback greeting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from operator_desk.core.calls import dialed_users
from operator_desk.core.library import Library
from operator_desk.core.numbers import NumberError, parse_number, without_extension

DEFAULT_TENANT_HEADER = "X-Tenant"

_ANGLE = re.compile(r"<([^>]*)>")


def uri_of(header_value: str) -> str:
    """The URI in a SIP name-addr (``"Name" <sip:u@h>;tag=x``) or addr-spec header value."""
    value = header_value.strip()
    match = _ANGLE.search(value)
    if match:
        return match.group(1).strip()
    return value.split(";", 1)[0].strip()


def user_of(uri: str) -> str:
    """The user part of ``sip:user@host;params`` (of ``tel:user``), unescaped; '' if none."""
    from urllib.parse import unquote

    uri = uri.strip()
    scheme, sep, rest = uri.partition(":")
    if sep and scheme.lower() in ("sip", "sips"):
        if "@" not in rest:
            return ""  # sip:host names no user
        user = rest.split("@", 1)[0]
    elif sep and scheme.lower() == "tel":
        user = rest
    else:
        user = uri.split("@", 1)[0]
    return unquote(user.split(";", 1)[0])


def header(headers: Mapping[str, str], name: str) -> str:
    """A header's value by case-insensitive name ('' when absent)."""
    lower = name.lower()
    for key, value in headers.items():
        if key.lower() == lower:
            return value
    return ""


@dataclass(frozen=True, slots=True)
class Candidate:
    source: str
    """Where the number was found: the header's name, or ``Request-URI``."""
    value: str
    """The user part (or raw value for the tenant header)."""


@dataclass(frozen=True, slots=True)
class Route:
    """The outcome of routing one call."""

    tenant_id: str | None
    dialed: str
    """The dialed number as shown to the operator (``+7 800 555-35-35``), or the raw text."""
    source: str = ""
    """Which header decided it."""
    ambiguous: tuple[str, ...] = ()
    """Tenants that all claim the number (a library error); the call routes to nobody."""
    tried: tuple[Candidate, ...] = field(default=())

    @property
    def known(self) -> bool:
        return self.tenant_id is not None


def candidates(request_uri: str, headers: Mapping[str, str],
               tenant_header: str = DEFAULT_TENANT_HEADER) -> list[Candidate]:
    out: list[Candidate] = []
    tenant_value = header(headers, tenant_header) if tenant_header else ""
    if tenant_value:
        out.append(Candidate(tenant_header, tenant_value.strip()))
    out.extend(Candidate(source, user) for source, user in dialed_users(request_uri, headers))
    return out


class Router:
    """Maps dialed numbers to tenants using a library's number index."""

    def __init__(self, library: Library, tenant_header: str = DEFAULT_TENANT_HEADER) -> None:
        self.library = library
        self.tenant_header = tenant_header

    def route_number(self, raw: str, source: str = "") -> Route:
        region = self.library.settings.default_region
        try:
            number = parse_number(raw, region, strict=False)
        except NumberError:
            return Route(None, raw, source)
        for key in dict.fromkeys((number.key, without_extension(number.key))):
            owners = self.library.conflicts.get(key)
            if owners:
                return Route(None, number.display, source, ambiguous=tuple(owners))
            tenant_id = self.library.number_index.get(key)
            if tenant_id:
                return Route(tenant_id, number.display, source)
        return Route(None, number.display, source)

    def route_call(self, request_uri: str, headers: Mapping[str, str]) -> Route:
        tried = candidates(request_uri, headers, self.tenant_header)
        first_seen: Route | None = None
        for cand in tried:
            if cand.source == self.tenant_header and cand.value in self.library.tenants:
                return Route(cand.value, cand.value, cand.source, tried=tuple(tried))
            route = self.route_number(cand.value, cand.source)
            if route.known or route.ambiguous:
                return Route(route.tenant_id, route.dialed, route.source, route.ambiguous,
                             tuple(tried))
            if first_seen is None and cand.source != self.tenant_header:
                first_seen = route
        if first_seen is None:
            return Route(None, "", "", tried=tuple(tried))
        return Route(None, first_seen.dialed, first_seen.source, tried=tuple(tried))
