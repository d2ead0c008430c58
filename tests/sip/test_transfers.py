"""Blind and attended transfers of the pjsua2 engine against sipp peers on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    EndReason,
    IncomingCall,
    OutgoingCall,
    TransferKind,
    TransferProgress,
    TransferStarted,
)
from operator_desk.sip.engine import SipEngineError

from .conftest import EngineHarness, SippFactory, free_port, udp_port_bound

pytestmark = [pytest.mark.sip, pytest.mark.timeout(60)]

TARGET = "sip:+74950007777@127.0.0.1:5999"
"""Where blind transfers go: the transferee's business (sipp only reports a result)."""


def answered_caller(h: EngineHarness, sipp: SippFactory, scenario: str, result: str):
    caller = sipp.start(scenario, h.port, extra=["-key", "xfer_result", result])
    call = h.wait_event(IncomingCall)
    h.engine.answer(call.engine_call)
    h.wait_event(
        CallStateChanged, lambda e: e.engine_call == call.engine_call and e.new is CallState.ACTIVE
    )
    return caller, call


def callee(h: EngineHarness, sipp: SippFactory, scenario: str, extra: tuple[str, ...] = ()):
    port = free_port()
    peer = sipp.start(scenario, 0, extra=["-p", str(port), *extra], target=None)
    h.poll_until(lambda: udp_port_bound(port), 5, what=f"sipp {scenario} listening")
    return peer, port


def states(h: EngineHarness, engine_call: int) -> list[CallState]:
    return [e.new for e in h.of(CallStateChanged, engine_call)]


def journal(h: EngineHarness) -> list[dict]:
    return [json.loads(x) for x in h.journal_path.read_text("utf-8").splitlines()]


def test_blind_transfer_done_hangs_up_the_call(harness, sipp: SippFactory):
    caller, call = answered_caller(harness, sipp, "uac_refer.xml", "200 OK")
    with pytest.raises(SipEngineError):
        harness.engine.transfer_blind(call.engine_call, "not a uri")

    harness.engine.transfer_blind(call.engine_call, TARGET)

    ended = harness.wait_event(CallEnded)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
    started = harness.of(TransferStarted)
    assert [(s.engine_call, s.target, s.kind, s.consult_call) for s in started] == [
        (call.engine_call, TARGET, TransferKind.BLIND, None)
    ]
    progress = harness.of(TransferProgress)
    assert [(p.code, p.final, p.ok) for p in progress] == [
        (100, False, False),  # 202 Accepted (pjsua reports it as 100)
        (100, False, False),  # NOTIFY sipfrag 100 Trying
        (200, True, True),  # NOTIFY sipfrag 200 OK: done
    ]
    assert all(p.target == TARGET and p.call_id == call.call_id for p in progress)
    # pjsua would have left the call up: the engine hung up itself.
    assert ended.reason is EndReason.TRANSFERRED and ended.engine_call == call.engine_call
    assert "BYE sip:" in caller.messages()
    assert f"Refer-To: {TARGET}" in caller.messages()
    events = [x["event"] for x in journal(harness)]
    assert events[-5:] == [
        "transfer_started",
        "transfer_progress",
        "transfer_progress",
        "transfer_done",
        "ended",
    ]
    assert journal(harness)[-1]["reason"] == "transferred"


def test_blind_transfer_failed_leaves_the_outbound_call_up(harness, sipp: SippFactory):
    peer, port = callee(harness, sipp, "uas_refer.xml", ("-key", "xfer_result", "486 Busy Here"))
    handle = harness.engine.make_call(f"sip:+74951112233@127.0.0.1:{port}")
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)

    harness.engine.transfer_blind(handle, TARGET)
    with pytest.raises(SipEngineError, match="already being transferred"):
        harness.engine.transfer_blind(handle, TARGET)

    final = harness.wait_event(TransferProgress, lambda e: e.final)
    assert (final.code, final.reason, final.ok) == (486, "Busy Here", False)
    # The call is still up; nothing was hung up for the desk.
    harness.poll_until(lambda: "SIP/2.0 200" in peer.messages(), 2)
    for _ in range(20):
        harness.engine.poll(5)
    assert not harness.of(CallEnded)
    assert states(harness, handle)[-1] is CallState.ACTIVE
    assert "transfer_failed" in [x["event"] for x in journal(harness)]

    harness.engine.hangup(handle)
    ended = harness.wait_event(CallEnded)
    assert ended.reason is EndReason.LOCAL_HANGUP
    assert harness.wait_sipp(peer).returncode == 0, peer.report()


