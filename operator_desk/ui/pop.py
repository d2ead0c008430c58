"""The top of the screen-pop: whose hotline, what to say, who is calling."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from operator_desk.core.desk import PopWarning, ScreenPop
from operator_desk.core.greeting import escape_html

IDLE_COLOUR = "#37474F"


class BannerWidget(QFrame):
    """The tenant's colour, logo and name, and the hotline that was dialed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
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
        layout.addWidget(self.logo)
        layout.addWidget(self.name)
        layout.addSpacing(16)
        layout.addWidget(self.hotline, 1)
        layout.addWidget(self.status)
        self.show_idle()

    def _paint(self, background: str, foreground: str) -> None:
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border-radius: 6px; }}"
            f"QFrame#banner QLabel {{ color: {foreground}; background: transparent; }}"
        )

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
    """The greeting to read out: the most prominent thing on a ringing screen.

    Signals:
        painted(): the first paint after :meth:`show_pop` has completed.
    """

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._armed = False
        self.setObjectName("greeting")
        self.setStyleSheet(
            "QFrame#greeting { background: #FFFDE7; border: 1px solid #F9A825; border-radius: 6px; }"
            "QLabel { background: transparent; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
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
        layout.addWidget(self.warning)
        layout.addWidget(self.text)
        self.show_idle()

    def show_idle(self) -> None:
        self.warning.hide()
        self.text.setText(self.tr("The greeting for the next call appears here."))
        self.text.setEnabled(False)

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


class CallerWidget(QFrame):
    """Who is calling: number, name, what they entered in the IVR, and the CRM card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caller")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(260)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(12, 8, 12, 8)
        self._grid.setVerticalSpacing(2)
        self.number = QLabel()
        self.number.setObjectName("callerNumber")
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name = QLabel()
        self.name.setObjectName("callerName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("callerDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.crm = QLabel()
        self.crm.setObjectName("callerCrm")
        self.crm.setTextFormat(Qt.TextFormat.RichText)
        self.crm.setWordWrap(True)
        self.crm.setStyleSheet("color: #455A64;")
        self._grid.addWidget(self.number, 0, 0)
        self._grid.addWidget(self.name, 1, 0)
        self._grid.addWidget(self.details, 2, 0)
        self._grid.addWidget(self.crm, 3, 0)
        self._grid.setRowStretch(4, 1)
        self.show_idle()

    def show_idle(self) -> None:
        self.number.setText("—")
        self.name.setText("")
        self.details.setText("")
        self.crm.setText("")

    def show_pop(self, pop: ScreenPop) -> None:
        self.number.setText(pop.caller_number or self.tr("number withheld"))
        self.name.setText(pop.caller_name)
        self.name.setVisible(bool(pop.caller_name))
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

    def show_crm_pending(self) -> None:
        self.crm.setText(self.tr("CRM: looking up…"))

    def show_crm(self, card: dict[str, str] | None, unavailable: bool = False) -> None:
        if unavailable:
            self.crm.setText(self.tr("CRM unavailable"))
        elif not card:
            self.crm.setText(self.tr("CRM: no customer card"))
        else:
            self.crm.setText("<br>".join(f"<b>{escape_html(k)}:</b> {escape_html(v)}"
                                         for k, v in card.items()))
