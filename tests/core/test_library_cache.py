"""The library cache: an unchanged library comes back without parsing; any change is read."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from operator_desk.core import library as library_module
from operator_desk.core.library import Library
from operator_desk.core.library_cache import LOADING_MODULES, LibraryCache
from tests.conftest import python_output


@pytest.fixture
def cache(tmp_path: Path) -> LibraryCache:
    return LibraryCache(tmp_path / "cache")


def read_everything(library: Library) -> Library:
    for tenant_id in library.tenants:
        library.script(tenant_id)
    return library


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("a file was parsed")

    monkeypatch.setattr(library_module, "load_yaml", refuse)


def greeting_file(builder, tenant_id: str) -> Path:
    return next(iter(Library.load(builder.root).tenant(tenant_id).greetings.values())).file


def test_an_unchanged_library_comes_back_from_the_cache_without_parsing(builder, cache,
                                                                         monkeypatch):
    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta", number="8-800-555-35-36")
    first = read_everything(cache.load(builder.root))
    assert cache.store(first)
    assert not cache.store(first)  # nothing new to keep

    forbid_parsing(monkeypatch)
    again = cache.load(builder.root)
    assert again.root == builder.root
    assert again.number_index == first.number_index
    assert again.tenants == first.tenants
    assert again.script_loaded("alpha") and again.script_loaded("beta")
    assert again.script("beta") == first.script("beta")


def test_a_desk_started_from_the_cache_never_imports_the_yaml_parser(builder, tmp_path):
    builder.tenant("alpha")
    probe = f"""
import sys
from operator_desk.core.library_cache import LibraryCache
cache = LibraryCache({str(tmp_path / "cache")!r})
library = cache.load({str(builder.root)!r})
for tenant_id in library.tenants:
    library.script(tenant_id)
