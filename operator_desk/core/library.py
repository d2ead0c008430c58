"""The scripts library on disk: tenants, their scripts and tables, and every error in them.

Loading is lazy. :meth:`Library.load` reads ``library.yaml`` and each ``tenant.yaml``
(enough to route a call and greet the caller); a tenant's ``questions.yaml`` and CSV
tables are read on first use by :meth:`Library.script`. :meth:`Library.validate` reads
everything and returns every problem.

A broken tenant never takes the others down: it is listed in :attr:`Library.broken` with
its problems, and the rest load.

The desk reads its library through :mod:`.library_cache`, which skips all of this when no
file changed since the last start.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from operator_desk.core import schemas
from operator_desk.core.errors import LibraryError, Problem, closest
from operator_desk.core.files import DISK, FileSource, decode_text
from operator_desk.core.greeting import check_template, trial_render
from operator_desk.core.hours import HoursError, WeeklyHours
from operator_desk.core.model import (
    Action,
    Banner,
    CallbackField,
    CallbackPolicy,
    DirectoryEntry,
    GreetingSource,
    Group,
    IvrField,
    Question,
    Script,
    ServiceLevel,
    Table,
    TableFilter,
    TableSpec,
    TableView,
    Tenant,
    WrapupCode,
)
from operator_desk.core.numbers import NumberError, parse_number
from operator_desk.core.yamlpos import LoadedYaml, Path_, load_yaml

log = logging.getLogger(__name__)

TENANT_FILE = "tenant.yaml"
QUESTIONS_FILE = "questions.yaml"
LIBRARY_FILE = "library.yaml"
NOT_TENANTS = frozenset({"schema"})
DEFAULT_PREPARED_TENANTS = 40
"""How many tenants' scripts a desk keeps prepared, unless its settings say otherwise."""


@dataclass(frozen=True, slots=True)
class LibrarySettings:
    version: str = "unversioned"
    default_region: str = "RU"
    fallback_greeting: str = "Здравствуйте! Чем могу помочь?"


@dataclass(slots=True)
class TenantEntry:
    """One tenant folder: the tenant if it loaded, else the problems that stopped it."""

    id: str
    folder: Path
    tenant: Tenant | None = None
    problems: list[Problem] = field(default_factory=list)
    script: Script | None = None
    script_problems: list[Problem] | None = None
    """None until the script was read; then the problems found in it (maybe none)."""
    draft: Tenant | None = None
    """The tenant as far as it could be built even with problems (to validate its script)."""


class _Context:
    """Problems of one file, with its parsed YAML for positions."""

    def __init__(self, root: Path, file: Path, loaded: LoadedYaml) -> None:
        self.file = _rel(root, file)
        self.loaded = loaded
        self.problems: list[Problem] = []

    def add(self, path: Path_, message: str, *, key: bool = False) -> None:
        line, column = self.loaded.where(path, key=key)
        self.problems.append(Problem(self.file, line, message, column, schemas.dotted(path)))

    def add_at(self, path: Path_, line_offset: int, message: str) -> None:
        """A problem on line ``line_offset`` (1-based) of the text held at ``path``."""
        line, column = self.loaded.where(path)
        if path in self.loaded.block_scalars or line_offset > 1:
            column = 0
        self.problems.append(
            Problem(self.file, line + line_offset - 1, message, column, schemas.dotted(path))
        )


def _rel(root: Path, file: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def _read_yaml(root: Path, file: Path, files: FileSource = DISK
               ) -> tuple[LoadedYaml | None, list[Problem]]:
    rel = _rel(root, file)
    try:
        raw = files.read_bytes(file)
    except FileNotFoundError:
        return None, [Problem(rel, 0, "file not found")]
    except OSError as exc:
        return None, [Problem(rel, 0, f"cannot read: {exc.strerror}")]
    try:
        text = decode_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, "not UTF-8 text: save the file as UTF-8")]
    loaded = load_yaml(text)
    problems = [Problem(rel, i.line, i.message, i.column, schemas.dotted(i.path))
                for i in loaded.issues]
    return loaded, problems


def _close(word: str, options: Any) -> str:
    hint = closest(word, sorted(options))
    return f" — did you mean `{hint}`?" if hint else ""


