"""Everything the engine does because time passed, in one place, run by every ``poll``.

Deadlines are kept on the objects they concern (a registration's retry, a call's
hang-up, transfer or resume time) and read on the engine's clock (``time.monotonic``
unless a test gives the engine another one). pjsua's own timers (registration refresh
and its retries, SIP transaction timers) run inside ``libHandleEvents`` and are not
here. Engine thread only (:mod:`operator_desk.sip.engine`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from operator_desk.core.calls import CallState
from operator_desk.sip.engine import SipEngineError
from operator_desk.sip.pjsua.account import Registration
from operator_desk.sip.pjsua.calls import Calls, LiveCall
from operator_desk.sip.pjsua.transfers import Transfers

log = logging.getLogger(__name__)


class Timers:
    """Runs what is due: the engine's registration retry, then per call the replaced
    leg's hang-up, a transfer's deadline, a planned resume."""

    def __init__(self, registration: Registration, calls: Calls, transfers: Transfers,
                 clock: Callable[[], float]) -> None:
        self._registration = registration
        self._calls = calls
        self._transfers = transfers
        self._clock = clock

    def run(self) -> None:
        now = self._clock()
        retry_at = self._registration.retry_at
        if retry_at is not None and now >= retry_at:
            self._registration.retry()
        for record in self._calls.records():
            if record.call is None:
                continue
            if record.hangup_at is not None and now >= record.hangup_at:
                record.hangup_at = None
                self._calls.thread.guard("timer hangup", self._hang_up, record)
            if record.transfer is not None and now >= record.transfer.deadline:
                self._transfers.finish(record, 408, "no final transfer report in time", False)
            if record.resume_until is not None:
                self._resume(record, now)

    def _hang_up(self, record: LiveCall) -> None:
        if record.call is not None and record.state is not CallState.ENDED:
            self._calls.hangup(record.handle)

    def _resume(self, record: LiveCall, now: float) -> None:
        """Resume a call held for a consult once its hold is done (within the window)."""
        assert record.resume_until is not None
        if now > record.resume_until:
            record.resume_until = None
        elif record.state is CallState.HELD:
            try:
                self._calls.unhold(record.handle)
                record.resume_until = None
            except SipEngineError as exc:  # e.g. a re-INVITE still pending
                log.debug("call %d: resume not yet possible: %s", record.handle, exc)
