"""The desk's errors: one base, with what went wrong and where, for the person who can fix it.

Every error the desk raises on purpose derives from :class:`OperatorDeskError`. Its
``str()`` is written for a person: what is wrong, where (file, line, field, when there
is one) and what was expected. Errors that used to be a ``ValueError``, a
``RuntimeError`` or an ``OSError`` keep that class as a second base, so ``except
ValueError`` still catches a :class:`NumberError`.

```
OperatorDeskError                 anything the desk explains to a person
 +-- InputError (ValueError)      text a person wrote that is not what was expected
 |    +-- NumberError             not a phone number, extension or SIP user (core.numbers)
 |    +-- HoursError              a malformed day or interval of opening hours (core.hours)
 |    +-- DialError               what the operator typed cannot be dialed (core.dialplan)
 |    +-- StarterError            a starter tenant cannot be written (core.starter)
 |         +-- TenantExistsError (FileExistsError)   its folder is taken
 +-- LibraryError                 the scripts library cannot be used; carries every Problem
 +-- RoutingError                 a dialed number that no tenant owns
 +-- TemplateError                a greeting or answer that cannot be rendered; its line
 +-- InternalError                the desk broke one of its own rules: a bug, not a person's
 |    |                           mistake; shown in the crash dialog like any other bug
 |    +-- IllegalTransitionError (RuntimeError)   a call state change the table forbids
 |    |                                           (core.calls)
 |    +-- AgentStateError (RuntimeError)          an operator state change the table
 |    |                                           forbids (core.agent)
 |    +-- WrongThreadError (RuntimeError)         GUI-side code about to run off the GUI
 |                                                thread (ui.background)
 +-- StorageError                 the local database cannot be used (storage.db)
 |    +-- DatabaseCorruptError    the file is damaged (only with recover=False)
 |    +-- SchemaTooNewError       written by a newer desk; left untouched
 +-- SecretsError                 the keyring refused to store or delete a secret
 |                                (services.secrets)
 +-- CrmConfigError               a generic CRM connector's settings (services.crm)
 +-- Bitrix24ConfigError          a Bitrix24 connector's settings (services.bitrix24)
 +-- ManifestError                a central library's manifest.json (services.library_sync)
 +-- FloorError                   the floor database refused or failed a request (floor)
 |    +-- FloorUnavailable        it cannot be reached (down, network, authentication)
 |    +-- FloorRefused            it refused the request (privileges, a rule): not retried
 |    +-- FloorRetry              it failed in a way a later attempt may get past
 |    +-- FloorSchemaError        not set up by `floor init`, or by a newer desk
 +-- SandboxError (RuntimeError)  a throwaway PostgreSQL cannot start (floor.sandbox)
 +-- AutostartError (OSError)     the session's autostart entry cannot be changed (autostart)
 +-- SipEngineError               the SIP engine refused a command (sip.engine)
 |    +-- UnknownCallError        a command for a call the engine does not have
 +-- AudioUnavailableError (RuntimeError)   no audio path for calls (sip.audio)
 |    +-- NoSoundDeviceError      no sound device at all
 +-- PulseError (RuntimeError)    the PulseAudio server cannot be asked (sip.pulse)
 +-- StudioError                  the script studio cannot read or change a file as asked
                                  (studio.documents)
```

What the desk does with them: the place that can act catches the error it expects
(the dial field shows a :class:`DialError` under the field, the validator lists every
:class:`Problem`); an error nobody caught reaches the crash reporter
(``operator_desk.logs.ExceptHook``), which shows a known error (:func:`is_known`) kindly,
as a message, and anything else (a bug, an :class:`InternalError`) in the crash dialog
with the log file's path.
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
    """Base of every error the desk raises on purpose; ``str()`` explains it to a person."""


def is_known(error: BaseException) -> bool:
    """Whether ``error`` explains itself to a person (shown as a message), rather than
    being a bug (shown in the crash dialog with the log file's path)."""
    return isinstance(error, OperatorDeskError) and not isinstance(error, InternalError)


class InputError(OperatorDeskError, ValueError):
    """Text a person wrote (a number, opening hours, a tenant id) that is not what was
    expected; the message quotes it and says what would be."""


class InternalError(OperatorDeskError):
    """The desk broke one of its own rules (e.g. a state change its table forbids): a bug,
    reported like any unexpected exception, never shown as the user's mistake."""


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
    """The scripts library (or a tenant of it) cannot be used; :attr:`problems` says
    every reason, each with its file, line and field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RoutingError(OperatorDeskError):
    pass


class TemplateError(OperatorDeskError):
    """A greeting or answer template that cannot be rendered. :attr:`line` is the line of
    the template where it failed (1-based; 0 when unknown); the caller knows the file."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)