class Library:
    """A scripts library folder, loaded lazily."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings = LibrarySettings()
        self.files: FileSource = DISK
        """Where files are read from (the script studio lays its unsaved edits over the disk)."""
        self.problems: list[Problem] = []
        """Problems of the library as a whole (``library.yaml``, folders that are no tenant)."""
        self.number_problems: list[Problem] = []
        """Numbers claimed by more than one tenant (one problem per claim)."""
        self.entries: dict[str, TenantEntry] = {}
        self.number_index: dict[str, str] = {}
        """Number key (see :mod:`operator_desk.core.numbers`) to tenant id."""
        self.conflicts: dict[str, list[str]] = {}
        """Number keys claimed by more than one tenant; such numbers route to nobody."""
        self.fingerprint = ""
        """What the files were when reading began (set by :mod:`.library_cache`)."""
        self.changes = 0
        """Counts reads: the library itself, then each script read on first use."""
        self.stored_changes = -1
        """:attr:`changes` when the library cache last got a copy."""

    # -- loading --------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path | str, files: FileSource | None = None) -> Library:
        library = cls(Path(root))
        if files is not None:
            library.files = files
        library._load()
        return library

    def _load(self) -> None:
        if not self.root.is_dir():
            self.problems.append(Problem(str(self.root), 0, "the scripts library folder does not exist"))
            return
        self.changes += 1
        self._load_settings()
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or folder.name.startswith((".", "_")) or folder.name in NOT_TENANTS:
                continue
            if not (folder / TENANT_FILE).exists():
                if any(folder.glob("*.yaml")) or any(folder.glob("*.yml")):
                    self.problems.append(Problem(
                        _rel(self.root, folder), 0,
                        f"this folder has no {TENANT_FILE}, so it is not a tenant; "
                        f"name the tenant's file {TENANT_FILE}",
                    ))
                continue
            self.entries[folder.name] = self._read_entry(folder)
        self._index_numbers()

    def _read_entry(self, folder: Path) -> TenantEntry:
        entry = TenantEntry(folder.name, folder)
        entry.draft, entry.problems = _load_tenant(self.root, folder, self.settings, self.files)
        entry.tenant = entry.draft if not entry.problems else None
        return entry

    def reload_tenant(self, tenant_id: str) -> TenantEntry | None:
        """Read one tenant folder again (its script on next use), keeping the others; the
        number index follows. None (and the tenant forgotten) when the folder is no tenant
        any more. For the script studio, after an edit."""
        self.changes += 1
        folder = self.root / tenant_id
        if not self.files.is_file(folder / TENANT_FILE):
            self.entries.pop(tenant_id, None)
            self._index_numbers()
            return None
        entry = self._read_entry(folder)
        self.entries[tenant_id] = entry
        self.entries = dict(sorted(self.entries.items()))
        self._index_numbers()
        return entry

    def tenant_problems(self, tenant_id: str) -> list[Problem]:
        """Every problem of one tenant (its files, and numbers it shares with another
        tenant), sorted by file and line: :meth:`validate` for that tenant alone."""
        entry = self.entries.get(tenant_id)
        if entry is None:
            return []
        problems = [p for p in self.number_problems if p.file == f"{tenant_id}/{TENANT_FILE}"]
        problems.extend(self._entry_problems(entry))
        unique = list(dict.fromkeys(problems))
        unique.sort(key=lambda p: (p.file, p.line, p.column))
        return unique

    def _entry_problems(self, entry: TenantEntry) -> list[Problem]:
        problems = list(entry.problems)
        if entry.draft is not None:
            problems.extend(check_greetings(self.root, entry.draft))
        if entry.tenant is not None:
            self._ensure_script(entry)
            problems.extend(entry.script_problems or [])
            if not entry.problems and not entry.script_problems:
                problems.extend(_trial_problems(self.root, entry.tenant, self.files))
        elif entry.draft is not None:
            problems.extend(_load_script(self.root, entry.draft, self.files)[1])
        return problems

    def _load_settings(self) -> None:
        file = self.root / LIBRARY_FILE
        if not self.files.is_file(file):
            return
        loaded, problems = _read_yaml(self.root, file, self.files)
        self.problems.extend(problems)
        if loaded is None or problems:
            return
        if loaded.data is None:
            return
        schema_problems = schemas.validate("library", loaded, LIBRARY_FILE)
        self.problems.extend(schema_problems)
        if schema_problems:
            return
        data = loaded.data
        default = LibrarySettings()
        self.settings = LibrarySettings(
            version=str(data.get("version", default.version)),
            default_region=data.get("default_region", default.default_region),
            fallback_greeting=data.get("fallback_greeting", default.fallback_greeting),
        )

    def _index_numbers(self) -> None:
        self.number_index = {}
        self.conflicts = {}
        self.number_problems = []
        claims: dict[str, list[tuple[str, int]]] = {}
        for entry in self.entries.values():
            if entry.tenant is None:
                continue
            for i, key in enumerate(entry.tenant.number_keys):
                claims.setdefault(key, []).append((entry.id, i))
        for key, owners in claims.items():
            tenants = sorted({t for t, _ in owners})
            if len(tenants) == 1:
                self.number_index[key] = tenants[0]
                continue
            self.conflicts[key] = tenants
            for tenant_id, i in owners:
                others = ", ".join(t for t in tenants if t != tenant_id)
                line = _number_line(self.root, tenant_id, i, self.files)
                self.number_problems.append(Problem(
                    f"{tenant_id}/{TENANT_FILE}", line,
                    f"number `{self.entries[tenant_id].tenant.numbers[i]}` ({key}) is also "  # type: ignore[union-attr]
                    f"claimed by {others}: a hotline belongs to one tenant; calls to it get "
                    "the neutral greeting until this is fixed",
                    field=f"numbers[{i}]",
                ))

    # -- access ---------------------------------------------------------------------

    @property
    def tenants(self) -> dict[str, Tenant]:
        """The tenants that loaded, by id."""
        return {e.id: e.tenant for e in self.entries.values() if e.tenant is not None}

    @property
    def broken(self) -> dict[str, list[Problem]]:
        """Tenants that could not be loaded, with why."""
        return {e.id: e.problems for e in self.entries.values() if e.tenant is None}

    def tenant(self, tenant_id: str) -> Tenant:
        entry = self.entries.get(tenant_id)
        if entry is None or entry.tenant is None:
            raise LibraryError([Problem(tenant_id, 0, "no such tenant loaded")])
        return entry.tenant

    def script(self, tenant_id: str) -> Script:
        """The tenant's question tree and tables, read on first use."""
        entry = self.entries[tenant_id]
        if entry.tenant is None:
            raise LibraryError(entry.problems)
        self._ensure_script(entry)
        if entry.script is None:
            raise LibraryError(entry.script_problems or [])
        return entry.script

    def _ensure_script(self, entry: TenantEntry) -> None:
        if entry.script_problems is None and entry.tenant is not None:
            entry.script, entry.script_problems = _load_script(self.root, entry.tenant,
                                                               self.files)
            self.changes += 1

    def script_loaded(self, tenant_id: str) -> bool:
        return self.entries[tenant_id].script_problems is not None

    def validate(self) -> list[Problem]:
        """Read everything and return every problem in the library, sorted by file and line."""
        problems = [*self.problems, *self.number_problems]
        for entry in self.entries.values():
            problems.extend(self._entry_problems(entry))
        # Several tenants may report the same conflict; show each line once.
        unique = list(dict.fromkeys(problems))
        unique.sort(key=lambda p: (p.file, p.line, p.column))
        return unique

    def __iter__(self) -> Iterator[Tenant]:
        return iter(self.tenants.values())


