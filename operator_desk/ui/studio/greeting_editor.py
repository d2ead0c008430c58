"""The greeting editor: one template per variant (default, after hours, per group), with a
live preview for the call set in the preview's call bar (time of day, operator, caller,
IVR input), and which variant the desk would choose for that call."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.greeting import (
    check_template,
    choose_variant,
    render_template,
    template_variables,
)
from operator_desk.core.starter import AFTER_HOURS_GREETING, DEFAULT_GREETING
from operator_desk.studio import operations as ops
from operator_desk.studio.yamldoc import MISSING
from operator_desk.ui.studio.preview import CallContextBar
from operator_desk.ui.studio.session import StudioSession
from operator_desk.ui.studio.template_edit import TemplateEdit, unknown_placeholders

VARIANT_ROLE = Qt.ItemDataRole.UserRole + 1


class GreetingEditor(QWidget):
    def __init__(self, session: StudioSession, context: CallContextBar,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("greetingEditor")
        self.session, self.context = session, context
        self.variants = QListWidget()
        self.variants.setObjectName("greetingVariants")
        self.variants.setWordWrap(True)
        self.add_after_hours = QPushButton(self.tr("+ After hours"))
        self.add_after_hours.setObjectName("addAfterHours")
        self.add_group = QPushButton(self.tr("+ For a group…"))
        self.add_group.setObjectName("addGroupGreeting")
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setObjectName("removeGreeting")
        self.editor = TemplateEdit()
        self.editor.setObjectName("greetingText")
        self.rendered = QLabel()
        self.rendered.setObjectName("greetingRendered")
        self.rendered.setWordWrap(True)
        self.rendered.setTextFormat(Qt.TextFormat.PlainText)
        self.rendered.setStyleSheet("QLabel { background: #FFFDE7; border: 1px solid #F9A825;"
                                    " border-radius: 6px; padding: 8px; font-size: 15pt; }")
        self.chosen = QLabel()
        self.chosen.setObjectName("greetingChosen")
        self.chosen.setWordWrap(True)
        self.issues = QLabel()
        self.issues.setObjectName("greetingIssues")
        self.issues.setWordWrap(True)
        self.issues.setStyleSheet("color: #B71C1C;")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Variants")))
        left_layout.addWidget(self.variants, 1)
        for b in (self.add_after_hours, self.add_group, self.remove):
            left_layout.addWidget(b)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("What the operator says first")), 1)
        tools.addWidget(self.editor.insert_button)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.editor, 2)
        right_layout.addWidget(self.issues)
        right_layout.addWidget(QLabel(self.tr("For the call set in the preview it reads:")))
        right_layout.addWidget(self.rendered)
        right_layout.addWidget(self.chosen)
        right_layout.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.variants.currentItemChanged.connect(lambda *_: self._show_variant())
        self.editor.edited.connect(self._on_editor_edited)
        self.add_after_hours.clicked.connect(self.add_after_hours_variant)
        self.add_group.clicked.connect(self.add_group_variant)
        self.remove.clicked.connect(self.remove_variant)
        self.context.changed.connect(self._render)
        session.tenant_opened.connect(lambda _: self.rebuild())
        session.edited.connect(self._on_session_edited)

    # -- variants ----------------------------------------------------------------------

    def _greetings(self) -> dict[str, Any]:
        data = self.session.workspace.tenant.get(("greetings",), {})
        return data if isinstance(data, dict) else {}

    def rebuild(self) -> None:
        current = self.current_variant()
        self.variants.blockSignals(True)
        self.variants.clear()
        greetings = self._greetings()
        groups = self.session.workspace.tenant.get(("groups",), {}) or {}
        names = {"default": self.tr("Default"), "after_hours": self.tr("After hours")}
        for variant in ("default", "after_hours"):
            if isinstance(greetings.get(variant), str):
                self._add_item(names[variant], variant, greetings[variant])
        for gid, file in (greetings.get("groups") or {}).items():
            group = groups.get(gid, {}) if isinstance(groups, dict) else {}
            label = group.get("name", gid) if isinstance(group, dict) else gid
            self._add_item(self.tr("For «{0}»").format(label), f"group:{gid}", file)
        self.variants.blockSignals(False)
        rows = [self.variants.item(i).data(VARIANT_ROLE)[0] for i in range(self.variants.count())]
        self.variants.setCurrentRow(rows.index(current) if current in rows else 0)
        self.add_after_hours.setEnabled("after_hours" not in greetings)
        self._show_variant()

    def _add_item(self, label: str, variant: str, file: str) -> None:
        item = QListWidgetItem(label)
        item.setData(VARIANT_ROLE, (variant, str(file)))
        self.variants.addItem(item)

    def current_variant(self) -> str:
        item = self.variants.currentItem()
        return item.data(VARIANT_ROLE)[0] if item is not None else ""

    def current_file(self) -> str:
        item = self.variants.currentItem()
        return item.data(VARIANT_ROLE)[1] if item is not None else ""

    def select_variant(self, variant: str) -> None:
        for i in range(self.variants.count()):
            if self.variants.item(i).data(VARIANT_ROLE)[0] == variant:
                self.variants.setCurrentRow(i)

    def _show_variant(self) -> None:
        rel = self.current_file()
        self.remove.setEnabled(self.current_variant() not in ("", "default"))
        if not rel:
            self.editor.set_plain_text("")
            self.editor.setEnabled(False)
            return
        self.editor.setEnabled(True)
        ivr = self.session.workspace.tenant.get(("ivr", "fields"), []) or []
        self.editor.set_fields([str(f.get("id")) for f in ivr if isinstance(f, dict)])
        self.editor.set_plain_text(self.session.workspace.text(rel).text.rstrip("\n"))
        self._render()

    def _on_session_edited(self, op: ops.Operation, from_widget: bool) -> None:
        if from_widget and isinstance(op, ops.SetText):
            self._render()
            return
        if "tenant.yaml" in op.files or any(f.startswith("greetings/") for f in op.files):
            self.rebuild()

    def _on_editor_edited(self, text: str) -> None:
        rel = self.current_file()
        if rel:
            self.session.push(ops.SetText(rel, text + "\n" if text else ""))

    def add_after_hours_variant(self) -> None:
        rel = self._free_file("greetings/after_hours.txt")
        op = ops.Composite(self.tr("add the after-hours greeting"), [
            ops.new_text_file(rel, AFTER_HOURS_GREETING.format()),
            ops.SetValue("tenant.yaml", ("greetings", "after_hours"), rel,
                         order=("default", "after_hours", "groups"))])
        if self.session.push(op):
            self.select_variant("after_hours")

    def add_group_variant(self) -> None:
        groups = self.session.workspace.tenant.get(("groups",), {}) or {}
        have = set(self._greetings().get("groups") or {})
        free = {str(g.get("name", gid)): gid for gid, g in groups.items()
                if gid not in have and isinstance(g, dict)}
        if not free:
            self.session.failed.emit(self.tr("Every operator group has its greeting; add a "
                                             "group on the Company page first"))
            return
        name, ok = QInputDialog.getItem(self, self.tr("Greeting for a group"),
                                        self.tr("Operator group:"), list(free), 0, False)
        if not ok:
            return
        gid = free[name]
        rel = self._free_file(f"greetings/{gid}.txt")
        parts: list[ops.Operation] = [ops.new_text_file(rel, DEFAULT_GREETING.format())]
        if "groups" not in self._greetings():
            parts.append(ops.SetValue("tenant.yaml", ("greetings", "groups"), {gid: rel},
                                      order=("default", "after_hours", "groups")))
        else:
            parts.append(ops.SetValue("tenant.yaml", ("greetings", "groups", gid), rel))
        if self.session.push(ops.Composite(self.tr("add a group greeting"), parts)):
            self.select_variant(f"group:{gid}")

    def remove_variant(self) -> None:
        variant, rel = self.current_variant(), self.current_file()
        if variant in ("", "default"):
            return
        if variant == "after_hours":
            path: tuple[str, ...] = ("greetings", "after_hours")
        else:
            gid = variant.split(":", 1)[1]
            groups = self._greetings().get("groups") or {}
            path = ("greetings", "groups") if len(groups) == 1 else ("greetings", "groups", gid)
        parts: list[ops.Operation] = [ops.SetValue("tenant.yaml", path, MISSING)]
        if (self.session.workspace.folder / rel).is_file() or rel:
            parts.append(ops.RemoveFile(rel))
        self.session.push(ops.Composite(self.tr("remove the greeting"), parts))

    def _free_file(self, rel: str) -> str:
        ws = self.session.workspace
        used = set(ws.referenced_files().values())
        stem, _, suffix = rel.rpartition(".")
        candidate, n = rel, 2
        while candidate in used or (ws.folder / candidate).exists():
            candidate = f"{stem}-{n}.{suffix}"
            n += 1
        return candidate

    # -- the live greeting -------------------------------------------------------------

    def _render(self) -> None:
        source = self.editor.toPlainText()
        check = self.session.last_check
        entry = self.session.library.library.entries.get(self.session.tenant_id)
        tenant = (entry.tenant or entry.draft) if entry else None
        if tenant is None and check is not None and check.prepared is not None:
            tenant = check.prepared.tenant
        ctx = self.context.context(tenant)
        issues = [self.tr("line {0}: {1}").format(i.line, i.message) for i in check_template(source)]
        unknown = unknown_placeholders(source)
        if unknown and not issues:
            issues = [self.tr("unknown field: {0}").format(", ".join(unknown))]
        self.issues.setText("\n".join(issues))
        self.issues.setVisible(bool(issues))
        if tenant is None:
            self.rendered.setText(source)
            self.chosen.setText("")
            return
        variables = template_variables(tenant.id, tenant.name, tenant.languages[0],
                                       tenant.timezone, ctx)
        try:
            self.rendered.setText(render_template(source, variables))
        except Exception as exc:  # a template error is the author's to see, not a crash
            self.rendered.setText(self.tr("(cannot be shown: {0})").format(exc))
        names = {"default": self.tr("Default"), "after_hours": self.tr("After hours")}
        chosen = choose_variant(tenant, ctx)
        label = names.get(chosen) or self.tr("For «{0}»").format(chosen.split(":", 1)[-1])
        self.chosen.setText(self.tr("For this call the desk uses the greeting: {0}").format(label))
