"""The script's source with line numbers, the current line highlighted, an error line in red.

Long lines soft-wrap (a lecture shows the whole line); the font follows the theme's scale.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from visualtape.ui import theme


class _LineNumberArea(QWidget):
    def __init__(self, view: CodeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self._view.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        self._view.paint_line_numbers(event)


class CodeView(QPlainTextEdit):
    """Read-only code view. `current_line` and `error_line` are 1-based, None for none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFont(theme.mono_font(theme.CODE_POINT_SIZE * theme.font_scale()))
        self.setObjectName("codeView")
        self._current_line: int | None = None
        self._error_line: int | None = None
        self._numbers = _LineNumberArea(self)
        self.blockCountChanged.connect(self._on_block_count_changed)
        self.updateRequest.connect(self._on_update_request)
        self._on_block_count_changed(0)
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    # --- public API ------------------------------------------------------------------------
    def set_source(self, text: str) -> None:
        """Show a new script (clears the highlights)."""
        if text != self.toPlainText():
            self.setPlainText(text)
        self._current_line = None
        self._error_line = None
        self._refresh_highlights()

    @property
    def current_line(self) -> int | None:
        return self._current_line

    @property
    def error_line(self) -> int | None:
        return self._error_line

    def set_current_line(self, line: int | None) -> None:
        """Highlight the line being executed at this step and scroll it into view."""
        if line == self._current_line:
            return
        self._current_line = line
        self._refresh_highlights()
        if line is not None:
            self._scroll_to(line)

    def set_error_line(self, line: int | None) -> None:
        """Mark the line where the script failed, in red."""
        self._error_line = line
        self._refresh_highlights()
        if line is not None:
            self._scroll_to(line)

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` ('' when out of range)."""
        block = self.document().findBlockByNumber(line - 1)
        return block.text() if block.isValid() else ""

    def _on_font_scale_changed(self, scale: float) -> None:
        self.setFont(theme.mono_font(theme.CODE_POINT_SIZE * scale))
        self._on_block_count_changed(0)
        self.resizeEvent(QResizeEvent(self.size(), self.size()))

    def refresh_theme(self) -> None:
        """Repaint the highlights and line numbers in the current palette's colours."""
        self._refresh_highlights()

    # --- highlighting ----------------------------------------------------------------------
    def _selection(self, line: int, colour: str) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(colour))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = QTextCursor(self.document().findBlockByNumber(line - 1))
        cursor.clearSelection()
        selection.cursor = cursor
        return selection

    def _refresh_highlights(self) -> None:
        selections = []
        if self._current_line is not None and self._current_line != self._error_line:
            selections.append(self._selection(self._current_line, theme.CURRENT_LINE))
        if self._error_line is not None:
            selections.append(self._selection(self._error_line, theme.ERROR_LINE))
        self.setExtraSelections(selections)
        self._numbers.update()

    def _scroll_to(self, line: int) -> None:
        block = self.document().findBlockByNumber(line - 1)
        if block.isValid():
            cursor = QTextCursor(block)
            self.setTextCursor(cursor)
            self.centerCursor()

    # --- line numbers ----------------------------------------------------------------------
    def line_number_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def _on_block_count_changed(self, _count: int) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        area = self.contentsRect()
        self._numbers.setGeometry(
            QRect(area.left(), area.top(), self.line_number_width(), area.height())
        )

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self._numbers)
        painter.fillRect(event.rect(), QColor(theme.PANEL))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self._numbers.width() - 6
        while block.isValid() and top <= event.rect().bottom():
            number = block.blockNumber() + 1
            colour = theme.ERROR if number == self._error_line else theme.MUTED_TEXT
            painter.setPen(QColor(colour))
            painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number))
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        painter.end()