def preparation_order(library: Library, busiest: Iterable[str], limit: int) -> list[str]:
    """The tenants a desk prepares before calls arrive: ``busiest`` first (those still in
    the library, e.g. by recent call count), then the rest in library order; no more than
    ``limit``."""
    tenants = library.tenants
    order = dict.fromkeys(t for t in busiest if t in tenants)
    order.update(dict.fromkeys(tenants))
    return list(order)[:limit]


def _number_line(root: Path, tenant_id: str, index: int, files: FileSource) -> int:
    loaded, _ = _read_yaml(root, root / tenant_id / TENANT_FILE, files)
    return loaded.where(("numbers", index))[0] if loaded else 0


# -- tenant.yaml -----------------------------------------------------------------------


def _load_tenant(root: Path, folder: Path, settings: LibrarySettings, files: FileSource = DISK
                 ) -> tuple[Tenant | None, list[Problem]]:
    file = folder / TENANT_FILE
    loaded, problems = _read_yaml(root, file, files)
    if loaded is None:
        return None, problems
    if problems:
        return None, problems
    ctx = _Context(root, file, loaded)
    if loaded.data is None:
        ctx.add((), f"the file is empty: start from `operator-desk library new-tenant {folder.name}`")
        return None, ctx.problems
    ctx.problems.extend(schemas.validate("tenant", loaded, ctx.file))
    if ctx.problems:
        return None, ctx.problems
    data: dict[str, Any] = loaded.data
    if data["id"] != folder.name:
        ctx.add(("id",), f"the id `{data['id']}` must be the folder name `{folder.name}`")
    _check_timezone(ctx, data["timezone"])
    seen_numbers: dict[str, int] = {}
    for i, raw in enumerate(data["numbers"]):
        try:
            key = parse_number(raw, settings.default_region).key
        except NumberError as exc:
            ctx.add(("numbers", i), str(exc))
            continue
        if key in seen_numbers:
            ctx.add(("numbers", i), f"`{raw}` is the same number as item {seen_numbers[key] + 1} "
                                    "of this list; list each hotline once")
        seen_numbers.setdefault(key, i)
    business_hours = _hours(ctx, data.get("business_hours"), ("business_hours",))
    groups = {
        gid: Group(gid, g["name"], tuple(g.get("first", ())))
        for gid, g in data.get("groups", {}).items()
    }
    greetings = _load_greetings(root, folder, ctx, data["greetings"], groups, files)
    banner_data = data["banner"]
    logo = None
    if "logo" in banner_data:
        logo = folder / banner_data["logo"]
        if not files.is_file(logo):
            ctx.add(("banner", "logo"), f"logo file `{banner_data['logo']}` not found in the "
                                        "tenant folder")
    tables = {
        tid: TableSpec(tid, t.get("title", tid), folder / t["file"], t.get("key"))
        for tid, t in data.get("tables", {}).items()
    }
    for tid, spec in tables.items():
        if not files.is_file(spec.file):
            ctx.add(("tables", tid, "file"), f"table file `{data['tables'][tid]['file']}` not found")
    directory = []
    seen_ids: set[str] = set()
    for i, d in enumerate(data.get("directory", [])):
        if d["id"] in seen_ids:
            ctx.add(("directory", i, "id"), f"directory id `{d['id']}` is used twice")
        seen_ids.add(d["id"])
        directory.append(DirectoryEntry(
            d["id"], d["name"], str(d["target"]), d.get("tier", 2),
            _hours(ctx, d.get("hours"), ("directory", i, "hours")), d.get("note", ""),
        ))
    callback_fields = []
    seen_ids = set()
    for i, f in enumerate(data.get("callback", {}).get("fields", [])):
        if f["id"] in seen_ids:
            ctx.add(("callback", "fields", i, "id"), f"field id `{f['id']}` is used twice")
        seen_ids.add(f["id"])
        ftype = f.get("type", "text")
        if ftype == "choice" and not f.get("choices"):
            ctx.add(("callback", "fields", i), "a `choice` field needs `choices: [...]`")
        if f.get("choices") and ftype != "choice":
            ctx.add(("callback", "fields", i, "choices"),
                    "`choices` only apply to `type: choice`")
        prefill = f.get("prefill", "caller.number" if ftype == "phone" else "")
        callback_fields.append(CallbackField(f["id"], f["label"], ftype, f.get("required", False),
                                             tuple(f.get("choices", ())), prefill))
    wrapups = _wrapup_codes(ctx, data)
    ivr_fields = tuple(
        IvrField(f["id"], f["label"], dict(f.get("values", {})))
        for f in data.get("ivr", {}).get("fields", [])
    )
    level = data.get("service_level", {})
    tenant = Tenant(
        id=data["id"], name=data["name"], folder=folder,
        banner=Banner(banner_data["colour"], banner_data.get("text_colour", "#FFFFFF"), logo),
        timezone=data["timezone"], languages=tuple(data.get("languages", ["ru"])),
        numbers=tuple(str(n) for n in data["numbers"]), greetings=greetings,
        business_hours=business_hours, groups=groups, tables=tables,
        directory=tuple(directory), callback_fields=tuple(callback_fields),
        wrapup_codes=tuple(wrapups), wrapup_required=data.get("wrapup_required", True),
        ivr_fields=ivr_fields, number_keys=tuple(seen_numbers),
        callback_policy=_callback_policy(ctx, data.get("callback", {}), business_hours),
        service_level=ServiceLevel(level.get("seconds", 20), level.get("target", 80)),
    )
    return tenant, ctx.problems


