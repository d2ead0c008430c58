"""What a reference table's cell may hold, by the column's declared type.

``tables.<id>.types`` in ``tenant.yaml`` names each column's type; a cell that does not
fit gets a plain message saying what was expected. An empty cell (or a dash, "—") always
fits: "no value" is a value in a reference table.
"""

from __future__ import annotations

import re

from operator_desk.core.numbers import NumberError, parse_number

CELL_TYPES = ("text", "number", "money", "phone", "address", "hours", "url")

_EMPTY = {"", "-", "—", "–"}
_NUMBER = re.compile(r"^[-+−]?\d{1,3}(?:[  \u202f]?\d{3})*(?:[.,]\d+)?$|^[-+−]?\d+(?:[.,]\d+)?$")
_CURRENCY = r"(?:₽|руб\.?|р\.|RUB|\$|USD|€|EUR|¥|CNY|₸|KZT|Br|BYN)"
_MONEY = re.compile(
    r"^(?:(?:от|до|from|up to)\s+)?" + _CURRENCY + r"?\s?[-+−]?\d[\d   \u202f]*(?:[.,]\d+)?\s?"
    + _CURRENCY + r"?$", re.IGNORECASE)
_TIME_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})")
_ROUND_THE_CLOCK = re.compile(r"круглосуточно|24\s*/\s*7|24\s*h|24\s*ч|выходн|закрыт|closed",
                              re.IGNORECASE)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$|^https?://localhost", re.IGNORECASE)


def check_cell(kind: str, value: str, region: str = "RU") -> str:
    """Why ``value`` does not fit a column of type ``kind`` ('' when it fits)."""
    text = value.strip()
    if text in _EMPTY or kind == "text":
        return ""
    if kind == "number":
        return "" if _NUMBER.match(text) else f"`{text}` is not a number (e.g. 12 or 12,5)"
    if kind == "money":
        return "" if _MONEY.match(text) else (
            f"`{text}` is not an amount of money (e.g. 1 990 ₽ or от 500 ₽)")
    if kind == "phone":
        try:
            parse_number(text, region)
        except NumberError as exc:
            return f"`{text}` is not a phone number: {exc}"
        return ""
    if kind == "address":
        return "" if any(ch.isalpha() for ch in text) else f"`{text}` does not look like an address"
    if kind == "hours":
        return _check_hours(text)
    if kind == "url":
        return "" if _URL.match(text) else (
            f"`{text}` is not a web address (it starts with https://)")
    return f"unknown column type `{kind}`; use one of: {', '.join(CELL_TYPES)}"


def _check_hours(text: str) -> str:
    ranges = _TIME_RANGE.findall(text)
    if not ranges:
        if _ROUND_THE_CLOCK.search(text):
            return ""
        return f"`{text}` names no hours (e.g. пн–пт 09:00–18:00, or круглосуточно)"
    for h1, m1, h2, m2 in ranges:
        if int(h1) > 24 or int(h2) > 24 or int(m1) > 59 or int(m2) > 59:
            return f"`{h1}:{m1}–{h2}:{m2}` is not a time of day"
    return ""


def guess_type(column: str, values: list[str], region: str = "RU") -> str:
    """The type most likely meant for a column, from its name and values (for imports)."""
    name = column.lower()
    filled = [v for v in values if v.strip() not in _EMPTY][:50]
    hints = (("phone", ("телефон", "phone", "тел.")), ("url", ("сайт", "url", "ссылка", "link")),
             ("hours", ("часы", "hours", "время работы", "режим")),
             ("address", ("адрес", "address")),
             ("money", ("цена", "стоимость", "price", "₽", "руб", "сумма", "тариф")))
    for kind, words in hints:
        if any(w in name for w in words) and all(not check_cell(kind, v, region) for v in filled):
            return kind
    if filled and all(not check_cell("number", v, region) for v in filled):
        return "number"
    return "text"
