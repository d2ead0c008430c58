"""`operator-desk --self-test`: what installers and CI run on an installed desk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sip


def test_self_test_takes_a_real_call_and_passes():
    exe = Path(sys.executable).parent / "operator-desk"
    result = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "self-test passed" in result.stdout
    journal_line = next(line for line in result.stdout.splitlines() if "journal:" in line)
    for step in ("invite_received", "screen_pop_painted", "answered", "ended"):
        assert step in journal_line
