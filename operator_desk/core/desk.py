"""What the desk shows for a call, decided without Qt: the screen-pop and its parts.

:class:`Desk` turns an :class:`~operator_desk.core.calls.IncomingCall` into a
:class:`ScreenPop` (tenant, dialed hotline, greeting, caller, IVR, warnings) and keeps
each tenant's script and search index prepared so nothing is parsed on the ring path.

At most ``prepared_limit`` tenants are kept prepared (least recently called out first),
so a library of hundreds of tenants does not hold hundreds of scripts in memory; a call
for a tenant that is not prepared has it prepared as it rings (a few milliseconds).
"""

from __future__ import annotations

import enum
import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from operator_desk.core.calls import IncomingCall, OutgoingCall
from operator_desk.core.errors import LibraryError
from operator_desk.core.greeting import (
    CallContext,
    RenderedGreeting,
    render_fallback,
    render_greeting,
)
from operator_desk.core.ivr import DATA_HEADER, DIGITS_HEADER, IvrData, parse_ivr
from operator_desk.core.library import DEFAULT_PREPARED_TENANTS, Library, preparation_order
from operator_desk.core.model import Question, Script, Tenant
from operator_desk.core.numbers import CallerId, caller_id, format_for_display, region_of
from operator_desk.core.routing import DEFAULT_TENANT_HEADER, Route, Router, header, uri_of, user_of
from operator_desk.core.search import SearchIndex

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class OperatorProfile:
    name: str
    group: str = ""


@dataclass(slots=True)
class PreparedTenant:
    """A tenant's script and search index, built before any call needs them."""

    tenant: Tenant
    script: Script | None
    index: SearchIndex | None
    problem: str = ""
    """Why the script could not be loaded ('' when it could)."""

    def top_questions(self, group: str) -> list[Question]:
        if self.script is None:
            return []
        return self.script.top_questions(self.tenant.groups.get(group))


class PopWarning(enum.Enum):
    UNKNOWN_NUMBER = "unknown_number"
    """No tenant owns the dialed number; detail: the number."""
    AMBIGUOUS_NUMBER = "ambiguous_number"
    """Several tenants claim it (a library error); detail: their ids."""
    GREETING_FAILED = "greeting_failed"
    """The tenant's greeting template failed; the neutral one is shown; detail: why."""
    SCRIPT_BROKEN = "script_broken"
    """The tenant's script did not load; detail: the first problem."""


@dataclass(frozen=True, slots=True)
class ScreenPop:
    """Everything the operator sees the moment a call rings."""

    call_id: str
    engine_call: int
    route: Route
    tenant: Tenant | None
    greeting: RenderedGreeting
    caller_name: str
    caller_number: str
    """As shown: ``+7 916 123-45-67``."""
    ivr: IvrData
    warnings: tuple[tuple[PopWarning, str], ...] = ()
    """Things the operator must notice, each with a detail for the message."""
    prepared: PreparedTenant | None = field(default=None, compare=False)
    caller: CallerId = field(default=CallerId("", ""), compare=False)
    """The caller's number read for the card: formatted for the tenant's country, and
    whether it is a phone number at all (``sip:sipp@…`` is not)."""
    rang_ns: int = 0
    """Wall-clock ns when the call reached the desk (0: not known), for the ring timer."""

    @property
    def known(self) -> bool:
        return self.tenant is not None


