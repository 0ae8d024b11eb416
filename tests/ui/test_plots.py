"""Training plots: live curves from the real runner, the placeholder, clicks, pause/resume."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from ui_helpers import RUN_TIMEOUT_MS, run_and_wait

from visualtape.ui.main_window import MainWindow
from visualtape.ui.param_space import ParameterSpaceView
from visualtape.ui.plot_picking import scene_point
from visualtape.ui.plots import PlotPane, PlotsPanel
from visualtape.ui.run_controller import RunController
from visualtape.ui.training_docks import TrainingViews

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
LINEAR_REGRESSION = SAMPLES / "08_linear_regression.py"


def test_linear_regression_plots_live_and_ends_near_3_and_1(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = RunController()
    plots, space = PlotsPanel(), ParameterSpaceView()
    qtbot.addWidget(plots)
    qtbot.addWidget(space)
    plots.show()
    views = TrainingViews(runner, plots, space, runner)
    live: list[int] = []  # points of w at each redraw before the run ended
    views.redrawn.connect(
        lambda: (
            live.append(plots.curve_points("w"))
            if runner.running and "w" in plots.curve_names()
            else None
        )
    )
    with qtbot.waitSignal(runner.run_finished, timeout=RUN_TIMEOUT_MS):
        runner.run_script(str(LINEAR_REGRESSION))
        qtbot.waitUntil(lambda: plots.training, timeout=RUN_TIMEOUT_MS)
        live_points = plots.curve_points("w")
    assert 0 < live_points < 302  # the curve showed while the script still trained
    steps, w = plots.curve_data("w")
    _, b = plots.curve_data("b")
    assert len(w) == 302 and steps[-1] == 301
    assert w[0] == -1.0 and abs(w[-1] - 3.0) < 0.05
    assert b[0] == -1.0 and abs(b[-1] - 1.0) < 0.05
    assert plots.pane_of("w") == plots.pane_of("b") == "parameters"
    assert plots.pane_of("loss (gradient target)") == "losses"  # its own axis
    # Redrawn as the data came in, not once at the end (rates are measured in
    # benchmarks/live_plots.py, not here).
    assert len(live) >= 3 and live == sorted(live)
    assert not views.live
    runner.shutdown()


def test_scripts_without_training_show_the_placeholder(
    qtbot,
    window: MainWindow,
    scripts: dict[str, Path],  # type: ignore[no-untyped-def]
) -> None:
    run_and_wait(qtbot, window, scripts["persistent_tape.py"])
    assert not window.plots.training
    assert window.plots.stack.currentWidget() is window.plots.placeholder
    assert "No training" in window.plots.placeholder.text()


def test_integer_counters_are_not_plotted(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "adam.py"
    script.write_text(
        "import tensorflow as tf\n"
        "w = tf.Variable(0.0, name='w')\n"
        "opt = tf.keras.optimizers.SGD(learning_rate=0.1)\n"
        "for step in range(4):\n"
        "    with tf.GradientTape() as t:\n"
        "        loss = (w - 3.0) * (w - 3.0)\n"
        "    opt.apply_gradients([(t.gradient(loss, w), w)])\n"
        "    tf.summary.scalar('distance', abs(float(w) - 3.0), step=step)\n",
        encoding="utf-8",
    )
    run_and_wait(qtbot, window, script)
    names = window.plots.curve_names()
    assert "w" in names and "distance" in names
    assert not any("iter" in name for name in names)
    assert window.plots.pane_of("distance") == "metrics"
    assert window.plots.curve_data("distance")[0].tolist() == [0, 1, 2, 3]


def _click(qtbot, pane: PlotPane, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    view_box = pane.getPlotItem().getViewBox()
    at = pane.mapFromScene(scene_point(view_box, x, y))
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at.x(), at.y()))


def test_clicking_a_curve_point_shows_that_steps_tape(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1600, 1100)
    run_and_wait(qtbot, window, LINEAR_REGRESSION)
    window.docks["plots"].raise_()
    pane = window.plots.panes["parameters"]
    qtbot.waitUntil(lambda: pane.isVisible() and pane.height() > 100)
    pane.getPlotItem().getViewBox().setRange(xRange=(0, 10), yRange=(-1.5, 0.5), padding=0)
    steps, w = window.plots.curve_data("w")
    series = window.runner.session.series["w"]
    expected = series.tape_at(5)
    assert expected is not None and expected in window.runner.session.tapes
    with qtbot.waitSignal(window.plots.step_clicked, timeout=5000) as blocker:
        _click(qtbot, pane, float(steps[5]), float(w[5]))
    assert blocker.args == [expected]
    assert window.presenter.chosen_tape == expected
    assert window.presenter.tape is not None and window.presenter.tape.id == expected


def test_pause_resume_and_stop_a_training(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "forever.py"
    script.write_text(
        "import tensorflow as tf\n"
        "w = tf.Variable(0.0, name='w')\n"
        "while True:\n"
        "    with tf.GradientTape() as t:\n"
        "        loss = (w - 3.0) * (w - 3.0)\n"
        "    w.assign_sub(0.01 * t.gradient(loss, w))\n",
        encoding="utf-8",
    )
    controls = window.training_controls
    assert not controls.pause_button.isEnabled()
    window.open_path(str(script))
    qtbot.waitUntil(lambda: window.plots.training, timeout=RUN_TIMEOUT_MS)
    assert controls.pause_button.isEnabled()
    pid = window.runner._run.pid  # noqa: SLF001 - the test reads the child's state from /proc
    with qtbot.waitSignal(window.runner.paused_changed, timeout=5000) as paused:
        controls.pause_button.click()
    assert paused.args == [True] and controls.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: _process_state(pid) == "T", timeout=5000)
    with qtbot.waitSignal(window.runner.paused_changed, timeout=5000) as resumed:
        controls.pause_button.click()
    assert resumed.args == [False] and controls.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: _process_state(pid) != "T", timeout=5000)
    grown = len(window.runner.session.series["w"]) + 10
    qtbot.waitUntil(lambda: len(window.runner.session.series["w"]) > grown, timeout=10_000)
    controls.pause_button.click()  # stop must also end a paused script
    with qtbot.waitSignal(window.runner.run_finished, timeout=RUN_TIMEOUT_MS):
        controls.stop_button.click()
    assert not controls.pause_button.isEnabled()
    assert window.runner.session.errors[-1].error_type == "ScriptStopped"


def _process_state(pid: int) -> str:
    """The one-letter state of a process ("T" when stopped), "" once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[0]


