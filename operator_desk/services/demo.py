"""The demo mode's caller, seen from the desk: a second process (``operator-desk
demo-caller``, :mod:`operator_desk.sip.pjsua.demo_caller`) placing real SIP calls to this
desk. Started once the engine listens, stopped when the desk quits; no thread.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from operator_desk.resources import desk_command

__all__ = ["DemoCallerProcess", "demo_caller_command"]

log = logging.getLogger(__name__)


def demo_caller_command(host: str, port: int, library: Path, *args: str) -> list[str]:
    """``operator-desk demo-caller`` aimed at the desk on ``host:port``."""
    return desk_command("demo-caller", "--target", f"{host}:{port}", "--library", str(library),
                        *args)


class DemoCallerProcess:
    """Rings the desk on ``host`` every ``interval_s`` or so, and at once on
    :meth:`call_now` (the window's Demo call button)."""

    def __init__(self, host: str, library: Path, interval_s: float = 25.0) -> None:
        self.host = host
        self.library = library
        self.interval_s = interval_s
        self.proc: Any = None
        """The demo caller's ``subprocess.Popen``, while it runs."""

    def start(self, port: int) -> None:
        """Start calling the desk's ``port`` (the one the engine listens on)."""
        import subprocess  # here, not at the top: only the demo mode starts processes

        try:
            command = demo_caller_command(self.host, port, self.library,
                                          "--interval", str(self.interval_s))
            self.proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            log.error("demo caller did not start: %s", exc)

    def call_now(self) -> None:
        if self.proc is not None and self.proc.poll() is None and self.proc.stdin is not None:
            try:
                self.proc.stdin.write(b"call\n")
                self.proc.stdin.flush()
            except OSError as exc:
                log.warning("demo caller: %s", exc)

    def stop(self) -> None:
        import subprocess

        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # end of input: it hangs up and exits
            proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            proc.terminate()  # the demo caller this desk started, by its PID
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
