"""Fixtures for SIP tests: a real pjsua2 engine on 127.0.0.1, real sipp peers and a
real kamailio registrar (:mod:`tests.sip.kamailio`).

The engine is polled by the test's own thread (as the app's engine thread does), so
waiting for anything means polling it: see :meth:`EngineHarness.poll_until`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from operator_desk.sip.engine import EngineConfig
from operator_desk.sip.journal import CallJournal

from .kamailio import Kamailio

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SCENARIOS = Path(__file__).parent / "scenarios"
SIPP_TIMEOUT_S = 15
OPERATOR = "1001"
OPERATOR_PASSWORD = "s3cret-Пароль"
E = TypeVar("E")


class ManualClock:
    """An engine clock the test moves (``PjsuaEngine(..., clock=ManualClock())``)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def sipp_binary() -> str:
    path = shutil.which("sipp")
    if path is None:
        pytest.fail(
            "sipp is not on PATH: install the Debian package sip-tester "
            "(bash scripts/setup-system.sh) to run the SIP tests",
            pytrace=False,
        )
    return path


def free_port(*, pair: bool = False) -> int:
    """A port free on 127.0.0.1 for UDP and TCP (and port+2 when ``pair``)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
        if pair and port % 2:
            port -= 1
        if port < 1024 or port > 65000:
            continue
        ports = (port, port + 1, port + 2, port + 3) if pair else (port,)
        if all(_is_free(p) for p in ports):
            return port
    raise RuntimeError("no free port on 127.0.0.1")


def _is_free(port: int) -> bool:
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def udp_port_bound(port: int) -> bool:
    """Whether some process listens on UDP ``port`` (Linux /proc; binds nothing)."""
    suffix = f":{port:04X}"
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        if any(line.split()[1].endswith(suffix) for line in lines if len(line.split()) > 1):
            return True
    return False


@dataclass
class Sipp:
    """One sipp process (a caller) this test started; killed by PID if still alive."""

    scenario: str
    proc: subprocess.Popen[bytes]
    message_file: Path
    error_file: Path
    stdout_file: Path

    @property
    def done(self) -> bool:
        return self.proc.poll() is not None

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def messages(self) -> str:
        try:
            return self.message_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def report(self) -> str:
        parts = [f"sipp {self.scenario} rc={self.proc.returncode}"]
        for path in (self.error_file, self.stdout_file):
            if path.exists():
                parts.append(f"--- {path.name}:\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()  # this very process, by its PID
            self.proc.wait(5)


@dataclass
class SippFactory:
    tmp_path: Path
    started: list[Sipp] = field(default_factory=list)

    def start(
        self,
        scenario: str,
        target_port: int,
        *,
        target: str | None = "127.0.0.1",
        extra: Sequence[str] = (),
        calls: int = 1,
        cwd: Path | None = None,
        timeout_s: int = SIPP_TIMEOUT_S,
    ) -> Sipp:
        binary = sipp_binary()
        n = len(self.started)
        stem = f"{Path(scenario).stem}-{n}"
        message_file = self.tmp_path / f"{stem}.messages.log"
        error_file = self.tmp_path / f"{stem}.errors.log"
        stdout_file = self.tmp_path / f"{stem}.stdout.log"
        args = [
            binary,
            "-sf", str(SCENARIOS / scenario),
            "-i", "127.0.0.1",
            *(() if "-p" in extra else ("-p", str(free_port()))),
            "-mp", str(free_port(pair=True)),
            "-m", str(calls),
            "-timeout", f"{timeout_s}s",
            "-timeout_error",
            "-nostdin",
            "-trace_msg", "-message_file", str(message_file),
            "-trace_err", "-error_file", str(error_file),
            *extra,
        ]  # fmt: skip
        if target is not None:
            args.append(f"{target}:{target_port}")
        with stdout_file.open("wb") as out:
            proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=cwd or self.tmp_path,
            )
        sipp = Sipp(scenario, proc, message_file, error_file, stdout_file)
        self.started.append(sipp)
        return sipp

    def kill_all(self) -> None:
        for sipp in self.started:
            sipp.kill()


@pytest.fixture
def sipp(tmp_path: Path) -> Iterator[SippFactory]:
    sipp_binary()
    factory = SippFactory(tmp_path)
    try:
        yield factory
    finally:
        factory.kill_all()


class EngineHarness:
    """A started PjsuaEngine whose events are recorded (and journaled)."""

    def __init__(self, tmp_path: Path, config: EngineConfig,
                 clock: Callable[[], float] = time.monotonic) -> None:
        from operator_desk.sip.engine import fan_out
        from operator_desk.sip.pjsua import PjsuaEngine

        self.events: list[object] = []
        self.journal_path = tmp_path / "journal.jsonl"
        self.journal = CallJournal(self.journal_path)
        self.engine = PjsuaEngine(config, fan_out(self.journal, self.events.append), clock)
        self.engine.start()

    @property
    def port(self) -> int:
        return self.engine.listen_port

    def poll_until(
        self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = ""
    ) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what or predicate}; "
                    f"events: {self.events!r}"
                )
            self.engine.poll(5)

    def wait_event(
        self, kind: type[E], where: Callable[[E], bool] = lambda e: True, timeout: float = 10.0
    ) -> E:
        def find() -> E | None:
            for event in self.events:
                if isinstance(event, kind) and where(event):
                    return event
            return None

        found: E = self.poll_until(find, timeout, what=kind.__name__)
        return found

    def wait_sipp(self, sipp: Sipp, timeout: float = SIPP_TIMEOUT_S + 5) -> Sipp:
        self.poll_until(lambda: sipp.done, timeout, what=f"sipp {sipp.scenario} to finish")
        return sipp

    def of(self, kind: type[E], engine_call: int | None = None) -> list[E]:
        return [
            e
            for e in self.events
            if isinstance(e, kind)
            and (engine_call is None or getattr(e, "engine_call", None) == engine_call)
        ]

    def close(self) -> None:
        self.engine.shutdown()
        self.journal.close()


@pytest.fixture
def engine_config(tmp_path: Path) -> EngineConfig:
    return EngineConfig(
        listen_host="127.0.0.1",
        listen_port=0,
        extra_headers=("X-Tenant",),
        log_file=tmp_path / "pjsua.log",
        log_level=4,
    )


@pytest.fixture
def harness(tmp_path: Path, engine_config: EngineConfig) -> Iterator[EngineHarness]:
    h = EngineHarness(tmp_path, engine_config)
    try:
        yield h
    finally:
        h.close()


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    """A kamailio registrar on a free port with user 1001 / password s3cret."""
    folder = tmp_path / "kamailio"
    folder.mkdir()
    registrar = Kamailio(folder, free_port(), {OPERATOR: OPERATOR_PASSWORD}, operator=OPERATOR)
    registrar.start()
    try:
        yield registrar
    finally:
        registrar.stop()
