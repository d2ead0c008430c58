"""A telephone keypad: digits for DTMF during a call, or for the dial field.

Signals:
    digit_pressed(str): one of 0-9, *, #.
    closed(): the operator closed the pad (Esc).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")
LETTERS = {"2": "АБВГ", "3": "ДЕЖЗ", "4": "ИЙКЛ", "5": "МНОП", "6": "РСТУ", "7": "ФХЦЧ",
           "8": "ШЩЪЫ", "9": "ЬЭЮЯ"}


class DialPadWidget(QWidget):
    digit_pressed = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialPad")
        grid = QGridLayout(self)
        grid.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(KEYS):
            button = QPushButton(key + (f"\n{LETTERS[key]}" if key in LETTERS else "\n "))
            button.setObjectName(f"dial_{key}")
            button.setMinimumSize(56, 48)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(self.tr("Or type {0} while the pad is open (Ctrl+D opens and "
                                      "closes it, Esc closes it)").format(key))
            button.clicked.connect(lambda _=False, k=key: self.digit_pressed.emit(k))
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[key] = button
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() and event.text() in KEYS:
            self.digit_pressed.emit(event.text())
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)
