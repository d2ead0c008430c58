"""Benchmarks: each prints figures and asserts nothing (``python -m bench.<name>``)."""

from __future__ import annotations


def proc_status(field_name: str, pid: int | str = "self") -> int:
    """A number field of ``/proc/PID/status`` (``VmRSS`` in KiB, ``Threads``...); -1 if
    the field or the process is not there."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def rss_mib(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default) in MiB; NaN if it is gone."""
    kib = proc_status("VmRSS", pid)
    return kib / 1024 if kib >= 0 else float("nan")
