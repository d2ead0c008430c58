from __future__ import annotations

import pytest

from operator_desk.core.dialplan import DialError, dial_uri, domain_for


@pytest.mark.parametrize(("typed", "uri"), [
    ("8 (916) 123-45-67", "sip:+79161234567@pbx.corp"),
    ("+7 916 1234567", "sip:+79161234567@pbx.corp"),
    ("2001", "sip:2001@pbx.corp"),
    ("sip:alice@example.org", "sip:alice@example.org"),
])
def test_dial_uri(typed, uri):
    assert dial_uri(typed, "pbx.corp") == uri


@pytest.mark.parametrize("typed", ["", "позвонить", "8-916"])
def test_bad_input_says_why(typed):
    with pytest.raises(DialError):
        dial_uri(typed, "pbx.corp")


def test_domain_choice():
    assert domain_for("sip:pbx.corp:5060", "", "127.0.0.1:5070") == "pbx.corp:5060"
    assert domain_for("", "", "127.0.0.1:5070") == "127.0.0.1:5070"
    assert domain_for("sip:pbx.corp", "corp.example", "x") == "corp.example"
