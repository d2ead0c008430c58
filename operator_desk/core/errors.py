"""The desk's errors.

```
OperatorDeskError            anything the desk reports to a person
 +-- LibraryError            the scripts library cannot be used; carries every Problem
 +-- RoutingError            a dialed number that no tenant owns
 +-- TemplateError           a greeting or answer that cannot be rendered
```
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like ``word`` (a likely typo of it), or None: for "did you
    mean ...?" hints. difflib is imported on the first mistake, not with the desk."""
    from difflib import get_close_matches

    hint = get_close_matches(word, list(options), n=1)
    return hint[0] if hint else None


class OperatorDeskError(Exception):
    """Base of every error the desk expects and explains to a person."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the scripts library, with where it is and how to fix it."""

    file: str
    """Path relative to the library root, with forward slashes."""
    line: int
    """1-based; 0 when the problem is about the file as a whole."""
    message: str
    column: int = 0
    field: str = ""
    """Dotted path of the field, e.g. ``questions[3].table.name``."""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        else:
            where += ":0"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class LibraryError(OperatorDeskError):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RoutingError(OperatorDeskError):
    pass


class TemplateError(OperatorDeskError):
    pass
