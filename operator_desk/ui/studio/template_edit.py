"""A text box for greetings and answers that knows the greeting engine's placeholders.

Typing ``{{`` offers the placeholders (``caller.name``, ``day_greeting``, the tenant's IVR
fields…); a placeholder the engine does not know is underlined in red; *Insert* (a
button menu) puts one in without typing. The words come from
:mod:`operator_desk.core.greeting`, the same lists the validator checks against.

Signals:
    edited(str): the text changed by the author (not by :meth:`set_plain_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QCompleter, QMenu, QPlainTextEdit, QToolButton, QWidget

from operator_desk.core.greeting import FIXED_VARIABLES, OPEN_VARIABLES, PLAIN_VARIABLES

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|[^}]*)?\}\}")
_NAME = re.compile(r"\b([A-Za-z_]\w*)(?:\.(\w+))?")


def known_placeholders(ivr_fields: Sequence[str] = (), crm_fields: Sequence[str] = ()
                       ) -> list[str]:
    """Every ``{{ … }}`` the greeting engine fills, the tenant's IVR fields included."""
    out = sorted(PLAIN_VARIABLES)
    for name, fields in sorted(FIXED_VARIABLES.items()):
        out.extend(f"{name}.{f}" for f in sorted(fields))
    out.extend(f"ivr.{f}" for f in [*ivr_fields, "digits"])
    out.extend(f"crm.{f}" for f in crm_fields or ("name", "city"))
    return out


def is_known(expression: str) -> bool:
    head, _, field = expression.partition(".")
    if head in PLAIN_VARIABLES:
        return not field
    if head in FIXED_VARIABLES:
        return field in FIXED_VARIABLES[head]
    return head in OPEN_VARIABLES and bool(field)


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Known placeholders in blue, unknown ones underlined in red."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.known = QTextCharFormat()
        self.known.setForeground(QColor("#1565C0"))
        self.unknown = QTextCharFormat()
        self.unknown.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.unknown.setUnderlineColor(QColor("#D50000"))
        self.unknown.setForeground(QColor("#B71C1C"))
        self.unknown.setToolTip("unknown")
        self.tag = QTextCharFormat()
        self.tag.setForeground(QColor("#6A1B9A"))

    def highlightBlock(self, text: str) -> None:
        for match in re.finditer(r"\{%.*?%\}", text):
            self.setFormat(match.start(), match.end() - match.start(), self.tag)
        for match in _PLACEHOLDER.finditer(text):
            fmt = self.known if is_known(match.group(1)) else self.unknown
            self.setFormat(match.start(), match.end() - match.start(), fmt)


def unknown_placeholders(text: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text) if not is_known(m.group(1))]


class TemplateEdit(QPlainTextEdit):
    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._setting = False
        self.highlighter = PlaceholderHighlighter(self.document())
        self.completer = QCompleter(self)
        self.completer.setWidget(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._insert_completion)
        self._words = QStringListModel(known_placeholders(), self)
        self.completer.setModel(self._words)
        self.insert_button = QToolButton()
        self.insert_button.setObjectName("insertPlaceholder")
        self.insert_button.setText(self.tr("Insert a field ▾"))
        self.insert_button.setToolTip(self.tr("Put a field the desk fills in (the caller's "
                                              "name, the time of day…); or type {{"))
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._menu = QMenu(self.insert_button)
        self.insert_button.setMenu(self._menu)
        self._fill_menu()
        self.textChanged.connect(self._on_text_changed)

    def set_fields(self, ivr_fields: Sequence[str]) -> None:
        self._words.setStringList(known_placeholders(ivr_fields))
        self._fill_menu()

    def _fill_menu(self) -> None:
        self._menu.clear()
        labels = {
            "day_greeting": self.tr("Good morning / afternoon / evening"),
            "part_of_day": self.tr("Part of the day (morning, afternoon…)"),
            "tenant.name": self.tr("Company name"),
            "tenant.id": self.tr("Company id"),
            "operator.name": self.tr("Operator's name"),
            "operator.group": self.tr("Operator's group"),
            "caller.name": self.tr("Caller's name"),
            "caller.number": self.tr("Caller's number"),
            "ivr.digits": self.tr("Digits the caller entered"),
        }
        for word in self._words.stringList():
            label = labels.get(word) or (self.tr("Voice menu: {0}").format(word[4:])
                                         if word.startswith("ivr.") else
                                         self.tr("CRM card: {0}").format(word[4:]))
            action = self._menu.addAction(f"{label}  —  {{{{ {word} }}}}")
            action.triggered.connect(lambda _=False, w=word: self.insert_placeholder(w))

    def set_plain_text(self, text: str) -> None:
        """Show ``text`` without it counting as an edit."""
        if text == self.toPlainText():
            return
        self._setting = True
        self.setPlainText(text)
        self._setting = False

    def insert_placeholder(self, word: str) -> None:
        self.textCursor().insertText(f"{{{{ {word} }}}}")
        self.setFocus()

    def _on_text_changed(self) -> None:
        if not self._setting:
            self.edited.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                                 Qt.Key.Key_Tab, Qt.Key.Key_Escape):
            if event.key() == Qt.Key.Key_Escape:
                popup.hide()
            else:
                index = popup.currentIndex()
                if index.isValid():
                    self._insert_completion(index.data())
                popup.hide()
            return
        super().keyPressEvent(event)
        prefix = self._open_placeholder()
        if prefix is None:
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width())
        self.completer.complete(rect)
        if self.completer.completionCount() == 0:
            popup.hide()
        else:
            popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _open_placeholder(self) -> str | None:
        """The word typed after an unclosed ``{{`` before the cursor, else None."""
        cursor = self.textCursor()
        block = cursor.block().text()[: cursor.positionInBlock()]
        start = block.rfind("{{")
        if start < 0 or "}}" in block[start:]:
            return None
        word = block[start + 2:].strip()
        return word if re.fullmatch(r"[\w.]*", word) else None

    def _insert_completion(self, word: str) -> None:
        cursor = self.textCursor()
        pos = cursor.positionInBlock()
        text = cursor.block().text()
        start = text[:pos].rfind("{{")
        if start < 0:
            return
        closing = "" if text[pos:].lstrip().startswith("}}") else " }}"
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor,
                            pos - start)
        cursor.insertText(f"{{{{ {word}{closing}")
        self.setTextCursor(cursor)