def _callback_policy(ctx: _Context, callback: Mapping[str, Any],
                     business_hours: WeeklyHours | None) -> CallbackPolicy:
    """The ``callback:`` section's policy; calling hours default to the business hours."""
    retry = callback.get("retry_minutes", {})
    return CallbackPolicy(
        max_attempts=callback.get("max_attempts", 5), no_answer_minutes=retry.get("no_answer", 30),
        busy_minutes=retry.get("busy", 10), reached_minutes=retry.get("reached", 60),
        calling_hours=(_hours(ctx, callback["calling_hours"], ("callback", "calling_hours"))
                       if "calling_hours" in callback else business_hours),
    )


def _wrapup_codes(ctx: _Context, data: Mapping[str, Any]) -> list[WrapupCode]:
    """The results a call can be closed with, each code once; a required result needs some."""
    wrapups = []
    seen_ids = set()
    for i, w in enumerate(data.get("wrapup_codes", [])):
        if w["code"] in seen_ids:
            ctx.add(("wrapup_codes", i, "code"), f"wrap-up code `{w['code']}` is used twice")
        seen_ids.add(w["code"])
        wrapups.append(WrapupCode(w["code"], w["label"]))
    if data.get("wrapup_required") is True and not wrapups:
        ctx.add(("wrapup_required",), "a wrap-up result is required, but `wrapup_codes` lists "
                                     "none to choose from: add them, or remove this line")
    return wrapups


