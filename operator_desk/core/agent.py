"""The operator's own state, which the PBX/ACD uses to route calls.

```
             ┌──────────── not ready (reason) <──────────┐
             v                                           │
  READY ──> ON_CALL ──> AFTER_CALL_WORK ──> READY        │
             │  (never answered) ──────────────> READY       │
    ^          ^              │   (timer or operator)    │
    └──────────┴──────────────┴──────────────────────────┘
```

Calls are offered only in READY. NOT_READY carries a reason (break, training…).
After a call the operator finishes the wrap-up in AFTER_CALL_WORK; the desk goes back to
READY after a configurable time or when the operator says so. An outbound call
(callback, click-to-dial) may start from NOT_READY or AFTER_CALL_WORK too.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass

from operator_desk.core.errors import InternalError


class AgentState(enum.Enum):
    READY = "ready"
    NOT_READY = "not_ready"
    ON_CALL = "on_call"
    AFTER_CALL_WORK = "after_call_work"


_ALLOWED: dict[AgentState, frozenset[AgentState]] = {
    AgentState.READY: frozenset({AgentState.ON_CALL, AgentState.NOT_READY}),
    AgentState.NOT_READY: frozenset({AgentState.READY, AgentState.ON_CALL}),
    # Back to READY at once when the call was never answered (missed, rejected).
    AgentState.ON_CALL: frozenset({AgentState.AFTER_CALL_WORK, AgentState.READY}),
    AgentState.AFTER_CALL_WORK: frozenset(
        {AgentState.READY, AgentState.NOT_READY, AgentState.ON_CALL}
    ),
}

NOT_READY_REASONS = ("Перерыв", "Обед", "Обучение", "Совещание", "Технические проблемы")


class AgentStateError(InternalError, RuntimeError):
    """A state change the table does not allow (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class AgentStatus:
    state: AgentState
    reason: str
    since: float
    """``clock()`` value when the state was entered."""


class Agent:
    """The operator's state with the time it was entered."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 initial: AgentState = AgentState.NOT_READY, reason: str = "Вход в систему"
                 ) -> None:
        self._clock = clock
        self.status = AgentStatus(initial, reason, clock())

    @property
    def state(self) -> AgentState:
        return self.status.state

    def seconds_in_state(self) -> float:
        return self._clock() - self.status.since

    def can_go(self, new: AgentState) -> bool:
        return new in _ALLOWED[self.state]

    def go(self, new: AgentState, reason: str = "") -> AgentStatus:
        if new is self.state and new is AgentState.NOT_READY:
            self.status = AgentStatus(new, reason, self.status.since)
            return self.status
        if new not in _ALLOWED[self.state]:
            raise AgentStateError(f"cannot go from {self.state.value} to {new.value}")
        if new is AgentState.NOT_READY and not reason:
            raise AgentStateError("not ready needs a reason")
        self.status = AgentStatus(new, reason, self._clock())
        return self.status

    @property
    def accepts_calls(self) -> bool:
        return self.state is AgentState.READY


class Offer(enum.Enum):
    """What to do with a new incoming call."""

    RING = "ring"
    """Offer it to the operator: screen-pop and ring."""
    WAITING = "waiting"
    """The operator is on another call: show it as call waiting, ring softly."""
    REJECT = "reject"
    """Decline it so the PBX routes it elsewhere."""


@dataclass(frozen=True, slots=True)
class IncomingPolicy:
    call_waiting: bool = True
    """While on a call: offer a second call as call waiting, or reject it (busy)."""
    busy_code: int = 486
    not_ready_code: int = 480
    """Sent when the operator is not ready (480 Temporarily Unavailable by default)."""
    auto_answer: bool = False
    """A call that rings (the operator is Ready and free) is answered at once."""


def decide_incoming(state: AgentState, calls_in_progress: int, policy: IncomingPolicy
                    ) -> tuple[Offer, int]:
    """Whether a new call rings, waits, or is rejected (with which SIP code)."""
    if calls_in_progress:
        if policy.call_waiting and calls_in_progress < 2:
            return Offer.WAITING, 0
        return Offer.REJECT, policy.busy_code
    if state is AgentState.READY:
        return Offer.RING, 0
    if state is AgentState.AFTER_CALL_WORK:
        return Offer.REJECT, policy.busy_code
    return Offer.REJECT, policy.not_ready_code
