"""``operator-desk --self-test``: the whole desk offscreen on a free loopback port takes
one call from the demo caller; exit 0 only if it rang, popped, was answered and ended.
Installers and CI run it on the installed desk.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from operator_desk.app import run_desk
from operator_desk.options import DeskOptions
from operator_desk.services.demo import demo_caller_command

STEPS = ("desk_ready", "invite_received", "screen_pop_painted", "answered", "ended")
"""What the event journal must show."""


def run_self_test(options: DeskOptions) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with tempfile.TemporaryDirectory(prefix="operator-desk-selftest-") as tmp:
        os.environ["OPERATOR_DESK_DATA_DIR"] = tmp
        journal = Path(tmp) / "events.jsonl"
        options = dataclasses.replace(
            options, listen_host="127.0.0.1", listen_port=port, auto_answer=True, audio=False,
            demo=False, event_log=journal, account=None, auto_ready_s=0)
        code = run_desk(options, self_test=lambda app: start_self_test_call(app, options))
        events = journal.read_text().splitlines() if journal.exists() else []
    names = [json.loads(line)["event"] for line in events]
    missing = [s for s in STEPS if s not in names]
    print(f"self-test: engine on 127.0.0.1:{port}; journal: {', '.join(names)}")
    if code != 0 or missing:
        print(f"self-test FAILED (exit {code}; missing {', '.join(missing) or 'nothing'})")
        return 1
    print("self-test passed")
    return 0


def start_self_test_call(app: Any, options: DeskOptions) -> None:
    """One call from the demo caller; quit when it is over (or after 60 s)."""
    import subprocess

    from PySide6.QtCore import QTimer

    command = demo_caller_command(options.listen_host, options.listen_port, options.library,
                                  "--once", "random", "--talk", "1-2")
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    timer = QTimer(app)

    def check() -> None:
        code = proc.poll()
        if code is None and time.monotonic() < deadline:
            return
        timer.stop()
        if code is None:
            proc.kill()  # the demo caller this self-test started, by its PID
            proc.wait(5)
            code = 124
        QTimer.singleShot(300, lambda: app.exit(code))  # let the journal take the end

    timer.timeout.connect(check)
    timer.start(100)
