"""Call states, SIP header reading and the journal, without a network."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

import pytest

from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    DtmfReceived,
    EndReason,
    IllegalTransitionError,
    IncomingCall,
    check_transition,
    sip_uri_user,
)
from operator_desk.sip.journal import CallJournal
from operator_desk.sip.sipmsg import MAX_DISPLAY_NAME, clean_text, display_name, parse_request


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (CallState.NEW, CallState.RINGING),
        (CallState.NEW, CallState.DIALING),
        (CallState.RINGING, CallState.CONNECTING),
        (CallState.CONNECTING, CallState.ACTIVE),
        (CallState.ACTIVE, CallState.HELD),
        (CallState.HELD, CallState.ACTIVE),
        (CallState.RINGING, CallState.ENDED),
        (CallState.HELD, CallState.ENDED),
    ],
)
def test_allowed_transitions(old, new):
    assert check_transition(old, new) is new
    assert old.go(new) is new and old.can_go(new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (CallState.ENDED, CallState.ACTIVE),
        (CallState.RINGING, CallState.HELD),
        (CallState.NEW, CallState.ACTIVE),
        (CallState.ACTIVE, CallState.RINGING),
        (CallState.ACTIVE, CallState.ACTIVE),
    ],
)
def test_illegal_transitions_raise(old, new):
    with pytest.raises(IllegalTransitionError) as caught:
        check_transition(old, new)
    assert caught.value.old is old and caught.value.new is new
    assert not old.can_go(new)


def test_every_state_can_end_except_ended():
    for state in CallState:
        assert state.can_go(CallState.ENDED) is not state.is_final


INVITE = (
    "INVITE sip:desk@10.0.0.5:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
    'f: "Иван \\"Ваня\\"" <sip:+79161234567@pbx>;tag=1\r\n'
    "t: <sip:+74951112233@pbx>\r\n"
    "i: abc@pbx\r\n"
    "Diversion: <sip:+74950000002@pbx>;reason=unconditional\r\n"
    "Diversion: <sip:+74950000001@pbx>;reason=no-answer\r\n"
    "X-IVR-Data: a=1;\r\n b=2\r\n"
    "Content-Length: 0\r\n\r\nv=0\r\nX-Not-A-Header: 1\r\n"
)


def test_parse_request_compact_forms_repeats_and_folding():
    req = parse_request(INVITE)
    assert req.method == "INVITE" and req.request_uri == "sip:desk@10.0.0.5:5060"
    assert req.header("Call-ID") == "abc@pbx"
    assert req.header("to") == "<sip:+74951112233@pbx>"
    assert req.header("diversion").count("sip:") == 2
    assert req.header("x-ivr-data") == "a=1; b=2"
    assert req.header("x-not-a-header") == ""  # body, not headers
    assert display_name(req.header("from")) == 'Иван "Ваня"'


@pytest.mark.parametrize("raw", ["", "garbage", "\r\n\r\n", "INVITE\r\nTo\r\n:::\r\n", "\udcff"])
def test_parse_request_never_raises(raw):
    req = parse_request(raw)
    assert req.header("to") == ""


def test_display_name_is_capped_and_tolerant():
    assert len(display_name('"' + "Я" * 5000 + '" <sip:1@h>')) == MAX_DISPLAY_NAME
    assert display_name('"unterminated <sip:1@h>') == "unterminated"
    assert display_name("<sip:1@h>") == ""


def test_clean_text_replaces_invalid_utf8():
    assert clean_text("ok\udcff") == "ok\ufffd"
    assert clean_text("Иван") == "Иван"


def test_uri_users():
    assert sip_uri_user("<sips:100@h>") == "100"
    assert sip_uri_user("<sip:%2B7495@h>") == "+7495"
    assert sip_uri_user("no uri here") == ""


def _incoming(**headers: str) -> IncomingCall:
    return IncomingCall(
        call_id="abc@pbx",
        engine_call=1,
        request_uri="sip:op17@10.0.0.5",
        to_header="<sip:+74951112233@pbx>",
        from_header="<sip:+7916@pbx>;tag=1",
        display_name="",
        caller_number="+7916",
        headers=MappingProxyType(headers),
        ts_ns=1,
    )


def test_dialed_candidates_prefer_called_party_then_original_diversion():
    call = _incoming(
        **{
            "p-called-party-id": "<sip:+74951112233@pbx>",
            "diversion": "<sip:+74950000002@pbx>;reason=unconditional, <sip:+74950000001@pbx>",
        }
    )
    assert call.dialed_candidates == ("+74951112233", "+74950000001", "op17")
    assert _incoming().dialed_candidates == ("+74951112233", "op17")


def test_events_are_frozen():
    call = _incoming()
    with pytest.raises(AttributeError):
        call.call_id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        call.headers["x"] = "y"  # type: ignore[index]


def test_journal_writes_flushed_lines_and_survives_write_errors(tmp_path: Path, caplog):
    path = tmp_path / "sub" / "journal.jsonl"
    journal = CallJournal(path)
    journal(_incoming(**{"x-ivr-digits": "2"}))
    journal(CallStateChanged("abc@pbx", 1, CallState.NEW, CallState.RINGING, 2))
    journal(DtmfReceived("abc@pbx", 1, "5", "rfc2833", 3))
    journal(object())  # not a call event: skipped
    lines = [json.loads(x) for x in path.read_text("utf-8").splitlines()]  # flushed already
    assert [x["event"] for x in lines] == ["invite_received", "ringing_sent", "dtmf"]
    assert lines[0]["headers"] == ["x-ivr-digits"] and "from" not in lines[0]

    # The file goes away under the journal (e.g. the disk is gone): no exception.
    journal._file.close()  # type: ignore[union-attr]
    journal(CallEnded("abc@pbx", 1, EndReason.REMOTE_HANGUP, 200, "OK", 1.5, 4))
    assert "cannot write" in caplog.text
    # ... and it recovers by reopening on the next line.
    journal(CallEnded("abc@pbx", 1, EndReason.REMOTE_HANGUP, 200, "OK", 1.5, 5))
    last = json.loads(path.read_text("utf-8").splitlines()[-1])
    assert last["event"] == "ended" and last["reason"] == "remote_hangup" and last["ts_ns"] == 5
    journal.close()


def test_journal_on_an_unwritable_path_never_raises(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    journal = CallJournal(blocker / "journal.jsonl")  # parent is a file
    assert journal.write({"event": "x", "call_id": "c", "ts_ns": 1}) is False
    journal(CallStateChanged("c", 1, CallState.NEW, CallState.RINGING, 2))
