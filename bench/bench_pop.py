"""Screen-pop latency, cold start and idle memory of the desk program.

    python -m bench.bench_pop [--calls 100] [--number 83432700070] [--platform xcb]
                              [--pulse] [--settle 45] [--library-cache warm|cold]

Starts ``operator-desk`` (offscreen, or on an Xvfb display this benchmark starts and
stops with ``--platform xcb``; its own port, a journal), measures cold start to
``desk_ready`` and idle RSS (3 s after ``desk_ready``, with where it goes: the Python
and C heaps, shared libraries' pages), then sipp rings it ``--calls`` times (each call
rings ~0.4 s and is cancelled) and reports INVITE (as sipp sent it, from sipp's message
trace) → ``screen_pop_painted`` (from the desk's journal): median, p95, max, and RSS
1 s and ``--settle`` s after the calls (pjsip holds a call's transactions ~32 s).
``--pulse`` runs a private PulseAudio server, as an operator's PC has one. The desk gets
a private library cache: ``warm`` (the default, as on every start after the first with an
unchanged library) starts the desk once beforehand to fill it; ``cold`` measures a start
whose library a helper process reads and parses (a new desk, or a changed library).
Prints figures; asserts nothing. Uses the operator's settings (audio on, by default).
"""

from __future__ import annotations

import argparse
import contextlib
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

from bench import rss_mib

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


def rss_parts(pid: int) -> str:
    """Resident MiB by kind: anonymous (heaps, Python objects), files (libraries' pages)."""
    anon = files = 0
    biggest: dict[str, int] = {}
    name = ""
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 5 and "-" in parts[0] and ":" in parts[3]:
            name = parts[5] if len(parts) > 5 else ""
        elif line.startswith("Rss:"):
            kib = int(parts[1])
            if name.startswith("/"):
                files += kib
                lib = name.rsplit("/", 1)[-1]
                biggest[lib] = biggest.get(lib, 0) + kib
            else:
                anon += kib
    top = sorted(biggest.items(), key=lambda kv: -kv[1])[:6]
    libs = ", ".join(f"{lib.split('.so')[0]} {kib / 1024:.1f}" for lib, kib in top)
    return f"anonymous {anon / 1024:.1f}, mapped files {files / 1024:.1f} (largest: {libs})"


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """End a process this benchmark started, by its PID."""
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def fill_library_cache(command: list[str], env: dict[str, str], journal: Path,
                       cache: Path) -> None:
    """Start the desk once, until it has cached the scripts library, as yesterday's shift did."""
    desk = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_event(journal, "desk_ready", desk, 30)
        deadline = time.monotonic() + 30
        while not list(cache.glob("library/*.pickle")):
            if time.monotonic() > deadline:
                raise SystemExit("the desk did not cache the scripts library within 30 s")
            time.sleep(0.05)
    finally:
        stop_process(desk)  # the desk this benchmark started
    journal.unlink()


def start_xvfb(tmpdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        raise SystemExit("Xvfb not found: install Debian's xvfb (make test does)")
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            break
    else:
        raise SystemExit("no free X display number in :90-:139")
    proc = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=(tmpdir / "xvfb.log").open("wb"))
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"Xvfb :{n} did not start: {(tmpdir / 'xvfb.log').read_text()}")
        time.sleep(0.05)
    return proc, f":{n}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--number", default="83432700070", help="the hotline sipp dials")
    parser.add_argument("--platform", choices=("offscreen", "xcb"), default="offscreen",
                        help="Qt platform: offscreen, or xcb on an Xvfb display started here")
    parser.add_argument("--settle", type=float, default=45.0,
                        help="also measure RSS this long after the calls (0: do not)")
    parser.add_argument("--pulse", action="store_true",
                        help="give the desk a private PulseAudio server (null sinks), as on an "
                             "operator's PC: its headset streams then run while it idles")
    parser.add_argument("--exe", type=Path,
                        help="the desk to measure, e.g. the PyInstaller bundle "
                             "dist/operator-desk/operator-desk (default: this venv's)")
    parser.add_argument("--library-cache", choices=("warm", "cold"), default="warm",
                        help="start with the scripts library cached by an earlier start "
                             "(warm) or with an empty cache (cold)")
    args = parser.parse_args(argv)
    sipp = shutil.which("sipp")
    if not sipp:
        raise SystemExit("sipp not found: install Debian's sip-tester (make test does)")
    exe = args.exe or Path(sys.executable).parent / "operator-desk"
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as helpers:
        tmpdir = Path(tmp)
        journal = tmpdir / "events.jsonl"
        port = free_port()
        env = {**os.environ, "QT_QPA_PLATFORM": args.platform}
        if args.platform == "xcb":
            xvfb, env["DISPLAY"] = start_xvfb(tmpdir)
            helpers.callback(stop_process, xvfb)  # the Xvfb this benchmark started
        if args.pulse:
            from bench.bench_audio import PulseServer

            pulse = PulseServer(tmpdir / "pulse")
            pulse.workdir.mkdir()
            helpers.callback(pulse.stop)
            pulse.start()
            env.update(pulse.env)
        env["OPERATOR_DESK_CACHE_DIR"] = str(tmpdir / "cache")
        command = [str(exe), "--sip-listen", f"127.0.0.1:{port}", "--event-log", str(journal),
                   "--operator", "Анна"]
        if args.library_cache == "warm":
            fill_library_cache(command, env, journal, tmpdir / "cache")
        spawned = time.time_ns()
        desk = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        helpers.callback(stop_process, desk)  # the desk this benchmark started
        ready = wait_event(journal, "desk_ready", desk, 30)
        cold_ms = (ready["ts_ns"] - spawned) / 1e6
        time.sleep(3)
        idle_rss = rss_mib(desk.pid)
        idle_parts = rss_parts(desk.pid)
        messages = tmpdir / "sipp-messages.log"
        run = subprocess.run(
            [sipp, "-sf", str(HERE / "scenarios" / "ring_cancel.xml"), "-s", args.number,
             "-i", "127.0.0.1", "-p", str(free_port()), "-m", str(args.calls), "-l", "1",
             "-r", "2", "-timeout", f"{args.calls * 2 + 30}s", "-nostdin",
             "-trace_msg", "-message_file", str(messages), f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp, check=False)
        time.sleep(1)
        busy_rss = rss_mib(desk.pid)
        busy_parts = rss_parts(desk.pid)
        settled_rss = float("nan")
        if args.settle > 0:  # pjsip frees a call's transactions ~32 s after it ended
            time.sleep(args.settle)
            settled_rss = rss_mib(desk.pid)
        helpers.close()  # stop them before reading the desk's journal to the end
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
    print(f"  cold start (exec -> desk_ready)     {cold_ms:6.0f} ms   "
          f"(library cache {args.library_cache})")
    where = args.platform + (", PulseAudio" if args.pulse else "")
    print(f"  RSS idle after start ({where})  {idle_rss:6.1f} MiB")
    print(f"    {idle_parts}")
    print(f"  RSS after {args.calls} calls              {busy_rss:6.1f} MiB")
    print(f"    {busy_parts}")
    if args.settle > 0:
        print(f"  RSS {args.settle:.0f} s after the calls       {settled_rss:6.1f} MiB")


if __name__ == "__main__":
    main()
