"""A demo caller: real SIP calls with real RTP audio to the desk, with no PBX.

    python -m operator_desk.sip.pjsua.demo_caller --target 127.0.0.1:PORT [--interval S]
        [--once NUMBER] [--library PATH] [--tone HZ] [--talk MIN-MAX] [--seed N]

``operator-desk --demo`` starts this as a second process: the desk listens on loopback
and this caller, a pjsua2 user agent on the null sound device, dials the tenants'
hotline numbers (read from the scripts library) with Russian caller names in From's
display name and the IVR headers a PBX would add (``X-IVR-Digits``, ``X-IVR-Data``
built from the tenant's ``ivr.fields``). Once answered it talks -- speech-like tones
from pjsua2's ``ToneGenerator``, or a pure ``--tone`` for tests -- for a random time,
then hangs up. A call the desk rejects or lets ring past ``--ring-timeout`` is
cancelled and forgotten.

Driving it
  * ``--interval S``: a new call every S seconds (jittered +-30 %); 0: only on command;
  * stdin, one command a line: ``call`` (a random tenant number), ``call NUMBER``,
    ``quit``. End of stdin means the desk is gone: the caller quits;
  * ``--once NUMBER``: one call (``random`` for any tenant number), then exit: 0 if it
    was answered, 3 if it was rejected, cancelled or failed; stdin is ignored;
  * SIGTERM / SIGINT: hang up and exit 0.

It reports on stdout, one JSON object a line (``ready``, ``calling``, ``answered``,
``ended``, ``error``), so the desk or a test can follow it. Exit 2: bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty, SimpleQueue
from types import FrameType
from typing import Any, TextIO
from urllib.parse import quote_plus

import pjsua2 as pj

from operator_desk.core.errors import OperatorDeskError
from operator_desk.core.library import Library, default_library_path
from operator_desk.core.model import Tenant
from operator_desk.core.numbers import NumberError, parse_number
from operator_desk.core.routing import Router
from operator_desk.sip.pjsua.endpoint import endpoint_config

log = logging.getLogger("operator_desk.demo_caller")

EXIT_ANSWERED = 0
EXIT_USAGE = 2
EXIT_NOT_ANSWERED = 3

FIRST_NAMES = (
    "Иван", "Анна", "Сергей", "Мария", "Алексей", "Екатерина", "Дмитрий", "Ольга",
    "Михаил", "Наталья", "Андрей", "Татьяна", "Павел", "Елена", "Николай", "Светлана",
)  # fmt: skip
LAST_NAMES = (
    ("Петров", "Петрова"), ("Иванов", "Иванова"), ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"), ("Соколов", "Соколова"), ("Попов", "Попова"),
    ("Лебедев", "Лебедева"), ("Козлов", "Козлова"), ("Новиков", "Новикова"),
    ("Морозов", "Морозова"), ("Волков", "Волкова"), ("Фёдоров", "Фёдорова"),
)  # fmt: skip
_FEMALE = {"Анна", "Мария", "Екатерина", "Ольга", "Наталья", "Татьяна", "Елена", "Светлана"}


@dataclass(frozen=True, slots=True)
class Target:
    """A number to dial and what the desk should make of it."""

    tenant_id: str | None
    number: str
    """As the library writes it (or as given on the command line)."""
    user: str
    """The Request-URI / To user part dialed."""
    tenant: Tenant | None = None


def dial_user(number: str) -> str:
    """The SIP user part for a hotline number as written in a library.

    ``8-800-555-35-35`` -> ``+78005553535``; an extension ``доб. 12`` is kept after a
    comma (``+74951203040,12``: ``;ext=`` would be cut off as a URI parameter);
    ``5020`` -> ``5020``; ``sip:taxi-hotline`` -> ``taxi-hotline``.
    """
    try:
        key = parse_number(number, strict=False).key
    except NumberError:
        return number.strip()
    if key.startswith(("ext:", "user:")):
        return key.split(":", 1)[1] if key.startswith("ext:") else parse_user(number)
    base, _, ext = key.partition(";ext=")
    return f"{base},{ext}" if ext else base


def parse_user(number: str) -> str:
    text = number.strip()
    if ":" in text:
        text = text.split(":", 1)[1]
    return text.split("@", 1)[0].split(";", 1)[0]


def load_targets(library: Library) -> list[Target]:
    """Every tenant number whose dialed form the desk routes back to its tenant."""
    router = Router(library)
    targets: list[Target] = []
    for tenant in library:
        for number in tenant.numbers:
            user = dial_user(number)
            route = router.route_call(f"sip:{user}@127.0.0.1", {"To": f"<sip:{user}@127.0.0.1>"})
            if route.tenant_id == tenant.id:
                targets.append(Target(tenant.id, number, user, tenant))
            else:
                log.warning("skipping %s of %s: dialed as %s it would not reach the tenant",
                            number, tenant.id, user)
    return targets


def target_for(number: str, library: Library | None) -> Target:
    user = dial_user(number)
    if library is not None:
        route = Router(library).route_call(f"sip:{user}@127.0.0.1",
                                           {"To": f"<sip:{user}@127.0.0.1>"})
        if route.tenant_id is not None:
            return Target(route.tenant_id, number, user, library.tenant(route.tenant_id))
    return Target(None, number, user)


@dataclass(frozen=True, slots=True)
class Caller:
    name: str
    number: str


def random_caller(rng: random.Random) -> Caller:
    first = rng.choice(FIRST_NAMES)
    male, female = rng.choice(LAST_NAMES)
    last = female if first in _FEMALE else male
    number = f"+79{rng.randint(0, 99):02d}{rng.randint(0, 9_999_999):07d}"
    return Caller(f"{first} {last}", number)


def ivr_headers(target: Target, rng: random.Random) -> dict[str, str]:
    """``X-IVR-Digits`` and ``X-IVR-Data`` as a PBX's IVR would send them."""
    fields: list[tuple[str, str]] = []
    digits = ""
    for spec in target.tenant.ivr_fields if target.tenant else ():
        if spec.values:
            value = rng.choice(sorted(spec.values))
            digits = digits or value
        elif "last4" in spec.id:
            value = f"{rng.randint(0, 9999):04d}"
        else:
            value = str(rng.randint(100_000, 99_999_999))
        if spec.values or rng.random() < 0.8:  # free-form data is not always entered
            fields.append((spec.id, value))
    headers = {"X-IVR-Digits": digits or str(rng.randint(1, 4))}
    if fields:
        headers["X-IVR-Data"] = ";".join(f"{k}={quote_plus(v)}" for k, v in fields)
    return headers


