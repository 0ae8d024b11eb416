"""Ctrl+= / Ctrl+- (theme.set_user_font_scale) resize the text of the plots, the parameter-space
view and the inspector, and Ctrl+0 brings it back."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtGui import QFontMetricsF

from visualtape.session.series import ScalarSeries
from visualtape.ui import theme
from visualtape.ui.array_view import ArrayView
from visualtape.ui.inspector import Inspector
from visualtape.ui.inspector_text import InspectorContent
from visualtape.ui.param_space import ParameterSpaceView
from visualtape.ui.plots import PlotPane, PlotsPanel
from visualtape.ui.run_controller import RunController
from visualtape.ui.training_docks import TrainingControls


@pytest.fixture(autouse=True)
def normal_text() -> Iterator[None]:
    theme.set_user_font_scale(1.0)
    yield
    theme.set_user_font_scale(1.0)


def _pane_sizes(pane: PlotPane) -> dict[str, float]:
    """Every text size of a plot pane, in points."""
    item = pane.getPlotItem()
    sizes = {
        f"{side} ticks": item.getAxis(side).style["tickFont"].pointSizeF()
        for side in ("bottom", "left")
    }
    sizes["axis label"] = float(item.getAxis("bottom").labelStyle["font-size"].removesuffix("pt"))
    sizes["title"] = float(item.titleLabel.opts["size"].removesuffix("pt"))
    for _sample, label in pane.legend.items:
        sizes[f"legend {label.text}"] = float(label.opts["size"].removesuffix("pt"))
    return sizes


def _scaled(before: dict[str, float], after: dict[str, float], factor: float) -> bool:
    return before.keys() == after.keys() and all(
        after[key] == pytest.approx(before[key] * factor, rel=0.02) for key in before
    )


def test_plot_text_follows_the_font_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    plots = PlotsPanel()
    qtbot.addWidget(plots)
    w = ScalarSeries("w", "variable")
    for step in range(5):
        w.append(step, float(step))
    plots.update_series({"w": w})
    pane = plots.panes["parameters"]
    normal = _pane_sizes(pane)
    assert normal["bottom ticks"] == 10 and "legend w" in normal
    theme.set_user_font_scale(1.5)
    assert _scaled(normal, _pane_sizes(pane), 1.5)
    b = ScalarSeries("b", "variable")
    b.append(0, 1.0)
    plots.update_series({"w": w, "b": b})  # a curve added at the larger size
    assert _pane_sizes(pane)["legend b"] == pytest.approx(normal["legend w"] * 1.5, rel=0.02)
    title_height = QFontMetricsF(theme.ui_font(normal["title"] * 1.5)).height()
    assert pane.getPlotItem().titleLabel.maximumHeight() >= title_height  # not clipped
    assert "font-size:19.5pt" in plots.placeholder.text()  # its heading: 13 pt × 1.5
    theme.set_user_font_scale(1.0)
    restored = _pane_sizes(pane)
    assert restored.pop("legend b") == normal["legend w"]
    assert restored == normal


def test_parameter_space_text_follows_the_font_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    space = ParameterSpaceView()
    qtbot.addWidget(space)
    axis = space.plot.getPlotItem().getAxis("left")
    before = (space.x_choice.font().pointSizeF(), space.note.font().pointSizeF())
    ticks = axis.style["tickFont"].pointSizeF()
    theme.set_user_font_scale(1.5)
    assert space.x_choice.font().pointSizeF() == pytest.approx(before[0] * 1.5)
    assert space.note.font().pointSizeF() == pytest.approx(before[1] * 1.5)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(ticks * 1.5)
    assert axis.labelStyle["font-size"] == f"{11 * 1.5:.1f}pt"
    theme.set_user_font_scale(1.0)
    assert axis.style["tickFont"].pointSizeF() == ticks


def test_inspector_text_and_arrays_follow_the_font_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    inspector = Inspector()
    qtbot.addWidget(inspector)
    inspector.value_view.show_array(np.arange(6.0).reshape(2, 3))
    labels = (inspector._title, inspector._mode, inspector._body)  # noqa: SLF001
    before = [label.font().pointSizeF() for label in labels]
    grid = inspector.value_view.grid_font_size()
    theme.set_user_font_scale(1.5)
    assert [label.font().pointSizeF() for label in labels] == pytest.approx(
        [size * 1.5 for size in before]
    )
    assert inspector.value_view.grid_font_size() == pytest.approx(grid * 1.5)
    theme.set_user_font_scale(1.0)
    assert [label.font().pointSizeF() for label in labels] == before


def test_heatmap_scale_and_its_room_follow_the_font_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ArrayView()
    qtbot.addWidget(view)
    view.show_array(np.linspace(-1.0, 1.0, 400).reshape(20, 20))
    assert view.mode == "heatmap"
    axis = view._colour_bar.axis  # noqa: SLF001
    ticks, height = axis.style["tickFont"].pointSizeF(), view.sizeHint().height()
    theme.set_user_font_scale(1.6)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(ticks * 1.6)
    assert view.sizeHint().height() > height
    view.show_array(np.array(2.5))  # a scalar asks for little room: the text gets the rest
    assert view.mode == "grid" and view.sizeHint().height() < height


def test_training_controls_follow_the_font_scale(qtbot) -> None:  # type: ignore[no-untyped-def]
    controls = TrainingControls(RunController())
    qtbot.addWidget(controls)
    size = controls.pause_button.font().pointSizeF()
    theme.set_user_font_scale(1.5)
    assert controls.pause_button.font().pointSizeF() == pytest.approx(size * 1.5)
    assert controls.status.font().pointSizeF() == pytest.approx(size * 1.5)


def test_inspector_grids_show_only_for_arrays(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A scalar's value is in the text; the grids (and their room) are for arrays."""
    inspector = Inspector()
    qtbot.addWidget(inspector)
    inspector.show()
    scalar = InspectorContent("x", ("value: 3.0",), np.float32(3.0), np.float32(108.0))
    inspector.show_content(scalar)
    assert not inspector.arrays_shown
    matrix = InspectorContent("x", ("shape: 2×2",), np.ones((2, 2)), np.float32(8.0))
    inspector.show_content(matrix)
    assert inspector.arrays_shown and inspector.value_view.grid_texts()[0] == ["1.0", "1.0"]
    inspector.show_content(None)
    assert not inspector.arrays_shown


def test_a_long_vector_fills_the_heatmap_instead_of_a_hairline(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Square cells would draw a (1000,) vector one pixel tall: it stretches into stripes."""
    view = ArrayView()
    qtbot.addWidget(view)
    view.resize(300, 200)
    view.show()
    view.show_array(np.linspace(-1.0, 1.0, 1000))
    assert view.mode == "heatmap"
    assert not view._view.state["aspectLocked"]  # noqa: SLF001
    view.show_array(np.ones((12, 12)))
    assert view._view.state["aspectLocked"]  # noqa: SLF001 (a matrix keeps square cells)
