"""MainWindow: canvas in the centre, player bar below, hideable docks around."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from visualtape import i18n
from visualtape.session.sessionfile import write_session
from visualtape.ui import theme
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.code_view import CodeView
from visualtape.ui.console import ConsoleView
from visualtape.ui.error_text import error_headline, script_line
from visualtape.ui.export import ExportDialogs
from visualtape.ui.gallery import SampleGallery
from visualtape.ui.inspector import Inspector
from visualtape.ui.player import Player
from visualtape.ui.player_bar import PlayerBar
from visualtape.ui.plots import PlotsPanel
from visualtape.ui.presentation import PresentationMode
from visualtape.ui.presenter import TapePresenter
from visualtape.ui.recent import RecentFiles, default_settings
from visualtape.ui.run_controller import RunController
from visualtape.ui.tapes_panel import TapesPanel
from visualtape.ui.training_docks import install_training_docks
from visualtape.ui.window_menus import WindowMenus

OPENABLE = (".py", ".vtape")
CODE_COLUMNS = 80  # the code dock aims to show this many columns (soft-wraps beyond)
CODE_DOCK_SHARE = 0.38  # ... but takes at most this share of the window's width
PRINTS_PER_APPEND = 500  # printed lines appended to the console in one go (under its text cap)


class MainWindow(QMainWindow):
    """The visualizer window. `open_path` runs a script or replays a `.vtape` file."""

    def __init__(self, samples_dir: Path | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle("visualtape")
        self.setFont(theme.ui_font(11))
        self.settings = settings if settings is not None else default_settings()
        self.recent = RecentFiles(self.settings)
        self.player = Player()
        self.canvas = GraphCanvas()
        self.player_bar = PlayerBar(self.player)
        self.code_view = CodeView()
        self.inspector = Inspector()
        self.tapes_panel = TapesPanel()
        self.console = ConsoleView()
        self.plots = PlotsPanel()
        self.gallery = SampleGallery(samples_dir)
        self.runner = RunController(self)
        self.presenter = TapePresenter(
            self.player,
            self.canvas,
            self.player_bar,
            self.code_view,
            self.inspector,
            self.tapes_panel,
            self,
        )
        self.exports = ExportDialogs(self)
        self.message_box: QMessageBox | None = None  # the last warning shown (tests read it)
        self._printed = 0
        self._errors_shown = 0
        self._sized = False
        self._loading_session = False
        self._load_problem: str | None = None  # what was wrong with the session file opened
        self._centre()
        self.docks = self._make_docks()
        self.presentation = PresentationMode(self, self.settings)
        install_training_docks(self)  # before the menus: they list every dock
        self.menus = WindowMenus(self)
        self._make_shortcuts()
        self._connect()
        self.setAcceptDrops(True)
        self.statusBar()
        self._retranslate()
        self._on_palette_changed(theme.current_palette().name)
        self._on_font_scale_changed(theme.font_scale())
        self.resize(1600, 1000)

    # --- construction ---------------------------------------------------------------------------
    def _centre(self) -> None:
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas.legend)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.player_bar)
        self.setCentralWidget(centre)

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(name, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> dict[str, QDockWidget]:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        docks = {
            "gallery": self._dock("gallery", self.gallery, left),
            "code": self._dock("code", self.code_view, left),
            "inspector": self._dock("inspector", self.inspector, right),
            "tapes": self._dock("tapes", self.tapes_panel, right),
            "console": self._dock("console", self.console, bottom),
            "plots": self._dock("plots", self.plots, bottom),
        }
        self.splitDockWidget(docks["console"], docks["plots"], Qt.Orientation.Horizontal)
        self.tabifyDockWidget(docks["gallery"], docks["code"])
        docks["gallery"].raise_()
        return docks

    def code_dock_width(self) -> int:
        """Room for CODE_COLUMNS columns plus line numbers, within CODE_DOCK_SHARE of the window."""
        metrics = self.code_view.fontMetrics()
        wanted = metrics.horizontalAdvance("x") * CODE_COLUMNS + self.code_view.line_number_width()
        return int(min(wanted + 30, self.width() * CODE_DOCK_SHARE))

    def _initial_dock_sizes(self) -> None:
        docks = self.docks
        self.resizeDocks(
            [docks["code"], docks["inspector"]],
            [self.code_dock_width(), 340],
            Qt.Orientation.Horizontal,
        )
        self.resizeDocks([docks["inspector"], docks["tapes"]], [560, 240], Qt.Orientation.Vertical)
        self.resizeDocks([docks["console"]], [260], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self._initial_dock_sizes()

    def _make_shortcuts(self) -> None:
        player = self.player
        keys = {
            "Right": lambda: player.step(1),
            "Left": lambda: player.step(-1),
            "Home": player.home,
            "End": player.end,
            "Space": player.toggle_play,
            "PgDown": player.next_segment,
            "PgUp": player.previous_segment,
            "Escape": self.presentation.leave,
        }
        self.shortcuts = {}
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[key] = shortcut

    def _connect(self) -> None:
        self.gallery.sample_chosen.connect(self.open_path)
        self.runner.run_started.connect(self._on_run_started)
        self.runner.session_changed.connect(self._on_session_changed)
        self.runner.run_finished.connect(self._on_run_finished)
        self.runner.note.connect(self._on_note)
        theme.notifier().palette_changed.connect(self._on_palette_changed)
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    # --- view: theme, text size, language -------------------------------------------------------
    def set_theme(self, name: str) -> None:
        """Light or dark (remembered); in presentation mode it applies when leaving."""
        self.settings.setValue("view/theme", name)
        self.menus.check_theme(name)
        if not self.presentation.active:
            theme.apply_palette(theme.PALETTES[name])

    def larger_text(self) -> None:
        theme.set_user_font_scale(theme.user_font_scale() * theme.FONT_SCALE_STEP)

    def smaller_text(self) -> None:
        theme.set_user_font_scale(theme.user_font_scale() / theme.FONT_SCALE_STEP)

    def normal_text(self) -> None:
        theme.set_user_font_scale(1.0)

    def set_language(self, code: str) -> None:
        """Switch the UI language now (and remember it for the next start)."""
        from visualtape.ui.app import install_language

        self.settings.setValue("view/language", code)
        install_language(code)
        self.menus.check_language(code)

    def _on_palette_changed(self, _name: str) -> None:
        self.canvas.setBackgroundBrush(QColor(theme.BACKGROUND))
        scene = self.canvas.scene()
        if scene is not None:
            scene.update()
        self.canvas.viewport().update()
        self.canvas.legend.update()
        self.code_view.refresh_theme()
        self.player_bar.scrubber.update()

    def _on_font_scale_changed(self, scale: float) -> None:
        self.canvas.legend.set_scale(scale)
        # Dock titles, tabs, menus and buttons use the window's font: it grows with the rest
        # (widgets that set their own font, such as the code view, follow the signal).
        self.setFont(theme.ui_font(11 * scale))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "menus"):
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.menus.retranslate()
        self.canvas.placeholder = self.tr(
            "Double-click a sample, or use File ▸ Open script… (Ctrl+O).\nThen step with ← →, play with Space, jump with Home / End."  # noqa: E501
        )
        self.presenter.retranslate()
        self.canvas.viewport().update()

    # --- opening -------------------------------------------------------------------------------
    def open_path(self, path: str) -> None:
        """Run a script, or replay a `.vtape` session file (never re-running its script)."""
        if Path(path).exists():
            self.recent.add(path)
        if path.endswith(".vtape"):
            self._loading_session = True
            try:
                self.runner.open_session(path)
            except OSError as error:
                self._warn(self.tr("Could not open {path}: {error}").format(path=path, error=error))
            finally:
                self._loading_session = False
        else:
            self.runner.run_script(path)

    def ask_open_script(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open script"), "", self.tr("Python scripts (*.py)")
        )
        if path:
            self.open_path(path)

    def ask_open_session(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open session"), "", self.tr("Sessions (*.vtape)")
        )
        if path:
            self.open_path(path)

    def ask_save_session(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save session"), "", self.tr("Sessions (*.vtape)")
        )
        if path:
            self.save_session(path if path.endswith(".vtape") else path + ".vtape")

    def save_session(self, path: str) -> int:
        """Write everything received from the script to `path`; the number of events."""
        metadata = {"script": self.runner.path or "", "language": i18n.current_language()}
        count = write_session(path, self.runner.events, metadata=metadata)
        self.recent.add(path)
        self._status(self.tr("Saved {count} events to {path}").format(count=count, path=path))
        return count

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if _dropped_path(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        path = _dropped_path(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_path(path)

    def _on_note(self, text: str) -> None:
        self.console.append_note(text)
        if self._loading_session:  # the reader only speaks up about a damaged file
            self._load_problem = text
            self._warn(
                self.tr("The session file is damaged: the part before the damage is shown.")
                + "\n\n"
                + text
            )

    def _status(self, text: str) -> None:
        self.console.append_note(text)
        self.statusBar().showMessage(text, 10_000)

    def _warn(self, text: str) -> None:
        """Say it in the status bar and in a (non-blocking) message box."""
        self.statusBar().showMessage(text)
        box = QMessageBox(QMessageBox.Icon.Warning, "visualtape", text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box

    # --- run events ----------------------------------------------------------------------------
    def _on_run_started(self, path: str) -> None:
        self._printed = 0
        self._errors_shown = 0
        self._load_problem = None
        self.console.clear()
        self.console.append_note(f"▶ {path}")
        running = self.tr("running…")
        self.setWindowTitle(f"visualtape — {Path(path).name} ({running})")
        self.code_view.set_source(_read_text(path) if path.endswith(".py") else "")
        self.docks["code"].raise_()
        self.presenter.reset(self.runner.session, path)

    def _on_session_changed(self) -> None:
        session = self.runner.session
        if self.presenter.session is not session:  # a session file: loaded after run_started
            self.presenter.reset(session, self.runner.path)
            self.code_view.set_source("")
        if session.script is not None and not self.code_view.toPlainText():
            self.code_view.set_source(session.script.source)
        self._show_output()
        self.presenter.refresh()

    def _on_run_finished(self) -> None:
        session = self.runner.session
        name = Path(self.runner.path or "").name
        state = self.tr("finished") if not session.errors else self.tr("failed")
        if self._load_problem is not None:
            state = self.tr("damaged")
        self.setWindowTitle(f"visualtape — {name} ({state})")
        self._show_output()
        if session.finished is not None:
            finished = session.finished
            self.console.append_note(
                self.tr("■ exit code {code} in {seconds} s").format(
                    code=finished.exit_code, seconds=f"{finished.seconds:.2f}"
                )
            )

    def _show_output(self) -> None:
        session = self.runner.session
        total = session.prints_dropped + len(session.prints)
        new = total - self._printed
        fresh = session.prints[len(session.prints) - min(new, len(session.prints)) :]
        # consecutive prints to one stream go in together (one append per line froze the
        # window for up to a second when a script printed thousands of lines at once)
        for stream, group in itertools.groupby(fresh, key=lambda event: event.stream):
            events = list(group)
            for start in range(0, len(events), PRINTS_PER_APPEND):
                chunk = events[start : start + PRINTS_PER_APPEND]
                self.console.append_output("".join(e.text for e in chunk), stream)
        self._printed = total
        for error in session.errors[self._errors_shown :]:
            self.console.append_error(error_headline(error, self.runner.path))
            if error.traceback:
                self.console.append_error(error.traceback)
            line = script_line(error, self.runner.path)
            if line is not None:
                self.code_view.set_error_line(line)
        self._errors_shown = len(session.errors)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.runner.shutdown()
        super().closeEvent(event)


def _dropped_path(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The first local script or session file of a drag, if any."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        local = url.toLocalFile()
        if local and local.endswith(OPENABLE):
            return local
    return None


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
