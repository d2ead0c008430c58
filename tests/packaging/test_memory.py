"""Start-up and calls leave free memory in the C heap; the desk hands it back."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import python_output

PROBE = """
from operator_desk.memory import release_free_memory

def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

blocks = [bytearray(1000) for _ in range(60_000)]  # ~60 MiB from malloc, not pymalloc
pin = bytearray(1000)  # above them: free() alone cannot shrink the heap's top
del blocks
held = rss_mib()
print(release_free_memory())
print(round(held - rss_mib()))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_heap_memory_goes_back_to_the_system() -> None:
    out = python_output(PROBE).split()
    assert out[0] == "True"
    assert int(out[1]) > 40, f"only {out[1]} MiB returned"


def test_the_heap_is_trimmed_when_calls_end_and_again_once_sip_lets_go(qtbot) -> None:
    from operator_desk.ui.heap import HeapTrimmer

    trims: list[str] = []
    calls: list[str] = []
    trimmer = HeapTrimmer(lambda: bool(calls), linger_s=0.2, trim=lambda: trims.append("trim"))

    calls.append("c1")
    trimmer.call_finished("c2")  # another call is still going on: nothing yet
    assert trims == []
    calls.clear()
    trimmer.call_finished("c1")
    assert trims == ["trim"]  # at once, what the pop and call freed
    qtbot.waitUntil(lambda: len(trims) == 2, timeout=2000)  # and after the linger

    trimmer.call_finished("c3")
    assert len(trims) == 3
    with qtbot.waitSignal(trimmer._later.timeout, timeout=2000):  # the linger runs out ...
        calls.append("c4")  # ... while a new call rings: no trim under it
    assert len(trims) == 3


def test_a_changed_library_is_read_by_a_helper_process(builder, tmp_path) -> None:
    from operator_desk.core.library_cache import LibraryCache
    from operator_desk.services.library_helper import LibraryJob

    builder.tenant("alpha")
    cache = LibraryCache(tmp_path / "cache")
    job = LibraryJob(cache, builder.root, (), limit=40)
    assert job._helper is not None  # the cache did not have it: a helper reads it
    library = job.library()
    assert library.script_loaded("alpha") and library.stored_changes == library.changes
    again = LibraryJob(cache, builder.root, (), limit=40)
    assert again._helper is None and again.library().script_loaded("alpha")


def test_the_desk_reads_the_library_itself_when_the_helper_fails(builder, tmp_path,
                                                                caplog) -> None:
    import logging

    from operator_desk.core.library_cache import LibraryCache
    from operator_desk.services.library_helper import LibraryJob

    builder.tenant("alpha")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    with caplog.at_level(logging.WARNING):
        library = LibraryJob(LibraryCache(blocked), builder.root, (), limit=40).library()
    assert "alpha" in library.tenants
    assert "helper reading the scripts library failed (exit 1)" in caplog.text


def test_a_missing_library_folder_needs_no_helper(tmp_path) -> None:
    from operator_desk.core.library_cache import LibraryCache
    from operator_desk.services.library_helper import LibraryJob

    job = LibraryJob(LibraryCache(tmp_path / "cache"), tmp_path / "nowhere", (), limit=40)
    assert job._helper is None
    library = job.library()
    assert not library.tenants and "does not exist" in library.problems[0].message
