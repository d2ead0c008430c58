"""The top of the screen-pop: whose hotline, what to say, who is calling.

Each widget is fed a :class:`ScreenPop` (``show_pop``) and nothing else it must have, so
the script studio's live preview shows them as a call would, without a desk around them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.caller_history import RepeatCaller
from operator_desk.core.desk import PopWarning, ScreenPop
from operator_desk.core.greeting import escape_html
from operator_desk.core.numbers import CallerId


def clock_text(seconds: float) -> str:
    """``0:07``, ``12:40``, ``1:02:03``."""
    whole = int(max(0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class OneLineLabel(QLabel):
    """A line of text that never wraps and never runs out of its box: when it is longer
    than the width it is shortened with "…" on purpose, and the whole text is its tooltip.
    (A plain QLabel would cut it off mid-letter.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

IDLE_COLOUR = "#37474F"


class BannerWidget(QFrame):
    """The tenant's colour, logo and name, and the hotline that was dialed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._colours = ("", "")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        self.logo = QLabel()
        self.logo.setFixedHeight(40)
        self.name = QLabel()
        self.name.setObjectName("bannerName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.hotline = QLabel()
        self.hotline.setObjectName("bannerHotline")
        hfont = self.hotline.font()
        hfont.setPointSizeF(hfont.pointSizeF() * 1.15)
        self.hotline.setFont(hfont)
        self.hotline.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setObjectName("bannerStatus")
        self.status.setFont(hfont)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.clock = QLabel()
        """The call's clock (the desk window sets it: ringing, talk, on hold)."""
        self.clock.setObjectName("callTimer")
        cfont = self.clock.font()
        cfont.setPointSizeF(cfont.pointSizeF() * 1.3)
        cfont.setBold(True)
        self.clock.setFont(cfont)
        self.clock.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.logo)
        layout.addWidget(self.name)
        layout.addSpacing(16)
        layout.addWidget(self.hotline, 1)
        layout.addWidget(self.status)
        layout.addSpacing(12)
        layout.addWidget(self.clock)
        self.show_idle()

    def _paint(self, background: str, foreground: str) -> None:
        """The tenant's colours, by palette and by hand: a style sheet set on every ring
        would polish the whole banner again (a third of a millisecond of the pop)."""
        if (background, foreground) == self._colours:
            return
        self._colours = (background, foreground)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(foreground))
        self.setPalette(palette)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self._colours[0]))
        painter.drawRoundedRect(QRectF(self.rect()), 6, 6)
        painter.end()

    def show_idle(self) -> None:
        self._paint(IDLE_COLOUR, "#FFFFFF")
        self.logo.hide()
        self.name.setText(self.tr("Waiting for a call"))
        self.hotline.setText("")
        self.status.setText("")

    def show_pop(self, pop: ScreenPop) -> None:
        if pop.tenant is None and pop.route.source == "outgoing":
            self._paint(IDLE_COLOUR, "#FFFFFF")
            self.logo.hide()
            self.name.setText(self.tr("Outgoing call"))
            self.hotline.setText(pop.caller_number)
            return
        if pop.tenant is None:
            self._paint("#B71C1C", "#FFFFFF")
            self.logo.hide()
            self.name.setText(self.tr("Unknown hotline"))
        else:
            banner = pop.tenant.banner
            self._paint(banner.colour, banner.text_colour)
            self.name.setText(pop.tenant.name)
            if banner.logo is not None and not QPixmap(str(banner.logo)).isNull():
                self.logo.setPixmap(QPixmap(str(banner.logo)).scaledToHeight(
                    40, Qt.TransformationMode.SmoothTransformation))
                self.logo.show()
            else:
                self.logo.hide()
        if pop.route.source == "outgoing":
            self.hotline.setText(self.tr("calling back {0}").format(pop.caller_number))
            return
        dialed = pop.route.dialed or self.tr("number not sent")
        self.hotline.setText(self.tr("hotline {0}").format(dialed))

    def set_status(self, text: str) -> None:
        self.status.setText(text)