@pytest.fixture(autouse=True)
def _linux_only() -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads process states from /proc")


def test_curve_data_are_copies(qtbot) -> None:  # type: ignore[no-untyped-def]
    from visualtape.session.series import ScalarSeries

    plots = PlotsPanel()
    qtbot.addWidget(plots)
    w = ScalarSeries("w", "variable")
    for step in range(3):
        w.append(step, float(step))
    plots.update_series({"w": w})
    w.append(3, 3.0)
    assert plots.curve_data("w")[1].tolist() == [0.0, 1.0, 2.0]
    plots.update_series({"w": w})
    assert np.array_equal(plots.curve_data("w")[1], [0.0, 1.0, 2.0, 3.0])


def test_a_live_redraw_makes_one_panes_curves_at_a_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Making curves is the costly part of a redraw: live, a pane's first curves wait for the
    next tick when another pane got its own in this one; a final redraw makes them all."""
    from visualtape.session.series import ScalarSeries

    plots = PlotsPanel()
    qtbot.addWidget(plots)
    series = {
        "w": ScalarSeries("w", "variable"),
        "b": ScalarSeries("b", "variable"),
        "loss": ScalarSeries("loss", "logged"),
    }
    for step in range(3):
        for points in series.values():
            points.append(step, float(step))
    assert not plots.update_series(series, new_panes=1)
    assert sorted(plots.curve_names()) == ["b", "w"]
    assert plots.update_series(series, new_panes=1)
    assert sorted(plots.curve_names()) == ["b", "loss", "w"]
    fresh = PlotsPanel()
    qtbot.addWidget(fresh)
    assert fresh.update_series(series)  # no limit: everything at once
    assert sorted(fresh.curve_names()) == ["b", "loss", "w"]


@pytest.mark.parametrize(
    ("losses", "log_y"),
    [
        ([30.0, 4.0, 0.5, 0.02], True),  # falls over three decades: log shows every part
        ([1.39, 0.7, 1.2, 0.62], False),  # a GAN's losses: a log axis labels nothing above 1
        ([0.5, -0.25, -2.0, -4.0], False),  # a log axis cannot show a loss <= 0
        ([20.0, 5.0, 0.0, 0.0], False),
    ],
    ids=["decades", "within-a-decade", "negative", "zero"],
)
def test_the_loss_pane_is_logarithmic_only_when_its_losses_span_a_decade(
    qtbot,  # type: ignore[no-untyped-def]
    losses: list[float],
    log_y: bool,
) -> None:
    from visualtape.session.series import LOSSES, ScalarSeries

    plots = PlotsPanel()
    qtbot.addWidget(plots)
    loss = ScalarSeries("loss", "gradient_target")
    for step, value in enumerate(np.repeat(losses, 5)):  # enough steps to count as training
        loss.append(step, float(value))
    plots.update_series({"loss": loss})
    pane = plots.panes[LOSSES]
    assert plots.pane_of("loss") == LOSSES
    assert pane.log_y is log_y
    plots.clear_series()
    assert not pane.log_y  # each run starts linear


def test_a_live_loss_pane_turns_logarithmic_once_and_refits(qtbot) -> None:  # type: ignore[no-untyped-def]
    from visualtape.session.series import LOSSES, ScalarSeries

    plots = PlotsPanel()
    qtbot.addWidget(plots)
    plots.show()
    plots.set_live(True)
    loss = ScalarSeries("loss", "gradient_target")
    for step, value in enumerate(np.linspace(8.0, 3.0, 20)):
        loss.append(step, float(value))
    plots.update_series({"loss": loss})
    pane = plots.panes[LOSSES]
    assert not pane.log_y
    for step, value in enumerate([0.5, 0.1], start=20):
        loss.append(step, value)
    plots.update_series({"loss": loss})
    assert pane.log_y
    (_x0, _x1), (y0, y1) = pane.getPlotItem().getViewBox().viewRange()
    assert y0 <= np.log10(0.1) and y1 >= np.log10(8.0)  # the range was set in log10 units


def test_log_axis_ticks_read_as_plain_decimals(qtbot) -> None:  # type: ignore[no-untyped-def]
    from visualtape.ui.plot_style import GridAxis

    axis = GridAxis("left")
    ticks = np.log10([0.01, 0.05, 1.0, 20.0, 100.0, 1e5, 3e-6])
    assert axis.logTickStrings(ticks, 1.0, 1.0) == [
        "0.01",
        "0.05",
        "1",
        "20",  # not pyqtgraph's "2·10¹"
        "100",
        "10⁵",  # far from 1: powers of ten
        "3·10⁻⁶",
    ]


def _loss_pane(qtbot, values: list[float]):  # type: ignore[no-untyped-def]
    from visualtape.session.series import LOSSES, ScalarSeries

    plots = PlotsPanel()
    qtbot.addWidget(plots)
    plots.show()
    loss = ScalarSeries("loss", "gradient_target")
    for step, value in enumerate(values):
        loss.append(step, value)
    return plots, loss, plots.panes[LOSSES]


def test_the_users_log_y_choice_is_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    plots, loss, pane = _loss_pane(qtbot, [float(v) for v in np.linspace(2.0, 1.0, 10)])
    plots.update_series({"loss": loss})
    pane.getPlotItem().ctrl.logYCheck.setChecked(True)  # as the plot's menu does
    assert pane.log_y and pane.scale_chosen_by_user
    plots.update_series({"loss": loss})
    assert pane.log_y  # not turned back to linear by the automatic choice
    pane.getPlotItem().ctrl.logYCheck.setChecked(False)
    loss.append(10, 0.001)  # now spans three decades
    plots.update_series({"loss": loss})
    assert not pane.log_y


def test_a_zoomed_live_pane_keeps_its_scale_and_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    plots, loss, pane = _loss_pane(qtbot, [float(v) for v in np.linspace(8.0, 3.0, 20)])
    plots.set_live(True)
    plots.update_series({"loss": loss})
    view_box = pane.getPlotItem().getViewBox()
    view_box.setRange(xRange=(5, 10), yRange=(4, 6), padding=0)
    view_box.sigRangeChangedManually.emit(view_box.state["mouseEnabled"])  # a user's zoom
    before = view_box.viewRange()
    loss.append(20, 0.1)  # would make the pane logarithmic
    plots.update_series({"loss": loss})
    assert not pane.log_y
    assert view_box.viewRange() == before


def test_the_clicked_point_ring_follows_a_log_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    plots, loss, pane = _loss_pane(qtbot, [float(v) for v in np.linspace(8.0, 3.0, 20)])
    plots.update_series({"loss": loss})
    pane.mark("loss", 0)
    assert pane.marker.getData()[1].tolist() == [8.0]
    loss.append(20, 0.1)
    plots.update_series({"loss": loss})
    assert pane.log_y
    assert pane.marker.getData()[1].tolist() == [pytest.approx(np.log10(8.0))]
