"""Start the visualizer: `launch(path)` opens the window (running `path` if given)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from visualtape.ui import theme

# Harmless notices of Qt's offscreen platform, not worth a line on every run.
_QUIET = ("This plugin does not support propagateSizeHints()",)


def _on_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message in _QUIET:
        return
    print(message, file=sys.stderr)


def application() -> QApplication:
    """The QApplication (created once), with the CJK-capable default font."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        qInstallMessageHandler(_on_qt_message)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("visualtape")
        app.setFont(theme.ui_font(11))
    return app


def launch(path: str | None = None) -> int:
    """Open the main window with the sample gallery; run a script or replay a `.vtape` file.

    Returns the Qt event loop's exit code.
    """
    from visualtape.ui.main_window import MainWindow

    app = application()
    window = MainWindow()
    window.show()
    if path:
        if not Path(path).exists():
            window.console.append_error(f"no such file: {path}")
        else:
            window.open_path(path)
    return app.exec()