def check_greetings(root: Path, tenant: Tenant) -> list[Problem]:
    """Template errors in the tenant's greetings (not done at load, to keep it fast)."""
    return [
        Problem(_rel(root, g.file), issue.line, issue.message)
        for g in tenant.greetings.values()
        for issue in check_template(g.source)
    ]


def _trial_problems(root: Path, tenant: Tenant, files: FileSource = DISK) -> list[Problem]:
    """Templates that check well but fail when run on a made-up call (the greeting would
    fall back, the answer show its template code): for ``library validate`` only, as it
    runs every template of the tenant."""
    problems = []
    for g in tenant.greetings.values():
        issue = trial_render(g.source)
        if issue is not None:
            problems.append(Problem(_rel(root, g.file), issue.line, issue.message))
    file = tenant.folder / QUESTIONS_FILE
    loaded, yaml_problems = _read_yaml(root, file, files)
    if loaded is None or yaml_problems or not isinstance(loaded.data, dict):
        return problems
    ctx = _Context(root, file, loaded)

    def walk(nodes: Any, path: Path_) -> None:
        for i, node in enumerate(nodes or ()):
            here = (*path, i)
            issue = trial_render(str(node.get("answer", "")))
            if issue is not None:
                ctx.add_at((*here, "answer"), issue.line, issue.message)
            value = (node.get("table") or {}).get("filter", {}).get("value", "")
            issue = trial_render(str(value))
            if issue is not None:
                ctx.add((*here, "table", "filter", "value"), issue.message)
            walk(node.get("children"), (*here, "children"))

    walk(loaded.data.get("questions"), ("questions",))
    return problems + ctx.problems


