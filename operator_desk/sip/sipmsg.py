"""Reading the parts of a SIP request the desk needs, from its raw text.

Pure Python (no pjsua2), tolerant: a malformed message yields empty strings, never an
exception, because this runs inside the engine's INVITE callback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# RFC 3261 compact header forms the desk may meet.
_COMPACT = {
    "i": "call-id",
    "f": "from",
    "t": "to",
    "m": "contact",
    "v": "via",
    "l": "content-length",
    "c": "content-type",
    "k": "supported",
    "s": "subject",
}

# Headers that may legally repeat and be joined with commas (RFC 3261 7.3.1).
_LIST_HEADERS = frozenset({"diversion", "via", "history-info", "p-asserted-identity"})

MAX_DISPLAY_NAME = 256
"""Longer display names are cut (with an ellipsis): nobody reads 8 KB of caller name."""


@dataclass(slots=True)
class SipRequest:
    method: str = ""
    request_uri: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    """Lower-case full header name -> value; repeated list headers joined by ', '."""

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def clean_text(text: str) -> str:
    """Make text safe to print and to encode as UTF-8.

    SWIG decodes pjsua2's strings with ``surrogateescape``: invalid UTF-8 from the wire
    arrives as lone surrogates, which would fail later when written to a file.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def parse_request(raw: str) -> SipRequest:
    """Parse the start line and headers of a SIP request; never raises."""
    req = SipRequest()
    text = clean_text(raw)
    head = re.split(r"\r?\n\r?\n", text, maxsplit=1)[0]
    lines = re.split(r"\r?\n", head)
    if not lines:
        return req
    parts = lines[0].split()
    if len(parts) >= 3 and parts[-1].upper().startswith("SIP/"):
        req.method = parts[0]
        req.request_uri = parts[1]
    unfolded: list[str] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += " " + line.strip()
        else:
            unfolded.append(line)
    for line in unfolded:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        key = name.strip().lower()
        key = _COMPACT.get(key, key)
        value = value.strip()
        if key in req.headers:
            if key in _LIST_HEADERS:
                req.headers[key] += ", " + value
            # Other repeats: keep the first (RFC 3261 forbids them anyway).
        else:
            req.headers[key] = value
    return req


def _unescape_quoted(body: str) -> str:
    return re.sub(r"\\(.)", r"\1", body)


def display_name(name_addr: str) -> str:
    """The display name of a From/To/P-Asserted-Identity value, unquoted, '' if none.

    >>> display_name('"Иван \\\\"Ваня\\\\" Петров" <sip:100@pbx>;tag=a')
    'Иван "Ваня" Петров'
    >>> display_name("Alice Smith <sip:alice@pbx>")
    'Alice Smith'
    >>> display_name("sip:100@pbx;tag=x")
    ''
    """
    value = name_addr.strip()
    name = ""
    if value.startswith('"'):
        match = re.match(r'"((?:[^"\\]|\\.)*)"', value)
        # An unterminated quote: take what is there up to '<'.
        name = _unescape_quoted(match.group(1)) if match else value[1:].split("<", 1)[0]
    elif "<" in value:
        name = value.split("<", 1)[0]
    name = " ".join(name.split())
    if len(name) > MAX_DISPLAY_NAME:
        name = name[: MAX_DISPLAY_NAME - 1] + "…"
    return name
