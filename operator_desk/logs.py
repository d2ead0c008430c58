"""The desk's log files: rotating, in the platform's log folder, with secrets and callers'
personal data redacted, plus a hook that logs every uncaught exception.

- Where: ``platformdirs.user_log_dir("operator-desk")`` (``~/.local/state/operator-desk/log``
  on Linux, ``%LOCALAPPDATA%\\operator-desk\\Logs`` on Windows), or ``$OPERATOR_DESK_LOG_DIR``.
- What: INFO and above, ``operator-desk.log`` rotated at 2 MB with 5 old files kept.
- Redaction (:class:`RedactingFilter`, on the handlers so it covers every logger):
  passwords, tokens and ``Authorization`` credentials are masked at every level; phone
  numbers (all but the area code and the last two digits), caller names in SIP
  ``From``/``To`` headers and ``caller_name=`` values are masked above DEBUG, so DEBUG
  (off by default) can still be used to chase a routing problem on a test bench.
- Crashes: :func:`install_excepthook` logs uncaught exceptions of the main thread, of
  other threads and of Qt slots (PySide6 reports those through ``sys.excepthook``), then
  calls a callback (the crash reporter), telling it whether the error is a known one
  (:func:`operator_desk.core.errors.is_known`: shown as a message) or a bug (the crash
  dialog).

Pure Python: no Qt import here, so the command line and the tests can use it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from operator_desk.core.errors import is_known

__all__ = [
    "LOG_DIR_ENV",
    "LOG_FILE_NAME",
    "CrashInfo",
    "ExceptHook",
    "RedactingFilter",
    "install_excepthook",
    "log_dir",
    "mask_number",
    "redact",
    "setup_logging",
]

LOG_DIR_ENV = "OPERATOR_DESK_LOG_DIR"
LOG_FILE_NAME = "operator-desk.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
MASK = "***"

log = logging.getLogger(__name__)


def log_dir() -> Path:
    """The folder the log files go to (``$OPERATOR_DESK_LOG_DIR`` overrides, for tests)."""
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_log_dir("operator-desk", appauthor=False))


# -- redaction ------------------------------------------------------------------------------

# Secrets, masked at every level.
_SECRET_KEYS = (r"password|passwd|pwd|secret|client_secret|token|access_token|refresh_token"
                r"|auth_token|api_key|apikey")
# `password=abc`, `token: abc`, `"password": "abc"`, `'token': 'abc'`, `password="a b"`.
_SECRET_VALUE = re.compile(
    rf"""(?ix)
    (?P<key>["']?\b(?:{_SECRET_KEYS})\b["']?\s*[:=]\s*)
    (?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}}\])]+)
    """)
# `Authorization: Digest username="…", response="…"`, `Proxy-Authorization: Bearer …`.
_AUTH_HEADER = re.compile(
    r"(?im)(?P<key>\b(?:proxy-)?authorization\s*[:=]\s*(?:digest|bearer|basic)?\s*)"
    r"(?P<value>[^\r\n]+)")

# Personal data, masked above DEBUG.
# A display name before `<sip:…>` in From/To (and their compact forms) and identity headers.
_NAME_HEADER = re.compile(
    r"""(?im)
    (?P<key>(?:\b(?:from|to|p-asserted-identity|p-preferred-identity|remote-party-id)
            |^[ \t]*[ft])               # compact forms only where a header starts
       [ \t]*:[ \t]*)
    (?P<name>"(?:[^"\\\r\n]|\\.)*"|[^<"\r\n]*?)
    (?P<rest>[ \t]*<)
    """, re.VERBOSE)
_NAME_VALUE = re.compile(
    r"""(?ix)
    (?P<key>["']?\b(?:caller_name|display_name|caller-name|display-name)\b["']?\s*[:=]\s*)
    (?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;&}\])]+)
    """)
# 7 to 15 digits, maybe with +, spaces, hyphens and brackets between them, not part of a
# longer token (an IP address, a decimal, a hex id, a 19-digit timestamp).
_NUMBER = re.compile(r"(?<![\w.+-])\+?\(?\d(?:[ \-()]{0,2}\d){6,14}(?![\w:]|\.\d)")
_DATE = re.compile(r"\d{4}-\d\d-\d\d(?:[ T]\d\d)?")


def mask_number(text: str) -> str:
    """Mask a phone number's subscriber part but its last two digits, keep the layout.

    ``+7 916 123-45-67`` -> ``+7 916 ***-**-67``; ``123-45-67`` -> ``***-**-67``.
    """
    digits = sum(c.isdigit() for c in text)
    keep_head = min(4, max(0, digits - 7))
    out = []
    seen = 0
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= keep_head or seen > digits - 2 else "*")
        else:
            out.append(c)
    return "".join(out)


def _number(match: re.Match[str]) -> str:
    text = match.group()
    return text if _DATE.fullmatch(text) else mask_number(text)


def _masked_value(match: re.Match[str]) -> str:
    value = match.group("value")
    quote = value[0] if value[:1] in "\"'" else ""
    return f"{match.group('key')}{quote}{MASK}{quote}"


def _masked_name(match: re.Match[str]) -> str:
    name = match.group("name")
    if not name.strip():
        return match.group()
    shown = f'"{MASK}"' if name.startswith('"') else MASK
    return f"{match.group('key')}{shown}{match.group('rest')}"


def redact(text: str, *, personal: bool = True) -> str:
    """``text`` with secrets masked, and with personal data masked when ``personal``."""
    text = _AUTH_HEADER.sub(lambda m: f"{m.group('key')}{MASK}", text)
    text = _SECRET_VALUE.sub(_masked_value, text)
    if personal:
        text = _NAME_HEADER.sub(_masked_name, text)
        text = _NAME_VALUE.sub(_masked_value, text)
        text = _NUMBER.sub(_number, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback) with :func:`redact`.

    Secrets are masked at every level; personal data above ``personal_above`` (DEBUG).
    Put it on the handlers: a logger's own filters do not see records of its children.
    """

    def __init__(self, personal_above: int = logging.DEBUG) -> None:
        super().__init__()
        self.personal_above = personal_above

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_operator_desk_redacted", False):
            return True
        personal = record.levelno > self.personal_above
        try:
            message = record.getMessage()
        except Exception:
            # A bad format string, or an argument whose str() raises. Logging does not
            # guard a handler's filters: raising here would break the logging call itself.
            # Let the handler's own error report (handleError) deal with the record.
            return True
        record.msg = redact(message, personal=personal)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, personal=personal)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, personal=personal)
        record._operator_desk_redacted = True
        return True


