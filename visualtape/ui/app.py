"""Start the visualizer: `launch(path)` opens the window (running `path` if given)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QMessageLogContext,
    QSettings,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from visualtape import i18n
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


class _Translators:
    installed: QTranslator | None = None


def install_language(code: str) -> bool:
    """Make `code` ("en", "ko", "ja") the UI language now: the pure-Python catalogue and Qt's
    translator; widgets retranslate on the LanguageChange event. False if its .qm is missing."""
    i18n.set_language(code)
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _Translators.installed is not None:
        app.removeTranslator(_Translators.installed)
        _Translators.installed = None
    loaded = True
    if i18n.current_language() != i18n.DEFAULT_LANGUAGE:
        translator = QTranslator(app)
        loaded = translator.load(str(i18n.qm_path(i18n.current_language())))
        if loaded:
            app.installTranslator(translator)
            _Translators.installed = translator
    # Qt posts LanguageChange to every widget: deliver it now, so the switch is immediate.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return loaded


def startup_language(settings: QSettings) -> str:
    """The language chosen in View ▸ Language, else the system locale's."""
    stored = settings.value("view/language", "")
    if isinstance(stored, str) and stored in i18n.LANGUAGES:
        return stored
    return i18n.language_for_locale(QLocale.system().name())


def launch(path: str | None = None) -> int:
    """Open the main window with the sample gallery; run a script or replay a `.vtape` file.

    Returns the Qt event loop's exit code.
    """
    from visualtape.ui.gc_pacer import GcPacer
    from visualtape.ui.main_window import MainWindow
    from visualtape.ui.recent import default_settings

    app = application()
    settings = default_settings()
    install_language(startup_language(settings))
    chosen = str(settings.value("view/theme", "light"))
    theme.apply_palette(theme.PALETTES.get(chosen, theme.LIGHT))
    window = MainWindow(settings=settings)
    # The cyclic GC runs from the event loop (never inside a Qt call: a deadlock we hit),
    # paced so that a training script's live plots never wait for a full pass.
    GcPacer(window.runner, parent=window)
    window.show()
    if path:
        if not Path(path).exists():
            window.console.append_error(f"no such file: {path}")
        else:
            window.open_path(path)
    return app.exec()
