"""Live plots: the redraw timer (only on new data, hidden views catch up), the run controller's
pacing of session_changed, and view ranges that grow in steps. Rates are benchmarked in
benchmarks/live_plots.py; these tests count events, not seconds."""

from __future__ import annotations

import doctest
import time
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPainter, QPicture
from PySide6.QtWidgets import QDockWidget, QMainWindow
from ui_helpers import RUN_TIMEOUT_MS

from visualtape.session.series import ScalarSeries
from visualtape.ui import live_range, run_controller
from visualtape.ui.live_range import LiveRange, data_bounds, grown, nice_ceiling, steps_axis
from visualtape.ui.param_space import ParameterSpaceView
from visualtape.ui.plot_style import GridAxis, grid_axes, style_axes
from visualtape.ui.plots import PlotsPanel
from visualtape.ui.run_controller import (
    DECODE_SHARE,
    POLL_MS,
    STRUCTURE_SHARE,
    RunController,
    poll_delay,
)
from visualtape.ui.training_docks import TrainingViews

SLOW_TRAINING = """
import time
import tensorflow as tf

w = tf.Variable(0.0, name="w")
for step in range({steps}):
    with tf.GradientTape() as tape:
        loss = (w - 3.0) * (w - 3.0)
    w.assign_sub(0.1 * tape.gradient(loss, w))
    time.sleep({pause})
"""


class _Session:
    """What the training views read from a session."""

    def __init__(self) -> None:
        self.series: dict[str, ScalarSeries] = {}
        self.variables: dict[int, object] = {}
        self.surfaces: list[object] = []


class _Scalar:
    """A float scalar trainable Variable as the parameter-space view sees it."""

    def __init__(self, variable_id: int, name: str) -> None:
        self.id, self.name, self.series_key = variable_id, name, name
        self.dtype, self.shape, self.trainable = "float32", (), True


class _FakeRunner(QObject):
    run_started = Signal(str)
    run_finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.session = _Session()
        self.running = False


def _views(qtbot) -> tuple[_FakeRunner, PlotsPanel, TrainingViews]:  # type: ignore[no-untyped-def]
    runner, plots, space = _FakeRunner(), PlotsPanel(), ParameterSpaceView()
    qtbot.addWidget(plots)
    qtbot.addWidget(space)
    plots.show()
    qtbot.waitExposed(plots)
    return runner, plots, TrainingViews(runner, plots, space, runner)


def _points(plots: PlotsPanel) -> int:
    """How many points all curves show together."""
    return sum(plots.curve_points(name) for name in plots.curve_names())


def _grow(series: ScalarSeries, count: int) -> None:
    for _ in range(count):
        series.append(len(series), 1.0 / (1 + len(series)))


def test_views_redraw_on_new_data_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, plots, views = _views(qtbot)
    loss = ScalarSeries("loss", "logged")
    runner.session.series["loss"] = loss
    runner.run_started.emit("train.py")
    assert views.live
    for points in (3, 7, 12):
        with qtbot.waitSignal(views.redrawn, timeout=2000):
            _grow(loss, points - len(loss))
        assert plots.curve_points("loss") == points
    with qtbot.assertNotEmitted(views.redrawn, wait=150):
        pass  # nothing new: the timer ticks, nothing is redrawn
    with qtbot.waitSignal(views.redrawn, timeout=2000):
        runner.run_finished.emit()
    assert not views.live


def test_hidden_plots_catch_up_when_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, plots, views = _views(qtbot)
    loss = ScalarSeries("loss", "logged")
    runner.session.series["loss"] = loss
    runner.run_started.emit("train.py")
    with qtbot.waitSignal(views.redrawn, timeout=2000):
        _grow(loss, 5)
    plots.hide()  # e.g. the parameter-space tab is in front
    with qtbot.assertNotEmitted(views.redrawn, wait=150):
        _grow(loss, 5)
    assert plots.curve_points("loss") == 5
    with qtbot.waitSignal(views.redrawn, timeout=2000):
        plots.show()
    assert plots.curve_points("loss") == 10
    runner.run_finished.emit()