# -- set-up ---------------------------------------------------------------------------------

_HANDLER_NAME = "operator-desk-file"


def setup_logging(level: int = logging.INFO, *, directory: Path | None = None,
                  max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  console: bool = False) -> Path:
    """Send the root logger to a rotating, redacted file; return the file's path.

    Idempotent: calling it again replaces the desk's handlers (e.g. with another level).
    ``console`` also writes (redacted) records to stderr.
    """
    folder = directory or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() in (_HANDLER_NAME, _HANDLER_NAME + "-stderr")]:
        root.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handlers: list[logging.Handler] = [handler]
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.set_name(_HANDLER_NAME + "-stderr")
        handlers.append(stream)
    redacting = RedactingFilter()
    for h in handlers:
        h.setLevel(level)
        h.setFormatter(logging.Formatter(FORMAT))
        h.addFilter(redacting)
        root.addHandler(h)
    root.setLevel(min(level, root.level) if root.level != logging.NOTSET else level)
    logging.captureWarnings(True)
    return path


def current_log_file() -> Path | None:
    """The file :func:`setup_logging` writes to, if it was called."""
    for h in logging.getLogger().handlers:
        if h.get_name() == _HANDLER_NAME and isinstance(h, logging.FileHandler):
            return Path(h.baseFilename)
    return None


# -- uncaught exceptions --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrashInfo:
    """What the crash reporter shows: the error in one line, the traceback, where the log is."""

    summary: str
    details: str
    log_file: Path | None
    thread: str
    known: bool = False
    """An error that explains itself to a person (an ``OperatorDeskError`` that is not an
    ``InternalError``): shown as a message, not as a crash."""
    message: str = ""
    """The error's own words (``str(error)``, redacted), for that message."""


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class ExceptHook:
    """Logs uncaught exceptions and calls :attr:`callback` with a :class:`CrashInfo`.

    Installed by :func:`install_excepthook`; the callback may be set later (once the
    window exists). The callback runs on the thread that failed: a GUI callback must
    hand the info over to the GUI thread (``ui.crash.CrashReporter`` does).
    """

    def __init__(self, callback: Callable[[CrashInfo], None] | None) -> None:
        self.callback = callback
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        self._busy = threading.local()

    def install(self) -> None:
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if sys.excepthook == self._sys_hook:
            sys.excepthook = self._previous_sys
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_threading

    def _sys_hook(self, exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_sys(exc_type, exc, tb)
            return
        self.handle((exc_type, exc, tb), threading.current_thread().name)
        self._previous_sys(exc_type, exc, tb)  # the traceback on stderr, as without the hook

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "unknown thread"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), name)

    def handle(self, exc_info: ExcInfo, thread: str) -> None:
        """Log one uncaught exception and tell the callback (never raises)."""
        if getattr(self._busy, "active", False):  # the hook itself failed: do not loop
            return
        self._busy.active = True
        try:
            logging.getLogger("operator_desk.crash").critical(
                "uncaught exception in thread %s", thread, exc_info=exc_info)
            callback = self.callback
            if callback is None:
                return
            exc_type, exc, tb = exc_info
            summary = redact("".join(traceback.format_exception_only(exc_type, exc)).strip())
            details = redact("".join(traceback.format_exception(exc_type, exc, tb)))
            try:
                callback(CrashInfo(summary, details, current_log_file(), thread, is_known(exc),
                                   redact(str(exc))))
            except Exception:  # the crash reporter must never raise from the excepthook
                logging.getLogger("operator_desk.crash").exception("the crash callback failed")
        finally:
            self._busy.active = False


def install_excepthook(show_dialog: Callable[[CrashInfo], None] | None = None) -> ExceptHook:
    """Log uncaught exceptions (main thread, other threads, Qt slots) and call
    ``show_dialog`` with a :class:`CrashInfo`; returns the hook (``.callback`` may be set
    later, ``.uninstall()`` restores the previous hooks)."""
    hook = ExceptHook(show_dialog)
    hook.install()
    return hook
