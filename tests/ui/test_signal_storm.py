"""Guards the PySide6 pin: 6.12.0 on Python 3.11 aborts the interpreter after ~1000 emits.

The crash takes the whole process down, so the storm runs in a child process and the test
checks that it finished normally.
"""

from __future__ import annotations

import subprocess
import sys

STORM = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    fired = Signal(int, bool, str)

class Counter(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0
    def on_fired(self, n, flag, text):
        self.count += 1

app = QCoreApplication([])
emitter, counter = Emitter(), Counter()
emitter.fired.connect(counter.on_fired)
for i in range(100_000):
    emitter.fired.emit(i, i % 2 == 0, "x")
print(counter.count)
"""


def test_a_hundred_thousand_signal_emits_do_not_abort():
    result = subprocess.run([sys.executable, "-c", STORM], capture_output=True, text=True,
                            timeout=240, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr[-2000:]}"
    assert result.stdout.strip() == "100000"