def speech_tones(rng: random.Random) -> list[tuple[int, int, int, int]]:
    """(freq1, freq2, on ms, off ms): syllable-like bursts with formant-ish pairs."""
    out = []
    for _ in range(24):
        f1 = rng.randint(140, 260)
        f2 = rng.choice((rng.randint(500, 900), rng.randint(1000, 1800)))
        on = rng.randint(90, 260)
        off = rng.choice((rng.randint(20, 70), rng.randint(20, 70), rng.randint(200, 500)))
        out.append((f1, f2, on, off))
    return out


# -- the SIP side ---------------------------------------------------------------------------
class _Account(pj.Account):  # type: ignore[misc]
    """One per call, for its own From (display name and number); never registers."""


class _Call(pj.Call):  # type: ignore[misc]
    def __init__(self, caller: DemoCaller, acc: _Account, state: CallRecord) -> None:
        super().__init__(acc)
        self.caller = caller
        self.state = state

    def onCallState(self, prm: Any) -> None:
        self.caller.guard(self.caller.on_call_state, self)

    def onCallMediaState(self, prm: Any) -> None:
        self.caller.guard(self.caller.on_call_media_state, self)


@dataclass(eq=False)
class CallRecord:
    seq: int
    target: Target
    caller: Caller
    headers: dict[str, str]
    talk_s: float
    started: float = field(default_factory=time.monotonic)
    answered_at: float | None = None
    hangup_at: float | None = None
    ended: bool = False
    code: int = 0
    reason: str = ""
    account: Any = None
    call: Any = None
    hangup_sent: bool = False


