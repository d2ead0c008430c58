"""Publishing from the studio: what changed since the last publish, then the manifest.

:func:`preview` compares the library folder with its ``manifest.json`` (the last publish)
file by file; :func:`publish` is ``operator-desk library publish``: it validates the whole
library and writes the manifest, or raises :class:`LibraryError` with every problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from operator_desk.core.library import Library
from operator_desk.services.library_publish import build_manifest, write_manifest
from operator_desk.services.library_sync import MANIFEST_NAME


@dataclass(slots=True)
class PublishPreview:
    version: str
    previous_version: str | None
    """None: never published."""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def nothing_changed(self) -> bool:
        return self.previous_version is not None and not (self.added or self.changed
                                                          or self.removed)

    @property
    def same_version(self) -> bool:
        """The version in library.yaml is the one already published (desks that have it
        would not take the change: raise it)."""
        return self.previous_version == self.version and not self.nothing_changed


def preview(root: Path) -> PublishPreview:
    library = Library.load(root)
    version = library.settings.version
    current = build_manifest(root, version)["files"]
    previous: dict[str, Any] = {}
    previous_version = None
    try:
        old = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
        previous = dict(old.get("files", {}))
        previous_version = str(old.get("version", ""))
    except (OSError, ValueError, AttributeError):
        pass
    out = PublishPreview(version, previous_version)
    for rel, spec in current.items():
        if rel not in previous:
            out.added.append(rel)
        elif previous[rel].get("sha256") != spec["sha256"]:
            out.changed.append(rel)
    out.removed = sorted(set(previous) - set(current))
    return out


def publish(root: Path) -> dict[str, Any]:
    """Validate and write ``manifest.json`` exactly as ``operator-desk library publish``."""
    return write_manifest(root)


def next_version(version: str) -> str:
    """``2026.11.23-1`` → ``2026.11.23-2``; any other text gets ``-2`` appended."""
    head, sep, tail = version.rpartition("-")
    if sep and tail.isdigit():
        return f"{head}-{int(tail) + 1}"
    return f"{version}-2"
