"""Scan findings underlined in the body editor as the officer types.

The editor scans on a debounce timer and hands the spans to :class:`FindingHighlighter`
per line (block); the highlighter only paints, so typing never waits for a scan.
block = red wavy underline, warn = orange, info = blue.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat

SEVERITY_COLOURS = {"block": QColor("#d00000"), "warn": QColor("#e07000"), "info": QColor("#1060d0")}
_ORDER = {"info": 0, "warn": 1, "block": 2}


@dataclass(frozen=True)
class Mark:
    """One underlined span of a line: columns [start, end) of block ``block``."""

    block: int
    start: int
    end: int
    severity: str
    message: str
    key: object = None  # what the editor uses to find the finding again


def format_for(severity: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"]))
    if severity == "block":
        fmt.setBackground(QColor(255, 0, 0, 28))
    fmt.setToolTip("")
    return fmt


class FindingHighlighter(QSyntaxHighlighter):
    """Underlines :class:`Mark` spans; call :meth:`set_marks` after each scan."""

    def __init__(self, document):
        super().__init__(document)
        self._by_block: dict[int, list[Mark]] = {}
        self._formats = {sev: format_for(sev) for sev in SEVERITY_COLOURS}

    def set_marks(self, marks) -> None:
        by_block: dict[int, list[Mark]] = {}
        for m in marks:
            by_block.setdefault(m.block, []).append(m)
        for lst in by_block.values():
            # paint weaker first so a block finding wins where spans overlap
            lst.sort(key=lambda m: (_ORDER.get(m.severity, 0), m.start))
        changed = set(self._by_block) | set(by_block)
        old = self._by_block
        self._by_block = by_block
        doc = self.document()
        if doc is None:
            return
        for number in sorted(changed):
            if old.get(number) == by_block.get(number):
                continue
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def shift(self, block: int, column: int, removed: int, added: int) -> None:
        """Keep the marks of ``block`` in place while the officer types in it (until the
        next scan): marks after the edit move, marks the edit touches go."""
        marks = self._by_block.get(block)
        if not marks:
            return
        delta = added - removed
        kept = []
        for m in marks:
            if m.end <= column:
                kept.append(m)
            elif m.start >= column + removed:
                kept.append(Mark(m.block, m.start + delta, m.end + delta, m.severity, m.message, m.key))
        if kept:
            self._by_block[block] = kept
        else:
            del self._by_block[block]
        self._rehighlight_later(block)

    def drop_from(self, block: int) -> None:
        """Forget the marks of ``block`` and every block after it (lines were added or removed)."""
        gone = [b for b in self._by_block if b >= block]
        for b in gone:
            del self._by_block[b]
        for b in gone:
            self._rehighlight_later(b)

    def _rehighlight_later(self, number: int) -> None:
        # not while the document is in the middle of a change
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self, lambda: self._rehighlight_number(number))

    def _rehighlight_number(self, number: int) -> None:
        doc = self.document()
        if doc is not None:
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def marks(self) -> list[Mark]:
        return [m for lst in self._by_block.values() for m in lst]

    def marks_at(self, block: int, column: int) -> list[Mark]:
        return [m for m in self._by_block.get(block, ()) if m.start <= column < max(m.end, m.start + 1)]

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        for m in self._by_block.get(number, ()):
            start = max(0, min(m.start, len(text)))
            end = max(start, min(m.end, len(text)))
            if end > start:
                self.setFormat(start, end - start, self._formats.get(m.severity, self._formats["info"]))
