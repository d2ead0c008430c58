"""A tenant open in the studio: its files as documents, applied edits, and saving.

Only files that changed are written, each atomically; a file that changed on disk since
the studio read it (someone edited it in a text editor meanwhile) is not overwritten
without the author saying so (:meth:`TenantWorkspace.changed_on_disk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from operator_desk.core.library import QUESTIONS_FILE, TENANT_FILE
from operator_desk.studio.csvdoc import CsvDocument
from operator_desk.studio.documents import Document, StudioError, TextDocument, write_atomic
from operator_desk.studio.yamldoc import MISSING, YamlDocument


class Edit(Protocol):
    """What :meth:`TenantWorkspace.apply` takes: an :class:`~.operations.Operation`."""

    def apply(self, ws: TenantWorkspace) -> None: ...

    def revert(self, ws: TenantWorkspace) -> None: ...


class TenantWorkspace:
    """The documents of one tenant folder (``root/tenant_id``)."""

    def __init__(self, root: Path, tenant_id: str) -> None:
        self.root = root
        self.tenant_id = tenant_id
        self.folder = root / tenant_id
        self._docs: dict[str, Document] = {}
        self._deleted: dict[str, bytes] = {}
        """Files removed in the studio (deleted on save), with what they held on disk."""
        self.version = 0
        """Counts applied edits (and reverts)."""

    @classmethod
    def open(cls, root: Path, tenant_id: str) -> TenantWorkspace:
        """Read the tenant's ``tenant.yaml`` and ``questions.yaml``; the greetings and
        tables it names are read when first asked for."""
        ws = cls(root, tenant_id)
        for rel in (TENANT_FILE, QUESTIONS_FILE):
            ws.document(rel)
        return ws

    # -- documents ---------------------------------------------------------------------

    def document(self, rel: str) -> Document:
        doc = self._docs.get(rel)
        if doc is not None:
            return doc
        if rel in self._deleted:
            raise StudioError(f"{self.tenant_id}/{rel} was deleted in the studio")
        file = self.folder / rel
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise StudioError(f"{self.tenant_id}/{rel}: cannot read: {exc.strerror}") from exc
        if rel.endswith((".yaml", ".yml")):
            doc = YamlDocument(rel, raw, None if raw is not None else "")
        elif rel.endswith(".csv"):
            doc = CsvDocument(rel, raw, None if raw is not None else "")
        else:
            doc = TextDocument(rel, raw, None if raw is not None else "")
        self._docs[rel] = doc
        return doc

    def yaml(self, rel: str) -> YamlDocument:
        doc = self.document(rel)
        if not isinstance(doc, YamlDocument):
            raise StudioError(f"{rel} is not a YAML file")
        return doc

    def table(self, rel: str) -> CsvDocument:
        doc = self.document(rel)
        if not isinstance(doc, CsvDocument):
            raise StudioError(f"{rel} is not a CSV table")
        return doc

    def text(self, rel: str) -> TextDocument:
        doc = self.document(rel)
        if not isinstance(doc, TextDocument):
            raise StudioError(f"{rel} is not a text file")
        return doc

    @property
    def tenant(self) -> YamlDocument:
        return self.yaml(TENANT_FILE)

    @property
    def questions(self) -> YamlDocument:
        return self.yaml(QUESTIONS_FILE)

    def add_document(self, doc: Document) -> None:
        self._docs[doc.rel] = doc
        self._deleted.pop(doc.rel, None)
        self.version += 1

    def remove_document(self, rel: str) -> None:
        doc = self._docs.pop(rel, None)
        file = self.folder / rel
        if file.is_file() and doc is not None and doc.original is not None:
            self._deleted[rel] = doc.original
        self.version += 1

    def documents(self) -> Iterator[Document]:
        return iter(list(self._docs.values()))

    def referenced_files(self) -> dict[str, str]:
        """What ``tenant.yaml`` names: greeting variants and tables → file (tenant-relative)."""
        data = self.tenant.get(())
        out: dict[str, str] = {}
        greetings = data.get("greetings", {}) if isinstance(data, dict) else {}
        if isinstance(greetings, dict):
            for variant in ("default", "after_hours"):
                if isinstance(greetings.get(variant), str):
                    out[f"greeting:{variant}"] = greetings[variant]
            groups = greetings.get("groups", {})
            if isinstance(groups, dict):
                for gid, file in groups.items():
                    if isinstance(file, str):
                        out[f"greeting:group:{gid}"] = file
        tables = data.get("tables", {}) if isinstance(data, dict) else {}
        if isinstance(tables, dict):
            for tid, spec in tables.items():
                if isinstance(spec, dict) and isinstance(spec.get("file"), str):
                    out[f"table:{tid}"] = spec["file"]
        return out

    # -- edits -------------------------------------------------------------------------

    def apply(self, op: Edit) -> None:
        op.apply(self)
        self.version += 1

    def revert(self, op: Edit) -> None:
        op.revert(self)
        self.version += 1

    # -- state for the validator and saving --------------------------------------------

    def edited(self) -> dict[Path, bytes | None]:
        """Absolute path → unsaved bytes (None: deleted) of every file that differs from
        what is on disk as the studio read it."""
        out: dict[Path, bytes | None] = {self.folder / rel: None for rel in self._deleted}
        for doc in self._docs.values():
            if doc.version:
                out[self.folder / doc.rel] = doc.encode()
        return out

    def dirty_files(self) -> list[str]:
        files = [doc.rel for doc in self._docs.values() if doc.dirty]
        return sorted([*files, *self._deleted])

    @property
    def dirty(self) -> bool:
        return bool(self._deleted) or any(doc.dirty for doc in self._docs.values())

    def changed_on_disk(self) -> list[str]:
        """Files about to be saved that someone else changed since the studio read them."""
        out = []
        for rel in self.dirty_files():
            doc = self._docs.get(rel)
            expected = doc.original if doc is not None else self._deleted.get(rel)
            file = self.folder / rel
            try:
                now: bytes | None = file.read_bytes()
            except FileNotFoundError:
                now = None
            if now != expected:
                out.append(rel)
        return out

    def save(self) -> list[str]:
        """Write every changed file (and delete the deleted ones); return their paths."""
        written = []
        for doc in list(self._docs.values()):
            if not doc.dirty:
                continue
            data = doc.encode()
            write_atomic(self.folder / doc.rel, data)
            doc.mark_saved()
            written.append(doc.rel)
        for rel in list(self._deleted):
            (self.folder / rel).unlink(missing_ok=True)
            del self._deleted[rel]
            written.append(rel)
        return sorted(written)


def is_missing(value: object) -> bool:
    return value is MISSING
