"""The console dock: what the script printed, and its errors in red."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from visualtape.ui import theme


class ConsoleView(QPlainTextEdit):
    """Append-only text: script output (stdout/stderr/tf.print) and error messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(theme.mono_font(theme.CODE_POINT_SIZE * theme.font_scale()))
        self.setMaximumBlockCount(20000)
        self.setObjectName("console")
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def _on_font_scale_changed(self, scale: float) -> None:
        self.setFont(theme.mono_font(theme.CODE_POINT_SIZE * scale))

    def append_output(self, text: str, stream: str = "stdout") -> None:
        """Append printed text; stderr in dark red."""
        text = text.rstrip("\n")
        if not text:
            return
        if stream == "stderr":
            self._append_html(text, theme.ERROR)
        else:
            self.appendPlainText(text)

    def append_error(self, text: str) -> None:
        """Append an error (traceback or message) in red."""
        self._append_html(text.rstrip("\n"), theme.ERROR)

    def append_note(self, text: str) -> None:
        """A message from visualtape itself (run started, stopped...), in grey."""
        self._append_html(text, theme.MUTED_TEXT)

    def _append_html(self, text: str, colour: str) -> None:
        body = html.escape(text).replace("\n", "<br>")
        self.appendHtml(f'<pre style="color:{colour}; margin:0">{body}</pre>')
