"""The caller's number as the operator reads it, and what a callback may be sent to."""

from __future__ import annotations

import pytest

from operator_desk.core.forms import callback_prefill, check_callback
from operator_desk.core.model import CallbackField
from operator_desk.core.numbers import caller_id, phone_problem, region_of


@pytest.mark.parametrize(("raw", "shown", "e164", "kind"), [
    ("79161234567", "8 (916) 123-45-67", "+79161234567", "mobile"),
    ("89161234567", "8 (916) 123-45-67", "+79161234567", "mobile"),
    ("+7 (495) 120-30-40", "8 (495) 120-30-40", "+74951203040", "landline"),
    ("88005557190", "8 (800) 555-71-90", "+78005557190", "toll_free"),
])
def test_a_caller_from_the_tenants_country_is_shown_in_its_national_format(raw, shown, e164,
                                                                           kind):
    caller = caller_id(raw, "RU")
    assert (caller.shown, caller.e164, caller.kind) == (shown, e164, kind)
    assert caller.is_phone and not caller.abroad and caller.region == "RU"


def test_a_caller_from_abroad_is_shown_with_the_country_code():
    caller = caller_id("+4930123456", "RU")
    assert caller.shown == "+49 30 123456"
    assert caller.abroad and caller.region == "DE"
    # The same number for a German tenant is a local one.
    assert caller_id("+4930123456", "DE").shown == "030 123456"


@pytest.mark.parametrize(("raw", "kind"), [("sipp", "sip"), ("4410", "extension"),
                                           ("taxi-hotline", "sip")])
def test_a_sip_user_or_an_extension_is_no_phone_number(raw, kind):
    caller = caller_id(raw, "RU")
    assert not caller.is_phone and caller.e164 == ""
    assert (caller.shown, caller.kind) == (raw, kind)


def test_the_tenants_country_comes_from_its_hotlines():
    assert region_of(("ext:4410", "+4930123456"), "RU") == "DE"
    assert region_of(("user:x", "ext:1"), "KZ") == "KZ"
    assert region_of(("+78005553535",), "DE") == "RU"


PHONE = CallbackField("phone", "Телефон", "phone", required=True, prefill="caller.number")
NAME = CallbackField("name", "Имя", "text", prefill="caller.name")


@pytest.mark.parametrize("value", ["sipp", "4410", "8 916 123", "позвоните мне", "+7"])
def test_a_callback_is_never_taken_to_something_that_is_not_a_phone_number(value):
    assert phone_problem(value, "RU")
    assert check_callback((PHONE,), {"phone": value}) == {"phone": "not a phone number"}


@pytest.mark.parametrize("value", ["8 (916) 123-45-67", "+7 916 123 45 67", "+49 30 123456"])
def test_phone_numbers_written_any_usual_way_are_accepted(value):
    assert phone_problem(value, "RU") == ""
    assert check_callback((PHONE,), {"phone": value}) == {}


def test_the_form_is_not_prefilled_with_a_sip_user_for_a_phone_number():
    values = callback_prefill((PHONE, NAME), caller_name="sipp", caller_number="sipp",
                              question=None)
    assert "phone" not in values and values["name"] == "sipp"
    values = callback_prefill((PHONE,), caller_name="", caller_number="+7 916 123-45-67",
                              question=None)
    assert values == {"phone": "+7 916 123-45-67"}
