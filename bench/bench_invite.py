"""INVITE -> 180 Ringing latency of the pjsua2 engine, measured by sipp.

    python -m bench.bench_invite [--calls 200] [--rate 20] [--poll-ms 5] [--block]

sipp (a UAC on 127.0.0.1) sends ``--calls`` INVITEs at ``--rate`` calls/s; each caller
cancels 200 ms after its 180 (scenario ``tests/sip/scenarios/uac_cancel.xml``); sipp
keeps at most 3 calls up, as pjsua2-python accepts only 4 at once (486 beyond). The engine is
polled like the app polls it: ``poll(0)`` every ``--poll-ms`` ms (``--block`` instead
waits inside ``libHandleEvents`` up to that long, which wakes on the first packet).

sipp reports each INVITE -> 180 response time (``-trace_rtt``, millisecond
resolution); the engine side reports the time from its INVITE callback to the
RINGING event (180 already sent, IncomingCall already delivered).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from operator_desk.core.calls import CallEnded, CallState, CallStateChanged, IncomingCall
from operator_desk.sip.engine import EngineConfig
from operator_desk.sip.pjsua import PjsuaEngine

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "tests" / "sip" / "scenarios" / "uac_cancel.xml"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _summary(label: str, values_ms: list[float]) -> str:
    if not values_ms:
        return f"{label}: no samples"
    values = sorted(values_ms)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (
        f"{label}: n={len(values)} median {statistics.median(values):.2f} ms, "
        f"p95 {p95:.2f} ms, max {values[-1]:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rate", type=float, default=15.0, help="calls per second")
    parser.add_argument("--poll-ms", type=int, default=5)
    parser.add_argument("--block", action="store_true", help="poll(poll_ms) instead of sleeping")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    sipp = shutil.which("sipp")
    if sipp is None:
        print("sipp not found on PATH (Debian package sip-tester)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="bench-invite-"))
    events: list[object] = []
    engine = PjsuaEngine(
        EngineConfig(listen_port=0, max_calls=4, log_file=work / "pjsua.log", log_level=3),
        events.append,
    )
    engine.start()
    proc: subprocess.Popen[bytes] | None = None
    try:
        timeout_s = int(args.calls / args.rate) + 30
        cmd = [
            sipp, "-sf", str(SCENARIO), "-i", "127.0.0.1", "-p", str(_free_port()),
            "-mp", str(_free_port() & ~1),
            "-m", str(args.calls), "-r", str(args.rate), "-l", "3",
            "-timeout", f"{timeout_s}s", "-timeout_error", "-nostdin",
            "-trace_rtt", "-rtt_freq", "1", "-trace_err", "-error_file", str(work / "errors.log"),
            f"127.0.0.1:{engine.listen_port}",
        ]  # fmt: skip
        with (work / "sipp.out").open("wb") as out:
            proc = subprocess.Popen(
                cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
            )
        started = time.monotonic()
        while proc.poll() is None:
            if args.block:
                engine.poll(args.poll_ms)
            else:
                engine.poll(0)
                time.sleep(args.poll_ms / 1000)
        elapsed = time.monotonic() - started
        for _ in range(20):  # let the last CANCELs finish
            engine.poll(5)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        engine.shutdown()

    rtts: list[float] = []
    for path in work.glob("*_rtt.csv"):
        with path.open(newline="") as file:
            for row in csv.DictReader(file, delimiter=";"):
                value = row.get("response_time") or row.get("response_time_ms")
                if value:
                    rtts.append(float(value))
    incoming = {e.engine_call: e.ts_ns for e in events if isinstance(e, IncomingCall)}
    engine_ms = [
        (e.ts_ns - incoming[e.engine_call]) / 1e6
        for e in events
        if isinstance(e, CallStateChanged)
        and e.new is CallState.RINGING
        and e.engine_call in incoming
    ]
    ended = sum(isinstance(e, CallEnded) for e in events)
    mode = f"poll({args.poll_ms})" if args.block else f"poll(0) every {args.poll_ms} ms"
    print(
        f"{args.calls} calls at {args.rate:g}/s, engine {mode}; sipp rc={proc.returncode}, "
        f"{len(incoming)} incoming, {ended} ended, {elapsed:.1f} s"
    )
    print(_summary("INVITE -> 180 at sipp", rtts))
    print(_summary("engine: INVITE callback -> RINGING event", engine_ms))
    if args.keep:
        print(f"work folder: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if proc.returncode == 0 and len(rtts) == args.calls else 1


if __name__ == "__main__":
    sys.exit(main())
