"""The library cache: a scripts library as the desk last read it, kept between starts.

Reading a library parses every tenant's YAML, checks it against the JSON Schemas and
reads its tables: tens of milliseconds at start-up and, for the rest of the shift, the
YAML parser and the schema validators in memory (~2.5 MiB of a desk's ~100). When no
file of the library changed since the desk last read it, :meth:`LibraryCache.load`
takes the library from one cache file instead, and nothing is parsed. When something did
change, the desk has a helper process fill the cache (``operator-desk library cache``, that
is :func:`read_for_desk`) and takes the library from there: the desk's own process never
parses (``operator_desk.services.library_helper.LibraryJob``).

The cache is only ever behind the files, never ahead of them: its key is a fingerprint
taken *before* the first file is read, of

- every file under the library folder (path, size, modification and change times, and
  for a file written in the last seconds its content; names starting with ``.``, such as
  ``.git``, are left out),
- the code that turns files into tenants (the loading modules' sources and the JSON
  Schemas, or in the installed bundle its executable), and the versions of Python,
  phonenumbers and jinja2.

A file edited while the desk reads the library changes the next fingerprint, so the next
start reads the files again. A library whose tables or greetings live outside its folder
is never cached (their changes would go unseen).

One cache file per library folder, ``<cache dir>/library/<folder digest>.pickle``: a JSON
line with the format and fingerprint, then a pickle of the :class:`~.library.Library`'s
attributes (tenants, the scripts read so far, every problem found), each tenant pickled on
its own so that writing can go one tenant per turn of the GUI's event loop.

A file that is missing, from another fingerprint, truncated or unreadable is ignored and
later replaced; the desk then reads the library as if there were no cache. Deleting the
folder is always safe. Only the eight most recently written cache files are kept (a
synced library gets a new folder per version).

The cache directory is ``$OPERATOR_DESK_CACHE_DIR`` or the platform's user cache folder
(``~/.cache/operator-desk`` on Linux). Like any pickle, a cache file is trusted: it lives in
the operator's own profile, beside the desk's database.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import sys
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from operator_desk.core.errors import LibraryError
from operator_desk.core.library import DEFAULT_PREPARED_TENANTS, Library, preparation_order

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "OPERATOR_DESK_CACHE_DIR"
FORMAT = 1
"""Bump when the file layout changes (the loading code is in the fingerprint already)."""
RECENT_S = 3
"""Files younger than this are fingerprinted by content too (see :func:`library_fingerprint`)."""

LOADING_MODULES = (
    "operator_desk",
    "operator_desk.core",
    "operator_desk.core.errors",
    "operator_desk.core.files",
    "operator_desk.core.greeting",
    "operator_desk.core.hours",
    "operator_desk.core.library",
    "operator_desk.core.library_cache",
    "operator_desk.core.model",
    "operator_desk.core.numbers",
    "operator_desk.core.schemas",
    "operator_desk.core.yamlpos",
)
"""Every module of the desk that :mod:`~.library` imports: what a library loads into."""


def default_cache_dir() -> Path:
    """``$OPERATOR_DESK_CACHE_DIR``, else the platform's user cache folder for the desk."""
    env = os.environ.get(CACHE_DIR_ENV, "").strip()
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("operator-desk", appauthor=False))


@dataclass
class LibraryCache:
    folder: Path
    """Where the cache files go (created on first store)."""
    keep: int = 8
    """How many cache files (library folders) to keep."""

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)

    def load(self, root: Path | str) -> Library:
        """The library at ``root``: from the cache when no file changed, else read anew."""
        root = Path(root)
        if not root.is_dir():  # nothing to cache; the loader says what is wrong
            return Library.load(root)
        fingerprint = library_fingerprint(root)
        library = self._read(root, fingerprint)
        if library is None:
            library = Library.load(root)
            library.fingerprint = fingerprint
        return library

    def cached(self, root: Path | str) -> Library | None:
        """The library at ``root`` if the cache has it as the files are now; else None,
        and nothing is parsed."""
        root = Path(root)
        if not root.is_dir():
            return None
        return self._read(root, library_fingerprint(root))

    def store(self, library: Library) -> bool:
        """Write ``library`` (with the scripts read so far) if the cache lacks something
        it holds; True if a file was written. Never raises: a desk without a cache only
        starts slower."""
        steps = self.store_steps(library)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return bool(done.value)

    def store_steps(self, library: Library) -> Generator[None, None, bool]:
        """:meth:`store` in small steps, one tenant each (~0.3 ms for a tenant with a
        500-row table; a whole 40-tenant library takes ~20 ms), for a GUI thread that
        must stay free for rings between them. Returns what :meth:`store` does."""
        if not library.fingerprint or library.stored_changes == library.changes:
            return False
        outside = _files_outside(library)
        if outside:
            log.info("library cache: not kept, %s is outside the library folder", outside)
            return False
        state = dict(vars(library))
        state["stored_changes"] = state["changes"]
        entries: dict[str, bytes] = {}
        for tenant_id, entry in list(state["entries"].items()):
            entries[tenant_id] = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            yield
        state["entries"] = entries
        target = self._file(library.root)
        header = json.dumps({"format": FORMAT, "fingerprint": library.fingerprint})
        try:
            payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            with open(partial, "wb") as out:
                out.write(header.encode() + b"\n")
                out.write(payload)
            os.replace(partial, target)
        except OSError as exc:  # a full disk or a read-only profile: read files next time
            log.warning("library cache: cannot write %s: %s", target, exc)
            return False
        library.stored_changes = state["changes"]  # a script read meanwhile: stored next time
        self._prune(target)
        return True

    def _file(self, root: Path) -> Path:
        name = hashlib.blake2b(os.fsencode(_resolved(root)), digest_size=10).hexdigest()
        return self.folder / "library" / f"{name}.pickle"

    def _read(self, root: Path, fingerprint: str) -> Library | None:
        file = self._file(root)
        try:
            with open(file, "rb") as cached:
                header = json.loads(cached.readline())
                if header != {"format": FORMAT, "fingerprint": fingerprint}:
                    log.info("library cache: %s changed since it was cached; reading it", root)
                    return None
                state = pickle.load(cached)
                if not isinstance(state, dict) or set(state) != set(vars(Library(root))):
                    raise ValueError("it holds no library of this version")
                state["entries"] = {tenant_id: pickle.loads(entry)
                                    for tenant_id, entry in state["entries"].items()}
        except FileNotFoundError:
            return None
        except Exception as exc:
            # Truncated, damaged, or written by another version of the desk: unpickling
            # such a file raises nearly anything (UnpicklingError, EOFError, an
            # AttributeError or ImportError for a class that moved, a TypeError ...). The
            # files are the authority, so every failure here means: read them.
            log.warning("library cache: ignoring %s: %s", file, exc)
            return None
        library = Library.__new__(Library)
        vars(library).update(state)
        library.root = root
        log.info("library %s taken from the cache (%d tenants, %d scripts)", root,
                 len(library.entries), sum(library.script_loaded(t) for t in library.entries))
        return library

    def _prune(self, written: Path) -> None:
        try:
            files = sorted(written.parent.glob("*.pickle"), key=lambda f: f.stat().st_mtime_ns,
                           reverse=True)
            for old in files[self.keep:]:
                old.unlink(missing_ok=True)
            for partial in written.parent.glob("*.tmp"):  # left by a desk that died writing
                if partial.stat().st_mtime_ns < written.stat().st_mtime_ns - 60 * 10**9:
                    partial.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("library cache: cannot tidy %s: %s", written.parent, exc)