def _check_timezone(ctx: _Context, name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        ctx.add(("timezone",), f"`{name}` is not a time zone: expected an IANA name such as "
                              f"Europe/Moscow{_close(name, available_timezones())}")


def _hours(ctx: _Context, spec: Mapping[str, Any] | None, path: Path_) -> WeeklyHours | None:
    if spec is None:
        return None
    try:
        return WeeklyHours.parse(spec)
    except HoursError as exc:
        ctx.add(path, str(exc))
        return None


def _load_greetings(root: Path, folder: Path, ctx: _Context, data: Mapping[str, Any],
                    groups: Mapping[str, Group], files: FileSource
                    ) -> dict[str, GreetingSource]:
    wanted: list[tuple[str, str, Path_]] = []
    for variant in ("default", "after_hours"):
        if variant in data:
            wanted.append((variant, data[variant], ("greetings", variant)))
    for gid, name in data.get("groups", {}).items():
        if gid not in groups:
            ctx.add(("greetings", "groups", gid),
                    f"greeting for group `{gid}`, but there is no such group{_close(gid, groups)}",
                    key=True)
        wanted.append((f"group:{gid}", name, ("greetings", "groups", gid)))
    out: dict[str, GreetingSource] = {}
    for variant, name, path in wanted:
        file = folder / name
        try:
            source = decode_text(files.read_bytes(file))
        except FileNotFoundError:
            ctx.add(path, f"greeting file `{name}` not found in the tenant folder")
            continue
        except UnicodeDecodeError:
            ctx.add(path, f"greeting file `{name}` is not UTF-8 text: save it as UTF-8")
            continue
        if not source.strip():
            ctx.problems.append(Problem(_rel(root, file), 1, "the greeting is empty"))
        out[variant] = GreetingSource(variant, file, source)
    return out


# -- questions.yaml and tables -----------------------------------------------------------


def _load_script(root: Path, tenant: Tenant, files: FileSource = DISK
                 ) -> tuple[Script | None, list[Problem]]:
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for spec in tenant.tables.values():
        table, table_problems = read_table(root, spec, files)
        problems.extend(table_problems)
        if table is not None:
            tables[spec.id] = table
    file = tenant.folder / QUESTIONS_FILE
    loaded, yaml_problems = _read_yaml(root, file, files)
    problems.extend(yaml_problems)
    if loaded is None or yaml_problems:
        return None, problems
    ctx = _Context(root, file, loaded)
    if loaded.data is None:
        ctx.add((), "the file is empty: it needs `questions:` with at least one question")
        return None, problems + ctx.problems
    schema_problems = schemas.validate("questions", loaded, ctx.file)
    if schema_problems:
        return None, problems + schema_problems
    seen: dict[str, int] = {}
    questions = tuple(
        _question(ctx, tenant, tables, q, ("questions", i), seen)
        for i, q in enumerate(loaded.data["questions"])
    )
    problems.extend(ctx.problems)
    problems.extend(_check_group_firsts(root, tenant, seen, files))
    if problems:
        return None, problems
    return Script(questions, tables), []


def _question(ctx: _Context, tenant: Tenant, tables: Mapping[str, Table], data: dict[str, Any],
              path: Path_, seen: dict[str, int]) -> Question:
    qid = data["id"]
    line = ctx.loaded.where(path)[0]
    if qid in seen:
        ctx.add((*path, "id"), f"question id `{qid}` is used twice (first on line {seen[qid]}); "
                               "ids must be unique in the tenant")
    else:
        seen[qid] = line
    answer = data.get("answer", "")
    for issue in check_template(answer):
        ctx.add_at((*path, "answer"), issue.line, issue.message)
    view = None
    if "table" in data:
        view = _table_view(ctx, tenant, tables, data["table"], (*path, "table"))
    actions = []
    for i, a in enumerate(data.get("actions", [])):
        if "transfer" in a:
            target = a["transfer"]
            if tenant.directory_entry(target) is None:
                ids = [d.id for d in tenant.directory]
                ctx.add((*path, "actions", i, "transfer"),
                        f"directory entry `{target}` does not exist{_close(target, ids)}"
                        + ("" if _close(target, ids) else
                           f"; the directory has: {', '.join(ids) or 'nothing'}"))
            actions.append(Action("transfer", target, a.get("label", "")))
        else:
            actions.append(Action("callback", "", a.get("label", "")))
    children = tuple(
        _question(ctx, tenant, tables, c, (*path, "children", i), seen)
        for i, c in enumerate(data.get("children", []))
    )
    return Question(
        id=qid, question=data["question"], answer=answer,
        keywords=tuple(data.get("keywords", ())), table=view, actions=tuple(actions),
        no_ready_answer=data.get("no_ready_answer", False), children=children, line=line,
    )


def _table_view(ctx: _Context, tenant: Tenant, tables: Mapping[str, Table], data: dict[str, Any],
                path: Path_) -> TableView | None:
    name = data["name"]
    if name not in tenant.tables:
        ctx.add((*path, "name"), f"table `{name}` does not exist{_close(name, tenant.tables)}"
                                 f"; tables of this tenant: {', '.join(tenant.tables) or 'none'}")
        return None
    table = tables.get(name)
    columns = tuple(data.get("columns", ()))
    flt = None
    if "filter" in data:
        flt = TableFilter(data["filter"]["column"], data["filter"]["value"])
        for issue in check_template(flt.value):
            ctx.add((*path, "filter", "value"), issue.message)
    if table is not None:
        for i, col in enumerate(columns):
            if col not in table.columns:
                ctx.add((*path, "columns", i), _no_column(col, table))
        if flt is not None and flt.column not in table.columns:
            ctx.add((*path, "filter", "column"), _no_column(flt.column, table))
    return TableView(name, columns, flt, data.get("compare", False))


def _no_column(col: str, table: Table) -> str:
    hint = _close(col, table.columns)
    return (f"column `{col}` is not in table `{table.id}`{hint}"
            + ("" if hint else f"; its columns: {', '.join(table.columns)}"))


def _check_group_firsts(root: Path, tenant: Tenant, seen: Mapping[str, int], files: FileSource
                        ) -> list[Problem]:
    bad = [(gid, i, qid) for gid, g in tenant.groups.items() for i, qid in enumerate(g.first)
           if qid not in seen]
    if not bad:
        return []
    file = tenant.folder / TENANT_FILE
    loaded, _ = _read_yaml(root, file, files)
    if loaded is None:
        return []
    ctx = _Context(root, file, loaded)
    for gid, i, qid in bad:
        ctx.add(("groups", gid, "first", i),
                f"question `{qid}` does not exist in {QUESTIONS_FILE}{_close(qid, seen)}")
    return ctx.problems


def read_table(root: Path, spec: TableSpec, files: FileSource = DISK
               ) -> tuple[Table | None, list[Problem]]:
    """Read a reference table's CSV file; every ragged row and encoding error is reported."""
    import csv  # here: a desk started from the library cache reads no tables
    import io

    rel = _rel(root, spec.file)
    try:
        raw = files.read_bytes(spec.file)
    except FileNotFoundError:
        return None, [Problem(rel, 0, "table file not found")]
    except OSError as exc:
        return None, [Problem(rel, 0, f"cannot read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("cp1251")
            hint = " (it looks like Windows-1251)"
        except UnicodeDecodeError:
            pass
        return None, [Problem(
            rel, line,
            f"not UTF-8 text{hint}: byte 0x{raw[exc.start]:02X} cannot be read; in the "
            "spreadsheet choose Save as → \"CSV UTF-8\"",
        )]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        return None, [Problem(rel, 1, "the table is empty: the first row must name the columns")]
    except csv.Error as exc:
        return None, [Problem(rel, 1, f"not a CSV table: {exc}")]
    header = [h.strip() for h in header]
    for i, name in enumerate(header):
        if not name:
            problems.append(Problem(rel, 1, f"column {i + 1} has no name in the header row"))
        elif header.index(name) != i:
            problems.append(Problem(rel, 1, f"column name `{name}` is used twice in the header"))
    rows: list[tuple[str, ...]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(Problem(
                    rel, reader.line_num,
                    f"this row has {len(cells)} cells, the header has {len(header)}: "
                    "check for a missing or extra separator, or a value with a "
                    f"`{delimiter}` that needs \"quotes\"",
                ))
                continue
            rows.append(tuple(c.strip() for c in cells))
    except csv.Error as exc:
        problems.append(Problem(rel, reader.line_num, f"not valid CSV: {exc}"))
    key = spec.key or (header[0] if header else "")
    if spec.key and spec.key not in header:
        problems.append(Problem(
            rel, 1,
            f"the key column `{spec.key}` (tables.{spec.id}.key in {TENANT_FILE}) is not in "
            f"the header{_close(spec.key, header)}",
        ))
    if problems:
        return None, problems
    return Table(spec.id, spec.title, tuple(header), tuple(rows), key), []


def default_library_path() -> Path:
    """The bundled ``scripts_library/`` (or ``$OPERATOR_DESK_LIBRARY``)."""
    env = os.environ.get("OPERATOR_DESK_LIBRARY")
    if env:
        return Path(env)
    from operator_desk.resources import bundled_library

    return bundled_library()
