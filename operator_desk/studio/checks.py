"""The desk's own loader and validator, run over what the studio has open.

:class:`StudioLibrary` holds one :class:`~operator_desk.core.library.Library` read
through :class:`~operator_desk.core.files.OverlayFiles`: every file comes from disk except
those an open workspace has changed, which come from the editor. After an edit only the
edited tenant is read again (:meth:`StudioLibrary.check`), so checking stays quick in a
library of hundreds of tenants; what it returns is what ``library validate`` would say
of that tenant if the files were saved, plus warnings about table cells that do not fit
their column's type.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from operator_desk.core.cells import check_cell
from operator_desk.core.desk import Desk, OperatorProfile, PreparedTenant
from operator_desk.core.errors import Problem
from operator_desk.core.files import OverlayFiles
from operator_desk.core.hours import WeeklyHours
from operator_desk.core.library import TENANT_FILE, Library
from operator_desk.core.library_cache import LibraryCache
from operator_desk.core.model import Question, Script
from operator_desk.core.starter import free_number, write_starter_tenant
from operator_desk.studio.csvdoc import CsvDocument
from operator_desk.studio.documents import StudioError
from operator_desk.studio.ids import unique_id
from operator_desk.studio.workspace import TenantWorkspace
from operator_desk.studio.yamldoc import YamlDocument, flow_list

MAX_CELL_WARNINGS = 200


@dataclass(slots=True)
class TenantCheck:
    """What the validator says of one tenant as edited, and the pop it would give."""

    tenant_id: str
    problems: list[Problem]
    """Errors, as ``operator-desk library validate`` reports them."""
    warnings: list[Problem] = field(default_factory=list)
    """Cells that do not fit their column's type (they do not stop the tenant loading)."""
    prepared: PreparedTenant | None = None
    """The tenant's script and search index, when everything loads."""
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class TenantSummary:
    """One line of the tenant list."""

    id: str
    name: str
    numbers: tuple[str, ...]
    """As the author wrote them (reading 200 tenants' numbers anew would slow the list)."""
    hours: str
    """Working hours in short (English day names), "24/7" when always open."""
    weekly: WeeklyHours | None
    loads: bool
    problems: int
    """-1 while not checked yet."""


