"""A real kamailio on 127.0.0.1 for registration tests: registrar, digest auth, routing.

The configuration is written by the test into its tmp folder: usrloc in memory,
``pv_www_authenticate`` against a password the route picks for the user (no
database), ``min_expires`` low enough for a refresh within a test. Every INVITE from
outside is routed to the operator's user (as a PBX queue would) through
``lookup("location")``, so it reaches the desk with its contact as Request-URI and the
dialed number left in To. Script lines prefixed ``KAMTEST`` on kamailio's stderr tell
the test what it saw.

kamailio runs in the foreground (``-DD -E``) with its own pid file and runtime folder;
the test stops it by the PID it started (SIGTERM: kamailio takes its children down).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MODULES = Path("/usr/lib/x86_64-linux-gnu/kamailio/modules")
DOMAIN = "pbx.test"

CONFIG = """#!KAMAILIO
debug=2
log_stderror=yes
fork=yes
children=1
tcp_children=1
auto_aliases=no
listen=udp:127.0.0.1:{port}
listen=tcp:127.0.0.1:{port}
alias="{domain}"
loadpath "{modules}/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", {min_expires})
modparam("registrar", "default_expires", 60)
modparam("registrar", "max_expires", 3600)

request_route {{
    if (!mf_process_maxfwd_header("10")) {{
        sl_send_reply("483", "Too Many Hops");
        exit;
    }}
    if (is_method("REGISTER")) {{
        xlog("L_NOTICE", "KAMTEST REGISTER user=$fU auth=$au expires=$hdr(Expires)\\n");
        {password_lines}
        if (!pv_www_authenticate("$td", "$var(pw)", "0")) {{
            xlog("L_NOTICE", "KAMTEST CHALLENGE user=$fU\\n");
            www_challenge("$td", "0");
            exit;
        }}
        consume_credentials();
        if (!save("location")) {{
            sl_reply_error();
            exit;
        }}
        xlog("L_NOTICE", "KAMTEST SAVED user=$fU expires=$hdr(Expires)\\n");
        exit;
    }}
    if (has_totag()) {{
        if (!loose_route() && uri == myself) {{
            if (!is_method("ACK")) sl_send_reply("404", "Not Here");
            exit;
        }}
        if (is_method("ACK")) {{
            forward();
            exit;
        }}
        t_relay();
        exit;
    }}
    if (is_method("CANCEL")) {{
        if (t_check_trans()) t_relay();
        exit;
    }}
    if (is_method("INVITE")) {{
        record_route();
        $rU = "{operator}";
    }}
    if (!lookup("location")) {{
        xlog("L_NOTICE", "KAMTEST NOT-FOUND $rm $ru\\n");
        sl_send_reply("404", "Not Found");
        exit;
    }}
    xlog("L_NOTICE", "KAMTEST ROUTE $rm $ru\\n");
    t_relay();
}}
"""


def kamailio_binary() -> str:
    path = shutil.which("kamailio") or (
        "/usr/sbin/kamailio" if Path("/usr/sbin/kamailio").exists() else None
    )
    if path is None or not (MODULES / "auth.so").exists():
        pytest.fail(
            "kamailio (with its registrar, usrloc and auth modules) is not installed: "
            "install the Debian package kamailio (bash scripts/setup-system.sh)",
            pytrace=False,
        )
    return path


@dataclass
class Kamailio:
    """One kamailio this test runs; :meth:`stop` and :meth:`start` may repeat."""

    folder: Path
    port: int
    users: dict[str, str]
    operator: str
    min_expires: int = 2
    proc: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"sip:127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        lines = ['$var(pw) = "-no-such-user-";']
        for user, password in self.users.items():
            lines.append(f'if ($fU == "{user}") {{ $var(pw) = "{password}"; }}')
        text = CONFIG.format(
            port=self.port,
            domain=DOMAIN,
            modules=MODULES,
            min_expires=self.min_expires,
            operator=self.operator,
            password_lines="\n        ".join(lines),
        )
        path = self.folder / "kamailio.cfg"
        path.write_text(text)
        return path

    def start(self, timeout: float = 10.0) -> None:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        config = self.write_config()
        run = self.folder / "run"
        run.mkdir(exist_ok=True)
        log_path = self.folder / f"kamailio-{len(self.logs)}.log"
        self.logs.append(log_path)
        args = [
            kamailio_binary(),
            "-DD", "-E",
            "-f", str(config),
            "-P", str(self.folder / "kamailio.pid"),
            "-Y", str(run),
            "-w", str(self.folder),
            "-m", "16", "-M", "4",
        ]  # fmt: skip
        with log_path.open("wb") as out:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while not self._tcp_ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"kamailio exited at start:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"kamailio not listening after {timeout} s:\n{self.log()}")
            time.sleep(0.05)

    def _tcp_ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM to the kamailio this object started (its main process takes its
        children down), SIGKILL to that same PID if it does not go in time."""
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def log(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.logs if p.exists())

    def lines(self, marker: str) -> list[str]:
        """The ``KAMTEST <marker>`` lines logged so far (all runs)."""
        tag = f"KAMTEST {marker}"
        return [line.split(tag, 1)[1].strip() for line in self.log().splitlines() if tag in line]
