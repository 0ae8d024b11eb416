"""Wiring of the training views into the main window: plots, parameter space, run controls.

`install_training_docks(window)` adds the run controls (pause / resume / stop) above the plots,
a "Parameter space" dock tabbed with the plots, follows the run controller (throttled to ~30
redraws a second) and sends clicked steps to the presenter, which shows that step's tape.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QWidget,
)

from visualtape.ui import theme
from visualtape.ui.param_space import ParameterSpaceView
from visualtape.ui.plots import PlotsPanel

REDRAW_INTERVAL_S = 1 / 30


class TrainingControls(QWidget):
    """Pause / resume and stop buttons for the running script, and what it is doing."""

    def __init__(self, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_controls")
        self.runner = runner
        self.pause_button = QPushButton("Pause")
        self.pause_button.setObjectName("pause_training")
        self.stop_button = QPushButton(_icon(self, "SP_MediaStop"), "Stop")
        self.stop_button.setObjectName("stop_training")
        self.status = QLabel("")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for widget in (self.pause_button, self.stop_button):
            widget.setFont(theme.ui_font(10))
            layout.addWidget(widget)
        self.status.setFont(theme.ui_font(10))
        layout.addWidget(self.status, 1)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(lambda: runner.stop())
        # run_started comes before the controller holds its run: look once the loop turns
        runner.run_started.connect(lambda _path: QTimer.singleShot(0, self.refresh))
        runner.run_finished.connect(self.refresh)
        runner.paused_changed.connect(lambda _paused: self.refresh())
        self.refresh()

    def _on_pause_clicked(self) -> None:
        if self.runner.paused:
            self.runner.resume()
        else:
            self.runner.pause()

    def refresh(self) -> None:
        running, paused = self.runner.running, self.runner.paused
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setIcon(_icon(self, "SP_MediaPlay" if paused else "SP_MediaPause"))
        self.status.setText("paused" if paused else "running…" if running else "")


def _icon(widget: QWidget, name: str) -> QIcon:
    return widget.style().standardIcon(getattr(QStyle.StandardPixmap, name))


class TrainingViews(QObject):
    """Keeps the plots and the parameter-space view in step with the run, at most ~30 Hz."""

    def __init__(
        self, runner: Any, plots: PlotsPanel, space: ParameterSpaceView, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.runner, self.plots, self.space = runner, plots, space
        self._last = 0.0
        self.longest_redraw = 0.0  # seconds, the slowest redraw so far (frame-budget checks)
        self.redraw_seconds: list[float] = []  # every redraw's duration (plots, space apart)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.redraw)
        self._space_pending = QTimer(self)
        self._space_pending.setSingleShot(True)
        self._space_pending.setInterval(0)
        self._space_pending.timeout.connect(self._redraw_space)
        runner.run_started.connect(self._on_run_started)
        runner.session_changed.connect(self._on_session_changed)
        runner.run_finished.connect(self.redraw)

    def _on_run_started(self, _path: str) -> None:
        self._pending.stop()
        self._space_pending.stop()
        self.plots.clear_series()
        self.space.clear()

    def _on_session_changed(self) -> None:
        wait = self._last + REDRAW_INTERVAL_S - time.monotonic()
        if wait <= 0:
            self.redraw()
        elif not self._pending.isActive():
            self._pending.start(int(wait * 1000) + 1)

    def redraw(self) -> None:
        """Redraw the plots now and the parameter space on the next loop turn (two short
        stalls rather than one long one)."""
        self._pending.stop()
        self._last = time.monotonic()
        self.plots.update_session(self.runner.session)
        self._timed(self._last)
        self._space_pending.start()

    def _redraw_space(self) -> None:
        started = time.monotonic()
        self.space.update_session(self.runner.session)
        self._timed(started)

    def _timed(self, started: float) -> None:
        seconds = time.monotonic() - started
        self.redraw_seconds.append(seconds)
        self.longest_redraw = max(self.longest_redraw, seconds)


def install_training_docks(window: Any) -> None:
    """Add the run controls, the parameter-space dock and their wiring to a `MainWindow`.

    Expects `window.runner` (RunController), `window.plots` (PlotsPanel, already in the "plots"
    dock), `window.presenter` (TapePresenter) and `window.docks`.
    """
    controls = TrainingControls(window.runner, window.plots)
    window.plots.layout_.insertWidget(0, controls)
    space = ParameterSpaceView()
    dock = QDockWidget("Parameter space", window)
    dock.setObjectName("dock_param_space")
    dock.setWidget(space)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.docks["plots"], dock)
    window.docks["plots"].raise_()
    window.docks["param_space"] = dock
    window.param_space = space
    window.training_controls = controls
    window.training_views = TrainingViews(window.runner, window.plots, space, window)
    window.plots.step_clicked.connect(window.presenter.choose_tape)
    space.step_clicked.connect(window.presenter.choose_tape)
