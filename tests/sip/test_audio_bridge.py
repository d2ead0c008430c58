"""The real headset path: a pjsua2 caller's tone through the audio bridge to a sound device.

A private PulseAudio daemon (user mode, socket in a temporary folder, killed by its PID)
provides null sinks "Desk Test Headset" (the default) and "Desk Test Speakers" and a
700 Hz sine source "Desk Test Mic". The demo caller (a second pjsua2 process) sends a
1 kHz tone; a minimal pjsua2 receiver in this process answers through
:class:`~operator_desk.sip.pjsua.media.AudioBridge`; the sink's monitor is recorded with
``parec`` and checked by FFT. The caller records what it hears (the microphone path).

Each path is run through both sound libraries the desk can use on Linux: libpulse
directly (the default where a PulseAudio server answers) and PortAudio through ALSA's
pulse plugin (the fallback, and the library of the Windows build).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.bench_audio import (
    HEADSET,
    MIC,
    MIC_HZ,
    SPEAKERS,
    BridgeReceiver,
    PulseServer,
    ToolMissingError,
    dominant_hz,
    middle,
    silent_gaps_ms,
    start_demo_caller,
)
from operator_desk.sip.audio import (
    BACKEND_ENV,
    AudioConfig,
    AudioDeviceProblem,
    Ringer,
    list_devices,
)
from operator_desk.sip.pjsua.media import AudioBridge
from tests.conftest import wait_until

pytestmark = [pytest.mark.sip, pytest.mark.timeout(90)]

RATE = 16000
TONE_HZ = 1000


@pytest.fixture(scope="module")
def pulse() -> Iterator[PulseServer]:
    try:
        import numpy  # noqa: F401
    except ImportError:
        pytest.fail("numpy is missing: pip install -e '.[dev]'", pytrace=False)
    server = PulseServer(Path(tempfile.mkdtemp(prefix="od-pulse-")))
    try:
        server.start()
    except ToolMissingError as exc:
        pytest.fail(str(exc), pytrace=False)
    old = os.environ.get("PULSE_SERVER")
    os.environ.update(server.env)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)
        if old is None:
            os.environ.pop("PULSE_SERVER", None)
        else:
            os.environ["PULSE_SERVER"] = old


@pytest.fixture(params=["pulse", "portaudio"])
def backend(request: pytest.FixtureRequest, pulse: PulseServer,
            monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(BACKEND_ENV, request.param)
    return str(request.param)


def run_call(receiver: BridgeReceiver, tmp_path: Path, talk_s: float, *extra: str,
             during: object = None) -> subprocess.Popen[str]:
    caller = start_demo_caller(receiver.port, "--once", "random", "--tone", str(TONE_HZ),
                               "--talk", str(talk_s), *extra, log_file=tmp_path / "caller.log")
    try:
        receiver.poll_until(lambda: receiver.audio.attached, 15, "the call's media")
        if callable(during):
            during()
        receiver.poll_until(lambda: caller.poll() is not None, talk_s + 15, "the caller to hang up")
    finally:
        if caller.poll() is None:
            caller.kill()  # this very process, by its PID
        out, err = caller.communicate(timeout=5)
    assert caller.returncode == 0, f"demo caller rc={caller.returncode}\n{out}\n{err[-2000:]}"
    return caller


CAUGHT_UP_BYTES = RATE * 2 // 10
"""100 ms of a recording: a file grown by this much since a moment holds what played then."""


def stop_recorders(pulse: PulseServer, *files: Path) -> None:
    """Stop the ``parec`` recorders once ``files`` hold all that played until now (a null
    sink's monitor runs on in silence, so each file keeps growing while it records)."""
    def size(path: Path) -> int:
        return path.stat().st_size if path.exists() else 0

    now = {path: size(path) for path in files}
    wait_until(lambda: all(size(path) >= now[path] + CAUGHT_UP_BYTES for path in files), 5,
               "the recorders to catch up")
    for proc in pulse.recorders:
        proc.terminate()
        proc.wait(5)
    pulse.recorders.clear()


def test_pulse_devices_are_listed_by_name(backend: str, pulse: PulseServer) -> None:
    devices = {d.name: d for d in list_devices()}
    assert devices[HEADSET[1]].outputs and devices[HEADSET[1]].default_output
    assert devices[SPEAKERS[1]].outputs and not devices[SPEAKERS[1]].default_output
    assert devices[MIC[1]].inputs and devices[MIC[1]].pulse_name == MIC[0]
    assert not any(name.startswith("Monitor of") for name in devices)


def test_caller_tone_reaches_the_headset_and_the_microphone_reaches_the_caller(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    headset_raw, speakers_raw = tmp_path / "headset.raw", tmp_path / "speakers.raw"
    pulse.record(f"{HEADSET[0]}.monitor", headset_raw)
    pulse.record(f"{SPEAKERS[0]}.monitor", speakers_raw)
    heard = tmp_path / "caller-heard.wav"
    receiver = BridgeReceiver(AudioConfig(output_device=HEADSET[1], input_device=MIC[1]),
                              log_file=tmp_path / "receiver.log")
    streams: list[str] = []

    def note_streams() -> None:
        bridge = receiver.audio
        assert isinstance(bridge, AudioBridge)
        slots = (bridge.frames.headset, bridge.frames.mic)
        receiver.poll_until(lambda: all(s.stream is not None for s in slots), 5, "the streams")
        streams.extend(type(s.stream).__module__ for s in slots)

    try:
        assert isinstance(receiver.audio, AudioBridge)
        run_call(receiver, tmp_path, 6, "--record", str(heard), during=note_streams)
        stats = receiver.audio.stats()
        in_use = receiver.audio.devices_in_use
    finally:
        receiver.close()
    stop_recorders(pulse, headset_raw, speakers_raw)
    assert receiver.errors == [] and receiver.events == []
    assert in_use == (MIC[1], HEADSET[1])
    library = "operator_desk.sip.pulse" if backend == "pulse" else "sounddevice"
    assert streams == [library, library]

    # Headset: the caller's 1 kHz dominates, without gaps.
    pcm = headset_raw.read_bytes()
    peak, share, rms = dominant_hz(middle(pcm), RATE)
    assert abs(peak - TONE_HZ) < 15 and share > 0.8 and rms > 1000, (peak, share, rms)
    gaps = silent_gaps_ms(middle(pcm), RATE)
    assert max(gaps, default=0) <= 40, gaps
    # The speakers stayed silent: the device choice was obeyed.
    assert dominant_hz(speakers_raw.read_bytes(), RATE)[2] < 50
    # Bridge health during a 6 s call.
    assert stats.rx_frames >= 250 and stats.tx_frames >= 250, stats
    assert stats.rx_underruns <= 2, stats
    assert stats.callback_errors == 0 and stats.device_errors == 0, stats
    assert stats.rx_fill_max_ms <= 100, stats

    # Microphone: the caller heard the 700 Hz source.
    with wave.open(str(heard)) as wav:
        frames = wav.readframes(wav.getnframes())
        rate = wav.getframerate()
    peak, share, rms = dominant_hz(middle(frames), rate)
    assert abs(peak - MIC_HZ) < 15 and share > 0.5 and rms > 300, (peak, share, rms)


def test_a_dead_device_mid_call_falls_back_to_the_default(
    backend: str, pulse: PulseServer, tmp_path: Path
) -> None:
    headset_raw = tmp_path / "headset.raw"
    receiver = BridgeReceiver(AudioConfig(output_device=SPEAKERS[1], input_device=MIC[1]),
                              log_file=tmp_path / "receiver.log")
    bridge = receiver.audio
    assert isinstance(bridge, AudioBridge)

    def unplug() -> None:
        receiver.poll_until(lambda: bridge.devices_in_use[1] == SPEAKERS[1], 5, "the speakers")
        slot = bridge.frames.headset
        receiver.poll_until(lambda: slot.stream.active and slot.last_cb > slot.started_at, 5,
                            "the speakers playing")
        pulse.record(f"{HEADSET[0]}.monitor", headset_raw)
        # What PortAudio does when a device goes away: the stream ends on its own.
        bridge.frames.headset.stream.abort()

    try:
        run_call(receiver, tmp_path, 7, during=unplug)
        in_use = bridge.devices_in_use
        stats = bridge.stats()
    finally:
        receiver.close()
    stop_recorders(pulse, headset_raw)
    problems = [e for e in receiver.events if isinstance(e, AudioDeviceProblem)]
    assert [(p.role, p.using) for p in problems] == [("headset", "")], receiver.events
    assert "switching to the system default" in problems[0].message
    assert in_use[1] == "" and stats.device_errors == 1
    # The call went on in the default device (the headset sink).
    peak, share, _rms = dominant_hz(middle(headset_raw.read_bytes()), RATE)
    assert abs(peak - TONE_HZ) < 15 and share > 0.8


def test_unknown_device_falls_back_and_says_so(backend: str, pulse: PulseServer, tmp_path: Path) -> None:
    events: list[object] = []
    ringer = Ringer(AudioConfig(ringer_device="No Such Speakers"), on_event=events.append)
    try:
        ringer.start()
        wait_until(lambda: ringer.device_in_use is not None, 5, "the ringer's device")
        assert ringer.device_in_use == ""
    finally:
        ringer.close()
    assert [(e.role, e.wanted, e.using) for e in events if isinstance(e, AudioDeviceProblem)] == [
        ("ringer", "No Such Speakers", "")
    ]


def test_ringtone_plays_on_the_ringer_device_only(backend: str, pulse: PulseServer, tmp_path: Path) -> None:
    speakers_raw, headset_raw = tmp_path / "speakers.raw", tmp_path / "headset.raw"
    pulse.record(f"{SPEAKERS[0]}.monitor", speakers_raw)
    pulse.record(f"{HEADSET[0]}.monitor", headset_raw)
    events: list[object] = []
    ringer = Ringer(AudioConfig(ringer_device=SPEAKERS[1]), on_event=events.append)
    try:
        ringer.start()
        # A stream may take ~2 s to start through ALSA's pulse plugin; then one ring cycle.
        wait_until(lambda: ringer.rings >= 1, 10, "a whole ring cycle played")
        assert ringer.ringing and ringer.device_in_use == SPEAKERS[1]
        ringer.stop()
    finally:
        ringer.close()
    stop_recorders(pulse, speakers_raw, headset_raw)
    assert events == []
    peak, share, rms = dominant_hz(speakers_raw.read_bytes(), RATE)
    # 440 + 480 Hz: each holds about half of the energy.
    assert 430 < peak < 490 and share > 0.35 and rms > 300, (peak, share, rms)
    assert dominant_hz(headset_raw.read_bytes(), RATE)[2] < 50


def test_the_settings_microphone_meter_hears_the_microphone(backend: str, pulse: PulseServer) -> None:
    from operator_desk.sip.audio import MicLevelMeter

    meter = MicLevelMeter(MIC[1])
    try:
        meter.start()
        # A stream may take ~2 s to start through ALSA's pulse plugin.
        wait_until(lambda: meter.level > 0.05, 8, "the meter to hear the microphone")
        assert meter.level > 0.05, (meter.level, meter.frames)
    finally:
        meter.close()


RELEASE_PROBE = r"""
import re
import sounddevice as sd
from operator_desk.sip import audio

def plugins():
    with open("/proc/self/maps") as maps:
        return sorted(set(re.findall(r"libasound_module_pcm_\w+|libavcodec", maps.read())))

print(plugins())
print(audio.release_alsa_plugins(sd))
print(plugins())
with sd.RawOutputStream(samplerate=16000, channels=1, dtype="int16") as stream:
    stream.write(bytes(16000))  # half a second of silence to the default sink
print("played")
"""


def test_alsa_plugins_loaded_only_to_list_devices_are_unloaded(pulse: PulseServer) -> None:
    out = subprocess.run([sys.executable, "-c", RELEASE_PROBE], capture_output=True, text=True,
                         timeout=60, env={**os.environ, **pulse.env})
    assert out.returncode == 0, out.stderr[-2000:]
    before, released, after, played = out.stdout.splitlines()
    if before == "[]":
        pytest.skip("this machine's ALSA has no plugins to unload (libasound2-plugins)")
    assert "libasound_module_pcm_a52" in before and "libavcodec" in before
    assert released == "True"
    assert after == "[]"
    assert played == "played"  # ALSA reads its configuration again for the next stream


BACKEND_PROBE = r"""
import re, sys, time
from operator_desk.sip import audio
from operator_desk.sip.audio import devices

devices.ALSA_CARDS = sys.argv[1]  # what ALSA says about sound cards on the "machine"
ringer = audio.Ringer(audio.AudioConfig(ringer_device="Desk Test Speakers"))
ringer.start()
deadline = time.monotonic() + 10
while ringer.device_in_use is None and time.monotonic() < deadline:
    time.sleep(0.05)
names = sorted(d.name for d in audio.list_devices())
in_use = ringer.device_in_use
ringer.close()
with open("/proc/self/maps") as maps:
    loaded = sorted(set(re.findall(r"lib(?:portaudio|asound|jack|pulse-simple)\b", maps.read())))
print(audio.audio_backend())
print(in_use)
print("sounddevice" in sys.modules)
print(loaded)
print(names)
"""


ONE_CARD = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n"
NO_CARDS = "--- no soundcards ---\n"


def alsa_cards(tmp_path: Path, text: str) -> str:
    path = tmp_path / "asound-cards"
    path.write_text(text)
    return str(path)


def backend_probe(env: dict[str, str], cards: str = "/proc/asound/cards") -> list[str]:
    out = subprocess.run([sys.executable, "-c", BACKEND_PROBE, cards], capture_output=True,
                         text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.splitlines()


def test_with_a_pulseaudio_server_the_desk_never_loads_portaudio(pulse: PulseServer) -> None:
    env = {k: v for k, v in os.environ.items() if k != BACKEND_ENV}
    chosen, in_use, imported, loaded, names = backend_probe({**env, **pulse.env})
    assert chosen == "pulse"
    assert in_use == SPEAKERS[1]
    # Neither sounddevice nor PortAudio, JACK or ALSA came in: ~9 MiB the desk does not carry.
    assert imported == "False"
    assert loaded == "['libpulse-simple']"
    assert all(name in names for name in (HEADSET[1], SPEAKERS[1], MIC[1])), names


def test_without_a_pulseaudio_server_the_desk_uses_portaudio(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != BACKEND_ENV}
    env["PULSE_SERVER"] = f"unix:{tmp_path / 'no-server'}"
    chosen, _in_use, imported, loaded, _names = backend_probe(env, alsa_cards(tmp_path, ONE_CARD))
    assert chosen == "portaudio"
    assert imported == "True" and "libportaudio" in loaded


NO_DEVICE_PROBE = r"""
import re, sys, time
from operator_desk.sip import audio
from operator_desk.sip.audio import devices

devices.ALSA_CARDS = sys.argv[1]
problems = []
ringer = audio.Ringer(on_event=problems.append)
ringer.start()
deadline = time.monotonic() + 10
while not problems and time.monotonic() < deadline:
    time.sleep(0.05)
def loaded():
    with open("/proc/self/maps") as maps:
        return sorted(set(re.findall(r"lib(?:portaudio|asound|jack|pulse-simple)\b", maps.read())))
print(problems[0].message if problems else "no report", flush=True)
print(audio.list_devices(), loaded(), "sounddevice" in sys.modules, flush=True)
sys.stdin.readline()  # the test starts a sound server now
deadline = time.monotonic() + 30
while ringer.device_in_use is None and time.monotonic() < deadline:
    time.sleep(0.05)
print(audio.audio_backend(), repr(ringer.device_in_use), loaded(), flush=True)  # '': the default
ringer.close()
"""


def test_with_no_sound_device_nothing_loads_until_a_sound_server_starts(tmp_path: Path) -> None:
    # A PC (or a CI box) with no sound server and no sound card: the desk says so and
    # carries neither PortAudio nor ALSA; the server that starts later is taken up.
    env = {k: v for k, v in os.environ.items() if k != BACKEND_ENV}
    server = PulseServer(tmp_path / "pulse")
    env.update(server.env)  # its socket does not exist yet
    probe = subprocess.Popen([sys.executable, "-c", NO_DEVICE_PROBE, alsa_cards(tmp_path, NO_CARDS)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert probe.stdout is not None and probe.stdin is not None
        message = probe.stdout.readline().strip()
        assert message.startswith("no usable ringer device: no sound device: no PulseAudio or "
                                  "PipeWire server answers and ALSA lists no sound card"), message
        assert message.endswith("; retrying")
        # No devices to offer; only libpulse-simple (asking for a server) is loaded.
        assert probe.stdout.readline().strip() == "[] ['libpulse-simple'] False"
        server.start()
        probe.stdin.write("go\n")
        probe.stdin.flush()
        out, err = probe.communicate(timeout=60)
    finally:
        if probe.poll() is None:
            probe.kill()  # the probe this test started, by its PID
            probe.communicate(timeout=5)
        server.stop()
    assert probe.returncode == 0, err[-2000:]
    assert out.strip() == "pulse '' ['libpulse-simple']"  # rings on the default sink


def test_a_wrong_backend_setting_is_reported_and_decided_automatically(
        pulse: PulseServer, tmp_path: Path) -> None:
    env = {**os.environ, **pulse.env, BACKEND_ENV: "jack"}
    out = subprocess.run(
        [sys.executable, "-c", "from operator_desk.sip import audio; print(audio.audio_backend())"],
        capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "pulse"
    assert "OPERATOR_DESK_AUDIO='jack' is not one of auto, pulse, portaudio" in out.stderr