class DemoCaller:
    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self.rng = random.Random(args.seed)
        self.library: Library | None = None
        self.targets: list[Target] = []
        self.ep: Any = None
        self.tonegen: Any = None
        self.recorder: Any = None
        self.calls: list[CallRecord] = []
        self.finished: list[CallRecord] = []
        self.seq = 0
        self.stop = False
        self.commands: SimpleQueue[str] = SimpleQueue()
        self._pending_exit: BaseException | None = None

    # -- output ------------------------------------------------------------------------
    def report(self, event: str, **data: Any) -> None:
        line = json.dumps({"event": event, **data}, ensure_ascii=False)
        try:
            self.out.write(line + "\n")
            self.out.flush()
        except (OSError, ValueError):
            pass  # the desk closed our stdout: keep going until told to stop

    def guard(self, handler: Any, *args: Any) -> None:
        try:
            handler(*args)
        except Exception as exc:  # into pjsua2 it would abort the process
            log.exception("demo caller callback")
            self.report("error", message=f"{type(exc).__name__}: {exc}")
        except BaseException as exc:
            self._pending_exit = exc

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        ep = pj.Endpoint()
        ep.libCreate()
        ep.libInit(endpoint_config(max_calls=4, user_agent="OperatorDesk-DemoCaller",
                                   log_file=self.args.log_file or None))
        tcfg = pj.TransportConfig()
        tcfg.boundAddress = "127.0.0.1"
        tcfg.port = 0
        tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tcfg)
        self.local = str(ep.transportGetInfo(tid).localName)
        ep.libStart()
        ep.audDevManager().setNullDev()
        # What a PBX trunk sends: G.722 (wideband) or G.711, not pjsua's default Speex.
        for codec, priority in (("G722/16000", 255), ("PCMA/8000", 254), ("PCMU/8000", 253)):
            with contextlib.suppress(pj.Error):
                ep.codecSetPriority(codec, priority)
        self.ep = ep
        tonegen = pj.ToneGenerator()
        tonegen.createToneGenerator(16000, 1)
        tones = pj.ToneDescVector()
        parts = [(self.args.tone, self.args.tone, 1000, 0)] if self.args.tone else speech_tones(self.rng)
        for f1, f2, on, off in parts:
            tone = pj.ToneDesc()
            tone.freq1, tone.freq2, tone.on_msec, tone.off_msec = f1, f2, on, off
            tone.volume = 9000
            tones.append(tone)
        tonegen.play(tones, True)
        self.tonegen = tonegen

    def shutdown(self) -> None:
        ep = self.ep
        if ep is None:
            return
        for rec in self.calls:
            self._hangup(rec)
        deadline = time.monotonic() + 2.0
        while any(not r.ended for r in self.calls) and time.monotonic() < deadline:
            ep.libHandleEvents(20)
            self._reap()
        for rec in self.calls + self.finished:
            rec.call = None
            if rec.account is not None:
                with contextlib.suppress(pj.Error):
                    rec.account.shutdown()
            rec.account = None
        self.calls.clear()
        self.finished.clear()
        self.tonegen = None
        self.recorder = None  # closes the WAV file
        gc.collect()
        self.ep = None
        ep.libDestroy()

    # -- calls ---------------------------------------------------------------------------
    def place(self, number: str | None = None) -> CallRecord | None:
        assert self.ep is not None
        if number and number != "random":
            target = target_for(number, self.library)
        elif self.targets:
            target = self.rng.choice(self.targets)
        else:
            self.report("error", message="no tenant numbers to call")
            return None
        if len(self.calls) >= 3:
            self.report("error", message="3 calls are up already; not placing another")
            return None
        self.seq += 1
        who = random_caller(self.rng)
        lo, hi = self.args.talk
        rec = CallRecord(self.seq, target, who, ivr_headers(target, self.rng),
                         round(self.rng.uniform(lo, hi), 1))
        host = self.args.target
        acc_cfg = pj.AccountConfig()
        acc_cfg.idUri = f'"{who.name}" <sip:{who.number}@{self.local}>'
        acc_cfg.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
        acc_cfg.sipConfig.contactForced = f"<sip:{who.number}@{self.local}>"
        account = _Account()
        account.create(acc_cfg)
        rec.account = account
        call = _Call(self, account, rec)
        rec.call = call
        prm = pj.CallOpParam(True)
        for name, value in rec.headers.items():
            hdr = pj.SipHeader()
            hdr.hName = name
            hdr.hValue = value
            prm.txOption.headers.append(hdr)
        uri = f"sip:{target.user}@{host}"
        self.calls.append(rec)
        self.report("calling", seq=rec.seq, uri=uri, number=target.number, user=target.user,
                    tenant=target.tenant_id, name=who.name, caller=who.number,
                    headers=rec.headers, talk_s=rec.talk_s)
        try:
            call.makeCall(uri, prm)
        except pj.Error as exc:
            rec.ended = True
            rec.reason = str(getattr(exc, "reason", exc))
            self.report("ended", seq=rec.seq, code=0, reason=rec.reason, answered=False,
                        talk_s=0.0)
        return rec

    def on_call_state(self, call: _Call) -> None:
        rec = call.state
        info = call.getInfo()
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED and rec.answered_at is None:
            rec.answered_at = time.monotonic()
            rec.hangup_at = rec.answered_at + rec.talk_s
            self.report("answered", seq=rec.seq)
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            rec.ended = True
            rec.code = int(info.lastStatusCode)
            rec.reason = str(info.lastReason)
            talk = 0.0 if rec.answered_at is None else time.monotonic() - rec.answered_at
            self.report("ended", seq=rec.seq, code=rec.code, reason=rec.reason,
                        answered=rec.answered_at is not None, talk_s=round(talk, 2))

    def on_call_media_state(self, call: _Call) -> None:
        info = call.getInfo()
        for media in info.media:
            if (media.type == pj.PJMEDIA_TYPE_AUDIO
                    and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE and self.tonegen is not None):
                audio = call.getAudioMedia(media.index)
                self.tonegen.startTransmit(audio)
                if self.args.record is not None:
                    if self.recorder is None:
                        self.recorder = pj.AudioMediaRecorder()
                        self.recorder.createRecorder(str(self.args.record))
                    audio.startTransmit(self.recorder)

    def _hangup(self, rec: CallRecord) -> None:
        if rec.ended or rec.hangup_sent or rec.call is None:
            return
        rec.hangup_sent = True
        prm = pj.CallOpParam()
        with contextlib.suppress(pj.Error):
            rec.call.hangup(prm)

    def _reap(self) -> None:
        """Release calls that ended (outside their callbacks) and their accounts."""
        done = [r for r in self.calls if r.ended]
        for rec in done:
            self.calls.remove(rec)
            rec.call = None
            self.finished.append(rec)
        for rec in list(self.finished):
            if rec.account is not None and rec.call is None:
                with contextlib.suppress(pj.Error):
                    rec.account.shutdown()
                rec.account = None

    def tick(self) -> None:
        now = time.monotonic()
        for rec in self.calls:
            if rec.ended:
                continue
            if rec.answered_at is None and now - rec.started > self.args.ring_timeout:
                self._hangup(rec)  # CANCEL: nobody answered
            elif rec.hangup_at is not None and now >= rec.hangup_at:
                self._hangup(rec)
        self._reap()

    # -- main loop ------------------------------------------------------------------------
    def run(self) -> int:
        args = self.args
        if args.once is None:
            threading.Thread(target=self._read_stdin, name="demo-caller-stdin",
                             daemon=True).start()
        self.report("ready", local=self.local, target=args.target, numbers=len(self.targets))
        once: CallRecord | None = None
        if args.once is not None:
            once = self.place(args.once)
            if once is None:
                return EXIT_NOT_ANSWERED
        next_call = self._next_interval() if args.interval > 0 and once is None else None
        while not self.stop:
            assert self.ep is not None
            self.ep.libHandleEvents(20)
            if self._pending_exit is not None:
                raise self._pending_exit
            self.tick()
            if once is not None:
                if once.ended:
                    break
                continue
            self._commands()
            if next_call is not None and time.monotonic() >= next_call:
                self.place()
                next_call = self._next_interval()
        if once is not None:
            return EXIT_ANSWERED if once.answered_at is not None else EXIT_NOT_ANSWERED
        return 0

    def _next_interval(self) -> float:
        interval = float(self.args.interval)
        return time.monotonic() + interval * self.rng.uniform(0.7, 1.3)

    def _read_stdin(self) -> None:
        try:
            for line in sys.stdin:
                self.commands.put(line.strip())
        except (OSError, ValueError):
            pass
        self.commands.put("eof")

    def _commands(self) -> None:
        while True:
            try:
                line = self.commands.get_nowait()
            except Empty:
                return
            cmd, _, rest = line.partition(" ")
            if cmd == "call":
                self.place(rest.strip() or None)
            elif cmd in ("quit", "eof"):
                self.stop = True
            elif cmd:
                self.report("error", message=f"unknown command {line!r}: use call [NUMBER] or quit")


