"""Phone numbers as people write them, reduced to one key per hotline.

``8-800-555-35-35``, ``+7 (800) 555-35-35`` and ``88005553535`` are the same hotline:
all become the key ``+78005553535``. An extension (``доб. 12``, ``ext. 12``, ``,12``)
becomes ``+74951203040;ext=12``. Short internal numbers of the PBX (``5020``) become
``ext:5020`` and SIP user parts that are not numbers (``sip:taxi-hotline``) become
``user:taxi-hotline``. Parsing is done by ``phonenumbers`` (Google's libphonenumber).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from operator_desk.core.errors import InputError

MAX_SHORT_NUMBER = 6
"""Digit strings up to this long are internal PBX numbers, not public phone numbers."""

_SIP_URI = re.compile(r"^(?:sips?|tel):", re.IGNORECASE)
_USER_PART = re.compile(r"^[A-Za-z0-9._~!$&'*+=-]+$")


class NumberError(InputError):
    """Text that is not a phone number, an extension or a SIP user part."""


@dataclass(frozen=True, slots=True)
class Number:
    key: str
    """The routing key: ``+78005553535``, ``+74951203040;ext=12``, ``ext:5020``, ``user:x``."""
    display: str
    """How to show it to the operator: ``+7 800 555-35-35``."""


def parse_number(raw: str | int, region: str = "RU", *, strict: bool = True) -> Number:
    """Read a hotline number written any usual way.

    ``strict`` (for what script authors write) demands a number that is valid in its
    country; without it (for what arrives in SIP headers) a possible number is enough.
    """
    text = str(raw).strip()
    if not text:
        raise NumberError("the number is empty")
    user = text
    if _SIP_URI.match(text):
        user = _SIP_URI.sub("", text, count=1)
        user = user.split("@", 1)[0].split(";", 1)[0]
        if user.lower().startswith("//"):
            user = user[2:]
        if not user:
            raise NumberError(f"`{text}` has no user part: expected e.g. sip:88005553535@pbx")
    if user.isdigit() and len(user) <= MAX_SHORT_NUMBER:
        # Written bare (no +, spaces or dashes): an internal number of the PBX.
        return Number(f"ext:{user}", user)
    if not any(ch.isdigit() for ch in user):
        if _USER_PART.match(user):
            return Number(f"user:{user.lower()}", user)
        raise NumberError(
            f"`{text}` is not a phone number: expected digits such as 8-800-555-35-35 or "
            "+7 (495) 120-30-40, a short internal number, or a SIP user part such as "
            "sip:taxi-hotline"
        )
    try:
        parsed = phonenumbers.parse(user, region)
    except phonenumbers.NumberParseException as exc:
        if _USER_PART.match(user) and not strict:
            return Number(f"user:{user.lower()}", user)
        raise NumberError(
            f"`{text}` is not a phone number ({exc._msg.rstrip('.')}): expected e.g. "
            "8-800-555-35-35 or +7 (495) 120-30-40 доб. 12"
        ) from None
    ok = phonenumbers.is_valid_number(parsed) if strict else phonenumbers.is_possible_number(parsed)
    if not ok:
        if not strict and _USER_PART.match(user):
            return Number(f"user:{user.lower()}", user)
        raise NumberError(
            f"`{text}` is not a valid number in region {region}: check the digits, or write it "
            "with its country code (+7 …)"
        )
    key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if parsed.extension:
        key += f";ext={parsed.extension}"
    return Number(key, display)


def without_extension(key: str) -> str:
    return key.split(";ext=", 1)[0]


def format_for_display(raw: str, region: str = "RU") -> str:
    """A caller's number in the readable international form, or as given if unreadable."""
    try:
        return parse_number(raw, region, strict=False).display
    except NumberError:
        return raw