print(cache.store(library), "yaml" in sys.modules, "fastjsonschema" in sys.modules)
"""
    assert python_output(probe).split() == ["True", "True", "True"]  # read the files
    assert python_output(probe).split() == ["False", "False", "False"]  # the cache


def test_an_edit_is_read_even_when_size_and_modification_time_are_kept(builder, cache):
    builder.tenant("alpha")
    cache.store(read_everything(cache.load(builder.root)))
    file = greeting_file(builder, "alpha")
    text = file.read_text(encoding="utf-8")
    before = file.stat()
    edited = text.replace("меня зовут", "я оператор")
    assert edited != text and len(edited.encode()) == len(text.encode())
    file.write_text(edited, encoding="utf-8")
    # As tar or rsync -t would leave it: same size, the old modification time.
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))

    library = cache.load(builder.root)
    assert "я оператор" in library.tenant("alpha").greetings["default"].source


def test_new_and_removed_tenants_are_seen(builder, cache):
    builder.tenant("alpha", number="8-800-555-35-35")
    cache.store(read_everything(cache.load(builder.root)))
    builder.tenant("beta", number="8-800-555-35-36")
    library = cache.load(builder.root)
    assert set(library.tenants) == {"alpha", "beta"}
    cache.store(read_everything(library))

    for file in sorted(builder.root.joinpath("alpha").rglob("*"), reverse=True):
        file.rmdir() if file.is_dir() else file.unlink()
    builder.root.joinpath("alpha").rmdir()
    assert set(cache.load(builder.root).tenants) == {"beta"}


def test_a_broken_tenant_keeps_its_problems_in_the_cache(builder, cache, monkeypatch):
    from operator_desk.core.errors import LibraryError

    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta", number="8-800-555-35-36")
    builder.replace("beta", "tenant.yaml", "timezone:", "time_zone:")
    builder.write("alpha", "questions.yaml", "questions: [")
    first = cache.load(builder.root)
    with pytest.raises(LibraryError):
        first.script("alpha")
    assert cache.store(first)

    forbid_parsing(monkeypatch)
    again = cache.load(builder.root)
    assert again.broken == first.broken and "beta" in again.broken
    problem = again.broken["beta"][0]
    assert problem.file == "beta/tenant.yaml" and problem.line > 0
    assert again.script_loaded("alpha")
    assert again.entries["alpha"].script_problems == first.entries["alpha"].script_problems


def test_a_file_changed_while_the_library_is_read_is_read_again_next_time(builder, cache,
                                                                          monkeypatch):
    builder.tenant("alpha")
    file = greeting_file(builder, "alpha")
    real_load = Library._load

    def load_then_edit(self: Library) -> None:
        real_load(self)  # the greeting is read here...
        file.write_text("Новое приветствие", encoding="utf-8")  # ...and changed just after

    monkeypatch.setattr(Library, "_load", load_then_edit)
    library = read_everything(cache.load(builder.root))
    assert "Новое" not in library.tenant("alpha").greetings["default"].source
    cache.store(library)
    monkeypatch.setattr(Library, "_load", real_load)

    assert cache.load(builder.root).tenant("alpha").greetings["default"].source == (
        "Новое приветствие")


def test_scripts_read_after_the_first_store_are_added_to_the_cache(builder, cache, monkeypatch):
    builder.tenant("alpha", number="8-800-555-35-35")
    builder.tenant("beta", number="8-800-555-35-36")
    library = cache.load(builder.root)
    library.script("alpha")
    assert cache.store(library)
    library.script("beta")  # a tenant that rang later
    assert cache.store(library)
    again = cache.load(builder.root)
    assert again.script_loaded("alpha") and again.script_loaded("beta")


def test_a_damaged_cache_file_is_ignored_and_replaced(builder, cache, caplog):
    builder.tenant("alpha")
    cache.store(read_everything(cache.load(builder.root)))
    (file,) = (cache.folder / "library").glob("*.pickle")
    header = file.read_bytes().split(b"\n", 1)[0]
    file.write_bytes(header + b"\n\x80\x05 not a pickle")

    with caplog.at_level(logging.WARNING):
        library = cache.load(builder.root)
    assert "alpha" in library.tenants and not library.script_loaded("alpha")
    assert "ignoring" in caplog.text and file.name in caplog.text
    assert cache.store(read_everything(library))
    assert cache.load(builder.root).script_loaded("alpha")


def test_a_cache_that_cannot_be_written_only_costs_a_slower_start(builder, tmp_path, caplog):
    builder.tenant("alpha")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    cache = LibraryCache(blocked)
    library = read_everything(cache.load(builder.root))
    with caplog.at_level(logging.WARNING):
        assert not cache.store(library)
    assert "cannot write" in caplog.text
    assert "alpha" in cache.load(builder.root).tenants


def test_a_library_reading_files_outside_its_folder_is_not_cached(builder, cache, tmp_path):
    builder.tenant("alpha")
    shared = tmp_path / "shared-greeting.j2"
    shared.write_text("Общее приветствие", encoding="utf-8")
    builder.replace("alpha", "tenant.yaml", "default: greetings/default.txt",
                    f"default: ../../{shared.name}")
    library = read_everything(cache.load(builder.root))
    assert library.tenant("alpha").greetings["default"].source == "Общее приветствие"
    assert not cache.store(library)
    assert not list(cache.folder.glob("library/*.pickle"))


def test_only_the_most_recent_libraries_are_kept(tmp_path):
    from tests.conftest import LibraryBuilder

    cache = LibraryCache(tmp_path / "cache", keep=2)
    for name in ("v1", "v2", "v3"):
        builder = LibraryBuilder(tmp_path / name)
        builder.tenant("alpha")
        assert cache.store(read_everything(cache.load(builder.root)))
    assert len(list((tmp_path / "cache" / "library").glob("*.pickle"))) == 2
    assert cache.load(tmp_path / "v3").script_loaded("alpha")
    assert not cache.load(tmp_path / "v1").script_loaded("alpha")


def test_the_fingerprint_covers_every_module_the_library_is_loaded_with():
    out = python_output("import sys, operator_desk.core.library_cache\n"
                        "print(*sorted(m for m in sys.modules if m.startswith('operator_desk')))")
    assert out.split() == sorted(LOADING_MODULES)



def test_the_cache_is_written_one_tenant_per_step(builder, cache):
    for n, tenant_id in enumerate(("alpha", "beta", "gamma")):
        builder.tenant(tenant_id, number=f"8-800-555-35-3{n}")
    library = cache.load(builder.root)
    library.script("beta")
    library.script("gamma")
    steps = cache.store_steps(library)
    next(steps)  # alpha
    next(steps)  # beta
    library.script("alpha")  # alpha rings while the cache is being written
    next(steps)  # gamma
    with pytest.raises(StopIteration) as done:
        next(steps)  # the file
    assert done.value.value is True
    cached = cache.load(builder.root)
    assert cached.script_loaded("gamma") and not cached.script_loaded("alpha")
    assert cache.store(library)  # what the ring read goes in next time
    assert cache.load(builder.root).script_loaded("alpha")
