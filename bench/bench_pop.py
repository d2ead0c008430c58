"""Screen-pop latency, cold start and idle memory of the desk program.

    python -m bench.bench_pop [--calls 100] [--number 83432700070]

Starts ``operator-desk`` (offscreen, its own port, a journal), measures cold start to
``desk_ready`` and idle RSS, then sipp rings it ``--calls`` times (each call rings
~0.4 s and is cancelled) and reports INVITE (as sipp sent it, from sipp's message trace)
→ ``screen_pop_painted`` (from the desk's journal): median, p95, max.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent
_STAMP = re.compile(r"^-+ (\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2}\.\d+)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def journal_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_event(path: Path, event: str, proc: subprocess.Popen[bytes], timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the desk exited with {proc.returncode}")
        for e in journal_events(path):
            if e["event"] == event:
                return e
        time.sleep(0.005)
    raise SystemExit(f"no {event} within {timeout} s")


def invite_send_times(message_log: Path) -> dict[str, int]:
    """Call-ID -> wall-clock ns when sipp sent its INVITE (first transmission)."""
    sent: dict[str, int] = {}
    stamp = 0
    lines = message_log.read_text(errors="replace").splitlines()
    for i, line in enumerate(lines):
        m = _STAMP.match(line)
        if m:
            stamp = int(datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}").timestamp() * 1e9)
            continue
        if "message sent" in line and i + 2 < len(lines) and lines[i + 2].startswith("INVITE"):
            for follow in lines[i + 2: i + 20]:
                if follow.lower().startswith("call-id:"):
                    sent.setdefault(follow.split(":", 1)[1].strip(), stamp)
                    break
    return sent


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--number", default="83432700070", help="the hotline sipp dials")
    args = parser.parse_args(argv)
    sipp = shutil.which("sipp")
    if not sipp:
        raise SystemExit("sipp not found: install Debian's sip-tester (make test does)")
    exe = Path(sys.executable).parent / "operator-desk"
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        journal = tmpdir / "events.jsonl"
        port = free_port()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        spawned = time.time_ns()
        desk = subprocess.Popen([str(exe), "--sip-listen", f"127.0.0.1:{port}",
                                 "--event-log", str(journal), "--operator", "Анна"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ready = wait_event(journal, "desk_ready", desk, 30)
            cold_ms = (ready["ts_ns"] - spawned) / 1e6
            time.sleep(3)
            idle_rss = rss_mib(desk.pid)
            messages = tmpdir / "sipp-messages.log"
            run = subprocess.run(
                [sipp, "-sf", str(HERE / "scenarios" / "ring_cancel.xml"), "-s", args.number,
                 "-i", "127.0.0.1", "-p", str(free_port()), "-m", str(args.calls), "-l", "1",
                 "-r", "2", "-timeout", f"{args.calls * 2 + 30}s", "-nostdin",
                 "-trace_msg", "-message_file", str(messages), f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp, check=False)
            time.sleep(1)
            busy_rss = rss_mib(desk.pid)
        finally:
            desk.terminate()  # the desk this benchmark started, by its PID
            desk.wait(30)
        sent = invite_send_times(messages)
        painted = {e["call_id"]: e["ts_ns"] for e in journal_events(journal)
                   if e["event"] == "screen_pop_painted"}
        latencies = sorted((painted[c] - sent[c]) / 1e6 for c in painted if c in sent)
    if not latencies:
        raise SystemExit(f"no pops measured (sipp exit {run.returncode})")
    p95 = latencies[min(len(latencies) - 1, round(0.95 * len(latencies)) - 1)]
    print(f"screen-pop: {len(latencies)} of {args.calls} calls painted (sipp exit {run.returncode})")
    print(f"  INVITE sent -> screen_pop_painted  median {statistics.median(latencies):6.1f} ms"
          f"   p95 {p95:6.1f} ms   max {latencies[-1]:6.1f} ms")
    print(f"  cold start (exec -> desk_ready)     {cold_ms:6.0f} ms")
    print(f"  RSS idle after start                {idle_rss:6.1f} MiB")
    print(f"  RSS after {args.calls} calls              {busy_rss:6.1f} MiB")


if __name__ == "__main__":
    main()
