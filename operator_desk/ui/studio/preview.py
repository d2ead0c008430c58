"""The live preview: the desk's own screen-pop widgets, fed from the files being edited.

A made-up call (the hotline dialed, the time, the operator, the caller, what the caller
entered in the IVR, the CRM card) goes through the desk's own router and
:meth:`~operator_desk.core.desk.Desk.pop_for`, and the result is shown by the desk's
:class:`BannerWidget`, :class:`GreetingWidget`, :class:`CallerWidget` and
:class:`ScriptPanel`, the search box working as it does for an operator.

While the author types an answer or a question's wording, only that question is
patched into the preview's script (a few milliseconds); the full check follows once the
typing pauses.

Signals (CallContextBar):
    changed(): a field of the made-up call changed.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QSize, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.calls import IncomingCall
from operator_desk.core.desk import OperatorProfile, PopWarning, PreparedTenant, ScreenPop
from operator_desk.core.greeting import CallContext, template_variables
from operator_desk.core.ivr import DATA_HEADER, DIGITS_HEADER, parse_ivr
from operator_desk.core.model import Tenant
from operator_desk.studio.checks import TenantCheck, replace_question
from operator_desk.studio.operations import Operation, SetQuestionField
from operator_desk.studio.questions import find as find_question
from operator_desk.ui.models import QuestionTreeModel
from operator_desk.ui.pop import BannerWidget, CallerWidget, GreetingWidget
from operator_desk.ui.script_panel import ScriptPanel
from operator_desk.ui.studio.session import StudioSession

SCREEN_SIZES = (QSize(1366, 768), QSize(1920, 1080))
PREVIEW_CALLER_NUMBER = "+79161234567"


def parse_pairs(text: str) -> dict[str, str]:
    """``city=Казань; name=Иван`` as a mapping."""
    out = {}
    for part in text.replace(",", ";").split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip():
            out[key.strip()] = value.strip()
    return out


class CallContextBar(QWidget):
    """The made-up call of the preview: who dials which hotline when, with what data."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callContext")
        self.number = QComboBox()
        self.number.setObjectName("previewNumber")
        self.number.setEditable(True)
        self.number.setToolTip(self.tr("The hotline the caller dialed: routed as the desk "
                                       "routes a call"))
        self.day = QComboBox()
        self.day.setObjectName("previewDay")
        for name in (self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"),
                     self.tr("Thursday"), self.tr("Friday"), self.tr("Saturday"),
                     self.tr("Sunday")):
            self.day.addItem(name)
        self.at = QTimeEdit(QTime(11, 0))
        self.at.setObjectName("previewTime")
        self.at.setDisplayFormat("HH:mm")
        self.at.setToolTip(self.tr("The time of the call in the client company's time zone"))
        self.operator = QLineEdit(self.tr("Anna"))
        self.operator.setObjectName("previewOperator")
        self.group = QComboBox()
        self.group.setObjectName("previewGroup")
        self.caller = QLineEdit()
        self.caller.setObjectName("previewCaller")
        self.caller.setPlaceholderText(self.tr("not sent"))
        self.ivr = QLineEdit()
        self.ivr.setObjectName("previewIvr")
        self.ivr.setPlaceholderText(self.tr("e.g. menu=1 or 2"))
        self.ivr.setToolTip(self.tr("What the caller entered in the voice menu: named fields "
                                    "(menu=1;order_no=448812) or just the digits"))
        self.crm = QLineEdit()
        self.crm.setObjectName("previewCrm")
        self.crm.setPlaceholderText(self.tr("e.g. city=Kazan"))
        self.crm.setToolTip(self.tr("Fields of the customer card from the CRM, as "
                                    "name=value; separated by ;"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(6)
        form.setVerticalSpacing(3)
        when = QHBoxLayout()
        when.addWidget(self.day, 1)
        when.addWidget(self.at)
        first = QHBoxLayout()
        first.addWidget(self.number, 2)
        first.addWidget(QLabel(self.tr("at")))
        first.addLayout(when, 2)
        second = QHBoxLayout()
        second.addWidget(self.operator, 1)
        second.addWidget(self.group, 1)
        third = QHBoxLayout()
        third.addWidget(self.caller, 1)
        third.addWidget(QLabel(self.tr("IVR:")))
        third.addWidget(self.ivr, 1)
        third.addWidget(QLabel(self.tr("CRM:")))
        third.addWidget(self.crm, 1)
        form.addRow(self.tr("Hotline"), first)
        form.addRow(self.tr("Operator"), second)
        form.addRow(self.tr("Caller"), third)
        self.number.currentTextChanged.connect(self.changed)
        self.day.currentIndexChanged.connect(self.changed)
        self.at.timeChanged.connect(self.changed)
        for edit in (self.operator, self.caller, self.ivr, self.crm):
            edit.textChanged.connect(self.changed)
        self.group.currentIndexChanged.connect(self.changed)

    def set_tenant(self, tenant: Tenant | None) -> None:
        """Offer the tenant's hotlines and groups (keeping a choice that still exists)."""
        number, group = self.number.currentText(), self.group.currentData()
        self.blockSignals(True)
        self.number.clear()
        self.group.clear()
        self.group.addItem(self.tr("no group"), "")
        if tenant is not None:
            self.number.addItems(list(tenant.numbers))
            for gid, g in tenant.groups.items():
                self.group.addItem(g.name, gid)
        if number and tenant is not None and number in tenant.numbers:
            self.number.setCurrentText(number)
        index = self.group.findData(group)
        self.group.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    def moment(self, timezone: str) -> datetime:
        """The chosen weekday and time in ``timezone`` (the next such day from today)."""
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("Europe/Moscow")
        today = date.today()
        day = today + timedelta(days=(self.day.currentIndex() - today.weekday()) % 7)
        t = self.at.time()
        return datetime.combine(day, time(t.hour(), t.minute()), zone)

    def call(self) -> IncomingCall:
        ivr = self.ivr.text().strip()
        headers = {"x-tenant": self.number.currentText().strip()}
        if ivr:
            headers[(DATA_HEADER if "=" in ivr else DIGITS_HEADER).lower()] = ivr
        name = self.caller.text().strip()
        return IncomingCall(
            call_id="studio-preview", engine_call=0, request_uri="sip:studio@127.0.0.1",
            to_header="<sip:studio@127.0.0.1>",
            from_header=f'"{name}" <sip:{PREVIEW_CALLER_NUMBER}@127.0.0.1>',
            display_name=name, caller_number=PREVIEW_CALLER_NUMBER, headers=headers)

    def operator_profile(self) -> OperatorProfile:
        return OperatorProfile(self.operator.text().strip(), str(self.group.currentData() or ""))

    def context(self, tenant: Tenant | None) -> CallContext:
        ivr_text = self.ivr.text().strip()
        named = "=" in ivr_text
        ivr = parse_ivr("" if named else ivr_text, ivr_text if named else "",
                        tenant.ivr_fields if tenant else ())
        profile = self.operator_profile()
        return CallContext(at=self.moment(tenant.timezone if tenant else "Europe/Moscow"),
                           operator_name=profile.name, operator_group=profile.group,
                           caller_name=self.caller.text().strip(),
                           caller_number="+7 916 123-45-67", ivr=ivr.template_fields(),
                           crm=parse_pairs(self.crm.text()))


class PopView(QWidget):
    """The top of the operator's window and the script, as the desk lays them out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = BannerWidget()
        self.greeting = GreetingWidget()
        self.caller = CallerWidget()
        self.script = ScriptPanel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(self.greeting, 3)
        row.addWidget(self.caller, 1)
        layout.addLayout(row)
        layout.addWidget(self.script, 1)
        self.caller.setMinimumWidth(200)

    def show_pop(self, pop: ScreenPop, variables: dict[str, object], question: str) -> None:
        """Show ``pop``; keep the question open and the search typed (without taking the
        keyboard away from whatever had it)."""
        # The desk's panel puts the keyboard in its search box for a new call; here the
        # author's keyboard stays where it was (the window's focus, also while inactive).
        focused = self.window().focusWidget()
        search = self.script.search.text()
        self.banner.show_pop(pop)
        self.greeting.show_pop(pop)
        self.caller.show_pop(pop)
        crm = {k: str(v) for k, v in dict(variables.get("crm", {})).items()}  # type: ignore[call-overload]
        if crm:
            self.caller.show_crm(crm)
        self.script.forget_prepared()
        self.script.show_tenant(pop.prepared, str(variables.get("operator", {}).get("group", "")),  # type: ignore[attr-defined]
                                lambda: variables)
        if question:
            self.script.open_question(question, remember=False)
        if search:
            self.script.search.setText(search)
        if focused is not None and focused is not self.script.search:
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        elif focused is None:
            self.script.search.clearFocus()

    def show_question(self, question: str) -> None:
        """Show the question again from the (patched) script, as fast as it goes."""
        if question:
            self.script.open_question(question, remember=False)


class PreviewPane(QWidget):
    """The preview beside the editors: the made-up call and the pop it gives."""

    refreshed = Signal()

    def __init__(self, session: StudioSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.session = session
        self.context_bar = CallContextBar()
        self.view = PopView()
        self.note = QLabel()
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #B71C1C;")
        self.note.hide()
        self.screen_button = QPushButton(self.tr("Operator's screen…"))
        self.screen_button.setObjectName("operatorScreenButton")
        self.screen_button.setToolTip(self.tr("The same preview in a window of the operator's "
                                              "screen size (Ctrl+Shift+P)"))
        self.screen_size = QComboBox()
        self.screen_size.setObjectName("screenSize")
        for size in SCREEN_SIZES:
            self.screen_size.addItem(f"{size.width()}×{size.height()}", size)
        title = QLabel(self.tr("<b>Preview</b>: what the operator sees"))
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.screen_size)
        top.addWidget(self.screen_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.context_bar)
        layout.addWidget(line)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.screen: OperatorScreen | None = None
        self.question = ""
        self._good: PreparedTenant | None = None
        self._good_tenant = ""
        self._pop: ScreenPop | None = None
        self._variables: dict[str, object] = {}
        self.context_bar.changed.connect(self.refresh)
        self.screen_button.clicked.connect(self.open_screen)
        session.checked.connect(self._on_session_checked)
        session.edited.connect(self._on_session_edited)
        session.tenant_opened.connect(self._on_session_tenant_opened)

    # -- following the session ---------------------------------------------------------

    def _on_session_tenant_opened(self, tenant_id: str) -> None:
        self.question = ""
        self._good = None
        self._good_tenant = tenant_id

    def _on_session_checked(self, check: TenantCheck) -> None:
        unchanged = (check.prepared is not None and self._good is not None
                     and check.tenant_id == self._good_tenant
                     and check.prepared.tenant == self._good.tenant
                     and check.prepared.script == self._good.script)
        if unchanged:
            # What typing patched in is what the files say: only the search index is new.
            assert self._good is not None and check.prepared is not None
            self._good.index = check.prepared.index
            self.note.hide()
            return
        if check.prepared is not None:
            self._good, self._good_tenant = check.prepared, check.tenant_id
        entry = self.session.library.library.entries.get(check.tenant_id)
        tenant = entry.tenant if entry else None
        self.context_bar.blockSignals(True)
        self.context_bar.set_tenant(tenant or (self._good.tenant if self._good else None))
        self.context_bar.blockSignals(False)
        if check.problems and self._good is not None:
            self.note.setText(self.tr("The files have {0} problem(s) (listed below); the preview "
                                      "shows the last version without errors.").format(
                len(check.problems)))
            self.note.show()
        elif check.problems:
            self.note.setText(self.tr("The files have {0} problem(s) (listed below); fix them "
                                      "to see the preview.").format(len(check.problems)))
            self.note.show()
        else:
            self.note.hide()
        QTimer.singleShot(0, self.refresh)  # its own turn of the event loop: a key first

    def _on_session_edited(self, op: Operation, _from_widget: bool) -> None:
        """While typing a question's words: patch that question into the preview now."""
        if not isinstance(op, SetQuestionField) or op.key not in ("answer", "question"):
            return
        if self._good is None or self._good.script is None:
            return
        doc = self.session.workspace.questions
        node = find_question(doc, op.question_id)
        held = doc.get((*node.path, op.key), "") if node is not None else ""
        value = held if isinstance(held, str) else ""  # exactly as the file will hold it
        self._good.script = replace_question(self._good.script, op.question_id,
                                             **{op.key: value})
        for view in (self.view, self.screen.view if self.screen is not None else None):
            if view is None:
                continue
            if op.key == "question":
                model = view.script.tree.model()
                index = model.index_of(op.question_id) if isinstance(model, QuestionTreeModel) \
                    else None
                if index is not None and index.isValid():
                    model.itemFromIndex(index).setText(value)
            if op.question_id == self.question:
                view.script.refresh_answer()
        self.refreshed.emit()

    def show_question(self, question_id: str) -> None:
        """The editor selected this question: open it in the preview."""
        self.question = question_id
        self.view.show_question(question_id)
        if self.screen is not None:
            self.screen.view.show_question(question_id)

    # -- building the pop --------------------------------------------------------------

    def refresh(self) -> None:
        library = self.session.library
        desk = library.desk
        desk.operator = self.context_bar.operator_profile()
        call = self.context_bar.call()
        pop = desk.pop_for(call, at=self.context_bar.moment(self._timezone()))
        broken = pop.prepared is None or pop.prepared.script is None
        if broken and pop.tenant is not None and pop.tenant.id == self._good_tenant and self._good:
            pop = dataclasses.replace(pop, prepared=self._good, warnings=tuple(
                w for w in pop.warnings if w[0] is not PopWarning.SCRIPT_BROKEN))
        tenant = pop.tenant
        ctx = self.context_bar.context(tenant)
        variables = (template_variables(tenant.id, tenant.name, tenant.languages[0],
                                        tenant.timezone, ctx) if tenant else
                     template_variables("", "", "ru", "Europe/Moscow", ctx))
        self._pop, self._variables = pop, variables
        question = self.question if tenant is not None and tenant.id == self._good_tenant else ""
        self.view.show_pop(pop, variables, question)
        if self.screen is not None:
            self.screen.view.show_pop(pop, variables, question)
        self.refreshed.emit()

    def _timezone(self) -> str:
        if self._good is not None:
            return self._good.tenant.timezone
        return "Europe/Moscow"

    def open_screen(self) -> None:
        size = self.screen_size.currentData()
        if self.screen is None:
            self.screen = OperatorScreen(self)
        self.screen.resize(size)
        self.screen.setWindowTitle(self.tr("Operator's screen, {0}×{1}").format(
            size.width(), size.height()))
        self.screen.show()
        self.screen.raise_()
        if self._pop is not None:
            self.screen.view.show_pop(self._pop, self._variables, self.question)


class OperatorScreen(QWidget):
    """The preview in a window of an operator's screen size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("operatorScreen")
        self.view = PopView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.view)
