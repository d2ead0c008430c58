"""What a caller entered in the IVR before reaching the operator.

The PBX passes it in SIP headers: ``X-IVR-Digits: 2`` (the digits alone, field
``digits``) and/or ``X-IVR-Data: menu=1;card_last4=4521`` (named fields, separated by
``;`` or ``&``, values URL-escaped if needed). The tenant's ``ivr.fields`` give each
field a label and, optionally, what each value means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from operator_desk.core.model import IvrField

DIGITS_HEADER = "X-IVR-Digits"
DATA_HEADER = "X-IVR-Data"
MAX_VALUE = 200
"""Longer values are cut: the header comes from outside and is shown on screen."""


@dataclass(frozen=True, slots=True)
class IvrItem:
    id: str
    label: str
    value: str
    """What the caller entered."""
    meaning: str
    """What it means per the tenant's script (``Карты`` for ``1``), else the value."""


@dataclass(frozen=True, slots=True)
class IvrData:
    items: tuple[IvrItem, ...] = field(default=())

    def template_fields(self) -> dict[str, str]:
        """For templates: ``ivr.menu`` is the meaning; ``ivr.digits`` the raw digits."""
        return {item.id: item.meaning for item in self.items}

    def __bool__(self) -> bool:
        return bool(self.items)


def parse_ivr(digits: str, data: str, fields: Sequence[IvrField] = ()) -> IvrData:
    raw: dict[str, str] = {}
    if digits.strip():
        raw["digits"] = digits.strip()[:MAX_VALUE]
    for part in data.replace("&", ";").split(";"):
        key, sep, value = part.partition("=")
        key = key.strip()
        if sep and key:
            raw[key] = unquote_plus(value.strip())[:MAX_VALUE]
    return describe(raw, fields)


def describe(raw: Mapping[str, str], fields: Sequence[IvrField]) -> IvrData:
    by_id = {f.id: f for f in fields}
    items = []
    for key, value in raw.items():
        spec = by_id.get(key)
        label = spec.label if spec else key
        meaning = spec.values.get(value, value) if spec else value
        items.append(IvrItem(key, label, value, meaning))
    return IvrData(tuple(items))
