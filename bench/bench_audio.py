"""CPU, memory and glitches of the audio bridge during a real call.

    python -m bench.bench_audio [--seconds 20] [--idle 5] [--backend pulse|portaudio] [--keep]

Starts a private PulseAudio daemon (null sinks for the headset, a 700 Hz sine source
for the microphone), a minimal pjsua2 receiver in this process that answers and
carries the call through :class:`operator_desk.sip.pjsua.media.AudioBridge`, and the demo
caller (a second pjsua2 process) sending a 1 kHz tone for ``--seconds``. Reports the
process's CPU (% of one core) idle and in the call, RSS, the bridge's underruns and
ring fills. ``--backend`` picks the sound library (libpulse directly, or PortAudio through
ALSA's pulse plugin); by default the desk's own choice. Needs the Debian packages
pulseaudio and pulseaudio-utils.

:class:`PulseServer` and :class:`BridgeReceiver` are also the test fixtures' tools
(``tests/sip/test_audio_bridge.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import rss_mib

REPO = Path(__file__).resolve().parents[1]
HEADSET = ("desk_headset", "Desk Test Headset")
SPEAKERS = ("desk_speakers", "Desk Test Speakers")
MIC = ("desk_mic", "Desk Test Mic")
MIC_HZ = 700


class ToolMissingError(RuntimeError):
    pass


def need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise ToolMissingError(f"{tool} is not on PATH: install the Debian package {package}")
    return path


@dataclass
class PulseServer:
    """A private user-mode PulseAudio daemon with null sinks, killed by its PID."""

    workdir: Path
    sinks: tuple[tuple[str, str], ...] = (HEADSET, SPEAKERS)
    mic: tuple[str, str] = MIC
    default_sink: str = HEADSET[0]
    proc: subprocess.Popen[bytes] | None = None
    recorders: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def socket(self) -> Path:
        return self.workdir / "native"

    @property
    def env(self) -> dict[str, str]:
        return {"PULSE_SERVER": f"unix:{self.socket}"}

    def start(self, timeout: float = 10.0) -> None:
        binary = need("pulseaudio", "pulseaudio")
        need("pactl", "pulseaudio-utils")
        self.workdir.mkdir(parents=True, exist_ok=True)
        lines = [".fail",  # a line that fails stops the daemon: start() reports its log
                 f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1"]
        for name, desc in self.sinks:
            lines.append(f"load-module module-null-sink sink_name={name} rate=48000 "
                         f"sink_properties='device.description=\"{desc}\"'")
        name, desc = self.mic
        lines.append(f"load-module module-sine-source source_name={name} frequency={MIC_HZ} "
                     "rate=16000")
        lines.append(f"update-source-proplist {name} device.description=\"{desc}\"")
        lines.append(f"set-default-sink {self.default_sink}")
        lines.append(f"set-default-source {name}")
        config = self.workdir / "desk-test.pa"
        config.write_text("\n".join(lines) + "\n")
        env = {**os.environ, "HOME": str(self.workdir), "XDG_RUNTIME_DIR": str(self.workdir),
               "XDG_CONFIG_HOME": str(self.workdir / "config")}
        env.pop("PULSE_SERVER", None)
        with (self.workdir / "pulseaudio.log").open("wb") as log:
            self.proc = subprocess.Popen(
                [binary, "--daemonize=no", "--exit-idle-time=-1", "-n", "-F", str(config),
                 "--use-pid-file=no", "--system=no", "--disallow-exit", "--log-level=notice"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if self.pactl("info").returncode == 0:
                return
            time.sleep(0.1)
        log_text = (self.workdir / "pulseaudio.log").read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"PulseAudio did not start:\n{log_text}")

    def pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([need("pactl", "pulseaudio-utils"), *args], capture_output=True,
                              text=True, timeout=5, env={**os.environ, **self.env})

    def record(self, source: str, path: Path, rate: int = 16000) -> subprocess.Popen[bytes]:
        """Raw s16le mono of ``source`` (e.g. ``desk_headset.monitor``) into ``path``."""
        parec = need("parec", "pulseaudio-utils")
        with path.open("wb") as out:
            proc = subprocess.Popen(
                [parec, f"--device={source}", f"--rate={rate}", "--channels=1",
                 "--format=s16le", "--latency-msec=20"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL,
                env={**os.environ, **self.env},
            )  # fmt: skip
        self.recorders.append(proc)
        return proc

    def stop(self) -> None:
        for proc in [*self.recorders, self.proc]:
            if proc is not None and proc.poll() is None:
                proc.terminate()  # this very process, by its PID
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        self.recorders.clear()


class BridgeReceiver:
    """A minimal pjsua2 UAS answering every call through the audio bridge.

    Poll it from the thread that created it (pjsua2's rule).
    """

    def __init__(self, audio_config: Any, log_file: Path | None = None,
                 answer: bool = True) -> None:
        import pjsua2 as pj

        from operator_desk.sip.pjsua.endpoint import endpoint_config
        from operator_desk.sip.pjsua.media import create_call_audio

        self.pj = pj
        self.events: list[object] = []
        self.calls: list[Any] = []
        self.ended: list[int] = []
        self.answered = 0
        self.errors: list[str] = []
        self._answer = answer
        ep = pj.Endpoint()
        ep.libCreate()
        ep.libInit(endpoint_config(log_file=log_file))
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = "127.0.0.1"
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        self.port = int(ep.transportGetInfo(tid).localName.rsplit(":", 1)[1])
        ep.libStart()
        self.ep = ep
        self.audio = create_call_audio(ep, audio_config, self.events.append)
        receiver = self

        class Call(pj.Call):  # type: ignore[misc]
            def onCallState(self, prm: Any) -> None:
                receiver._guard(receiver._on_state, self)

            def onCallMediaState(self, prm: Any) -> None:
                receiver._guard(receiver._on_media, self)

        class Account(pj.Account):  # type: ignore[misc]
            def onIncomingCall(self, prm: Any) -> None:
                receiver._guard(receiver._on_incoming, self, prm)

        self._call_class = Call
        acc_cfg = pj.AccountConfig()
        acc_cfg.idUri = f"sip:desk@127.0.0.1:{self.port}"
        acc_cfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        self.account = Account()
        self.account.create(acc_cfg, True)

    def _guard(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception as exc:  # never into pjsua2
            self.errors.append(repr(exc))

    def _on_incoming(self, account: Any, prm: Any) -> None:
        call = self._call_class(account, prm.callId)
        self.calls.append(call)
        op = self.pj.CallOpParam()
        op.statusCode = 200 if self._answer else 180
        call.answer(op)
        self.answered += self._answer

    def _on_media(self, call: Any) -> None:
        info = call.getInfo()
        for media in info.media:
            if media.type != self.pj.PJMEDIA_TYPE_AUDIO:
                continue
            if media.status == self.pj.PJSUA_CALL_MEDIA_ACTIVE:
                self.audio.attach(call.getAudioMedia(media.index), owner=info.id)
            else:
                self.audio.detach(owner=info.id)
            break

    def _on_state(self, call: Any) -> None:
        info = call.getInfo()
        if info.state == self.pj.PJSIP_INV_STATE_DISCONNECTED:
            self.audio.detach(owner=info.id)
            self.ended.append(info.id)

    def poll(self, ms: int = 10) -> None:
        self.ep.libHandleEvents(ms)
        if len(self.ended) and self.calls:
            # Release ended calls outside their callbacks.
            self.calls = [c for c in self.calls if c.isActive()]

    def poll_until(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}; "
                                     f"events {self.events}, errors {self.errors}")
            self.poll(10)

    def close(self) -> None:
        ep = self.ep
        if ep is None:
            return
        with contextlib.suppress(Exception):
            ep.hangupAllCalls()
        deadline = time.monotonic() + 1.0
        while any(c.isActive() for c in self.calls) and time.monotonic() < deadline:
            ep.libHandleEvents(10)
        audio, self.audio = self.audio, None
        if audio is not None:
            audio.close()
        del audio
        self.calls.clear()
        with contextlib.suppress(Exception):
            self.account.shutdown()
        self.account = None
        gc.collect()
        self.ep = None
        ep.libDestroy()


def start_demo_caller(port: int, *args: str, log_file: Path | None = None,
                      ) -> subprocess.Popen[str]:
    extra = ["--log-file", str(log_file)] if log_file else []
    return subprocess.Popen(
        [sys.executable, "-m", "operator_desk.sip.pjsua.demo_caller", "--target", f"127.0.0.1:{port}",
         *extra, *args],
        cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def dominant_hz(pcm: bytes, rate: int) -> tuple[float, float, float]:
    """(peak frequency, share of the energy within 3 % of it, RMS) of s16le mono."""
    import numpy as np

    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64)
    if samples.size < rate // 10:
        return 0.0, 0.0, 0.0
    rms = float(np.sqrt(np.mean(samples**2)))
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size))) ** 2
    freqs = np.fft.rfftfreq(samples.size, 1 / rate)
    spectrum[freqs < 50] = 0
    peak = float(freqs[int(np.argmax(spectrum))])
    band = (freqs > peak * 0.97) & (freqs < peak * 1.03)
    total = float(spectrum.sum()) or 1.0
    return peak, float(spectrum[band].sum()) / total, rms


def middle(pcm: bytes) -> bytes:
    """The middle half of s16le audio, cut on sample boundaries."""
    quarter = len(pcm) // 4 // 2 * 2
    return pcm[quarter : len(pcm) - quarter]


def silent_gaps_ms(pcm: bytes, rate: int, window_ms: int = 10, floor: float = 300.0) -> list[int]:
    """Lengths of runs of quiet windows inside the loud part of a recording."""
    import numpy as np

    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64)
    n = rate * window_ms // 1000
    windows = samples[: samples.size // n * n].reshape(-1, n)
    loud = np.sqrt(np.mean(windows**2, axis=1)) > floor
    idx = np.flatnonzero(loud)
    if idx.size == 0:
        return []
    gaps, run = [], 0
    for flag in loud[idx[0] : idx[-1] + 1]:
        if flag:
            if run:
                gaps.append(run * window_ms)
            run = 0
        else:
            run += 1
    return gaps


def _cpu_percent(seconds: float, work: Callable[[], None]) -> float:
    wall0, cpu0 = time.monotonic(), time.process_time()
    deadline = wall0 + seconds
    while time.monotonic() < deadline:
        work()
    return 100 * (time.process_time() - cpu0) / (time.monotonic() - wall0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="talk time of the call")
    parser.add_argument("--idle", type=float, default=5.0, help="idle measurement, seconds")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--backend", choices=("pulse", "portaudio"),
                        help="sound library (default: the desk's automatic choice)")
    args = parser.parse_args(argv)
    if args.backend:
        os.environ["OPERATOR_DESK_AUDIO"] = args.backend
    work = Path(tempfile.mkdtemp(prefix="od-bench-audio-"))
    pulse = PulseServer(work / "pulse")
    try:
        pulse.start()
    except ToolMissingError as exc:
        print(exc, file=sys.stderr)
        return 2
    os.environ.update(pulse.env)
    receiver: BridgeReceiver | None = None
    caller: subprocess.Popen[str] | None = None
    try:
        from operator_desk.sip.audio import AudioConfig, audio_backend

        rss_start = rss_mib()
        receiver = BridgeReceiver(AudioConfig(output_device=HEADSET[1], input_device=MIC[1]),
                                  log_file=work / "receiver.log")
        rec = receiver
        idle = _cpu_percent(args.idle, lambda: rec.poll(5))
        rss_idle = rss_mib()
        monitor = work / "headset.raw"
        pulse.record(f"{HEADSET[0]}.monitor", monitor)
        caller = start_demo_caller(receiver.port, "--once", "random", "--tone", "1000",
                                   "--talk", str(args.seconds), log_file=work / "caller.log")
        receiver.poll_until(lambda: rec.audio is not None and rec.audio.attached, 15, "the call")
        in_call = _cpu_percent(args.seconds - 1.0, lambda: rec.poll(5))
        rss_call = rss_mib()
        stats = receiver.audio.stats() if hasattr(receiver.audio, "stats") else None
        receiver.poll_until(lambda: caller is not None and caller.poll() is not None,
                            15, "the caller to finish")
        time.sleep(0.3)
        pulse.stop()
        pcm = monitor.read_bytes()
        peak, share, rms = dominant_hz(middle(pcm), 16000)
        gaps = silent_gaps_ms(pcm, 16000)
        print(f"audio bridge through {audio_backend()}, {args.seconds:.0f} s call (1 kHz tone "
              "from the demo caller, PulseAudio null sink):")
        print(f"  CPU of this process: idle {idle:.1f} %, in call {in_call:.1f} % of one core")
        print(f"  RSS: start {rss_start:.0f} MiB, endpoint idle {rss_idle:.0f} MiB, "
              f"in call {rss_call:.0f} MiB")
        if stats is not None:
            print(f"  underruns: headset {stats.rx_underruns}, microphone {stats.tx_underruns}; "
                  f"overruns {stats.rx_overruns}/{stats.tx_overruns}; "
                  f"frames rx {stats.rx_frames} tx {stats.tx_frames}")
            print(f"  ring fill (mean/max): headset {stats.rx_fill_ms}/{stats.rx_fill_max_ms} ms, "
                  f"microphone {stats.tx_fill_ms}/{stats.tx_fill_max_ms} ms; "
                  f"device errors {stats.device_errors}, callback errors {stats.callback_errors}")
        print(f"  headset monitor: peak {peak:.0f} Hz with {100 * share:.0f} % of the energy, "
              f"RMS {rms:.0f}; gaps over 10 ms inside the call: {[g for g in gaps if g > 10]}")
        return 0
    finally:
        if caller is not None and caller.poll() is None:
            caller.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                caller.wait(5)
            if caller.poll() is None:
                caller.kill()
        if receiver is not None:
            receiver.close()
        pulse.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder: {work}")


if __name__ == "__main__":
    sys.exit(main())
