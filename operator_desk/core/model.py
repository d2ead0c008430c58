"""The tenant and script model: plain, immutable data built from the scripts library.

Nothing here parses files (see :mod:`operator_desk.core.library`) or renders templates
(see :mod:`operator_desk.core.greeting`); these classes only hold what a script author
declared, already checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from operator_desk.core.hours import WeeklyHours


@dataclass(frozen=True, slots=True)
class Banner:
    """How the screen-pop banner looks for a tenant."""

    colour: str
    text_colour: str = "#FFFFFF"
    logo: Path | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """An operator group (skill), e.g. sales or support."""

    id: str
    name: str
    first: tuple[str, ...] = ()
    """Question ids this group sees at the top of the tree, in this order."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A reference table declared in ``tenant.yaml``; the rows stay on disk until used."""

    id: str
    title: str
    file: Path
    key: str | None = None


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """Someone a call can be transferred to."""

    id: str
    name: str
    target: str
    """A SIP URI (``sip:2001@pbx``) or a bare extension (``2001``)."""
    tier: int = 2
    hours: WeeklyHours | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CallbackField:
    id: str
    label: str
    type: str = "text"  # text | multiline | phone | datetime | choice
    required: bool = False
    choices: tuple[str, ...] = ()
    prefill: str = ""
    """``caller.name``, ``caller.number``, ``question``, ``crm.<field>`` or ``ivr.<field>``."""


@dataclass(frozen=True, slots=True)
class WrapupCode:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class IvrField:
    """One piece of data a caller may enter in the IVR before reaching the operator."""

    id: str
    label: str
    values: Mapping[str, str] = field(default_factory=dict)
    """Digits to meaning, e.g. ``{"1": "Карты"}``; empty when the value is shown as is."""


@dataclass(frozen=True, slots=True)
class GreetingSource:
    """A greeting template as written: where it came from and its jinja2 text."""

    variant: str  # "default", "after_hours" or "group:<id>"
    file: Path
    source: str


@dataclass(frozen=True, slots=True)
class CallbackPolicy:
    """How a tenant's callback requests are worked off (``callback:`` in tenant.yaml)."""

    max_attempts: int = 5
    no_answer_minutes: int = 30
    busy_minutes: int = 10
    reached_minutes: int = 60
    """The customer was reached and asked to be called again later."""
    calling_hours: WeeklyHours | None = None
    """When customers may be called, in the tenant's time zone (None: any time)."""


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    """The contract's service level: ``target`` % of calls answered within ``seconds``."""

    seconds: int = 20
    target: int = 80


@dataclass(frozen=True, slots=True)
class Tenant:
    """A client company: its hotlines, look, greetings and everything but the script."""

    id: str
    name: str
    folder: Path
    banner: Banner
    timezone: str
    languages: tuple[str, ...]
    numbers: tuple[str, ...]
    """Hotline numbers exactly as the author wrote them."""
    greetings: Mapping[str, GreetingSource]
    business_hours: WeeklyHours | None = None
    groups: Mapping[str, Group] = field(default_factory=dict)
    tables: Mapping[str, TableSpec] = field(default_factory=dict)
    directory: tuple[DirectoryEntry, ...] = ()
    callback_fields: tuple[CallbackField, ...] = ()
    wrapup_codes: tuple[WrapupCode, ...] = ()
    wrapup_required: bool = True
    """The operator must choose one of ``wrapup_codes`` to finish the after-call work
    (when the tenant has any)."""
    ivr_fields: tuple[IvrField, ...] = ()
    number_keys: tuple[str, ...] = ()
    """Routing keys of ``numbers``, same order (see :mod:`operator_desk.core.numbers`)."""
    callback_policy: CallbackPolicy = field(default_factory=CallbackPolicy)
    service_level: ServiceLevel = field(default_factory=ServiceLevel)

    def directory_entry(self, entry_id: str) -> DirectoryEntry | None:
        return next((e for e in self.directory if e.id == entry_id), None)


@dataclass(frozen=True, slots=True)
class TableFilter:
    column: str
    value: str
    """A template (``{{ crm.city }}``); rendered empty means "no filter"."""


@dataclass(frozen=True, slots=True)
class TableView:
    """Which part of a reference table a question shows."""

    table: str
    columns: tuple[str, ...] = ()
    """Columns to show, in order; empty means all of them."""
    filter: TableFilter | None = None
    compare: bool = False
    """The operator may pick rows (products) and compare them side by side."""


@dataclass(frozen=True, slots=True)
class Action:
    """A button on a question: transfer to a directory entry, or take a callback."""

    kind: str  # "transfer" | "callback"
    target: str = ""
    """The directory entry id for a transfer."""
    label: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """A node of the question tree."""

    id: str
    question: str
    answer: str = ""
    keywords: tuple[str, ...] = ()
    table: TableView | None = None
    actions: tuple[Action, ...] = ()
    no_ready_answer: bool = False
    children: tuple[Question, ...] = ()
    line: int = 0
    """Line in ``questions.yaml`` where the node starts (for script-gap reports)."""

    def walk(self) -> Iterator[Question]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Table:
    """A reference table's rows, read from its CSV file."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    key: str

    def column_index(self, column: str) -> int:
        return self.columns.index(column)

    def row_dict(self, index: int) -> dict[str, str]:
        return dict(zip(self.columns, self.rows[index], strict=True))


@dataclass(frozen=True, slots=True)
class Script:
    """A tenant's question tree and its reference tables."""

    questions: tuple[Question, ...]
    tables: Mapping[str, Table]

    def walk(self) -> Iterator[Question]:
        for q in self.questions:
            yield from q.walk()

    def find(self, question_id: str) -> Question | None:
        return next((q for q in self.walk() if q.id == question_id), None)

    def path_to(self, question_id: str) -> list[Question]:
        """The chain of nodes from a top question down to ``question_id`` (breadcrumbs)."""

        def search(nodes: Sequence[Question], trail: list[Question]) -> list[Question]:
            for node in nodes:
                here = [*trail, node]
                if node.id == question_id:
                    return here
                found = search(node.children, here)
                if found:
                    return found
            return []

        return search(self.questions, [])

    def top_questions(self, group: Group | None) -> list[Question]:
        """The top of the tree, with the group's ``first`` questions ahead of the rest."""
        if group is None or not group.first:
            return list(self.questions)
        by_id = {q.id: q for q in self.walk()}
        first = [by_id[qid] for qid in group.first if qid in by_id]
        seen = {q.id for q in first}
        return first + [q for q in self.questions if q.id not in seen]
