"""Test doubles for widget tests: an engine bridge that records commands."""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QObject, Signal

from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    EndReason,
    IncomingCall,
)

_handles = itertools.count(1)


class FakeBridge(QObject):
    """Looks like SipBridge to the controller; tests push events with :meth:`emit_event`."""

    event_received = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.commands: list[tuple[str, ...]] = []

    def emit_event(self, event: object) -> None:
        self.event_received.emit(event)

    def answer(self, engine_call: int) -> None:
        self.commands.append(("answer", engine_call))

    def reject(self, engine_call: int, code: int | None = None) -> None:
        self.commands.append(("reject", engine_call, code))

    def hangup(self, engine_call: int) -> None:
        self.commands.append(("hangup", engine_call))

    def hold(self, engine_call: int) -> None:
        self.commands.append(("hold", engine_call))

    def unhold(self, engine_call: int) -> None:
        self.commands.append(("unhold", engine_call))

    def send_dtmf(self, engine_call: int, digits: str) -> None:
        self.commands.append(("dtmf", engine_call, digits))

    def make_call(self, uri: str) -> None:
        self.commands.append(("make_call", uri))

    def transfer_blind(self, engine_call: int, target: str) -> None:
        self.commands.append(("transfer_blind", engine_call, target))

    def mute(self, engine_call: int, muted: bool) -> None:
        self.commands.append(("mute", engine_call, muted))

    def consult(self, engine_call: int, target: str) -> None:
        self.commands.append(("consult", engine_call, target))

    def transfer_attended(self, engine_call: int, consult_call: int) -> None:
        self.commands.append(("transfer_attended", engine_call, consult_call))

    def return_to_caller(self, consult_call: int) -> None:
        self.commands.append(("return_to_caller", consult_call))


def incoming(dialed: str, name: str = "Иван Петров", number: str = "79161234567",
             headers: dict[str, str] | None = None) -> IncomingCall:
    handle = next(_handles)
    return IncomingCall(
        call_id=f"call-{handle}@test", engine_call=handle,
        request_uri="sip:desk@127.0.0.1", to_header=f"<sip:{dialed}@pbx.local>",
        from_header=f'"{name}" <sip:{number}@pbx.local>;tag=x{handle}', display_name=name,
        caller_number=number, headers={k.lower(): v for k, v in (headers or {}).items()},
        ts_ns=time.time_ns(),
    )


def state(call: IncomingCall, old: CallState, new: CallState) -> CallStateChanged:
    return CallStateChanged(call.call_id, call.engine_call, old, new, time.time_ns())


def ended(call: IncomingCall, reason: EndReason = EndReason.REMOTE_HANGUP) -> CallEnded:
    return CallEnded(call.call_id, call.engine_call, reason, 200, "OK", 12.0, time.time_ns())

