"""The console dock: what the script printed, and its errors in red.

Every text is cut for display before it reaches the widget: a line to MAX_LINE_CHARS characters
and a text to MAX_TEXT_LINES lines, each cut saying how much it left out. The session keeps the
full texts; only the display is cut.

Why: laying out one wrapped line costs roughly the square of its length (a 100,000-character
line took a second, a megabyte minutes), and so does a multi-line text put in one block (as one
`<pre>` of appendHtml). So lines are clipped and every line becomes its own block: an append
costs what its bounded text costs, whatever the script prints.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from visualtape.session.model import VISUALTAPE_STREAM
from visualtape.ui import theme

MAX_LINE_CHARS = 4_000
MAX_TEXT_LINES = 2_000  # the first and the last half of them are shown
MAX_BLOCKS = 20_000  # the console forgets its oldest lines beyond this


def clip_line(line: str, limit: int = MAX_LINE_CHARS) -> str:
    """`line`, cut to `limit` characters with a note of how many more there were.

    >>> clip_line("abcdefgh", 3)
    'abc… [5 more characters]'
    """
    if len(line) <= limit:
        return line
    return f"{line[:limit]}… [{_count(len(line) - limit, 'character')}]"


def clip_text(text: str, max_lines: int = MAX_TEXT_LINES, max_chars: int = MAX_LINE_CHARS) -> str:
    """`text` with every line clipped and, beyond `max_lines` lines, only its head and tail.

    >>> clip_text("1\\n2\\n3\\n4\\n5", max_lines=2)
    '1\\n… [3 more lines]\\n5'
    """
    lines = text.split("\n")
    if len(lines) > max_lines:
        head, tail = max_lines // 2, max_lines - max_lines // 2
        cut = len(lines) - head - tail
        lines = [*lines[:head], f"… [{_count(cut, 'line')}]", *lines[len(lines) - tail :]]
    return "\n".join(clip_line(line, max_chars) for line in lines)


def _count(number: int, noun: str) -> str:
    """'1 more line', '2,000 more lines'."""
    return f"{number:,} more {noun}{'' if number == 1 else 's'}"


class ConsoleView(QPlainTextEdit):
    """Append-only text: script output (stdout/stderr/tf.print) and error messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(theme.mono_font(theme.CODE_POINT_SIZE * theme.font_scale()))
        self.setMaximumBlockCount(MAX_BLOCKS)
        self.setObjectName("console")
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def _on_font_scale_changed(self, scale: float) -> None:
        self.setFont(theme.mono_font(theme.CODE_POINT_SIZE * scale))

    def append_output(self, text: str, stream: str = "stdout") -> None:
        """Append printed text; stderr in dark red, visualtape's own markers in grey."""
        text = text.rstrip("\n")
        if not text:
            return
        if stream == "stderr":
            self._append_coloured(text, theme.ERROR)
        elif stream == VISUALTAPE_STREAM:  # e.g. a marker for output the session trimmed
            self.append_note(text)
        else:
            # appendPlainText takes the format of the widget's own cursor, which may sit on a
            # coloured line: plain output asks for the plain format every time
            self.setCurrentCharFormat(QTextCharFormat())
            self.appendPlainText(clip_text(text))

    def append_error(self, text: str) -> None:
        """Append an error (traceback or message) in red."""
        self._append_coloured(text.rstrip("\n"), theme.ERROR)

    def append_note(self, text: str) -> None:
        """A message from visualtape itself (run started, stopped...), in grey."""
        self._append_coloured(text, theme.MUTED_TEXT)

    def _append_coloured(self, text: str, colour: str) -> None:
        """Append `text` in `colour`, one block per line; follow it if the view was at the end."""
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum()
        look = QTextCharFormat()
        look.setForeground(QColor(colour))
        document = self.document()
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for number, line in enumerate(clip_text(text).split("\n")):
            if number or not document.isEmpty():
                cursor.insertBlock()
            cursor.insertText(line, look)
        cursor.endEditBlock()
        if at_end:
            bar.setValue(bar.maximum())