def _talk_range(text: str) -> tuple[float, float]:
    lo, sep, hi = text.partition("-")
    try:
        a = float(lo)
        b = float(hi) if sep else a
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds or MIN-MAX, not {text!r}") from None
    if a <= 0 or b < a:
        raise argparse.ArgumentTypeError(f"bad talk time range {text!r}")
    return a, b


def _host_port(text: str) -> str:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, not {text!r}")
    return text


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m operator_desk.sip.pjsua.demo_caller",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--target", required=True, type=_host_port,
                        help="the desk's SIP address, e.g. 127.0.0.1:5060")
    parser.add_argument("--interval", type=float, default=8.0,
                        help="seconds between calls (jittered); 0: only on the stdin command")
    parser.add_argument("--once", metavar="NUMBER",
                        help="place one call to NUMBER (or 'random'), then exit")
    parser.add_argument("--library", type=Path, help="scripts library (default: the bundled one)")
    parser.add_argument("--tone", type=int, default=0, metavar="HZ",
                        help="send a pure tone instead of speech-like tones")
    parser.add_argument("--talk", type=_talk_range, default=(6.0, 20.0), metavar="MIN-MAX",
                        help="talk time in seconds once answered (default 6-20)")
    parser.add_argument("--ring-timeout", type=float, default=30.0,
                        help="cancel a call not answered within this many seconds")
    parser.add_argument("--record", type=Path, metavar="WAV",
                        help="record what the caller hears (the desk's microphone) to a WAV file")
    parser.add_argument("--seed", type=int, help="random seed (reproducible names and data)")
    parser.add_argument("--log-file", type=Path, help="pjsua's log")
    return parser.parse_args(argv)


def _private_stdout() -> TextIO:
    """Keep stdout for the JSON lines: pjlib prints to fd 1 before its log level is set,
    so whatever C code prints goes to stderr from here on."""
    sys.stdout.flush()
    try:
        fd = os.dup(1)
        os.dup2(2, 1)
    except OSError:
        return sys.stdout
    return os.fdopen(fd, "w", encoding="utf-8", buffering=1)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="demo-caller %(levelname)s %(message)s")
    try:
        args = parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else 0
    caller = DemoCaller(args, _private_stdout())
    try:
        caller.library = Library.load(args.library or default_library_path())
        caller.targets = load_targets(caller.library)
    except (OperatorDeskError, OSError) as exc:  # --once to a plain number still works
        log.warning("cannot read the scripts library: %s", exc)
    if args.once is None and not caller.targets:
        print("demo-caller: no tenant numbers in the library to call", file=sys.stderr)
        return EXIT_USAGE

    def on_signal(signum: int, frame: FrameType | None) -> None:
        caller.stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        caller.start()
    except pj.Error as exc:
        print(f"demo-caller: cannot start pjsua2: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return caller.run()
    finally:
        caller.shutdown()


if __name__ == "__main__":
    sys.exit(main())
