"""From what the operator types in the dial field to the SIP URI the engine calls."""

from __future__ import annotations

import re

from operator_desk.core.errors import InputError
from operator_desk.core.numbers import NumberError, parse_number

_SIP = re.compile(r"^sips?:[^@\s]+@[^\s]+$", re.IGNORECASE)
_EXTENSION = re.compile(r"^\d{2,6}$")


class DialError(InputError):
    """Text that cannot be dialed; the message says what was expected."""


def dial_uri(text: str, domain: str, region: str = "RU") -> str:
    """``sip:…`` URIs pass through; extensions and phone numbers go to ``domain``.

    Phone numbers are dialed in E.164 (``+79161234567``) whatever way they were typed.
    """
    text = text.strip()
    if not text:
        raise DialError("type a number or a SIP address")
    if _SIP.match(text):
        return text
    if not domain:
        raise DialError("no SIP domain to dial through: set sip.registrar or sip.domain")
    if _EXTENSION.match(text):  # bare digits, as extensions are written
        return f"sip:{text}@{domain}"
    try:
        number = parse_number(text, region, strict=False)
    except NumberError as exc:
        raise DialError(str(exc)) from None
    if not number.key.startswith("+"):
        raise DialError(f"`{text}` is not a phone number or an extension")
    digits, _, extension = number.key.partition(";ext=")
    return f"sip:{digits}@{domain}" + (f";ext={extension}" if extension else "")


def domain_for(registrar: str, domain: str, listen: str) -> str:
    """The domain outbound calls go to: the configured one, the registrar's host, or (no
    registrar: the demo and tests) the address the desk listens on."""
    if domain:
        return domain
    if registrar:
        host = registrar.split(":", 1)[-1] if registrar.lower().startswith("sip") else registrar
        return host.split(";", 1)[0]
    return listen
