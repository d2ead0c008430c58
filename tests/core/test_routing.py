"""A dialed number, however it is written or wherever it arrives, finds its tenant."""

from __future__ import annotations

import pytest

from operator_desk.core.library import Library
from operator_desk.core.numbers import parse_number
from operator_desk.core.routing import Router, uri_of, user_of


@pytest.fixture
def router(builder) -> Router:
    builder.tenant("taxi", number="8-800-555-35-35")
    builder.replace("taxi", "tenant.yaml", "  - 8-800-555-35-35",
                    "  - 8-800-555-35-35\n  - +7 (495) 120-30-40 доб. 12\n  - \"5020\"\n"
                    "  - sip:taxi-hotline")
    builder.tenant("bank", number="+7 (343) 222-11-00")
    library = Library.load(builder.root)
    assert library.validate() == []
    return Router(library)


@pytest.mark.parametrize("dialed", [
    "8-800-555-35-35", "+7 (800) 555-35-35", "88005553535", "+78005553535", "78005553535",
    "8005553535", "8 800 555 35 35", "8 (800) 555-35-35",
])
def test_every_written_form_of_a_free_phone_number(router, dialed):
    assert router.route_number(dialed).tenant_id == "taxi"


@pytest.mark.parametrize("dialed", ["+73432221100", "83432221100", "8 (343) 222-11-00"])
def test_a_city_number(router, dialed):
    route = router.route_number(dialed)
    assert route.tenant_id == "bank"
    assert route.dialed == "+7 343 222-11-00"


def test_extension_short_number_and_sip_user(router):
    assert router.route_number("+7 495 120-30-40 ext. 12").tenant_id == "taxi"
    assert router.route_number("84951203040,12").tenant_id == "taxi"
    assert router.route_number("5020").tenant_id == "taxi"
    assert router.route_number("taxi-hotline").tenant_id == "taxi"
    assert router.route_number("sip:Taxi-Hotline@pbx.local").tenant_id == "taxi"
    # Another extension of the same main number is not this tenant's.
    assert router.route_number("+7 495 120-30-40 доб. 13").tenant_id is None


def test_unknown_numbers_are_flagged_not_guessed(router):
    for dialed in ("8-800-100-00-00", "5021", "someone-else", "", "%%%"):
        route = router.route_number(dialed)
        assert route.tenant_id is None
        assert not route.known


def test_dialed_number_from_to_header(router):
    route = router.route_call("sip:88005553535@10.0.0.5", {
        "To": '"Hotline" <sip:88005553535@pbx.local;user=phone>',
    })
    assert route.tenant_id == "taxi"


def test_behind_a_registrar_the_request_uri_is_the_operator_not_the_hotline(router):
    headers = {"To": "<sip:+73432221100@pbx.local>", "From": "<sip:79161234567@pbx>"}
    route = router.route_call("sip:operator17@192.0.2.10:5060;transport=udp", headers)
    assert route.tenant_id == "bank"
    assert route.source == "To"


def test_diversion_wins_over_to(router):
    headers = {
        "To": "<sip:operator17@pbx.local>",
        # The newest redirection comes first; the number dialed is the last entry.
        "Diversion": "<sip:5555@pbx>;reason=no-answer, <sip:88005553535@pbx.local>;reason=unconditional",
    }
    route = router.route_call("sip:operator17@192.0.2.10", headers)
    assert (route.tenant_id, route.source) == ("taxi", "Diversion")


def test_p_called_party_id_wins(router):
    headers = {"p-called-party-id": "<tel:+73432221100>", "To": "<sip:88005553535@pbx>"}
    route = router.route_call("sip:op@host", headers)
    assert (route.tenant_id, route.source) == ("bank", "P-Called-Party-ID")


def test_configurable_tenant_header_by_id_or_number(builder, router):
    assert router.route_call("sip:op@h", {"X-Tenant": "bank"}).tenant_id == "bank"
    assert router.route_call("sip:op@h", {"X-Tenant": "8 800 555 35 35"}).tenant_id == "taxi"
    custom = Router(router.library, tenant_header="X-Hotline")
    route = custom.route_call("sip:op@h", {"X-Hotline": "taxi", "To": "<sip:83432221100@h>"})
    assert (route.tenant_id, route.source) == ("taxi", "X-Hotline")


def test_request_uri_is_the_last_resort(router):
    route = router.route_call("sip:88005553535@10.0.0.5", {"To": "<sip:nobody-here@pbx>"})
    assert (route.tenant_id, route.source) == ("taxi", "Request-URI")


def test_unknown_call_keeps_the_dialed_number_for_the_warning(router):
    route = router.route_call("sip:op@h", {"To": "<sip:88001000000@pbx>"})
    assert route.tenant_id is None
    assert route.dialed == "+7 800 100-00-00"


def test_disputed_number_routes_to_nobody(builder):
    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta", number="88005553535")
    route = Router(Library.load(builder.root)).route_number("+7 800 555 35 35")
    assert route.tenant_id is None
    assert route.ambiguous == ("alpha", "beta")


def test_sip_header_parsing():
    assert uri_of('"Иван \\"Ваня\\" Петров" <sip:+7916@h;user=phone>;tag=1') == "sip:+7916@h;user=phone"
    assert uri_of("sip:123@h;tag=9") == "sip:123@h"
    assert user_of("sip:%2B78005553535@h") == "+78005553535"
    assert user_of("tel:+78005553535;phone-context=x") == "+78005553535"
    assert user_of("sip:pbx.local") == ""


def test_number_keys():
    assert parse_number("+7 (495) 120-30-40 доб. 12").key == "+74951203040;ext=12"
    assert parse_number("5020").key == "ext:5020"
    assert parse_number("sip:Taxi-Line@pbx").key == "user:taxi-line"
    assert parse_number("8-800-555-35-35").display == "+7 800 555-35-35"


def test_an_extension_written_with_a_comma_in_an_angled_uri(router):
    route = router.route_call("sip:op@h", {"To": "<sip:+74951203040,12@pbx.local;user=phone>"})
    assert (route.tenant_id, route.source) == ("taxi", "To")
    route = router.route_call("sip:op@h", {
        "Diversion": "<sip:5555@pbx>;reason=no-answer, <sip:84951203040,12@pbx>;reason=unconditional"})
    assert route.tenant_id == "taxi"
