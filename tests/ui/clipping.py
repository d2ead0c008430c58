"""Finds what a screen cuts off: text shortened with "…" or clipped, buttons narrower than
their text, table columns narrower than their headers, toolbar actions pushed out of sight,
widgets laid over each other."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QToolBar,
    QWidget,
)

from operator_desk.ui.tables import header_width


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '…'})"


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and widget.width() > 0 and widget.height() > 0


def label_problem(label: QLabel) -> str:
    text = label.text()
    if not text:
        return ""
    if label.buddy() is not None:  # "&Result:" shows as "Result:" with R underlined
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    rect = label.contentsRect()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if label.wordWrap() or rich:
        if rich:
            doc = QTextDocument()
            doc.setDefaultFont(label.font())
            doc.setHtml(text)
            doc.setTextWidth(rect.width() if label.wordWrap() else -1)
            need_w, need_h = doc.idealWidth(), doc.size().height() - 2 * doc.documentMargin()
        else:
            need_w = 0
            need_h = label.heightForWidth(label.width()) - (label.height() - rect.height())
        if not label.wordWrap() and need_w > rect.width() + 1:
            return f"needs {need_w:.0f} px wide, has {rect.width()}"
        if need_h > rect.height() + 1:
            return f"needs {need_h:.0f} px high, has {rect.height()}: {text[:60]!r}"
        return ""
    metrics = QFontMetrics(label.font())
    for line in text.splitlines() or [text]:
        if metrics.elidedText(line, Qt.TextElideMode.ElideRight, rect.width()) != line:
            return f"{line[:60]!r} cut at {rect.width()} px (needs {metrics.horizontalAdvance(line)})"
    if len(text.splitlines()) * metrics.lineSpacing() > rect.height() + metrics.leading() + 2:
        return f"{text[:60]!r}: lines cut at the bottom"
    return ""


def button_problem(button: QAbstractButton) -> str:
    if not button.text():
        return ""
    hint = button.sizeHint()
    if hint.width() > button.width() + 1:
        return f"{button.text()!r} needs {hint.width()} px, has {button.width()}"
    return ""


def line_edit_problem(edit: QLineEdit) -> str:
    text = edit.text() or edit.placeholderText()
    if not text:
        return ""
    room = edit.width() - 12 - (22 if edit.isClearButtonEnabled() else 0)
    need = QFontMetrics(edit.font()).horizontalAdvance(text)
    return f"{text[:60]!r} needs {need} px, has {room}" if need > room else ""


def combo_problem(combo: QComboBox) -> str:
    text = combo.currentText()
    need = QFontMetrics(combo.font()).horizontalAdvance(text) + 30
    return f"{text[:60]!r} needs {need} px, has {combo.width()}" if text and need > combo.width() \
        else ""


def header_problems(view: QTableView) -> Iterator[str]:
    header = view.horizontalHeader()
    model = view.model()
    if model is None or not header.isVisible():
        return
    for c in range(model.columnCount()):
        if header.isSectionHidden(c):
            yield f"column {c} is hidden"
            continue
        need, has = header_width(view, c), header.sectionSize(c)
        if need > has + 1:
            text = model.headerData(c, Qt.Orientation.Horizontal)
            yield f"column {text!r} is {has} px, its header needs {need}"


_COMPOSITE = (QAbstractScrollArea, QAbstractSpinBox, QComboBox, QHeaderView, QLineEdit,
              QStackedWidget, QToolBar)
"""Widgets whose children are their own insides (scroll bars over a viewport, a clear
button inside a line edit), not things laid out side by side."""


def overlaps(parent: QWidget, top: QWidget) -> Iterator[str]:
    """Children of ``parent`` laid over each other. (Found from the widgets' geometries:
    reading the layouts' items from Python leaves them to its garbage collector.)"""
    if isinstance(parent, _COMPOSITE):
        return
    children = [c for c in parent.children()
                if isinstance(c, QWidget) and not c.isWindow() and _shown(c, top)]
    for i, a in enumerate(children):
        for b in children[i + 1:]:
            common = a.geometry().intersected(b.geometry())
            if common.width() > 1 and common.height() > 1:
                yield f"{_name(a)} and {_name(b)} overlap"


def cut_off(top: QWidget) -> list[str]:
    """Everything ``top`` (a window or a dialog) shows cut off, one line each."""
    problems: list[str] = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not _shown(widget, top):
            continue
        found: list[str] = []
        if isinstance(widget, QLabel):
            found.append(label_problem(widget))
        elif isinstance(widget, QAbstractButton):
            found.append(button_problem(widget))
        elif isinstance(widget, QLineEdit):
            found.append(line_edit_problem(widget))
        elif isinstance(widget, QComboBox):
            found.append(combo_problem(widget))
        elif isinstance(widget, QTableView):
            found.extend(header_problems(widget))
        elif isinstance(widget, QToolBar):
            extension = widget.findChild(QAbstractButton, "qt_toolbar_ext_button")
            if extension is not None and extension.isVisibleTo(top):
                found.append("actions pushed out of sight (the » button shows)")
        elif isinstance(widget, QHeaderView):
            pass  # checked with its table
        found.extend(overlaps(widget, top))
        problems.extend(f"{_name(widget)}: {p}" for p in found if p)
    return problems
