"""Handing memory back between calls (the policy; :mod:`operator_desk.memory` does it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from operator_desk.memory import release_free_memory

SIP_LINGER_S = 40.0
"""How long pjsip holds a finished call's transactions (Timer D/J: 32 s over UDP)."""


class HeapTrimmer(QObject):
    """Hands the C heap's free pages back between calls: when the last call ends (what
    its pop and call freed), and again ``linger_s`` later, once pjsip has let go of that
    call's transactions (a few MiB after a busy spell), if the desk is still between
    calls then. ``busy()`` says whether a call is going on."""

    def __init__(self, busy: Callable[[], bool], linger_s: float = SIP_LINGER_S,
                 trim: Callable[[], object] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._busy = busy
        self._trim = trim or release_free_memory
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(int(linger_s * 1000))
        self._later.timeout.connect(self._on_later_timeout)

    @classmethod
    def between_calls_of(cls, controller: Any) -> HeapTrimmer:
        """The trimmer of a :class:`ui.controller.DeskController`'s calls."""
        trimmer = cls(lambda: bool(controller.calls), parent=controller)
        controller.call_finished.connect(trimmer.call_finished)
        return trimmer

    @Slot(str)
    def call_finished(self, _call_id: object = None) -> None:
        if self._busy():
            return
        self._trim()
        self._later.start()  # restarts: counted from the last call's end

    @Slot()
    def _on_later_timeout(self) -> None:
        if not self._busy():
            self._trim()
