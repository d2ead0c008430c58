"""Start-up time of the desk, bundle vs. source: prints a table of medians.

    .venv/bin/python packaging/measure_startup.py [--bundle dist/operator-desk/operator-desk]
        [--runs 10]

Measures the wall time of ``--version`` and ``library list --json`` (run to completion)
and the time from exec to ``desk_ready`` in the event log (window shown, engine started
on loopback), with QT_QPA_PLATFORM=offscreen unless a display is set.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def to_window(cmd: list[str], runs: int, env: dict[str, str], port: int) -> float:
    times = []
    for i in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            events = Path(tmp) / "events.jsonl"
            run_env = dict(env, OPERATOR_DESK_USER_CONFIG=str(Path(tmp) / "none.toml"),
                           OPERATOR_DESK_MACHINE_CONFIG=str(Path(tmp) / "none-machine.toml"),
                           OPERATOR_DESK_LOG_DIR=tmp)
            t0 = time.perf_counter()
            proc = subprocess.Popen([*cmd, "--event-log", str(events), "--sip-listen",
                                     f"127.0.0.1:{port + i}"], env=run_env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                deadline = t0 + 30
                while time.perf_counter() < deadline:
                    if events.exists() and "desk_ready" in events.read_text(encoding="utf-8"):
                        times.append(time.perf_counter() - t0)
                        break
                    if proc.poll() is not None:
                        raise SystemExit(f"{cmd[0]} exited with {proc.returncode} before desk_ready")
                    time.sleep(0.005)
                else:
                    raise SystemExit(f"{cmd[0]}: no desk_ready within 30 s")
            finally:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "operator-desk" / "operator-desk")
    parser.add_argument("--source", default=str(ROOT / ".venv" / "bin" / "operator-desk"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    results: dict[str, dict[str, float]] = {}
    for label, exe in (("source", [args.source]), ("bundle", [str(args.bundle)])):
        results[label] = {
            "--version": wall([*exe, "--version"], args.runs, env),
            "library list --json": wall([*exe, "library", "list", "--json"], args.runs, env),
            "exec -> desk_ready": to_window(exe, max(3, args.runs // 2), env,
                                            25070 if label == "source" else 26070),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'median ms':<24}{'source':>10}{'bundle':>10}")
    for what in results["source"]:
        print(f"{what:<24}{results['source'][what]:>10.0f}{results['bundle'][what]:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
