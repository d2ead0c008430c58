"""The desk writes the library cache in steps between events, and the rest at quit."""

from __future__ import annotations

from operator_desk.core.library_cache import LibraryCache
from operator_desk.ui.library import CacheWriter


def test_the_cache_is_written_between_events_and_finished_at_quit(qtbot, builder, tmp_path):
    for n, tenant_id in enumerate(("alpha", "beta", "gamma")):
        builder.tenant(tenant_id, number=f"8-800-555-35-3{n}")
    cache = LibraryCache(tmp_path / "cache")
    library = cache.load(builder.root)
    library.script("alpha")
    library.script("beta")
    writer = CacheWriter(cache, lambda: library)

    writer.start()
    assert writer.writing and not list(cache.folder.glob("library/*.pickle"))  # not in one go
    qtbot.waitUntil(lambda: not writer.writing, timeout=5000)
    cached = cache.load(builder.root)
    assert cached.script_loaded("alpha") and cached.script_loaded("beta")

    library.script("gamma")  # a tenant outside the prepared ones rang later
    writer.finish()
    assert cache.load(builder.root).script_loaded("gamma")
