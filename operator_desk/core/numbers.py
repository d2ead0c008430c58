"""Phone numbers as people write them, reduced to one key per hotline.

``8-800-555-35-35``, ``+7 (800) 555-35-35`` and ``88005553535`` are the same hotline:
all become the key ``+78005553535``. An extension (``доб. 12``, ``ext. 12``, ``,12``)
becomes ``+74951203040;ext=12``. Short internal numbers of the PBX (``5020``) become
``ext:5020`` and SIP user parts that are not numbers (``sip:taxi-hotline``) become
``user:taxi-hotline``. Parsing is done by ``phonenumbers`` (Google's libphonenumber).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    parsed: phonenumbers.PhoneNumber | None = field(default=None, compare=False, repr=False)
    """phonenumbers' reading of a public number (None for extensions and SIP users)."""


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
    return Number(key, display, parsed)


def without_extension(key: str) -> str:
    return key.split(";ext=", 1)[0]


def format_for_display(raw: str, region: str = "RU") -> str:
    """A caller's number in the readable international form, or as given if unreadable."""
    try:
        return parse_number(raw, region, strict=False).display
    except NumberError:
        return raw


_KINDS = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
    phonenumbers.PhoneNumberType.VOIP: "voip",
}


@dataclass(frozen=True, slots=True)
class CallerId:
    """Who is calling, as far as the number tells: for the caller card and callback forms."""

    raw: str
    """As the call brought it (the SIP user part): ``79161234567``, ``sipp``, ``4410``."""
    shown: str
    """How to show it: national format for a caller in the tenant's country
    (``8 (916) 123-45-67``), international for one abroad (``+49 30 123456``), the internal
    number or SIP user as it is otherwise."""
    e164: str = ""
    """``+79161234567``; '' when the caller sent no phone number (a SIP user, an internal
    extension, nothing)."""
    kind: str = ""
    """``mobile``, ``landline``, ``toll_free``, ``voip``, ``extension``, ``sip`` or '' (not
    known, or no number at all)."""
    region: str = ""
    """The caller's country (``RU``, ``DE``) when it is a phone number."""
    abroad: bool = False
    """The number is of another country than the tenant's."""
    international: str = ""
    """``+7 916 123-45-67`` (what greetings and the CRM are given); '' for no phone number."""

    @property
    def is_phone(self) -> bool:
        return bool(self.e164)


def caller_id(raw: str, region: str = "RU") -> CallerId:
    """Read a caller's number (``region``: the tenant's country, whose national format is
    used for callers from there)."""
    text = raw.strip()
    if not text:
        return CallerId("", "")
    try:
        number = parse_number(text, region, strict=False)
    except NumberError:
        return CallerId(text, text)
    if number.key.startswith("ext:"):
        return CallerId(text, number.display, kind="extension")
    if number.key.startswith("user:"):
        return CallerId(text, number.display, kind="sip")
    parsed = number.parsed or phonenumbers.parse(without_extension(number.key), None)
    home = phonenumbers.region_code_for_number(parsed) or ""
    abroad = bool(home) and home != region.upper()
    style = (phonenumbers.PhoneNumberFormat.INTERNATIONAL if abroad or not home
             else phonenumbers.PhoneNumberFormat.NATIONAL)
    kind = _KINDS.get(phonenumbers.number_type(parsed), "")
    return CallerId(text, phonenumbers.format_number(parsed, style),
                    without_extension(number.key), kind, home, abroad, number.display)


def region_of(keys: tuple[str, ...], default: str = "RU") -> str:
    """The country of the first public phone number among routing ``keys`` (a tenant's
    hotlines), else ``default``."""
    for key in keys:
        if key.startswith("+"):
            try:
                region = phonenumbers.region_code_for_number(
                    phonenumbers.parse(without_extension(key), None))
            except phonenumbers.NumberParseException:
                continue
            if region and region != "001":
                return str(region)
    return default


def phone_problem(value: str, region: str = "RU") -> str:
    """Why ``value`` is not a phone number a caller can be called back on ('' if it is)."""
    text = value.strip()
    if not text:
        return "empty"
    try:
        number = parse_number(text, region, strict=False)
    except NumberError:
        return "not a phone number"
    if number.key.startswith("ext:"):
        return "too short"
    if not number.key.startswith("+"):
        return "not a phone number"
    parsed = phonenumbers.parse(without_extension(number.key), None)
    if (phonenumbers.is_possible_number_with_reason(parsed)
            != phonenumbers.ValidationResult.IS_POSSIBLE):
        return "not a phone number"  # too short, or a local number without its area code
    return ""


def example_number(region: str = "RU") -> str:
    """A made-up mobile number of ``region`` in its international form, for placeholders."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return "+7 916 123-45-67"
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
