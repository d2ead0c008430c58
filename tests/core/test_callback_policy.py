"""A tenant's callback policy and service level from tenant.yaml; calling hours in its zone."""

from __future__ import annotations

from datetime import UTC, datetime

from operator_desk.core.callback_policy import callable_tenants, may_call_now
from operator_desk.core.library import Library
from tests.conftest import BUNDLED_LIBRARY


def test_the_bank_calls_back_three_times_within_its_hours_and_answers_90_in_15() -> None:
    library = Library.load(BUNDLED_LIBRARY)
    bank = library.tenants["severny-kredit"]
    policy = bank.callback_policy
    assert (policy.max_attempts, policy.no_answer_minutes, policy.busy_minutes, policy.reached_minutes) == (
        3, 60, 15, 120)
    assert (bank.service_level.seconds, bank.service_level.target) == (15, 90)
    # The bank's zone is Yekaterinburg (UTC+5): Monday 15:30 UTC is 20:30 there (open), 16:30
    # UTC is 21:30 (closed); Sunday is closed all day.
    assert may_call_now(bank, datetime(2026, 3, 9, 15, 30, tzinfo=UTC))
    assert not may_call_now(bank, datetime(2026, 3, 9, 16, 30, tzinfo=UTC))
    assert not may_call_now(bank, datetime(2026, 3, 8, 10, 0, tzinfo=UTC))
    taxi = library.tenants["taxi-bystro"]
    assert taxi.callback_policy.max_attempts == 5 and taxi.service_level.seconds == 20
    assert taxi.callback_policy.calling_hours == taxi.business_hours  # the default
    at_night = datetime(2026, 3, 9, 16, 30, tzinfo=UTC)  # 19:30 in Moscow
    assert "severny-kredit" not in callable_tenants(library.tenants.values(), at_night)
    assert "taxi-bystro" in callable_tenants(library.tenants.values(), at_night)


def test_a_mistake_in_the_policy_is_reported_with_its_line(builder) -> None:  # type: ignore[no-untyped-def]
    builder.tenant("pizza")
    builder.replace("pizza", "tenant.yaml", "callback:\n", "callback:\n  max_attempts: 0\n")
    library = Library.load(builder.root)
    problems = [str(p) for p in library.broken["pizza"]]
    line = builder.line_of("pizza", "tenant.yaml", "max_attempts")
    assert any(f"tenant.yaml:{line}" in p and "max_attempts" in p for p in problems), problems
