"""Keeping a desk's scripts library in step with a central copy served over HTTP.

The central location is any static HTTP server holding a published library folder (see
:mod:`operator_desk.services.library_publish`): ``<base_url>/manifest.json`` and every file
it lists at ``<base_url>/<relative/path>``::

    {"version": "2026.11.23-1",
     "files": {"taxi-bystro/tenant.yaml": {"sha256": "<64 hex>", "size": 2817}, ...}}

:meth:`LibrarySync.sync` (blocking; run it off the GUI thread) keeps a local cache::

    <cache_dir>/
      current                    the name of the active version folder (one line)
      state.json                 the manifest's last ETag and the folder it belongs to
      versions/
        2026.11.23-1-3f9c0a1b2d4e/           the active version (files + manifest.json)
        2026.11.20-2-77a1c0de9b13/           the previous good one, kept
        2026.11.24-1-0badc0ffee00.tmp/       a version being built (staging)

and goes like this:

1. ``GET manifest.json`` with ``If-None-Match: <last ETag>``; 304 -> ``up_to_date``.
2. The manifest is checked: paths stay inside the folder (no ``..``, no absolute or
   Windows-reserved names), at most ``max_files`` files and ``max_total_bytes`` in all.
3. The new version is built in ``versions/<version>-<hash>.tmp``: a file whose SHA-256
   is already in a local version is copied from there (and checked), the others are
   downloaded; each must have the manifest's size and SHA-256.
4. ``Library.load(staging).validate()`` must find nothing wrong, and ``library.yaml``'s
   version must be the manifest's; otherwise the version is refused with every problem
   (``file:line``) and the active version stays.
5. The staging folder is renamed to its final name and the ``current`` pointer file is
   replaced atomically (written aside, then ``os.replace``; no symlinks, which Windows
   does not reliably allow). The version before it is kept; older ones are deleted.

A crash at any moment leaves the old pointer, so the old version stays active; leftovers
are cleaned up by the next sync. No connection (refused, DNS, timeout) -> ``offline``; a
bad answer or a refused version -> ``failed``: in both cases the active version stays
and :meth:`LibrarySync.current_path` keeps naming it. The desk loads its library from
:meth:`LibrarySync.current_path` (None until a first sync succeeded).

One :class:`LibrarySync` syncs one cache at a time (a lock); two desk processes must not
share a ``cache_dir``.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from operator_desk import __version__
from operator_desk.core.errors import OperatorDeskError, Problem
from operator_desk.core.library import LIBRARY_FILE, Library
from operator_desk.services._http import HealthLog, quiet_httpx_logs

__all__ = [
    "MANIFEST_NAME",
    "MAX_FILES",
    "MAX_TOTAL_BYTES",
    "LibrarySync",
    "Manifest",
    "ManifestEntry",
    "ManifestError",
    "SyncResult",
    "SyncStatus",
    "check_path",
    "parse_manifest",
]

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
MAX_FILES = 5000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_PATH_CHARS = 240
POINTER_NAME = "current"
STATE_NAME = "state.json"
VERSIONS_DIR = "versions"
STAGING_SUFFIX = ".tmp"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_FOLDER = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
_NOT_IN_FOLDER_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_BAD_CHARS = frozenset('<>:"|?*')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))})
_NO_CACHE = {"Cache-Control": "no-cache"}
_HASH_CHUNK = 1024 * 1024


class ManifestError(OperatorDeskError):
    """A ``manifest.json`` that cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SyncStatus(enum.Enum):
    UP_TO_DATE = "up_to_date"
    """The central library has not changed since the active version."""
    UPDATED = "updated"
    """A new version was downloaded, validated and is now active."""
    FAILED = "failed"
    """The central library answered but its version cannot be used; the active one stays."""
    OFFLINE = "offline"
    """The central library cannot be reached; the active one stays."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    status: SyncStatus
    version: str
    """The active version after the sync ('' when there is none yet)."""
    message: str
    """One line for the status bar and the log."""
    problems: tuple[Problem, ...] = ()
    """Why a version was refused: manifest or library problems, each with file and line."""
    path: Path | None = None
    """The active library folder (as :meth:`LibrarySync.current_path`)."""
    offered_version: str = ""
    """The central version this sync looked at ('' when it got no manifest)."""
    downloaded: int = 0
    """Files fetched from the central location."""
    reused: int = 0
    """Files copied from a local version because their SHA-256 matched."""

    @property
    def ok(self) -> bool:
        return self.status in (SyncStatus.UP_TO_DATE, SyncStatus.UPDATED)


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    path: str
    """Relative, with forward slashes."""
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Manifest:
    version: str
    files: tuple[ManifestEntry, ...]
    raw: bytes = field(default=b"", repr=False)
    """The manifest as received (kept in the version folder)."""

    @property
    def total_bytes(self) -> int:
        return sum(e.size for e in self.files)

    @property
    def folder_name(self) -> str:
        """``<version>-<12 hex of the manifest's SHA-256>``: a new name for any change."""
        safe = _NOT_IN_FOLDER_NAME.sub("_", self.version).strip("._-")[:60] or "v"
        return f"{safe}-{hashlib.sha256(self.raw).hexdigest()[:12]}"


