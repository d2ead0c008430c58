"""One file open in the studio: its bytes as read, its text as edited, and saving it.

A document remembers how its file was written (a byte-order mark, Windows line ends) and
writes it back the same way. Unchanged, it encodes to exactly the bytes it was read from.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from operator_desk.core.errors import OperatorDeskError


class StudioError(OperatorDeskError):
    """Something the studio cannot do with a file, said in plain words."""


BOM = "\ufeff"


class TextLayout:
    """How a text file was written: byte-order mark and line ends."""

    def __init__(self, raw: bytes) -> None:
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        self.crlf = b"\r\n" in raw[:4096]

    def decode(self, raw: bytes, rel: str) -> str:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise StudioError(f"{rel}:{line}: not UTF-8 text; save the file as UTF-8 and open "
                              "it again") from exc
        return text.replace("\r\n", "\n")

    def encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")


class Document:
    """Base of the studio's documents. ``rel`` is the path inside the tenant folder."""

    kind = "file"

    def __init__(self, rel: str, raw: bytes | None) -> None:
        self.rel = rel
        self.original = raw
        """The bytes the file held when opened or last saved (None: not on disk yet)."""
        self.layout = TextLayout(raw or b"")
        self.version = 0
        """Counts changes; caches of the encoded bytes key on it."""
        self._encoded: tuple[int, bytes] | None = None

    # Subclasses produce their text.
    def _render(self) -> str:
        raise NotImplementedError

    def changed(self) -> None:
        """Call after every change of the content."""
        self.version += 1

    def encode(self) -> bytes:
        """The file's bytes as edited (the original bytes while nothing changed)."""
        if self.version == 0 and self.original is not None:
            return self.original
        if self._encoded is None or self._encoded[0] != self.version:
            self._encoded = (self.version, self.layout.encode(self._render()))
        return self._encoded[1]

    @property
    def dirty(self) -> bool:
        """Differs from the file (a file not on disk yet: once it has content)."""
        if self.original is None:
            return self.version > 0
        return self.version > 0 and self.encode() != self.original

    def mark_saved(self) -> None:
        self.original = self.encode()


class TextDocument(Document):
    """A greeting template: plain text."""

    kind = "text"

    def __init__(self, rel: str, raw: bytes | None, text: str | None = None) -> None:
        super().__init__(rel, raw)
        self.text = text if text is not None else self.layout.decode(raw or b"", rel)

    def set_text(self, text: str) -> None:
        self.text = text
        self.changed()

    def _render(self) -> str:
        return self.text


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