def test_a_dock_tab_behind_another_waits_until_it_is_in_front(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt keeps a tabbed dock that is not in front "visible", off-screen: it is not redrawn."""
    runner, plots, space = _FakeRunner(), PlotsPanel(), ParameterSpaceView()
    window = QMainWindow()
    qtbot.addWidget(window)
    docks = {}
    for name, widget in (("plots", plots), ("space", space)):
        docks[name] = QDockWidget(name, window)
        docks[name].setWidget(widget)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, docks[name])
    window.tabifyDockWidget(docks["plots"], docks["space"])
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    docks["plots"].raise_()
    views = TrainingViews(runner, plots, space, runner)
    w, b = ScalarSeries("w", "variable"), ScalarSeries("b", "variable")
    runner.session.series.update(w=w, b=b)
    runner.session.variables = {1: _Scalar(1, "w"), 2: _Scalar(2, "b")}
    runner.run_started.emit("train.py")
    with qtbot.waitSignal(views.redrawn, timeout=2000):
        _grow(w, 5)
        _grow(b, 5)
    qtbot.wait(100)  # ten ticks of the redraw timer
    assert space.path is None  # behind the plots' tab: not drawn
    docks["space"].raise_()
    qtbot.waitUntil(lambda: space.path is not None and len(space.path) == 5, timeout=2000)
    runner.run_finished.emit()
    assert not views.live


def test_plots_redraw_many_times_during_a_slow_training(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """40 steps, 50 ms apart: the curve is redrawn as steps arrive, each time with more data."""
    script = tmp_path / "slow.py"
    script.write_text(SLOW_TRAINING.format(steps=40, pause=0.05), encoding="utf-8")
    runner = RunController()
    plots, space = PlotsPanel(), ParameterSpaceView()
    qtbot.addWidget(plots)
    qtbot.addWidget(space)
    plots.show()
    views = TrainingViews(runner, plots, space, runner)
    shown: list[int] = []
    views.redrawn.connect(lambda: shown.append(_points(plots)) if runner.running else None)
    with qtbot.waitSignal(runner.run_finished, timeout=RUN_TIMEOUT_MS):
        runner.run_script(str(script))
    assert plots.curve_points("w") == 41
    assert len(shown) >= 5, shown  # ~40 on an idle machine
    assert shown == sorted(shown) and len(set(shown)) == len(shown)  # new data every time
    assert shown[0] < 41 + 40 // 2  # w and the loss: drawn while the script trained
    runner.shutdown()


def test_session_changed_keeps_to_its_share_of_the_loop(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A costly session_changed listener (a rebuilt canvas) is called less often; the plots,
    on their own timer, are redrawn more often than it is."""
    script = tmp_path / "slow.py"
    script.write_text(SLOW_TRAINING.format(steps=40, pause=0.04), encoding="utf-8")
    runner = RunController()
    plots, space = PlotsPanel(), ParameterSpaceView()
    qtbot.addWidget(plots)
    qtbot.addWidget(space)
    plots.show()
    views = TrainingViews(runner, plots, space, runner)
    calls: list[tuple[float, float]] = []  # (start, end) of each listener call
    cost = 0.12  # more than MIN_STRUCTURE_INTERVAL_S allows for: the pacing follows the cost

    def costly_listener() -> None:
        started = time.monotonic()
        time.sleep(cost)  # stands for an expensive view rebuild
        calls.append((started, time.monotonic()))

    runner.session_changed.connect(costly_listener)
    redraws: list[int] = []
    views.redrawn.connect(lambda: redraws.append(1) if runner.running else None)
    with qtbot.waitSignal(runner.run_finished, timeout=RUN_TIMEOUT_MS):
        runner.run_script(str(script))
    assert len(calls) >= 2
    for (_, end), (start, _) in zip(calls, calls[1:-1], strict=False):  # the final one is due
        assert start - end >= cost * (1 - STRUCTURE_SHARE) / STRUCTURE_SHARE * 0.95
    assert len(redraws) > len(calls)
    runner.shutdown()


def test_reading_the_pipe_keeps_to_its_share_of_the_loop() -> None:
    assert doctest.testmod(run_controller).failed == 0
    assert poll_delay(0.001) == pytest.approx(POLL_MS / 1000 - 0.001)  # a poll every POLL_MS
    for busy in (0.01, 0.025, 0.05, 0.2):  # a full pipe: reading until the budget runs out
        assert busy / (busy + poll_delay(busy)) <= DECODE_SHARE + 1e-9


# --- view ranges ---------------------------------------------------------------------------------


def test_live_range_helpers() -> None:
    assert doctest.testmod(live_range).failed == 0
    assert [nice_ceiling(v) for v in (1, 3, 11, 240, 251)] == [1.0, 5.0, 20.0, 250.0, 500.0]
    assert steps_axis(0, 0) == (0, 10.0) and steps_axis(100, 130) == (100, 150.0)
    assert grown(0.0, 1.0, (-1.0, 2.0)) == (-1.0, 2.0)  # inside: unchanged
    low, high = grown(0.0, 3.0, (-1.0, 2.0))  # outgrew the top: only the top moves
    assert low == -1.0 and high > 3.0
    bounds = data_bounds([(np.array([0, 1, 2]), np.array([10.0, 0.0, np.nan]))], log_y=True)
    assert bounds == (0.0, 0.0, 1.0, 1.0)  # log10(10); 0 and nan have no logarithm
    assert data_bounds([(np.zeros(0), np.zeros(0))]) is None


def test_live_range_grows_in_few_steps_and_keeps_the_data_in_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    view_box = plot.getPlotItem().getViewBox()
    follower = LiveRange(view_box)
    follower.start()
    steps = np.arange(1000)
    values = 3.0 - 4.0 * np.exp(-steps / 80.0)  # w from -1 towards 3
    for end in range(1, 1001):
        follower.follow(data_bounds([(steps[:end], values[:end])]))
        (x0, x1), (y0, y1) = view_box.viewRange()
        assert x0 <= 0 and x1 >= end - 1 and y0 <= values[:end].min() and y1 >= values[end - 1]
    assert follower.changes <= 30  # a few dozen moves (most early on), not 1,000 re-fits
    view_box.sigRangeChangedManually.emit([True, True])  # the user zooms in
    assert not follower.following
    follower.stop()
    assert not view_box.autoRangeEnabled()[0]  # the user's range stays


def test_live_range_returns_to_a_tight_fit_when_the_run_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    view_box = plot.getPlotItem().getViewBox()
    follower = LiveRange(view_box)
    follower.start()
    assert not view_box.autoRangeEnabled()[0]
    follower.follow((0.0, 10.0, 0.0, 1.0))
    follower.stop()
    assert all(view_box.autoRangeEnabled())


# --- grid -----------------------------------------------------------------------------------------


def test_grid_lines_are_opaque_and_behind_the_curves(qtbot) -> None:  # type: ignore[no-untyped-def]
    plot = pg.PlotWidget(background="w", axisItems=grid_axes())
    qtbot.addWidget(plot)
    item = plot.getPlotItem()
    style_axes(item, grid_alpha=0.25)
    plot.plot([0, 1, 2], [0, 1, 4])
    plot.resize(300, 200)
    plot.show()
    axis = item.getAxis("left")
    assert isinstance(axis, GridAxis)
    assert axis.zValue() < item.getViewBox().zValue()
    picture = QPicture()
    painter = QPainter(picture)
    specs = axis.generateDrawSpecs(painter)
    painter.end()
    assert specs is not None and specs[1]
    for pen, _start, _stop in specs[1]:
        assert pen.color().alpha() == 255
        assert min(pen.color().red(), pen.color().green()) > 180  # blended towards white
