"""Where the library loader reads files from: the disk, or the disk with edits laid over it.

The desk reads its scripts library from disk (:data:`DISK`). The script studio validates
and previews files that are being edited and not saved yet: it hands the loader an
:class:`OverlayFiles`, so the desk's own validator and loader see the edited text at the
real paths (and report problems against them) while every other file still comes from
disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol


class FileSource(Protocol):
    """Read access to the library's files."""

    def read_bytes(self, path: Path) -> bytes:
        """The file's content; raises ``FileNotFoundError`` (or another ``OSError``)."""
        ...

    def is_file(self, path: Path) -> bool:
        ...


class DiskFiles:
    """The files as they are on disk."""

    def read_bytes(self, path: Path) -> bytes:
        return path.read_bytes()

    def is_file(self, path: Path) -> bool:
        return path.is_file()

    def __reduce__(self) -> str:
        return "DISK"  # one per process, also when a library is unpickled from the cache


DISK = DiskFiles()


class OverlayFiles:
    """The disk, except for the files ``edited`` returns: their unsaved content (bytes), or
    None for a file that is gone in the editor. ``edited`` is asked on every read, so the
    loader always sees the editor's latest text."""

    def __init__(self, edited: Callable[[], Mapping[Path, bytes | None]]) -> None:
        self._edited = edited

    def read_bytes(self, path: Path) -> bytes:
        edited = self._edited()
        if path in edited:
            content = edited[path]
            if content is None:
                raise FileNotFoundError(path)
            return content
        return path.read_bytes()

    def is_file(self, path: Path) -> bool:
        edited = self._edited()
        if path in edited:
            return edited[path] is not None
        return path.is_file()


def decode_text(raw: bytes) -> str:
    """``raw`` as text the way ``Path.read_text(encoding="utf-8-sig")`` reads it: without a
    byte-order mark and with universal newlines. Raises ``UnicodeDecodeError``."""
    text = raw.decode("utf-8-sig")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
