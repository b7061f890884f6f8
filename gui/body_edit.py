"""The body editor (正文): one line is one paragraph.

Pasting from Word, a web page or another program keeps the text and drops the
formatting; blank lines between paragraphs are collapsed, the indentation Word users type
(spaces, full-width spaces, tabs) is removed, since the portal indents on its own.
Tooltips show the scan finding under the mouse.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

# Whitespace that Word and web pages use for indentation, including the full-width space.
_EDGE_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c")


def clean_pasted_text(text: str) -> str:
    """Plain text of a paste, one paragraph per line.

    Line breaks of every platform become "\\n"; each line loses its leading and trailing
    indentation; runs of blank lines collapse (no blank lines remain between paragraphs,
    since each line is already a paragraph); control characters other than tab go.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ord(ch) >= 32)
    lines = [line.strip(_EDGE_SPACE) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


class BodyEdit(QPlainTextEdit):
    """A QPlainTextEdit whose lines are the item's paragraphs."""

    # Emitted after a paste was inserted (as plain text).
    pasted = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.tooltip_provider = None  # callable(block_number, column) -> str

    # ---------------------------------------------------------------- paragraphs
    def paragraph_lines(self) -> list[str]:
        """Every line of the editor, blank ones included (block number = list index)."""
        return self.toPlainText().split("\n")

    def set_paragraphs(self, paragraphs) -> None:
        self.setPlainText("\n".join(paragraphs))

    def select_span(self, block_number: int, start: int, end: int) -> None:
        """Select columns [start, end) of line ``block_number`` and show it."""
        block = self.document().findBlockByNumber(block_number)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        length = block.length() - 1
        cursor.setPosition(block.position() + max(0, min(start, length)))
        cursor.setPosition(block.position() + max(0, min(end, length)), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --------------------------------------------------------------------- paste
    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or source.hasHtml() or super().canInsertFromMimeData(source)

    def createMimeDataFromSelection(self) -> QMimeData:
        mime = QMimeData()
        mime.setText(self.textCursor().selectedText().replace("\u2029", "\n"))
        return mime

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            text = source.text()
        elif source.hasHtml():
            from PySide6.QtGui import QTextDocumentFragment

            text = QTextDocumentFragment.fromHtml(source.html()).toPlainText()
        else:
            return
        text = clean_pasted_text(text)
        if not text:
            return
        self.textCursor().insertText(text)
        self.ensureCursorVisible()
        self.pasted.emit()

    # ------------------------------------------------------------------ tooltips
    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip and self.tooltip_provider is not None:
            cursor = self.cursorForPosition(ev.pos())
            text = self.tooltip_provider(cursor.blockNumber(), cursor.positionInBlock())
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)