class GreetingWidget(QFrame):
    """The greeting to read out: the most prominent thing on a ringing screen. Once it
    has been read it folds to one line (:meth:`set_collapsed`), which the operator can
    open again (the button, or Ctrl+G in the desk window).

    Signals:
        painted(): the first paint after :meth:`show_pop` has completed.
        toggle_requested(): the operator clicked the fold/unfold button.
    """

    painted = Signal()
    toggle_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._armed = False
        self.collapsed = False
        self.setObjectName("greeting")
        self.setStyleSheet(
            "QFrame#greeting { background: #FFFDE7; border: 1px solid #F9A825; border-radius: 6px; }"
            "QLabel, QToolButton { background: transparent; }"
        )
        self.warning = QLabel()
        self.warning.setObjectName("popWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setStyleSheet("color: #B71C1C; font-weight: bold;")
        self.text = QLabel()
        self.text.setObjectName("greetingText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.text.font())
        font.setPointSizeF(max(16.0, font.pointSizeF() * 1.6))
        self.text.setFont(font)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.line = OneLineLabel()
        self.line.setObjectName("greetingLine")
        self.line.setStyleSheet("color: #5D4037;")
        self.line.hide()
        self.toggle = QToolButton()
        self.toggle.setObjectName("greetingToggle")
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(self.toggle_requested)
        self._lay_out()
        self.show_idle()

    def _lay_out(self) -> None:
        # One column, as simple as it can be: the greeting's text is measured for each
        # layout pass, and nested layouts ask it several times (a ring waits for that).
        # The fold button is laid over the top right corner by hand (resizeEvent).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 28, 8)
        layout.setSpacing(2)
        layout.addWidget(self.warning)
        layout.addWidget(self.text)
        layout.addWidget(self.line)
        layout.addStretch(1)  # the greeting starts at the top, however tall the card beside
        self.toggle.setParent(self)
        self.toggle.raise_()
        self._show_toggle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        size = self.toggle.sizeHint()
        self.toggle.setGeometry(self.width() - size.width() - 4, 4, size.width(), size.height())

    def _show_toggle(self) -> None:
        self.toggle.setText("▸" if self.collapsed else "▾")
        self.toggle.setToolTip(self.tr("Show the whole greeting (Ctrl+G)") if self.collapsed
                               else self.tr("Fold the greeting to one line (Ctrl+G)"))

    def show_idle(self) -> None:
        self.warning.hide()
        self.text.setText(self.tr("The greeting for the next call appears here."))
        self.text.setEnabled(False)
        self.set_collapsed(False)
        self.toggle.setEnabled(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._armed:
            self._armed = False
            self.painted.emit()

    def show_pop(self, pop: ScreenPop) -> None:
        self._armed = True
        self.text.setEnabled(True)
        outgoing = pop.greeting.variant == "outgoing"
        self.text.setText(pop.greeting.text or (self.tr("Outgoing call to {0}").format(
            pop.caller_number) if outgoing else ""))
        messages = [self.warning_text(kind, detail) for kind, detail in pop.warnings]
        self.warning.setText("\n".join("⚠ " + m for m in messages))
        self.warning.setVisible(bool(messages))
        self.set_collapsed(False)
        self.toggle.setEnabled(True)

    def set_collapsed(self, collapsed: bool) -> None:
        """One line (the greeting's start, the whole in its tooltip) or the whole text.
        Warnings stay in full either way: they are what the operator must not miss.
        (Nothing is laid out again when it already is as asked: a ring is not slowed.)"""
        if collapsed:
            self.line.set_full_text(self.tr("Greeting: {0}").format(self.text.text()))
        if collapsed == self.collapsed and self.line.isHidden() != collapsed:
            return
        self.collapsed = collapsed
        self.text.setVisible(not collapsed)
        self.line.setVisible(collapsed)
        self._show_toggle()

    def warning_text(self, kind: PopWarning, detail: str) -> str:
        if kind is PopWarning.UNKNOWN_NUMBER:
            return self.tr("No client company owns the number {0}. Ask the caller which "
                           "company they are calling.").format(detail or self.tr("(not sent)"))
        if kind is PopWarning.AMBIGUOUS_NUMBER:
            return self.tr("This number is claimed by several client companies ({0}). Ask the "
                           "caller which company they are calling.").format(detail)
        if kind is PopWarning.GREETING_FAILED:
            return self.tr("The company's greeting failed; a neutral one is shown "
                           "({0}).").format(detail)
        return self.tr("The company's script did not load: {0}").format(detail)


def _small(name: str, colour: str = "#546E7A") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    return label


class CallerWidget(QFrame):
    """Who is calling: the number formatted for the tenant's country (and what kind it
    is), the name the call sent, how long it has rung, whether the number called before
    (:meth:`show_history`), what was entered in the IVR, and the CRM card with where it
    came from and how fresh it is (:meth:`show_crm`). Folded (:meth:`set_compact`) it is
    one line: number, name and the repeat-caller count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caller")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(260)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.compact = False
        self._pop: ScreenPop | None = None
        self._history_short = ""
        self.number = QLabel()
        self.number.setObjectName("callerNumber")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextFormat(Qt.TextFormat.PlainText)
        self.number.setWordWrap(True)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = _small("callerKind")
        self.name = QLabel()
        self.name.setObjectName("callerName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setWordWrap(True)
        self.ring = _small("callerRing", "#37474F")
        self.history = _small("callerHistory", "#4E342E")
        self.details = QLabel()
        self.details.setObjectName("callerDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.crm = QLabel()
        self.crm.setObjectName("callerCrm")
        self.crm.setTextFormat(Qt.TextFormat.RichText)
        self.crm.setWordWrap(True)
        self.crm.setStyleSheet("color: #455A64;")
        self.line = OneLineLabel()
        self.line.setObjectName("callerLine")
        self.line.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        for widget in (self.line, self.number, self.kind, self.name, self.ring, self.history,
                       self.details, self.crm):
            layout.addWidget(widget)
        layout.addStretch(1)
        self._full = (self.number, self.kind, self.name, self.ring, self.history, self.details,
                      self.crm)
        self.show_idle()

    def show_idle(self) -> None:
        self._pop = None
        self._history_short = ""
        self.number.setText("—")
        for label in (self.kind, self.name, self.ring, self.history, self.details, self.crm):
            label.setText("")
        self._show_visible()

    def show_pop(self, pop: ScreenPop) -> None:
        self._pop = pop
        self._history_short = ""
        caller = pop.caller if pop.caller.raw else None
        if caller is None:  # a pop made without the card's reading (as a preview may)
            self.number.setText(pop.caller_number or self.tr("number withheld"))
            self.kind.setText("")
        else:
            self.number.setText(caller.shown or self.tr("number withheld"))
            self.kind.setText(self.kind_text(caller))
        raw = caller.raw if caller else pop.caller_number
        same = pop.caller_name.strip().lower() in ("", raw.lower())
        self.name.setText("" if same else pop.caller_name)
        self.ring.setText("")
        self.history.setText("")
        items = pop.ivr.items
        if any(item.id != "digits" for item in items):
            # The raw digits repeat what the named fields already say.
            items = tuple(item for item in items if item.id != "digits")
        rows = [
            f"<b>{escape_html(item.label)}:</b> {escape_html(item.meaning)}"
            + (f" ({escape_html(item.value)})" if item.meaning != item.value else "")
            for item in items
        ]
        self.details.setText("<br>".join(rows))
        self.crm.setText("")
        self._show_visible()

    def kind_text(self, caller: CallerId) -> str:
        if caller.kind == "sip":
            return self.tr("SIP address, not a phone number: ask for a number to call back")
        if caller.kind == "extension":
            return self.tr("internal number of the PBX")
        kinds = {"mobile": self.tr("mobile"), "landline": self.tr("landline"),
                 "toll_free": self.tr("free-phone number"), "voip": self.tr("internet telephony")}
        parts = [kinds.get(caller.kind, "")]
        if caller.abroad:
            parts.append(self.tr("from abroad ({0})").format(caller.region))
        return " · ".join(p for p in parts if p)

    def show_ring(self, seconds: float, answered: bool) -> None:
        """How long the caller waited: ringing now, or how long it rang before the answer."""
        text = clock_text(seconds)
        self.ring.setText(self.tr("answered after {0} of ringing").format(text) if answered
                          else self.tr("ringing {0}").format(text))
        self._show_visible()

    def show_history(self, summary: RepeatCaller | None, topic: str = "") -> None:
        """The repeat-caller line; ``topic``: what the last call was about (a wrap-up result
        or the question the operator opened), '' if nothing is known."""
        if summary is None:
            self.history.setText("")
            self._history_short = ""
        elif summary.first_time:
            self.history.setText(self.tr("No calls from this number in the last 30 days"))
            self._history_short = ""
        else:
            self.history.setText(self.history_text(summary, topic))
            self._history_short = (self.tr("called %n time(s) today", "", summary.today)
                                   if summary.today else self.tr("called before"))
        self._show_visible()

    def history_text(self, summary: RepeatCaller, topic: str) -> str:
        assert summary.last is not None
        last = datetime.fromtimestamp(summary.last.started_ns / 1e9)
        when = last.strftime("%H:%M") if summary.today else last.strftime("%d.%m %H:%M")
        if summary.today:
            text = self.tr("Called %n time(s) today", "", summary.today)
            if summary.unanswered_today:
                text += " " + self.tr("(%n not answered)", "", summary.unanswered_today)
        else:
            text = self.tr("Called %n time(s) in 30 days", "", summary.recent)
        text += ", " + self.tr("last call {0}").format(when)
        if topic:
            text += " " + self.tr("about «{0}»").format(topic)
        elif summary.last.unanswered:
            text += " " + self.tr("(not answered)")
        return text

    def show_crm_pending(self) -> None:
        self.crm.setText(self.tr("CRM: looking up…"))

    def show_crm(self, card: dict[str, str] | None, unavailable: bool = False,
                 source: str = "", age_s: float | None = None) -> None:
        """The CRM's answer: its card (a match, said to be one, with where and when it was
        found), no card, or the CRM being unreachable."""
        where = source or "CRM"
        if unavailable:
            self.crm.setText(self.tr("{0} unavailable").format(where))
        elif not card:
            self.crm.setText(self.tr("{0}: no customer card").format(where))
        else:
            fresh = self.freshness(age_s)
            head = self.tr("Found in {0}{1}:").format(where, f" ({fresh})" if fresh else "")
            rows = "<br>".join(f"<b>{escape_html(k)}:</b> {escape_html(v)}"
                               for k, v in card.items() if v)
            self.crm.setText(f"<i>{escape_html(head)}</i><br>{rows}")
        self._show_visible()

    def freshness(self, age_s: float | None) -> str:
        if age_s is None:
            return ""
        if age_s < 60:
            return self.tr("just now")
        return self.tr("%n min ago", "", int(age_s // 60))

    def set_compact(self, compact: bool) -> None:
        """One line (number, repeat-caller count, name) or the whole card."""
        if compact == self.compact:
            self._show_visible()
            return
        self.compact = compact
        self.line.setVisible(compact)
        for label in self._full:
            label.setVisible(not compact)
        self._show_visible()

    def _show_visible(self) -> None:
        """The folded line follows the card (an empty label takes no room: the labels stay
        shown, so a ring lays nothing out again)."""
        if self.compact:
            parts = [self.number.text(), self._history_short, self.name.text()]
            self.line.set_full_text(" · ".join(p for p in parts if p))
