"""Soak: sequential calls with hold, resume and blind transfer; lost/hung calls, RSS, fds.

    python -m bench.bench_soak [--calls 1000] [--transfer-every 4] [--poll-ms 5]
                               [--timeout S] [--log-level 3] [--trace-msg] [--keep]

One sipp process (a UAC on 127.0.0.1, ``-m N -l 1``: one call at a time, the next as
soon as the previous ends) plays ``bench/scenarios/soak_hold_transfer.xml`` against a
PjsuaEngine (null audio, pjsua log in a temporary folder). This script polls the engine
from its one thread and reacts to the events like the desk would: IncomingCall ->
answer; ACTIVE -> hold; HELD -> unhold; ACTIVE again -> every ``--transfer-every``-th
call a blind transfer (the caller answers 202 and NOTIFYs sipfrag 100, then 200; the
engine then hangs up itself), the others a hang-up. Commands are queued by the event
sink and run after ``poll()`` returns, never inside a pjsua2 callback (there, e.g., the
ACK of the re-INVITE has not been sent yet).

Figures: calls offered / answered / held / resumed / transferred / ended (by reason),
lost (INVITEs sipp sent that got no 200, or that never reached the engine as an
IncomingCall), hung (calls the engine still holds at the end: ``len(engine.calls)``,
plus calls this script saw start but never end), sipp's successful and failed calls;
RSS (VmRSS), open fds, threads and Python objects before the first call, after the
warm-up (10 % of the calls) and at the end; time and calls per second; INVITE -> 180
(engine: IncomingCall.ts_ns -> RINGING event; sipp: its own response time, 1 ms
resolution). Prints a table, asserts nothing, exits 0 (unless sipp is missing: 2).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import ctypes
import gc
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import proc_status
from operator_desk.core.calls import (
    CallEnded,
    CallState,
    CallStateChanged,
    EngineError,
    IncomingCall,
    TransferProgress,
    TransferStarted,
)
from operator_desk.sip.engine import EngineConfig, SipEngineError, UnknownCallError
from operator_desk.sip.pjsua import PjsuaEngine

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "bench" / "scenarios" / "soak_hold_transfer.xml"
TARGET = "sip:+74950007777@127.0.0.1:5999"
"""Where blind transfers go (the caller only reports a result; nobody listens there)."""
_RETRY_S = 0.01
_MAX_ATTEMPTS = 50
"""A command that raises SipEngineError (e.g. a re-INVITE still pending) is retried
this many times, every ``_RETRY_S``; then it counts as failed."""


# -- measurements ---------------------------------------------------------------------
def _free_port(*, even: bool = False) -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if even:
            port &= ~1
        if 1024 < port < 65000:
            return port
    raise RuntimeError("no free port on 127.0.0.1")


@dataclass(frozen=True, slots=True)
class Snapshot:
    label: str
    calls_done: int
    rss_kib: int
    fds: int
    threads: int
    py_objects: int
    conf_ports: int
    """Conference-bridge slots in use (pjsua's ``mediaActivePorts``); -1 unknown."""
    t: float

    @classmethod
    def take(cls, label: str, calls_done: int, engine: PjsuaEngine | None = None) -> Snapshot:
        conf_ports = -1
        ep = engine.endpoint if engine is not None else None  # the pj.Endpoint
        if ep is not None:
            with contextlib.suppress(Exception):
                conf_ports = int(ep.mediaActivePorts())
        return cls(
            label=label,
            calls_done=calls_done,
            rss_kib=proc_status("VmRSS"),
            fds=len(os.listdir("/proc/self/fd")),
            threads=proc_status("Threads"),
            py_objects=len(gc.get_objects()),
            conf_ports=conf_ports,
            t=time.monotonic(),
        )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _latency(label: str, values_ms: list[float]) -> str:
    if not values_ms:
        return f"{label:<38} no samples"
    return (
        f"{label:<38} n={len(values_ms)}  median {statistics.median(values_ms):.2f} ms  "
        f"p95 {_pct(values_ms, 0.95):.2f} ms  max {max(values_ms):.2f} ms"
    )


def _quietly(start: Callable[[], None]) -> None:
    """Run ``start`` with file descriptor 1 sent to /dev/null (pjlib's start-up lines)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 1)
        start()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _die_with_parent() -> None:
    """In the sipp child before exec: SIGKILL it should the engine process die (abort)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


# -- the desk's side -------------------------------------------------------------------
@dataclass(slots=True)
class _Track:
    number: int
    """1-based order in which the engine offered the call."""
    invite_ns: int
    states: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Action:
    kind: str
    handle: int
    not_before: float = 0.0
    attempts: int = 0


class SoakDesk:
    """The event sink and the commands it queues; counts everything it sees."""

    def __init__(self, transfer_every: int) -> None:
        self.engine: PjsuaEngine | None = None
        self.transfer_every = transfer_every
        self.live: dict[int, _Track] = {}
        self.actions: collections.deque[_Action] = collections.deque()
        self.counts: collections.Counter[str] = collections.Counter()
        self.ended_by: collections.Counter[str] = collections.Counter()
        self.end_codes: collections.Counter[int] = collections.Counter()
        self.command_errors: collections.Counter[str] = collections.Counter()
        self.engine_errors: list[str] = []
        self.incomplete: list[str] = []
        """Calls that ended without going through answer/hold/resume/end: their story."""
        self.ring_ms: list[float] = []
        self.call_ms: list[float] = []

    @property
    def ended(self) -> int:
        return self.counts["ended"]

    # The sink runs inside pjsua2 callbacks: record and queue, nothing else.
    def __call__(self, event: object) -> None:
        self.counts["event." + type(event).__name__] += 1
        if isinstance(event, IncomingCall):
            self.counts["offered"] += 1
            self.live[event.engine_call] = _Track(self.counts["offered"], event.ts_ns)
            self.actions.append(_Action("answer", event.engine_call))
        elif isinstance(event, CallStateChanged):
            track = self.live.get(event.engine_call)
            if track is None:
                self.counts["state_event_for_unknown_call"] += 1
                return
            track.states.append(event.new.name)
            if event.new is CallState.RINGING:
                self.ring_ms.append((event.ts_ns - track.invite_ns) / 1e6)
            elif event.new is CallState.ACTIVE and event.old is CallState.HELD:
                self.counts["resumed"] += 1
                transfer = track.number % self.transfer_every == 0
                self.actions.append(_Action("transfer" if transfer else "hangup", event.engine_call))
            elif event.new is CallState.ACTIVE:
                self.counts["answered"] += 1
                self.actions.append(_Action("hold", event.engine_call))
            elif event.new is CallState.HELD:
                self.counts["held"] += 1
                self.actions.append(_Action("unhold", event.engine_call))
        elif isinstance(event, CallEnded):
            self.counts["ended"] += 1
            self.ended_by[event.reason.value] += 1
            self.end_codes[event.sip_code] += 1
            track = self.live.pop(event.engine_call, None)
            if track is None:
                self.counts["ended_unknown_call"] += 1
                return
            self.call_ms.append((event.ts_ns - track.invite_ns) / 1e6)
            expected = ["RINGING", "CONNECTING", "ACTIVE", "HELD", "ACTIVE", "ENDED"]
            if track.states != expected and len(self.incomplete) < 20:
                self.incomplete.append(
                    f"call #{track.number} (engine {event.engine_call}): "
                    f"{'>'.join(track.states)} {event.reason.value} {event.sip_code} {event.sip_reason}"
                )
            if track.states != expected:
                self.counts["incomplete"] += 1
        elif isinstance(event, TransferStarted):
            self.counts["transfer_started"] += 1
        elif isinstance(event, TransferProgress) and event.final:
            self.counts["transfer_ok" if event.ok else "transfer_failed"] += 1
            if not event.ok and len(self.engine_errors) < 20:
                self.engine_errors.append(
                    f"transfer of {event.engine_call} failed: {event.code} {event.reason}"
                )
        elif isinstance(event, EngineError) and len(self.engine_errors) < 20:
            self.engine_errors.append(f"EngineError {event.where}: {event.message}")

    def run_actions(self) -> None:
        """Run the queued commands (on the polling thread, outside pjsua2 callbacks)."""
        engine = self.engine
        assert engine is not None
        now = time.monotonic()
        for _ in range(len(self.actions)):
            action = self.actions.popleft()
            if action.not_before > now:
                self.actions.append(action)
                continue
            try:
                if action.kind == "answer":
                    engine.answer(action.handle)
                elif action.kind == "hold":
                    engine.hold(action.handle)
                elif action.kind == "unhold":
                    engine.unhold(action.handle)
                elif action.kind == "transfer":
                    engine.transfer_blind(action.handle, TARGET)
                else:
                    engine.hangup(action.handle)
                self.counts["cmd." + action.kind] += 1
            except UnknownCallError:
                self.command_errors[f"{action.kind}: call gone"] += 1
            except SipEngineError as exc:
                action.attempts += 1
                if action.attempts < _MAX_ATTEMPTS:
                    self.counts["cmd_retries"] += 1
                    action.not_before = now + _RETRY_S
                    self.actions.append(action)
                else:
                    self.command_errors[f"{action.kind}: {exc}"[:120]] += 1


# -- sipp's side ----------------------------------------------------------------------
def _last_csv_row(path: Path) -> dict[str, str]:
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as file:
            rows = list(csv.DictReader(file, delimiter=";"))
    except OSError:
        return {}
    return rows[-1] if rows else {}


def _int(row: dict[str, str], key: str) -> int | None:
    value = (row.get(key) or "").strip()
    return int(value) if value.isdigit() else None


def _sipp_rtts(work: Path) -> list[float]:
    rtts: list[float] = []
    for path in work.glob("*_rtt.csv"):
        with path.open(newline="") as file:
            for row in csv.DictReader(file, delimiter=";"):
                value = row.get("response_time") or row.get("response_time_ms")
                with contextlib.suppress(TypeError, ValueError):
                    rtts.append(float(value))  # type: ignore[arg-type]
    return rtts


def _sipp_counts(work: Path) -> dict[str, int]:
    """Per-message totals from sipp's -trace_counts file (last row), e.g. '1_INVITE_Sent'."""
    for path in work.glob("*_counts.csv"):
        row = _last_csv_row(path)
        return {k: v for k, v in ((k, _int(row, k)) for k in row if k) if v is not None}
    return {}


def _message_total(counts: dict[str, int], suffix: str) -> int:
    return sum(v for k, v in counts.items() if k.endswith(suffix))


# -- the run ----------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--transfer-every", type=int, default=4, help="blind-transfer every k-th call")
    parser.add_argument("--rate", type=float, default=0.0, help="calls/s offered by sipp (0: back to back)")
    parser.add_argument("--poll-ms", type=int, default=5, help="engine.poll(timeout_ms)")
    parser.add_argument("--timeout", type=float, default=0.0, help="global limit, s (0: 60 + 0.5 s/call)")
    parser.add_argument("--log-level", type=int, default=3, help="pjsua log level (file)")
    parser.add_argument("--trace-msg", action="store_true", help="keep sipp's message trace")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--child", metavar="WORK", help=argparse.SUPPRESS)
    return parser


def _limit_s(args: argparse.Namespace) -> float:
    return float(args.timeout or 60.0 + 0.5 * max(1, args.calls))


def main(argv: list[str] | None = None) -> int:
    """Run the soak in a child process, so that an engine that aborts (a pjlib assertion,
    an exception escaping a callback) is reported with what was measured until then."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    if args.child:
        return _child(args, Path(args.child))
    if shutil.which("sipp") is None:
        print("sipp not found on PATH (Debian package sip-tester): soak benchmark not run")
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    stderr_path = work / "child.stderr"
    sys.stdout.flush()
    with stderr_path.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.bench_soak", *argv, "--child", str(work)],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            rc = child.wait(_limit_s(args) + 60)
        except subprocess.TimeoutExpired:
            child.kill()  # the child we started, by its PID (its sipp dies with it)
            rc = child.wait(10)
    stderr = stderr_path.read_text(errors="replace")
    if rc == 0 and not args.keep and not (work / "keep").exists():
        if stderr.strip():
            print(stderr[-2000:], file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        return 0
    if rc != 0:
        _report_crash(rc, work, stderr)
    print(f"work folder (pjsua.log, sipp files, progress.log): {work}")
    return 0


def _report_crash(rc: int, work: Path, stderr: str) -> None:
    how = f"killed by {signal.Signals(-rc).name}" if rc < 0 else f"exit code {rc}"
    print(f"\nENGINE PROCESS DIED ({how}); nothing after this point was measured.")
    progress = work / "progress.log"
    if progress.exists():
        lines = progress.read_text(errors="replace").splitlines()
        print("  progress (last lines):")
        for line in lines[-6:]:
            print(f"    {line}")
    stat = _last_csv_row(work / "stat.csv")
    if stat:
        print(
            "  sipp at its last stat dump: created {} successful {} failed {} current {}".format(
                stat.get("TotalCallCreated"),
                stat.get("SuccessfulCall(C)"),
                stat.get("FailedCall(C)"),
                stat.get("CurrentCall"),
            )
        )
    if stderr.strip():
        print("  stderr of the engine process (tail):")
        for line in stderr.strip().splitlines()[-8:]:
            print(f"    {line}")


def _child(args: argparse.Namespace, work: Path) -> int:
    calls = max(1, args.calls)
    transfer_every = max(1, args.transfer_every)
    limit_s = _limit_s(args)
    sipp = shutil.which("sipp") or "sipp"
    progress_log = (work / "progress.log").open("a", buffering=1, encoding="utf-8")

    def progress(text: str) -> None:
        progress_log.write(f"{time.strftime('%H:%M:%S')} {text}\n")

    desk = SoakDesk(transfer_every)
    engine = PjsuaEngine(
        EngineConfig(
            listen_host="127.0.0.1",
            listen_port=0,
            max_calls=4,
            log_file=work / "pjsua.log",
            log_level=args.log_level,
        ),
        desk,
    )
    desk.engine = engine
    proc: subprocess.Popen[bytes] | None = None
    snaps: list[Snapshot] = []
    series: list[Snapshot] = []
    timed_out = False
    engine_hung = -1
    hung_detail: list[str] = []
    crash: str | None = None
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    elapsed = 0.0
    _quietly(engine.start)  # pjlib prints a few lines to stdout before its log config applies
    try:
        for _ in range(20):  # let start-up settle before the baseline
            engine.poll(5)
        gc.collect()
        snaps.append(Snapshot.take("before first call", 0, engine))
        progress(f"engine on 127.0.0.1:{engine.listen_port}; {snaps[-1]}")
        cmd = [
            sipp, "-sf", str(SCENARIO), "-i", "127.0.0.1", "-p", str(_free_port()),
            "-mp", str(_free_port(even=True)),
            "-m", str(calls), "-l", "1", "-r", f"{args.rate or 1000:g}",
            "-timeout", f"{int(limit_s)}s", "-timeout_error", "-nostdin",
            "-trace_stat", "-stf", str(work / "stat.csv"), "-fd", "1",
            "-trace_counts", "-trace_rtt", "-rtt_freq", "1",
            "-trace_err", "-error_file", str(work / "errors.log"),
            *(["-trace_msg", "-message_file", str(work / "messages.log")] if args.trace_msg else []),
            f"127.0.0.1:{engine.listen_port}",
        ]  # fmt: skip
        with (work / "sipp.out").open("wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=work,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        progress(f"sipp pid {proc.pid} started: {' '.join(cmd)}")
        started = time.monotonic()
        deadline = started + limit_s
        warmup_at = max(1, calls // 10)
        next_mark = warmup_at
        while True:
            engine.poll(args.poll_ms)
            desk.run_actions()
            if desk.ended >= next_mark:
                series.append(Snapshot.take(f"{desk.ended}", desk.ended, engine))
                snap = series[-1]
                progress(
                    f"{snap.calls_done} calls ended: RSS {snap.rss_kib} KiB, fds {snap.fds}, "
                    f"threads {snap.threads}, conf ports {snap.conf_ports}, live {len(desk.live)}, "
                    f"offered {desk.counts['offered']}, incomplete {desk.counts['incomplete']}"
                )
                if len(snaps) == 1:
                    snaps.append(Snapshot.take(f"after warm-up ({desk.ended} calls)", desk.ended, engine))
                next_mark += warmup_at
            if proc.poll() is not None:
                break
            if time.monotonic() > deadline:
                timed_out = True
                break
        elapsed = time.monotonic() - started
        # Let the last call's messages settle (a BYE retransmission, a late event).
        drain_until = time.monotonic() + 2.0
        while time.monotonic() < drain_until and (desk.live or desk.actions or len(engine.calls)):
            engine.poll(args.poll_ms)
            desk.run_actions()
        if proc.poll() is None:
            proc.kill()  # this very sipp process, by its PID
            proc.wait(5)
        for _ in range(10):
            engine.poll(5)
        engine_hung = len(engine.calls)  # the engine's live call table
        hung_detail = [
            f"engine call {r.handle}: {r.state.name}, call-id {r.call_id}"
            for r in engine.calls.records()[:10]
        ]
        gc.collect()
        snaps.append(Snapshot.take(f"end ({desk.ended} calls)", desk.ended, engine))
    except BaseException as exc:  # report what we have; KeyboardInterrupt included
        crash = f"{type(exc).__name__}: {exc}"
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        engine.shutdown()
    gc.collect()
    snaps.append(Snapshot.take("after engine shutdown", desk.ended))
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    desk.engine = None

    # -- sipp's figures ----------------------------------------------------------------
    stat = _last_csv_row(work / "stat.csv")
    created = _int(stat, "TotalCallCreated")
    success = _int(stat, "SuccessfulCall(C)")
    failed = _int(stat, "FailedCall(C)")
    current = _int(stat, "CurrentCall")
    counts = _sipp_counts(work)
    invites_sent = next((v for k, v in counts.items() if k.endswith("_INVITE_Sent")), 0)
    # The first "200" the scenario receives is the INVITE's answer.
    ok_received = next((v for k, v in counts.items() if k.endswith("_200_Recv")), 0)
    unexpected = _message_total(counts, "_Unexp")
    retrans = _message_total(counts, "_Retrans")
    timeouts = _message_total(counts, "_Timeout")
    errors_log = work / "errors.log"
    sipp_errors = errors_log.read_text(errors="replace") if errors_log.exists() else ""

    # -- the table ----------------------------------------------------------------------
    c = desk.counts
    lost_sipp = max(0, invites_sent - ok_received) if counts else None
    missing = max(0, (created or 0) - c["offered"])
    hung = max(engine_hung, 0) + len(desk.live)
    rc = proc.returncode if proc is not None else None
    print(
        f"soak: {calls} sequential calls (sipp -m {calls} -l 1), hold + resume each, "
        f"blind transfer every {transfer_every}th, engine.poll({args.poll_ms})"
    )
    rows: list[tuple[str, object]] = [
        ("sipp calls created / successful / failed", f"{created} / {success} / {failed}"),
        ("sipp calls still current at its end", current),
        ("sipp exit code", f"{rc}{'  (killed at the global timeout)' if timed_out else ''}"),
        ("sipp INVITEs sent / 200 OK received", f"{invites_sent} / {ok_received}"),
        ("sipp unexpected msgs / retransmissions / timeouts", f"{unexpected} / {retrans} / {timeouts}"),
        ("calls offered (IncomingCall)", c["offered"]),
        ("answered (-> ACTIVE)", c["answered"]),
        ("held (-> HELD)", c["held"]),
        ("resumed (HELD -> ACTIVE)", c["resumed"]),
        (
            "transfers started / done / failed",
            f"{c['transfer_started']} / {c['transfer_ok']} / {c['transfer_failed']}",
        ),
        ("ended (CallEnded)", c["ended"]),
        *((f"  ended {reason}", n) for reason, n in sorted(desk.ended_by.items())),
        ("  end SIP codes", dict(sorted(desk.end_codes.items()))),
        ("calls off the script (incomplete)", c["incomplete"]),
        ("LOST: INVITE without 200 at sipp", lost_sipp),
        ("LOST: created by sipp, no IncomingCall", missing),
        ("HUNG: engine.calls at end / unended here", f"{max(engine_hung, 0)} / {len(desk.live)}"),
        ("=> lost / hung calls", f"{(lost_sipp or 0) + missing} / {hung}"),
        ("command retries / failures", f"{c['cmd_retries']} / {sum(desk.command_errors.values())}"),
        ("EngineError events", c["event.EngineError"]),
        ("time (first INVITE to sipp's exit)", f"{elapsed:.1f} s"),
        ("calls per second", f"{c['ended'] / elapsed:.1f}" if elapsed else "-"),
        (
            "CPU: this process / sipp",
            f"{cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime:.1f} s / "
            f"{children.ru_utime + children.ru_stime:.1f} s",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")

    print()
    print(
        f"  {'resources':<30}{'calls':>7}{'RSS MiB':>10}{'fds':>6}{'threads':>9}"
        f"{'py objects':>12}{'conf ports':>12}"
    )
    for s in snaps:
        print(
            f"  {s.label:<30}{s.calls_done:>7}{s.rss_kib / 1024:>10.1f}{s.fds:>6}{s.threads:>9}"
            f"{s.py_objects:>12}{s.conf_ports:>12}"
        )
    if len(snaps) >= 3 and snaps[1].label.startswith("after warm-up"):
        warm, end = snaps[1], next(s for s in snaps if s.label.startswith("end"))
        per_call = (end.rss_kib - warm.rss_kib) / max(1, end.calls_done - warm.calls_done)
        print(
            f"  growth warm-up -> end: RSS {(end.rss_kib - warm.rss_kib) / 1024:+.1f} MiB "
            f"({per_call:+.2f} KiB/call), fds {end.fds - warm.fds:+d}, "
            f"py objects {end.py_objects - warm.py_objects:+d}"
        )
    if series:
        print("  RSS MiB every 10 %:    " + " ".join(f"{s.rss_kib / 1024:.1f}" for s in series))
        print("  conf ports every 10 %: " + " ".join(str(s.conf_ports) for s in series))

    print()
    print("  " + _latency("INVITE -> 180, engine (event ts)", desk.ring_ms))
    print("  " + _latency("INVITE -> 180, sipp (1 ms resolution)", _sipp_rtts(work)))
    print("  " + _latency("INVITE -> CallEnded, engine", desk.call_ms))

    problems = [
        *([f"crash: {crash}"] if crash else []),
        *desk.incomplete[:10],
        *hung_detail,
        *(
            f"call #{t.number} (engine {h}) never ended: {'>'.join(t.states)}"
            for h, t in list(desk.live.items())[:10]
        ),
        *(f"command failed x{n}: {what}" for what, n in desk.command_errors.most_common(10)),
        *desk.engine_errors[:10],
    ]
    if sipp_errors.strip():
        problems.append("sipp errors.log (tail):\n" + sipp_errors[-1500:])
    if problems:
        print("\nproblems:")
        for line in problems:
            print(f"  - {line}")
    progress("done")
    progress_log.close()
    if problems:
        (work / "keep").touch()
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
