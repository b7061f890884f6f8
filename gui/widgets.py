"""Small shared widgets and helpers: icons, status colours, the message banner, error
dialogs, and the paragraph diff used by the sign-off and history views."""
from __future__ import annotations

import difflib
import functools
import html
import sys
import traceback
from typing import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QToolButton, QWidget)

from core.errors import UserError
from resources import RESOURCES

ICON_DIR = RESOURCES / "icons"

#: Colours of due and freshness states (text on a light background).
COLOURS = {
    "overdue": "#c62828",
    "due_soon": "#e65100",
    "ok": "#2e7d32",
    "fresh": "#2e7d32",
    "stale": "#c62828",
    "empty": "#757575",
    "none": "#757575",
}
#: Light backgrounds for the same states.
BACKGROUNDS = {
    "overdue": "#ffebee",
    "due_soon": "#fff3e0",
    "ok": "#e8f5e9",
    "fresh": "#e8f5e9",
    "stale": "#ffebee",
    "empty": "#f5f5f5",
    "info": "#e3f2fd",
}
STATUS_ICONS = {"overdue": "overdue", "due_soon": "due_soon", "stale": "overdue", "fresh": "ok", "ok": "ok",
                "empty": "due_soon", "failed": "failed", "passed": "ok"}



@functools.lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg`` (an empty icon when missing)."""
    path = ICON_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def status_icon(status: str) -> QIcon:
    name = STATUS_ICONS.get(status)
    return icon(name) if name else QIcon()


def colour(status: str) -> QColor:
    return QColor(COLOURS.get(status, "#000000"))


def esc(text: object) -> str:
    return html.escape(str(text if text is not None else ""))


class Banner(QFrame):
    """A coloured line of text above a view, with an optional action button and a close button."""

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.NoFrame)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 6, 6)
        self.icon_label = QLabel(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.action_clicked)
        self.close_button = QToolButton(self)
        self.close_button.setIcon(icon("close"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(QCoreApplication.translate("Widgets", "Hide"))
        self.close_button.clicked.connect(self.hide)
        lay.addWidget(self.icon_label)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str, kind: str = "info", action: str = "") -> None:
        bg = BACKGROUNDS.get(kind, BACKGROUNDS["info"])
        fg = COLOURS.get(kind, "#0d47a1")
        self.setStyleSheet(f"QFrame#banner {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
                           f"QFrame#banner QLabel {{ color: {fg if kind != 'info' else '#0d47a1'}; }}")
        ic = status_icon(kind)
        self.icon_label.setPixmap(ic.pixmap(18, 18) if not ic.isNull() else icon("history").pixmap(18, 18))
        self.label.setText(text)
        self.button.setText(action)
        self.button.setVisible(bool(action))
        self.show()


def show_error(parent: QWidget | None, err: BaseException, title: str | None = None) -> None:
    """A user error's message in a dialog; anything else is a bug: shown with its traceback
    and printed to stderr (never silenced)."""
    title = title or QCoreApplication.translate("Widgets", "InfoDesk")
    if isinstance(err, UserError):
        QMessageBox.warning(parent, title, str(err))
        return
    detail = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    print(detail, file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, title,
                      QCoreApplication.translate("Widgets", "An unexpected error occurred. Please report it with the details below."),
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(detail)
    box.exec()


# ------------------------------------------------------------------ diffs
_DEL = "background:#ffd7d5;text-decoration:line-through;color:#8b0000"
_INS = "background:#c8f0c8;color:#0b5d0b"


def _inline_diff(old: str, new: str) -> tuple[str, str]:
    """Character-level marking of one changed paragraph (Chinese has no word spaces)."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    a, b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            a.append(esc(old[i1:i2]))
            b.append(esc(new[j1:j2]))
        else:
            if i2 > i1:
                a.append(f'<span style="{_DEL}">{esc(old[i1:i2])}</span>')
            if j2 > j1:
                b.append(f'<span style="{_INS}">{esc(new[j1:j2])}</span>')
    return "".join(a), "".join(b)


def diff_paragraphs_html(old: Sequence[str], new: Sequence[str], context: int | None = None) -> str:
    """HTML showing how ``new`` differs from ``old``, paragraph by paragraph: unchanged
    paragraphs plain, removed ones struck through in red, added ones in green, changed
    ones as a pair with the changed characters marked."""
    sm = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    out: list[str] = []
    opcodes = sm.get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            paras = list(new[j1:j2])
            if context is not None and len(paras) > 2 * context + 1:
                shown = paras[:context] + [None] + paras[-context:] if context else [None]
            else:
                shown = paras
            for p in shown:
                if p is None:
                    out.append('<p style="color:#9e9e9e">⋯</p>')
                else:
                    out.append(f"<p>{esc(p)}</p>")
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            for o, n in zip(old[i1:i2], new[j1:j2]):
                a, b = _inline_diff(o, n)
                out.append(f'<p style="margin-left:6px;border-left:3px solid #e53935">− {a}</p>')
                out.append(f'<p style="margin-left:6px;border-left:3px solid #43a047">+ {b}</p>')
        else:
            for o in old[i1:i2]:
                out.append(f'<p><span style="{_DEL}">− {esc(o)}</span></p>')
            for n in new[j1:j2]:
                out.append(f'<p><span style="{_INS}">+ {esc(n)}</span></p>')
    return "\n".join(out)


def content_lines(content: dict, element_label=None) -> list[str]:
    """A stored version's content (``canonical_content``) as lines to diff: title, each
    element, event date, each paragraph, each attachment."""
    element_label = element_label or (lambda code: code)
    lines = [QCoreApplication.translate("Widgets", "Title: {0}").format(content.get("title", ""))]
    for code, value in sorted((content.get("elements") or {}).items()):
        lines.append(f"{element_label(code)}: {value}")
    if content.get("event_date"):
        lines.append(QCoreApplication.translate("Widgets", "Event date: {0}").format(content["event_date"]))
    lines.extend(content.get("body") or [])
    for att in content.get("attachments") or []:
        name = att[0] if isinstance(att, (list, tuple)) else str(att)
        lines.append(QCoreApplication.translate("Widgets", "Attachment: {0}").format(name))
    return lines


def changed(old: Sequence[str], new: Sequence[str]) -> bool:
    return list(old) != list(new)