class Desk:
    def __init__(self, library: Library, operator: OperatorProfile,
                 tenant_header: str = DEFAULT_TENANT_HEADER,
                 ivr_headers: tuple[str, str] = (DIGITS_HEADER, DATA_HEADER),
                 prepared_limit: int = DEFAULT_PREPARED_TENANTS) -> None:
        self.library = library
        self.operator = operator
        self.ivr_headers = ivr_headers
        self.router = Router(library, tenant_header)
        self.prepared_limit = max(1, prepared_limit)
        self._prepared: OrderedDict[str, PreparedTenant] = OrderedDict()
        """Least recently used first."""
        self.evictions = 0
        self._regions: dict[str, str] = {}

    def region_for(self, tenant: Tenant | None) -> str:
        """The tenant's country (that of its first public hotline number): callers from
        there are shown in its national format."""
        default = self.library.settings.default_region
        if tenant is None:
            return default
        region = self._regions.get(tenant.id)
        if region is None:
            region = self._regions[tenant.id] = region_of(tenant.number_keys, default)
        return region

    def replace_library(self, library: Library) -> None:
        """Switch to a new scripts library (between calls): routing and scripts follow."""
        self.library = library
        self.router = Router(library, self.router.tenant_header)
        self._prepared.clear()
        self._regions.clear()

    def prepare(self, tenant_id: str) -> PreparedTenant:
        """Load the tenant's script and build its search index (cached; the least
        recently used tenant beyond ``prepared_limit`` is let go)."""
        prepared = self._prepared.get(tenant_id)
        if prepared is not None:
            self._prepared.move_to_end(tenant_id)
            return prepared
        tenant = self.library.tenant(tenant_id)
        try:
            script = self.library.script(tenant_id)
            prepared = PreparedTenant(tenant, script, SearchIndex.from_script(script))
        except LibraryError as exc:
            first = exc.problems[0] if exc.problems else "unknown error"
            prepared = PreparedTenant(tenant, None, None,
                                      f"{len(exc.problems)} error(s) in the script: {first}")
            log.warning("script of %s does not load: %s", tenant_id, first)
        self._prepared[tenant_id] = prepared
        while len(self._prepared) > self.prepared_limit:
            gone, _ = self._prepared.popitem(last=False)
            self.evictions += 1
            log.debug("tenant %s no longer kept prepared (limit %d)", gone, self.prepared_limit)
        return prepared

    def is_prepared(self, tenant_id: str) -> bool:
        return tenant_id in self._prepared

    def prepared(self, tenant_id: str) -> PreparedTenant | None:
        """The tenant's prepared script if the desk holds it (nothing is read for this,
        and the tenant does not count as recently used)."""
        return self._prepared.get(tenant_id)

    @property
    def prepared_ids(self) -> tuple[str, ...]:
        """The tenants kept prepared, least recently used first."""
        return tuple(self._prepared)

    def preparation_order(self, busiest: Iterable[str] = ()) -> list[str]:
        """The tenants to prepare before calls arrive: ``busiest`` first (those still in
        the library, e.g. by recent call count), then the rest in library order; no more
        than ``prepared_limit``."""
        return preparation_order(self.library, busiest, self.prepared_limit)

    def pop_for_outgoing(self, call: OutgoingCall, number: str, tenant_id: str = "",
                         at: datetime | None = None) -> ScreenPop:
        """The pop of a call the desk places: the tenant's script when it is for a tenant
        (a callback), else just the number."""
        tenant = self.library.tenants.get(tenant_id) if tenant_id else None
        region = self.library.settings.default_region
        shown = format_for_display(number, region)
        route = Route(tenant.id if tenant else None, shown, "outgoing")
        caller = caller_id(number, self.region_for(tenant))
        if tenant is None:
            return ScreenPop(call.call_id, call.engine_call, route, None,
                             RenderedGreeting("", "outgoing"), "", shown, IvrData(),
                             caller=caller, rang_ns=call.ts_ns)
        ctx = CallContext(at=at or datetime.now(UTC), operator_name=self.operator.name,
                          operator_group=self.operator.group, caller_number=shown)
        greeting = render_greeting(tenant, ctx, "text", self.library.settings.fallback_greeting)
        return ScreenPop(call.call_id, call.engine_call, route, tenant,
                         RenderedGreeting(greeting.text, "outgoing", greeting.error), "", shown,
                         IvrData(), prepared=self.prepare(tenant.id), caller=caller,
                         rang_ns=call.ts_ns)

    def pop_for(self, call: IncomingCall, at: datetime | None = None) -> ScreenPop:
        headers = dict(call.headers)
        headers.setdefault("To", call.to_header)
        route = self.router.route_call(call.request_uri, headers)
        tenant = self.library.tenants.get(route.tenant_id) if route.tenant_id else None
        region = self.library.settings.default_region
        pai = header(call.headers, "P-Asserted-Identity")
        pai_user = user_of(uri_of(pai)) if pai else ""
        caller = caller_id(pai_user or call.caller_number, self.region_for(tenant))
        number = caller.international or format_for_display(caller.raw, region)
        digits_header, data_header = self.ivr_headers
        ivr = parse_ivr(header(call.headers, digits_header), header(call.headers, data_header),
                        tenant.ivr_fields if tenant else ())
        ctx = CallContext(
            at=at or datetime.now(UTC), operator_name=self.operator.name,
            operator_group=self.operator.group, caller_name=call.display_name,
            caller_number=number, ivr=ivr.template_fields(),
        )
        warnings: list[tuple[PopWarning, str]] = []
        prepared = None
        if tenant is None:
            greeting = render_fallback(self.library.settings.fallback_greeting, ctx)
            if route.ambiguous:
                warnings.append((PopWarning.AMBIGUOUS_NUMBER, ", ".join(route.ambiguous)))
            else:
                warnings.append((PopWarning.UNKNOWN_NUMBER, route.dialed))
        else:
            greeting = render_greeting(tenant, ctx, "text",
                                       self.library.settings.fallback_greeting)
            if greeting.error:
                warnings.append((PopWarning.GREETING_FAILED, greeting.error))
            prepared = self.prepare(tenant.id)
            if prepared.problem:
                warnings.append((PopWarning.SCRIPT_BROKEN, prepared.problem))
        return ScreenPop(
            call_id=call.call_id, engine_call=call.engine_call, route=route, tenant=tenant,
            greeting=greeting, caller_name=call.display_name, caller_number=number, ivr=ivr,
            warnings=tuple(warnings), prepared=prepared, caller=caller, rang_ns=call.ts_ns,
        )
