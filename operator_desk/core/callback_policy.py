"""When a tenant's callbacks may be made, and how often: the tenant's ``callback:`` policy.

The preview dialer and the floor's queue offer a desk only the callbacks of tenants whose
calling hours are open now in the tenant's own time zone (a bank may forbid calls after
21:00 its time, whatever the floor's clock says).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from operator_desk.core.hours import local_time
from operator_desk.core.model import Tenant

__all__ = ["callable_tenants", "may_call_now"]


def may_call_now(tenant: Tenant, at: datetime) -> bool:
    """Whether the tenant's customers may be called back at ``at`` (an aware datetime)."""
    hours = tenant.callback_policy.calling_hours
    return hours is None or hours.is_open(local_time(at, tenant.timezone))


def callable_tenants(tenants: Iterable[Tenant], at: datetime) -> list[str]:
    """Ids of the tenants whose calling hours are open at ``at``."""
    return [t.id for t in tenants if may_call_now(t, at)]