def check_path(rel: str) -> str | None:
    """Why ``rel`` cannot be a file of the library (None: it can).

    Forward slashes only; no absolute paths, drive letters, ``..`` or empty parts, and
    nothing Windows cannot store (``<>:"|?*``, control characters, ``CON``, a trailing dot).
    """
    if not rel:
        return "empty path"
    if len(rel) > MAX_PATH_CHARS:
        return f"path longer than {MAX_PATH_CHARS} characters"
    if "\\" in rel:
        return "backslash in the path; use /"
    if rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        return "absolute path; paths must be relative to the library folder"
    if any(ord(c) < 32 or ord(c) == 127 for c in rel):
        return "control character in the path"
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "`..`, `.` or an empty part in the path: it must stay inside the library folder"
    bad = sorted(_WINDOWS_BAD_CHARS.intersection(rel))
    if bad:
        return f"character {''.join(bad)!r} is not allowed in file names on Windows"
    for part in parts:
        if part.endswith((" ", ".")):
            return f"`{part}` ends with a space or a dot, which Windows drops"
        if part.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
            return f"`{part}` is a reserved name on Windows"
    if rel == MANIFEST_NAME:
        return f"{MANIFEST_NAME} cannot list itself"
    return None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice")
        out[key] = value
    return out


def parse_manifest(raw: bytes, *, max_files: int = MAX_FILES,
                   max_total_bytes: int = MAX_TOTAL_BYTES) -> Manifest:
    """Read and check a manifest; raises :class:`ManifestError` with every problem found."""

    def problem(message: str, where: str = "") -> Problem:
        return Problem(MANIFEST_NAME, 0, message, field=where)

    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManifestError([problem(f"not a UTF-8 JSON file: {exc}")]) from None
    if not isinstance(data, dict):
        raise ManifestError([problem("must be a JSON object with `version` and `files`")])
    problems: list[Problem] = []
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append(problem("must be a non-empty string", "version"))
        version = ""
    elif len(version) > 100 or any(ord(c) < 32 for c in version):
        problems.append(problem("must be at most 100 printable characters", "version"))
    files = data.get("files")
    if not isinstance(files, dict):
        problems.append(problem("must be an object: relative path -> {sha256, size}", "files"))
        files = {}
    if len(files) > max_files:
        problems.append(problem(f"{len(files)} files; at most {max_files} are accepted", "files"))
    entries: list[ManifestEntry] = []
    seen: dict[str, str] = {}
    for rel, spec in files.items():
        where = f"files.{rel}"
        why = check_path(rel)
        if why:
            problems.append(problem(why, where))
            continue
        folded = rel.casefold()
        if folded in seen:
            problems.append(problem(f"differs only in letter case from `{seen[folded]}`; Windows and "
                                    "macOS cannot hold both", where))
            continue
        seen[folded] = rel
        if not isinstance(spec, dict):
            problems.append(problem("must be an object {sha256, size}", where))
            continue
        sha, size = spec.get("sha256"), spec.get("size")
        if not isinstance(sha, str) or not _SHA256.match(sha.lower()):
            problems.append(problem("sha256 must be 64 hex digits", where))
            continue
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            problems.append(problem("size must be a whole number of bytes", where))
            continue
        entries.append(ManifestEntry(rel, sha.lower(), size))
    folders = {rel.casefold().rsplit("/", 1)[0] for rel in seen if "/" in rel}
    parents = {"/".join(f.split("/")[:i]) for f in folders for i in range(1, f.count("/") + 2)}
    problems.extend(problem("is both a file and a folder", f"files.{seen[f]}") for f in sorted(parents)
                    if f in seen)
    total = sum(e.size for e in entries)
    if total > max_total_bytes:
        problems.append(problem(f"{total} bytes in all; at most {max_total_bytes} are accepted", "files"))
    if problems:
        raise ManifestError(problems)
    entries.sort(key=lambda e: e.path)
    return Manifest(version, tuple(entries), raw)


