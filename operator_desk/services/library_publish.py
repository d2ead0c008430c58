"""Publishing a scripts library for the desks: ``manifest.json`` with every file's SHA-256.

``operator-desk library publish [PATH]`` validates the library and writes
``PATH/manifest.json``; copy the folder to the central HTTP location afterwards (the
manifest last, or the whole folder at once), and the desks' :class:`LibrarySync` picks it
up::

    {"version": "2026.11.23-1",
     "files": {"library.yaml": {"sha256": "…", "size": 312}, "taxi-bystro/tenant.yaml": {…}, …}}

An invalid library is never published: :func:`write_manifest` raises
:class:`~operator_desk.core.errors.LibraryError` with every problem (the same ones
``library validate`` prints), and so does a file name the desks would refuse. The
version is ``library.yaml``'s; desks refuse a manifest whose version differs from it.

Left out: the manifest itself, hidden files and folders (``.git``, ``.DS_Store``),
Office lock files (``~$…``), editor backups (``…~``), ``Thumbs.db`` and ``desktop.ini``.
The manifest depends only on the content: publishing an unchanged library writes the
same file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from operator_desk.core.errors import LibraryError, Problem
from operator_desk.core.library import LIBRARY_FILE, Library
from operator_desk.services.library_sync import (
    MANIFEST_NAME,
    MAX_FILES,
    MAX_TOTAL_BYTES,
    _version_line,
    _write_atomic,
    check_path,
)

__all__ = ["build_manifest", "library_files", "write_manifest"]

_SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini", MANIFEST_NAME + ".tmp"})


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in _SKIPPED_NAMES


def library_files(root: Path) -> list[str]:
    """The files to publish, relative with forward slashes, sorted."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _skipped(d))
        base = Path(folder).relative_to(root)
        for name in files:
            if _skipped(name):
                continue
            rel = (base / name).as_posix()
            if rel != MANIFEST_NAME:
                found.append(rel)
    return sorted(found)


def _digest(file: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(file, "rb") as f:
        while chunk := f.read(1024 * 1024):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def build_manifest(library_root: Path | str, version: str) -> dict[str, Any]:
    """The manifest of the folder as it is, without validating the library."""
    root = Path(library_root)
    files: dict[str, dict[str, Any]] = {}
    for rel in library_files(root):
        sha, size = _digest(root / rel)
        files[rel] = {"sha256": sha, "size": size}
    return {"version": version, "files": files}


def write_manifest(library_root: Path | str, version: str | None = None) -> dict[str, Any]:
    """Validate the library, then write its ``manifest.json`` (atomically) and return it.

    ``version`` (optional) must be the one in ``library.yaml``: it guards against
    publishing the wrong folder. Raises :class:`LibraryError` with every problem found.
    """
    root = Path(library_root)
    library = Library.load(root)
    problems = library.validate()
    if problems:
        raise LibraryError(problems)
    line = _version_line(root / LIBRARY_FILE)
    actual = library.settings.version
    if not line:
        raise LibraryError([Problem(LIBRARY_FILE, 0, "no `version:`; set one (e.g. "
                                    "`version: \"2026.11.23-1\"`) so that desks and call records "
                                    "show which scripts were used")])
    if version is not None and version != actual:
        raise LibraryError([Problem(LIBRARY_FILE, line, f"version is {actual!r}, not {version!r}; change it "
                                    "here and publish again", field="version")])
    if not library.entries:
        raise LibraryError([Problem(str(root), 0, "the library has no tenants: nothing to publish")])
    manifest = build_manifest(root, actual)
    files: dict[str, dict[str, Any]] = manifest["files"]
    refused = [Problem(rel, 0, f"desks cannot accept this file name: {why}")
               for rel in files if (why := check_path(rel))]
    total = sum(int(spec["size"]) for spec in files.values())
    if len(files) > MAX_FILES:
        refused.append(Problem(str(root), 0, f"{len(files)} files; desks accept at most {MAX_FILES}"))
    if total > MAX_TOTAL_BYTES:
        refused.append(Problem(str(root), 0, f"{total} bytes; desks accept at most {MAX_TOTAL_BYTES}"))
    if refused:
        raise LibraryError(refused)
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write_atomic(root / MANIFEST_NAME, text.encode("utf-8"))
    return manifest
