"""The parameter-space view: the (w, b) path over the loss surface's contours, and clicks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from ui_helpers import run_and_wait

from visualtape.ui.main_window import MainWindow
from visualtape.ui.plot_picking import scene_point

LINEAR_REGRESSION = Path(__file__).resolve().parents[2] / "samples" / "08_linear_regression.py"


def test_linear_regression_path_over_contours(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    run_and_wait(qtbot, window, LINEAR_REGRESSION)
    space = window.param_space
    qtbot.waitUntil(lambda: space.surface is not None and space.contours_done, timeout=10_000)
    assert space.axes == ("w", "b")
    path = space.path
    assert path is not None and len(path) == 302
    assert (path.x[0], path.y[0]) == (-1.0, -1.0)
    assert abs(path.x[-1] - 3.0) < 0.05 and abs(path.y[-1] - 1.0) < 0.05
    surface = space.surface
    assert surface is not None and surface.axes == ("w", "b")
    assert surface.xs[0] < -1.0 < 3.0 < surface.xs[-1]  # the grid covers the whole path
    assert surface.ys[0] < -1.0 < 1.0 < surface.ys[-1]
    assert surface.value_at(3.0, 1.0) < 0.05 < surface.value_at(-1.0, -1.0)
    assert len(space.contours) >= 10
    assert "Loss surface" in space.note.text()


def test_swapping_the_axes_transposes_the_surface(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    run_and_wait(qtbot, window, LINEAR_REGRESSION)
    space = window.param_space
    qtbot.waitUntil(lambda: space.surface is not None)
    space.choose("b", "w")
    assert space.axes == ("b", "w")
    assert space.path is not None and abs(space.path.x[-1] - 1.0) < 0.05
    assert space.surface is not None  # the same grid, drawn the other way round


def test_clicking_the_path_shows_that_steps_tape(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.resize(1600, 1100)
    run_and_wait(qtbot, window, LINEAR_REGRESSION)
    window.docks["param_space"].raise_()
    space = window.param_space
    qtbot.waitUntil(lambda: space.plot.isVisible() and space.plot.height() > 100)
    path = space.path
    assert path is not None
    view_box = space.plot.getPlotItem().getViewBox()
    view_box.setRange(xRange=(-1.2, -0.6), yRange=(-1.2, -0.8), padding=0)
    expected = path.tape_at(3)
    assert expected is not None and expected in window.runner.session.tapes
    at = space.plot.mapFromScene(scene_point(view_box, float(path.x[3]), float(path.y[3])))
    with qtbot.waitSignal(space.step_clicked, timeout=5000) as blocker:
        qtbot.mouseClick(
            space.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at.x(), at.y())
        )
    assert blocker.args == [expected]
    assert window.presenter.chosen_tape == expected


def test_scripts_without_two_parameters_say_so(
    qtbot,
    window: MainWindow,
    scripts: dict[str, Path],  # type: ignore[no-untyped-def]
) -> None:
    run_and_wait(qtbot, window, scripts["nested_tapes.py"])
    space = window.param_space
    assert space.axes is None and space.path is None
    assert "two scalar trainable Variables" in space.note.text()


def test_no_loss_surface_function_draws_the_path_alone(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    script = tmp_path / "two.py"
    script.write_text(
        "import tensorflow as tf\n"
        "w, b = tf.Variable(0.0, name='w'), tf.Variable(0.0, name='b')\n"
        "for _ in range(5):\n"
        "    with tf.GradientTape() as t:\n"
        "        loss = (w - 1.0) * (w - 1.0) + (b + 2.0) * (b + 2.0)\n"
        "    dw, db = t.gradient(loss, [w, b])\n"
        "    w.assign_sub(0.1 * dw)\n"
        "    b.assign_sub(0.1 * db)\n",
        encoding="utf-8",
    )
    run_and_wait(qtbot, window, script)
    space = window.param_space
    qtbot.waitUntil(lambda: space.path is not None and len(space.path) == 6)
    assert space.surface is None and not space.contours
    assert "loss_surface" in space.note.text()
