"""Training plots: one pane each for parameters, losses and logged metrics, updated live.

Each scalar series gets one pyqtgraph curve, created once and fed with `setData`; only series
whose revision changed are redrawn (the caller, `TrainingViews`, redraws at up to ~30 Hz).
Text follows the font scale (Ctrl+= / Ctrl+-, presentation mode). Panes keep their own y axis,
so a loss of 20 does not flatten w and b; the loss pane turns to a log scale once its losses span
a decade (a GAN's losses between 0.6 and 1.4 stay linear: a log axis labels no tick between 1 and
2 there, and it cannot show a loss <= 0). Scripts with
no training (one tape, a few gradient calls) show a placeholder that says what would appear.
A click on a plotted point emits `step_clicked(tape_id)` (the tape that point belongs to).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from visualtape.session.series import (
    LOSSES,
    METRICS,
    PANES,
    PARAMETERS,
    ScalarSeries,
    VariableLike,
    display_name,
    is_training,
    panes_of,
)
from visualtape.ui import theme
from visualtape.ui.live_range import LiveRange, data_bounds
from visualtape.ui.plot_picking import nearest_point
from visualtape.ui.plot_style import (
    grid_axes,
    scale_legend,
    scale_plot,
    scale_title,
    scaled_points,
    settle,
    style_axes,
)
from visualtape.ui.qt_text import QT_TRANSLATE_NOOP

# Okabe-Ito: distinguishable for colour-blind viewers and on a projector.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")

# English sources, translated when shown (the Qt catalogues in translations/).
PANE_TITLES = {
    PARAMETERS: QT_TRANSLATE_NOOP("Plots", "Parameters"),
    LOSSES: QT_TRANSLATE_NOOP("Plots", "Loss"),
    METRICS: QT_TRANSLATE_NOOP("Plots", "Metrics"),
}
X_LABELS = {
    PARAMETERS: QT_TRANSLATE_NOOP("Plots", "step"),
    LOSSES: QT_TRANSLATE_NOOP("Plots", "step"),
    METRICS: QT_TRANSLATE_NOOP("Plots", "logged step"),
}
MAX_CURVES_PER_PANE = 12
MIN_PANE_HEIGHT = 170
FEW_POINTS = 60  # below this many points, markers show each step
LOG_SPAN = 10.0  # a log-capable pane turns log once its largest value is this many times its least
PLACEHOLDER_POINT_SIZE = 11
PLACEHOLDER_HEADING = QT_TRANSLATE_NOOP("Plots", "No training in this run")
PLACEHOLDER_TEXT = QT_TRANSLATE_NOOP(
    "Plots",
    "Plots appear when a script trains: one curve per scalar Variable as it is updated "
    "(<code>w.assign_sub(...)</code>, an optimizer), the loss of every "
    "<code>tape.gradient</code> in a loop, and metrics the script logs with "
    '<code>tf.summary.scalar("accuracy", acc, step=epoch)</code>.',
)


class PlotPane(pg.PlotWidget):
    """One pane: its curves by series name, a legend, and point picking."""

    point_picked = Signal(str, int)  # series name, point index

    def __init__(self, pane: str, parent: QWidget | None = None, log_capable: bool = False) -> None:
        super().__init__(parent, background="w", axisItems=grid_axes())
        self.pane = pane
        self.log_capable = log_capable  # a log y axis when the data spans LOG_SPAN (losses)
        self.setObjectName(f"plot_{pane}")
        self.setMinimumSize(220, MIN_PANE_HEIGHT)
        item = self.getPlotItem()
        style_axes(item, grid_alpha=0.25)
        item.setLabel("bottom", _tr(X_LABELS[pane]))
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        self.legend = item.addLegend(offset=(-8, 8), verSpacing=-6)
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 200))
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.series: dict[str, ScalarSeries] = {}
        self._data: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # what each curve was given
        self.live_range = LiveRange(item.getViewBox())
        self.marker = pg.ScatterPlotItem(size=13, pen=pg.mkPen("#222222", width=2), brush=None)
        self.marker.setZValue(10)
        self.marker.hide()  # shown once a point is clicked (an empty item still costs a paint)
        item.addItem(self.marker)
        self._marked: tuple[str, int] | None = None  # (series, point) the marker rings
        self.scale_chosen_by_user = False  # ticked or unticked Log Y in the plot's menu
        self._choosing_scale = False
        item.ctrl.logYCheck.toggled.connect(self._on_log_y_toggled)
        self.scene().sigMouseClicked.connect(self._on_clicked)
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self.getPlotItem().setLabel("bottom", _tr(X_LABELS[self.pane]))
            self._on_font_scale_changed(theme.font_scale())
        super().changeEvent(event)

    def _on_font_scale_changed(self, scale: float) -> None:
        item = self.getPlotItem()
        scale_title(item, _tr(PANE_TITLES[self.pane]), scale)
        scale_plot(item, scale)
        scale_legend(self.legend, scale)
        self.setMinimumHeight(int(MIN_PANE_HEIGHT * max(1.0, scale)))

    def clear_curves(self) -> None:
        for curve in self.curves.values():
            self.removeItem(curve)
        self.legend.clear()
        self.marker.setData([], [])
        self.marker.hide()
        self.curves, self.series, self._data = {}, {}, {}
        self._marked = None
        if not self.scale_chosen_by_user:
            self.set_log_y(False)
        scale_plot(self.getPlotItem(), theme.font_scale())  # tick labels' room starts afresh

    @property
    def log_y(self) -> bool:
        return bool(self.getPlotItem().getAxis("left").logMode)

    def set_log_y(self, log_y: bool) -> None:
        """The pane's own choice of scale (the user's, from the plot menu, goes the same way)."""
        if log_y != self.log_y:
            self._choosing_scale = True
            try:
                self.setLogMode(y=log_y)
            finally:
                self._choosing_scale = False

    def _on_log_y_toggled(self, _log_y: bool) -> None:
        if not self._choosing_scale:
            self.scale_chosen_by_user = True  # never overruled afterwards
        self.live_range.forget_shown()  # its ranges were in the other scale
        if self._marked is not None:
            self.mark(*self._marked)  # the ring is not transformed with the curves

    def _choose_scale(self) -> None:
        """Log when every value is positive and they span at least LOG_SPAN; else linear."""
        if self.scale_chosen_by_user or self._user_holds_view():
            return
        values = [ys for _xs, ys in self._data.values() if len(ys)]
        if not values:
            return
        finite = np.concatenate(values).astype(np.float64)
        finite = finite[np.isfinite(finite)]
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
            self.set_log_y(low > 0 and high >= LOG_SPAN * low)

    def show_series(self, points: ScalarSeries, revision_changed: bool) -> None:
        """Create the curve of `points` if new; refresh its data when it grew."""
        curve = self.curves.get(points.name)
        if curve is None:
            if len(self.curves) >= MAX_CURVES_PER_PANE:
                return
            colour = SERIES_COLOURS[len(self.curves) % len(SERIES_COLOURS)]
            curve = self.plot([], [], name=display_name(points), pen=pg.mkPen(colour, width=2))
            self.curves[points.name] = curve
            self.series[points.name] = points
        elif not revision_changed:
            return
        few = len(points) < FEW_POINTS
        steps, values = points.steps_array(), points.values_array()
        self._data[points.name] = (steps, values)
        curve.setData(
            steps,
            values,
            symbol="o" if few else None,
            symbolSize=6,
            symbolPen=None,
            symbolBrush=curve.opts["pen"].color(),
        )

    def fit_view(self) -> None:
        """After new data: keep it in view (live: in steps, see `LiveRange`; else auto-range)."""
        if self.log_capable:
            self._choose_scale()
        if self.live_range.following:
            self.live_range.follow(data_bounds(self._data.values(), self.log_y))
        else:
            settle(self.getPlotItem())

    def _user_holds_view(self) -> bool:
        """The user panned or zoomed (a change of scale would reset the view to auto-range)."""
        view_box = self.getPlotItem().getViewBox()
        return not self.live_range.following and not any(view_box.autoRangeEnabled())

    def mark(self, name: str, index: int) -> None:
        """Ring the point `index` of the series `name` (the step last clicked)."""
        points = self.series[name]
        self._marked = (name, index)
        value = float(points.values[index])
        if self.log_y:  # (the curves are drawn at log10 of their values; the ring is not)
            value = math.log10(value) if value > 0 else math.nan
        self.marker.setData([points.steps[index]], [value])
        self.marker.show()

    def _on_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        picked = self.pick(event.scenePos())  # type: ignore[attr-defined]
        if picked is not None:
            event.accept()  # type: ignore[attr-defined]
            self.mark(*picked)
            self.point_picked.emit(*picked)

    def pick(self, scene_pos: QPointF) -> tuple[str, int] | None:
        """The (series name, point index) drawn nearest `scene_pos`, if close enough."""
        best: tuple[float, str, int] | None = None
        view_box = self.getPlotItem().getViewBox()
        for name, points in self.series.items():
            found = nearest_point(view_box, scene_pos, points.steps_array(), points.values_array())
            if found is not None and (best is None or found[1] < best[0]):
                best = (found[1], name, found[0])
        return None if best is None else (best[1], best[2])


class PlotsPanel(QWidget):
    """The training plots dock: a placeholder until the run trains, then one pane per kind."""

    step_clicked = Signal(int)  # tape id of the clicked point
    point_clicked = Signal(str, int)  # series name, step (the x value of the point)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plots")
        self.placeholder = QLabel()
        self.placeholder.setObjectName("plots_placeholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder.setContentsMargins(24, 12, 24, 12)
        self.panes = {pane: PlotPane(pane, log_capable=pane == LOSSES) for pane in PANES}
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in self.panes.values():
            self.splitter.addWidget(pane)
            pane.setVisible(False)
            pane.point_picked.connect(self._on_point_picked)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.splitter)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.stack, 1)
        self._revisions: dict[str, int] = {}
        self._on_font_scale_changed(theme.font_scale())
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange:
            self._on_font_scale_changed(theme.font_scale())
        super().changeEvent(event)

    def _on_font_scale_changed(self, scale: float) -> None:
        self.placeholder.setFont(theme.ui_font(scaled_points(PLACEHOLDER_POINT_SIZE, scale)))
        heading = scaled_points(PLACEHOLDER_POINT_SIZE + 2, scale)
        self.placeholder.setText(
            f"<p style='font-size:{heading:.1f}pt'><b>{_tr(PLACEHOLDER_HEADING)}</b></p>"
            f"<p>{_tr(PLACEHOLDER_TEXT)}</p>"
        )

    @property
    def training(self) -> bool:
        """True once the panes (not the placeholder) are shown."""
        return self.stack.currentWidget() is self.splitter

    def clear_series(self) -> None:
        """A new run: drop every curve and show the placeholder."""
        for pane in self.panes.values():
            pane.clear_curves()
            pane.setVisible(False)
        self._revisions = {}
        self.stack.setCurrentWidget(self.placeholder)

    def update_series(
        self,
        series: Mapping[str, ScalarSeries],
        variables: Iterable[VariableLike] = (),
        new_panes: int | None = None,
    ) -> bool:
        """Add curves for new series and refresh those that grew (`variables` lets counters
        such as an optimizer's int64 `iterations` be left out). Returns whether everything is
        drawn: with `new_panes`, at most that many panes get new curves in this call (making
        curves is the costly part, ~5 ms each: a live redraw spreads them over its ticks)."""
        panes = panes_of(series, variables)
        if not is_training(panes):
            self.stack.setCurrentWidget(self.placeholder)
            return True
        self.stack.setCurrentWidget(self.splitter)
        complete = True
        for pane, members in panes.items():
            widget = self.panes[pane]
            if new_panes is not None and any(p.name not in widget.curves for p in members):
                if new_panes <= 0:
                    complete = False
                    continue  # the next call makes its curves
                new_panes -= 1
            widget.setVisible(bool(members))
            grew = False
            for points in members:
                changed = self._revisions.get(points.name) != points.revision
                if changed:
                    self._revisions[points.name] = points.revision
                    grew = True
                widget.show_series(points, changed)
            if grew:
                widget.fit_view()
        return complete

    def set_live(self, live: bool) -> None:
        """A run started (True: views grow in steps) or ended (False: fit the data tightly)."""
        for pane in self.panes.values():
            if live:
                pane.live_range.start()
            else:
                pane.live_range.stop()
                settle(pane.getPlotItem())

    def update_session(self, session: object, new_panes: int | None = None) -> bool:
        """`update_series` with a `Session`'s series and variables."""
        variables = session.variables.values()  # type: ignore[attr-defined]
        return self.update_series(session.series, variables, new_panes)  # type: ignore[attr-defined]

    # --- reading back (tests, the main window) --------------------------------------------------

    def curve_names(self) -> list[str]:
        return [name for pane in self.panes.values() for name in pane.curves]

    def pane_of(self, name: str) -> str | None:
        return next((p for p, pane in self.panes.items() if name in pane.curves), None)

    def curve_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The (steps, values) the curve of `name` was given."""
        pane = self.panes[self.pane_of(name) or PARAMETERS]
        x, y = pane.curves[name].getOriginalDataset()
        return (np.zeros(0), np.zeros(0)) if x is None else (np.asarray(x), np.asarray(y))

    def curve_points(self, name: str) -> int:
        """How many points the curve of `name` shows."""
        return len(self.curve_data(name)[0])

    def _on_point_picked(self, name: str, index: int) -> None:
        pane = self.panes[self.pane_of(name) or PARAMETERS]
        points = pane.series[name]
        self.point_clicked.emit(name, int(points.steps[index]))
        tape_id = points.tape_at(index)
        if tape_id is not None:
            self.step_clicked.emit(tape_id)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Plots", text)
