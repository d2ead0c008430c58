"""Ids made from what the author wrote: ``Как заказать такси?`` → ``kak-zakazat-taksi``.

Script authors never type an id. The studio makes one from the question's words (or a
table's, a group's title), in the form the library requires (lowercase latin letters,
digits and hyphens), unique among ``taken``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}
_NOT_ID = re.compile(r"[^a-z0-9]+")
MAX_WORDS = 5
MAX_LENGTH = 40


def slug(text: str, fallback: str = "item") -> str:
    """``text`` as an id: transliterated, lowercase, words joined by hyphens."""
    latin = "".join(_RU.get(ch, ch) for ch in text.lower())
    words = [w for w in _NOT_ID.split(latin) if w]
    out = ""
    for word in words[:MAX_WORDS]:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_LENGTH:
            break
        out = candidate
    return out or fallback


def unique_id(text: str, taken: Collection[str], fallback: str = "item") -> str:
    """:func:`slug` of ``text``, with ``-2``, ``-3``… when that id is taken."""
    base = slug(text, fallback)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def field_id(text: str, taken: Collection[str], fallback: str = "field") -> str:
    """An id for a template field (``ivr.card_last4``): underscores, starting with a letter."""
    base = slug(text, fallback).replace("-", "_")
    if not base[0].isalpha():
        base = f"f_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}_{n}"
        n += 1
    return candidate
