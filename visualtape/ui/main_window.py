"""MainWindow: canvas in the centre, player bar below, hideable docks around."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from visualtape.session.sessionfile import write_session
from visualtape.ui import theme
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.code_view import CodeView
from visualtape.ui.console import ConsoleView
from visualtape.ui.gallery import SampleGallery
from visualtape.ui.inspector import Inspector
from visualtape.ui.player import Player
from visualtape.ui.player_bar import PlayerBar
from visualtape.ui.plots import PlotsPanel
from visualtape.ui.presentation import PresentationMode
from visualtape.ui.presenter import TapePresenter
from visualtape.ui.run_controller import RunController
from visualtape.ui.tapes_panel import TapesPanel


class MainWindow(QMainWindow):
    """The visualizer window. `open_path` runs a script or replays a `.vtape` file."""

    def __init__(self, samples_dir: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle("visualtape")
        self.setFont(theme.ui_font(11))
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
        self._printed = 0
        self._errors_shown = 0
        self._sized = False
        self._centre()
        self.docks = self._make_docks()
        self.presentation = PresentationMode(self)
        self._make_menus()
        self._make_shortcuts()
        self._connect()
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

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> dict[str, QDockWidget]:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        docks = {
            "gallery": self._dock("Samples", self.gallery, left),
            "code": self._dock("Code", self.code_view, left),
            "inspector": self._dock("Inspector", self.inspector, right),
            "tapes": self._dock("Tapes", self.tapes_panel, right),
            "console": self._dock("Console", self.console, Qt.DockWidgetArea.BottomDockWidgetArea),
            "plots": self._dock("Plots", self.plots, Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        self.splitDockWidget(docks["console"], docks["plots"], Qt.Orientation.Horizontal)
        self.tabifyDockWidget(docks["gallery"], docks["code"])
        docks["gallery"].raise_()
        return docks

    def _initial_dock_sizes(self) -> None:
        docks = self.docks
        self.resizeDocks(
            [docks["gallery"], docks["inspector"]], [340, 390], Qt.Orientation.Horizontal
        )
        self.resizeDocks([docks["inspector"], docks["tapes"]], [560, 240], Qt.Orientation.Vertical)
        self.resizeDocks([docks["console"]], [150], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self._initial_dock_sizes()

    def _action(
        self, menu_name: str, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        menu = self._menus.get(menu_name) or self.menuBar().addMenu(menu_name)
        self._menus[menu_name] = menu
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _make_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        self._action("&File", "Open script…", self._on_open_script, "Ctrl+O")
        self._action("&File", "Open session…", self._on_open_session, "Ctrl+Shift+O")
        self._action("&File", "Save session…", self._on_save_session, "Ctrl+S")
        self._action("&File", "Quit", self.close, "Ctrl+Q")
        self._action("&Run", "Run / Rerun", self.runner.rerun, "Ctrl+R")
        self._action("&Run", "Stop", lambda: self.runner.stop(), "Ctrl+.")
        self._action("&View", "Fit graph", self.canvas.fit, "F")
        self._action("&View", "Zoom in", lambda: self.canvas.zoom(1.2), "Ctrl+=")
        self._action("&View", "Zoom out", lambda: self.canvas.zoom(1 / 1.2), "Ctrl+-")
        self._action("&View", "Presentation mode", self.presentation.toggle, "F5")
        view = self._menus["&View"]
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())

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
        self.runner.note.connect(self.console.append_note)

    # --- opening -------------------------------------------------------------------------------
    def open_path(self, path: str) -> None:
        """Run a script, or replay a `.vtape` session file."""
        if path.endswith(".vtape"):
            self.runner.open_session(path)
        else:
            self.runner.run_script(path)

    def _on_open_script(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open script", "", "Python scripts (*.py)")
        if path:
            self.open_path(path)

    def _on_open_session(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open session", "", "Sessions (*.vtape)")
        if path:
            self.open_path(path)

    def _on_save_session(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save session", "", "Sessions (*.vtape)")
        if path:
            write_session(path, self.runner.events)
            self.console.append_note(f"saved {path}")

    # --- run events ----------------------------------------------------------------------------
    def _on_run_started(self, path: str) -> None:
        self._printed = 0
        self._errors_shown = 0
        self.console.clear()
        self.plots.clear_series()
        self.console.append_note(f"▶ {path}")
        self.setWindowTitle(f"visualtape — {Path(path).name} (running…)")
        self.code_view.set_source(_read_text(path) if path.endswith(".py") else "")
        self.docks["code"].raise_()
        self.presenter.reset(self.runner.session, path)

    def _on_session_changed(self) -> None:
        session = self.runner.session
        if session.script is not None and not self.code_view.toPlainText():
            self.code_view.set_source(session.script.source)
        self._show_output()
        self.plots.update_series(session.series)
        self.presenter.refresh()

    def _on_run_finished(self) -> None:
        session = self.runner.session
        name = Path(self.runner.path or "").name
        state = "finished" if not session.errors else "failed"
        self.setWindowTitle(f"visualtape — {name} ({state})")
        self._show_output()
        if session.finished is not None:
            self.console.append_note(
                f"■ exit code {session.finished.exit_code} in {session.finished.seconds:.2f} s"
            )

    def _show_output(self) -> None:
        session = self.runner.session
        total = session.prints_dropped + len(session.prints)
        new = total - self._printed
        for event in session.prints[len(session.prints) - min(new, len(session.prints)) :]:
            self.console.append_output(event.text, event.stream)
        self._printed = total
        for error in session.errors[self._errors_shown :]:
            where = f" (line {error.line})" if error.line is not None else ""
            self.console.append_error(f"{error.error_type}: {error.message}{where}")
            if error.traceback:
                self.console.append_error(error.traceback)
            if error.line is not None and self._is_script_file(error.file):
                self.code_view.set_error_line(error.line)
        self._errors_shown = len(session.errors)

    def _is_script_file(self, file: str | None) -> bool:
        script = self.runner.path
        return file is None or script is None or Path(file).name == Path(script).name

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.runner.shutdown()
        super().closeEvent(event)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