class StudioLibrary:
    """A scripts library as the studio sees it: the disk with unsaved edits laid over it."""

    def __init__(self, root: Path, cache: LibraryCache | None = None) -> None:
        """``cache``: the desk's library cache, to start without parsing an unchanged
        library (and to fill it when it is behind, before anything is edited)."""
        self.root = root
        self.workspaces: dict[str, TenantWorkspace] = {}
        self._edited_key: tuple[tuple[str, int], ...] = ()
        self._edited: dict[Path, bytes | None] = {}
        if cache is None:
            self.library = Library.load(root, OverlayFiles(self.edited))
        else:
            self.library = cache.load(root)
            if self.library.stored_changes != self.library.changes:
                cache.store(self.library)  # as read from disk: nothing is edited yet
            self.library.files = OverlayFiles(self.edited)
        self._summaries: dict[str, TenantSummary] = {}
        self._checked: dict[str, int] = {}
        """Tenant → number of problems found when last checked."""
        self.desk = Desk(self.library, OperatorProfile(""))

    # -- the overlay -------------------------------------------------------------------

    def edited(self) -> dict[Path, bytes | None]:
        key = tuple((tid, ws.version) for tid, ws in self.workspaces.items())
        if key != self._edited_key:
            merged: dict[Path, bytes | None] = {}
            for ws in self.workspaces.values():
                merged.update(ws.edited())
            self._edited, self._edited_key = merged, key
        return self._edited

    # -- tenants -----------------------------------------------------------------------

    def tenant_ids(self) -> list[str]:
        return list(self.library.entries)

    def workspace(self, tenant_id: str) -> TenantWorkspace:
        ws = self.workspaces.get(tenant_id)
        if ws is None:
            if tenant_id not in self.library.entries:
                raise StudioError(f"there is no tenant `{tenant_id}` in {self.root}")
            ws = TenantWorkspace.open(self.root, tenant_id)
            self.workspaces[tenant_id] = ws
        return ws

    def summary(self, tenant_id: str) -> TenantSummary:
        known = self._summaries.get(tenant_id)
        if known is None:
            known = self._summaries[tenant_id] = self._summary(tenant_id)
        return known

    def _summary(self, tenant_id: str) -> TenantSummary:
        entry = self.library.entries[tenant_id]
        tenant = entry.tenant or entry.draft
        numbers = list(tenant.numbers) if tenant else []  # as the author wrote them
        hours = ""
        if tenant is not None:
            hours = tenant.business_hours.describe() if tenant.business_hours else "24/7"
        name = tenant.name if tenant else tenant_id
        count = self._checked.get(tenant_id, len(entry.problems) if entry.problems else -1)
        weekly = tenant.business_hours if tenant is not None else None
        return TenantSummary(tenant_id, name, tuple(numbers), hours, weekly,
                             entry.tenant is not None, count)

    def check(self, tenant_id: str) -> TenantCheck:
        """Read the tenant again as edited and validate it; prepare its pop if it loads."""
        start = time.perf_counter()
        self._summaries.clear()  # names and numbers may have changed, and so may conflicts
        entry = self.library.reload_tenant(tenant_id)
        if entry is None:
            return TenantCheck(tenant_id, [Problem(f"{tenant_id}/{TENANT_FILE}", 0,
                                                   "the tenant has no tenant.yaml")])
        problems = self.library.tenant_problems(tenant_id)
        self._checked[tenant_id] = len(problems)
        warnings = self.cell_warnings(tenant_id) if tenant_id in self.workspaces else []
        prepared = None
        if entry.tenant is not None and entry.script is not None:
            self.desk.replace_library(self.library)
            prepared = self.desk.prepare(tenant_id)
        return TenantCheck(tenant_id, problems, warnings, prepared,
                           (time.perf_counter() - start) * 1000)

    def check_quietly(self, tenant_id: str) -> int:
        """The number of problems of a tenant not open in the studio (for the list)."""
        problems = self.library.tenant_problems(tenant_id)
        self._checked[tenant_id] = len(problems)
        self._summaries.pop(tenant_id, None)
        return len(problems)

    def cell_warnings(self, tenant_id: str) -> list[Problem]:
        ws = self.workspaces[tenant_id]
        tables = ws.tenant.get(("tables",), {})
        if not isinstance(tables, dict):
            return []
        region = self.library.settings.default_region
        out: list[Problem] = []
        for table_id, spec in tables.items():
            if not isinstance(spec, dict) or not isinstance(spec.get("types"), dict):
                continue
            try:
                doc = ws.table(str(spec.get("file", "")))
            except StudioError:
                continue
            for column, kind in spec["types"].items():
                if column not in doc.header:
                    continue
                c = doc.header.index(column)
                for r in range(len(doc.rows)):
                    message = check_cell(str(kind), doc.cell(r, c), region)
                    if message:
                        out.append(Problem(f"{tenant_id}/{doc.rel}", doc.line_of_row(r),
                                           f"column `{column}` ({kind}): {message}",
                                           field=f"tables.{table_id}"))
                        if len(out) >= MAX_CELL_WARNINGS:
                            return out
        return out

    # -- new tenants -------------------------------------------------------------------

    def suggest_id(self, name: str) -> str:
        taken = set(self.library.entries) | {p.name for p in self.root.iterdir()}
        return unique_id(name, taken, "tenant")

    def create_tenant(self, name: str) -> str:
        """A new tenant from the starter (written to disk at once, as ``library
        new-tenant`` does), with ``name`` on its banner. Returns its id."""
        tenant_id = self.suggest_id(name)
        write_starter_tenant(self.root, tenant_id, self.library)
        self.library.reload_tenant(tenant_id)
        ws = self.workspace(tenant_id)
        ws.tenant.set(("name",), name)
        ws.save()
        self.library.reload_tenant(tenant_id)
        self._summaries.clear()
        return tenant_id

    def duplicate_tenant(self, source: str, name: str) -> str:
        """A copy of ``source`` (as saved) under a new id and name, with a placeholder
        hotline instead of the original's numbers (a number belongs to one tenant)."""
        tenant_id = self.suggest_id(name)
        shutil.copytree(self.root / source, self.root / tenant_id,
                        ignore=shutil.ignore_patterns(".*", "~$*", "*~"))
        ws = TenantWorkspace.open(self.root, tenant_id)
        ws.tenant.set(("id",), tenant_id)
        ws.tenant.set(("name",), name)
        ws.tenant.set(("numbers",), [free_number(self.root, self.library)])
        ws.save()
        self.library.reload_tenant(tenant_id)
        self.workspaces[tenant_id] = ws
        self._summaries.clear()
        return tenant_id

    def prepare_others(self, tenant_ids: Iterable[str]) -> None:
        for tenant_id in tenant_ids:
            self.check_quietly(tenant_id)


# -- quick updates of the preview while typing --------------------------------------------


def replace_question(script: Script, question_id: str, **changes: Any) -> Script:
    """``script`` with one question's fields changed (for the preview while typing)."""

    def walk(nodes: tuple[Question, ...]) -> tuple[Question, ...]:
        out = []
        for node in nodes:
            if node.id == question_id:
                node = dataclasses.replace(node, **changes)
            elif node.children:
                node = dataclasses.replace(node, children=walk(node.children))
            out.append(node)
        return tuple(out)

    return Script(walk(script.questions), script.tables)


def keywords_value(text: str) -> Any:
    """Keywords typed as ``a, b, c`` as the list the file holds (on one line)."""
    words = [w.strip() for w in text.split(",")]
    return flow_list([w for w in words if w])


def table_document(ws: TenantWorkspace, table_id: str) -> CsvDocument | None:
    spec = ws.tenant.get(("tables", table_id), None)
    if not isinstance(spec, dict) or not isinstance(spec.get("file"), str):
        return None
    try:
        return ws.table(spec["file"])
    except StudioError:
        return None


def is_yaml_document(doc: object) -> bool:
    return isinstance(doc, YamlDocument)