class _Offline(Exception):
    pass


class _Refused(Exception):
    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)
        self.offered = ""


T = TypeVar("T")


def _retrying(action: Callable[[], T], attempts: int = 5) -> T:
    """Windows refuses to replace or rename a file someone (an antivirus, a reader) has open
    for a moment: try again a few times."""
    for attempt in range(attempts):
        try:
            return action()
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write aside, flush to disk, then replace: readers see the old or the new file, whole."""
    tmp = path.with_name(path.name + STAGING_SUFFIX)
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    _retrying(lambda: os.replace(tmp, path))
    _fsync_dir(path.parent)


def _remove_tree(path: Path) -> None:
    """Delete a folder (or a file), logging what cannot be deleted (Windows: open files)."""
    if not path.is_dir() or path.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return

    def complain(_func: Any, name: str, exc: Any) -> None:
        log.warning("library sync: cannot delete %s: %s", name, exc[1] if isinstance(exc, tuple) else exc)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=complain)
    else:
        shutil.rmtree(path, onerror=complain)


class LibrarySync:
    """Syncs the scripts library from ``base_url`` into ``cache_dir`` (see the module docs).

    ``sync()`` blocks on the network and the disk: call it from a worker thread. The other
    methods only read small local files and may be called from any thread.
    """

    def __init__(self, base_url: str, cache_dir: Path | str, *, transport: httpx.BaseTransport | None = None,
                 timeout_s: float = 10, max_files: int = MAX_FILES,
                 max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"the library URL must start with http:// or https://, got {base_url!r}")
        quiet_httpx_logs()
        self.base_url = base_url.rstrip("/") + "/"
        self.cache_dir = Path(cache_dir)
        self.max_files = max_files
        self.max_total_bytes = max_total_bytes
        self._transport = transport
        self._timeout = httpx.Timeout(timeout_s)
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._health = HealthLog(
            log, "library sync: the %s scripts library cannot be reached (%s); keeping the local version",
            "library sync: the %s scripts library can be reached again",
        )

    # -- paths and the active version ---------------------------------------------------

    @property
    def versions_dir(self) -> Path:
        return self.cache_dir / VERSIONS_DIR

    @property
    def pointer_file(self) -> Path:
        return self.cache_dir / POINTER_NAME

    def _current_name(self) -> str | None:
        try:
            name = self.pointer_file.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        except OSError as exc:
            log.warning("library sync: cannot read %s: %s", self.pointer_file, exc)
            return None
        if not _FOLDER.match(name) or name.endswith(STAGING_SUFFIX):
            log.warning("library sync: %s names no version folder; ignoring it", self.pointer_file)
            return None
        if not (self.versions_dir / name / MANIFEST_NAME).is_file():
            log.warning("library sync: the active version %s is missing from %s", name, self.versions_dir)
            return None
        return name

    def current_path(self) -> Path | None:
        """The active library folder (for ``Library.load``), or None before a first good sync."""
        name = self._current_name()
        return None if name is None else self.versions_dir / name

    def current_version(self) -> str:
        """The active version's number from its manifest ('' when there is none)."""
        path = self.current_path()
        if path is None:
            return ""
        try:
            data = json.loads((path / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        version = data.get("version") if isinstance(data, dict) else None
        return version if isinstance(version, str) else ""

    def _read_state(self) -> dict[str, str]:
        try:
            data = json.loads((self.cache_dir / STATE_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def _write_state(self, etag: str, folder: str) -> None:
        state = json.dumps({"etag": etag, "folder": folder}, ensure_ascii=False).encode("utf-8")
        _write_atomic(self.cache_dir / STATE_NAME, state)

    def _result(self, status: SyncStatus, message: str, **kw: Any) -> SyncResult:
        return SyncResult(status, self.current_version(), message, path=self.current_path(), **kw)

    # -- syncing --------------------------------------------------------------------------

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> LibrarySync:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                transport=self._transport, timeout=self._timeout, follow_redirects=True,
                headers={"User-Agent": f"operator-desk/{__version__} library-sync"})
        return self._client

    def sync(self, *, in_use: Path | None = None) -> SyncResult:
        """Bring the cache up to date with the central library (blocking; see the module docs).

        ``in_use`` is a version folder the desk still reads from (the library is loaded
        lazily); it is not deleted even when it is older than the previous version.
        Never raises for network, server or library problems: they are in the result.
        """
        with self._lock:
            try:
                result = self._sync(in_use)
            except _Offline as exc:
                self._health.failed("central", str(exc))
                current = self.current_version()
                keeping = f"keeping version {current}" if current else "no local copy yet"
                return self._result(SyncStatus.OFFLINE,
                                    f"the central scripts library cannot be reached ({exc}); {keeping}")
            except _Refused as exc:
                self._health.ok("central")
                log.error("library sync: %s", exc.message)
                for problem in exc.problems[:20]:
                    log.error("library sync:   %s", problem)
                return self._result(SyncStatus.FAILED, exc.message, problems=exc.problems,
                                    offered_version=exc.offered)
            except OSError as exc:
                log.error("library sync: cannot write the library cache %s: %s", self.cache_dir, exc)
                return self._result(SyncStatus.FAILED, f"cannot write the library cache: {exc}")
        self._health.ok("central")
        log.info("library sync: %s", result.message)
        return result

    def _sync(self, in_use: Path | None) -> SyncResult:
        current = self._current_name()
        state = self._read_state()
        headers = dict(_NO_CACHE)
        if current is not None and state.get("folder") == current and state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        status, etag, raw = self._get_manifest(headers)
        if status == 304:
            if current is None:
                raise _Refused("the server answered 304 Not Modified to a request that allows no such answer")
            return self._result(SyncStatus.UP_TO_DATE, f"version {self.current_version()} is up to date")
        try:
            manifest = parse_manifest(raw, max_files=self.max_files, max_total_bytes=self.max_total_bytes)
        except ManifestError as exc:
            raise _Refused(f"{MANIFEST_NAME} refused: {len(exc.problems)} problem(s), first: "
                           f"{exc.problems[0]}", exc.problems) from None
        folder = manifest.folder_name
        if folder == current:
            self._write_state(etag, folder)
            return self._result(SyncStatus.UP_TO_DATE, f"version {manifest.version} is up to date",
                                offered_version=manifest.version)
        try:
            return self._install(manifest, etag, current, in_use)
        except _Refused as exc:
            exc.offered = manifest.version
            raise

    def _get_manifest(self, headers: Mapping[str, str]) -> tuple[int, str, bytes]:
        url = self.base_url + MANIFEST_NAME
        try:
            with self._http().stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return 304, "", b""
                if response.status_code != 200:
                    raise _Refused(f"{MANIFEST_NAME}: the server answered HTTP {response.status_code}")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_MANIFEST_BYTES:
                        raise _Refused(f"{MANIFEST_NAME} is larger than {MAX_MANIFEST_BYTES} bytes")
                    chunks.append(chunk)
                return 200, response.headers.get("ETag", ""), b"".join(chunks)
        except (httpx.TimeoutException, httpx.NetworkError) as exc:
            raise _Offline(type(exc).__name__) from None
        except httpx.HTTPError as exc:
            raise _Refused(f"{MANIFEST_NAME}: {type(exc).__name__}: {exc}") from None

    def _local_copies(self) -> dict[str, Path]:
        """SHA-256 -> a file in a local version folder that the manifest there says has it."""
        found: dict[str, Path] = {}
        if not self.versions_dir.is_dir():
            return found
        current = self._current_name()
        folders = sorted(self.versions_dir.iterdir(), key=lambda p: p.name != current)
        for folder in folders:
            if folder.name.endswith(STAGING_SUFFIX) or not folder.is_dir():
                continue
            try:
                old = parse_manifest((folder / MANIFEST_NAME).read_bytes(), max_files=10**9,
                                     max_total_bytes=2**62)
            except (OSError, ManifestError):
                continue
            for entry in old.files:
                found.setdefault(entry.sha256, folder / entry.path)
        return found

    def _install(self, manifest: Manifest, etag: str, current: str | None, in_use: Path | None) -> SyncResult:
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.versions_dir.glob(f"*{STAGING_SUFFIX}"):
            _remove_tree(leftover)
        folder = manifest.folder_name
        staging = self.versions_dir / (folder + STAGING_SUFFIX)
        staging.mkdir()
        try:
            downloaded, reused = self._fill(staging, manifest)
            (staging / MANIFEST_NAME).write_bytes(manifest.raw)
            self._validate(staging, manifest)
        except BaseException:
            _remove_tree(staging)
            raise
        final = self.versions_dir / folder
        if final.exists():  # an earlier sync got this far and was interrupted before the switch
            _remove_tree(final)
        _retrying(lambda: staging.rename(final))
        _fsync_dir(self.versions_dir)
        # The switch: until this replace the old version is the active one.
        _write_atomic(self.pointer_file, f"{folder}\n".encode())
        self._write_state(etag, folder)
        self._prune(keep={folder, current, in_use.name if in_use is not None else None})
        return self._result(
            SyncStatus.UPDATED,
            f"switched to version {manifest.version} ({downloaded} file(s) downloaded, {reused} reused)",
            offered_version=manifest.version, downloaded=downloaded, reused=reused)

    def _fill(self, staging: Path, manifest: Manifest) -> tuple[int, int]:
        local = self._local_copies()
        downloaded = reused = 0
        for entry in manifest.files:
            target = staging.joinpath(*entry.path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            source = local.get(entry.sha256)
            if source is not None and self._copy_checked(source, target, entry):
                reused += 1
                continue
            self._download(entry, target)
            downloaded += 1
        return downloaded, reused

    @staticmethod
    def _copy_checked(source: Path, target: Path, entry: ManifestEntry) -> bool:
        digest = hashlib.sha256()
        size = 0
        try:
            with open(source, "rb") as src, open(target, "wb") as dst:
                while chunk := src.read(_HASH_CHUNK):
                    size += len(chunk)
                    digest.update(chunk)
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
        except FileNotFoundError:
            return False
        if size != entry.size or digest.hexdigest() != entry.sha256:
            log.warning("library sync: local copy %s has changed; downloading %s again", source, entry.path)
            return False
        return True

    def _url(self, rel: str) -> str:
        return self.base_url + "/".join(quote(part, safe="") for part in rel.split("/"))

    def _download(self, entry: ManifestEntry, target: Path) -> None:
        digest = hashlib.sha256()
        size = 0
        try:
            with self._http().stream("GET", self._url(entry.path), headers=_NO_CACHE) as response:
                if response.status_code != 200:
                    raise _Refused(f"{entry.path}: the server answered HTTP {response.status_code}")
                with open(target, "wb") as f:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > entry.size:
                            raise _Refused(f"{entry.path}: larger than the {entry.size} bytes "
                                           f"{MANIFEST_NAME} says; publish the library again")
                        digest.update(chunk)
                        f.write(chunk)
                    f.flush()
                    os.fsync(f.fileno())
        except (httpx.TimeoutException, httpx.NetworkError) as exc:
            raise _Offline(f"{type(exc).__name__} while downloading {entry.path}") from None
        except httpx.HTTPError as exc:
            raise _Refused(f"{entry.path}: {type(exc).__name__}: {exc}") from None
        if size != entry.size:
            raise _Refused(f"{entry.path}: {size} bytes, but {MANIFEST_NAME} says {entry.size}; "
                           "publish the library again")
        if digest.hexdigest() != entry.sha256:
            raise _Refused(f"{entry.path}: SHA-256 mismatch (the file differs from what {MANIFEST_NAME} "
                           "says); publish the library again")

    @staticmethod
    def _validate(staging: Path, manifest: Manifest) -> None:
        try:
            library = Library.load(staging)
            problems = library.validate()
        except OSError:
            raise  # the disk under the cache: sync() reports it
        except Exception as exc:
            # The loader reports every mistake of a library as a Problem; what it raises
            # besides is a loader bug that this (remote) content triggers. Refuse the
            # version like a broken one: the desk keeps the version it has and the sync
            # result says why; the traceback is in the log for whoever fixes the loader.
            log.exception("library sync: validating version %s failed unexpectedly", manifest.version)
            raise _Refused(f"version {manifest.version} refused: validation failed "
                           f"({type(exc).__name__})") from None
        if not any(p.file == LIBRARY_FILE for p in problems) and library.settings.version != manifest.version:
            problems.append(Problem(LIBRARY_FILE, _version_line(staging / LIBRARY_FILE),
                                    f"version is {library.settings.version!r} but {MANIFEST_NAME} says "
                                    f"{manifest.version!r}; publish the library again", field="version"))
        if not problems and not library.entries:
            problems.append(Problem(MANIFEST_NAME, 0, "the library has no tenants"))
        if problems:
            raise _Refused(f"version {manifest.version} refused: {len(problems)} problem(s), first: "
                           f"{problems[0]}", problems)

    def _prune(self, keep: set[str | None]) -> None:
        for child in self.versions_dir.iterdir():
            if child.name not in keep:
                log.info("library sync: deleting old version %s", child.name)
                _remove_tree(child)


def _version_line(file: Path) -> int:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    return next((i for i, line in enumerate(lines, 1) if re.match(r"^version\s*:", line)), 0)