def read_for_desk(cache: LibraryCache, root: Path | str, busiest: Iterable[str] = (),
                  limit: int = DEFAULT_PREPARED_TENANTS) -> tuple[Library, bool]:
    """Read the library and the scripts a desk prepares first (see
    :func:`~.library.preparation_order`) into the cache: what ``operator-desk library cache``
    does, in a process of its own, for a desk that found the cache behind its files.
    Returns the library and whether the cache now has it (written now, or already)."""
    library = cache.load(root)
    for tenant_id in preparation_order(library, busiest, limit):
        # A broken script: its problems are kept (and cached) with the tenant.
        with contextlib.suppress(LibraryError):
            library.script(tenant_id)
    return library, cache.store(library) or library.stored_changes == library.changes


def library_fingerprint(root: Path) -> str:
    """A digest of everything a library loaded from ``root`` depends on (see the module).

    File times are coarse (a few ms on Linux, 2 s on FAT), so two same-size writes can
    leave one stat behind; files written in the last :data:`RECENT_S` seconds therefore
    add their content's digest, as git does for "racily clean" files."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(_code_fingerprint())
    recent = time.time_ns() - RECENT_S * 10**9
    try:
        for rel, path, st in _files(root):
            line = f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
            if max(st.st_mtime_ns, st.st_ctime_ns) >= recent:
                line += "\0" + hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
            digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    except OSError as exc:  # an unreadable folder: no cache hit, the loader reports it
        digest.update(f"unreadable: {exc} {time.time_ns()}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _files(root: Path) -> Iterator[tuple[str, Path, os.stat_result]]:
    """(path relative to ``root``, path, stat) of every file below it, sorted; dot names
    left out. Symbolic links are followed (the loader follows them), each folder once."""
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path, prefix: str) -> Iterator[tuple[str, Path, os.stat_result]]:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    yield from walk(Path(entry.path), f"{prefix}{entry.name}/")
                else:
                    yield f"{prefix}{entry.name}", Path(entry.path), entry.stat()
            except FileNotFoundError:  # removed while we looked
                continue

    return walk(root, "")


@cache
def _code_fingerprint() -> bytes:
    import jinja2
    import phonenumbers

    from operator_desk import __version__
    from operator_desk.core.schemas import SCHEMA_NAMES, schema_text

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT} {sys.version} {__version__} {phonenumbers.__version__} "
                  f"{jinja2.__version__}\n".encode())
    if getattr(sys, "frozen", False):  # the bundle: its code is in the executable
        st = os.stat(sys.executable)
        digest.update(f"{sys.executable} {st.st_size} {st.st_mtime_ns}\n".encode())
    else:
        for name in LOADING_MODULES:
            __import__(name)
            origin = getattr(sys.modules[name], "__file__", None)
            digest.update(name.encode() + b"\0" + (Path(origin).read_bytes() if origin else b""))
    for name in SCHEMA_NAMES:
        digest.update(schema_text(name).encode())
    return digest.digest()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _files_outside(library: Library) -> Path | None:
    """A file the library was read from that is not under its folder, if any."""
    root = _resolved(library.root)
    for entry in library.entries.values():
        tenant = entry.tenant or entry.draft
        if tenant is None:
            continue
        files = [g.file for g in tenant.greetings.values()]
        files += [t.file for t in tenant.tables.values()]
        for file in files:
            if not _resolved(file).is_relative_to(root):
                return file
    return None