def test_refer_refused_by_the_far_end_is_a_failed_transfer(harness, sipp: SippFactory):
    peer, port = callee(harness, sipp, "uas_refer_rejected.xml")
    handle = harness.engine.make_call(f"sip:+74951112233@127.0.0.1:{port}")
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)

    harness.engine.transfer_blind(handle, TARGET)

    final = harness.wait_event(TransferProgress, lambda e: e.final)
    assert (final.code, final.ok) == (603, False)
    assert len(harness.of(TransferProgress)) == 1
    harness.engine.hangup(handle)
    assert harness.wait_sipp(peer).returncode == 0, peer.report()
    assert harness.wait_event(CallEnded).reason is EndReason.LOCAL_HANGUP


def test_attended_transfer_replaces_the_consult_call(harness, sipp: SippFactory):
    caller, call = answered_caller(harness, sipp, "uac_refer_replaces.xml", "200 OK")
    specialist, port = callee(harness, sipp, "uas_answer.xml")
    specialist_uri = f"sip:+74950005555@127.0.0.1:{port}"

    consult = harness.engine.consult(call.engine_call, specialist_uri)

    outgoing = harness.wait_event(OutgoingCall)
    assert outgoing.engine_call == consult and outgoing.consult_for == call.engine_call
    harness.wait_event(CallStateChanged, lambda e: e.engine_call == consult and e.new is CallState.ACTIVE)
    harness.wait_event(
        CallStateChanged, lambda e: e.engine_call == call.engine_call and e.new is CallState.HELD
    )
    with pytest.raises(SipEngineError, match="already has consult call"):
        harness.engine.consult(call.engine_call, specialist_uri)

    harness.engine.transfer_attended(call.engine_call, consult)

    ended_caller = harness.wait_event(CallEnded, lambda e: e.engine_call == call.engine_call)
    ended_consult = harness.wait_event(CallEnded, lambda e: e.engine_call == consult, timeout=5)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
    assert harness.wait_sipp(specialist).returncode == 0, specialist.report()
    started = harness.wait_event(TransferStarted)
    assert started.kind is TransferKind.ATTENDED and started.consult_call == consult
    assert "sip:+74950005555@127.0.0.1" in started.target
    final = harness.wait_event(TransferProgress, lambda e: e.final)
    assert final.ok and final.code == 200
    assert ended_caller.reason is EndReason.TRANSFERRED
    assert ended_consult.reason is EndReason.TRANSFERRED
    refer = next(m for m in caller.messages().split("\n\n") if "REFER sip:" in m)
    assert "Replaces=" in refer and "+74950005555" in refer
    # The caller was never taken off hold in between.
    assert states(harness, call.engine_call)[-2:] == [CallState.HELD, CallState.ENDED]


def test_consult_then_return_to_the_caller(harness, sipp: SippFactory):
    caller = sipp.start("uac_hold_resume_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
    specialist, port = callee(harness, sipp, "uas_answer.xml")

    consult = harness.engine.consult(call.engine_call, f"sip:+74950005555@127.0.0.1:{port}")
    harness.wait_event(CallStateChanged, lambda e: e.engine_call == consult and e.new is CallState.ACTIVE)
    harness.wait_event(
        CallStateChanged, lambda e: e.engine_call == call.engine_call and e.new is CallState.HELD
    )
    with pytest.raises(SipEngineError, match="not a consult call"):
        harness.engine.return_to_caller(call.engine_call)

    harness.engine.return_to_caller(consult)

    ended = harness.wait_event(CallEnded, lambda e: e.engine_call == consult)
    assert ended.reason is EndReason.LOCAL_HANGUP
    harness.wait_event(
        CallStateChanged,
        lambda e: e.engine_call == call.engine_call and e.old is CallState.HELD and e.new is CallState.ACTIVE,
    )
    assert harness.wait_sipp(specialist).returncode == 0, specialist.report()
    harness.engine.hangup(call.engine_call)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
    assert not harness.of(TransferStarted)


def test_busy_specialist_resumes_the_caller_by_itself(harness, sipp: SippFactory):
    caller = sipp.start("uac_hold_resume_bye.xml", harness.port)
    call = harness.wait_event(IncomingCall)
    harness.engine.answer(call.engine_call)
    harness.wait_event(CallStateChanged, lambda e: e.new is CallState.ACTIVE)
    busy, port = callee(harness, sipp, "uas_busy.xml")

    consult = harness.engine.consult(call.engine_call, f"sip:+74950005555@127.0.0.1:{port}")

    ended = harness.wait_event(CallEnded, lambda e: e.engine_call == consult)
    assert ended.reason is EndReason.DECLINED and ended.sip_code == 486
    harness.wait_event(
        CallStateChanged,
        lambda e: e.engine_call == call.engine_call and e.old is CallState.HELD and e.new is CallState.ACTIVE,
    )
    assert harness.wait_sipp(busy).returncode == 0, busy.report()
    harness.engine.hangup(call.engine_call)
    assert harness.wait_sipp(caller).returncode == 0, caller.report()
