"""Training plots: one pyqtgraph curve per scalar series (losses, scalar Variables), updated live.

Curves are created once per series and fed with `setData`; only series whose revision changed
are redrawn, and the run controller's ~30 Hz poll throttles the updates.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from visualtape.session.series import ScalarSeries
from visualtape.ui import theme


class PlotsPanel(pg.PlotWidget):
    """Every scalar series of the session on one plot with a legend (x = step)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("plots")
        self.showGrid(x=True, y=True, alpha=0.25)
        self.setLabel("bottom", "step")
        self.addLegend(offset=(10, 10), labelTextSize="11pt")
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._revisions: dict[str, int] = {}

    def clear_series(self) -> None:
        """A new run: drop every curve."""
        for curve in self._curves.values():
            self.removeItem(curve)
        self._curves = {}
        self._revisions = {}

    def update_series(self, series: dict[str, ScalarSeries]) -> None:
        """Add curves for new series and refresh those that grew."""
        for name, points in series.items():
            if self._revisions.get(name) == points.revision:
                continue
            self._revisions[name] = points.revision
            curve = self._curves.get(name)
            if curve is None:
                colour = theme.CALL_COLOURS[len(self._curves) % len(theme.CALL_COLOURS)]
                curve = self.plot([], [], name=name, pen=pg.mkPen(colour, width=2))
                self._curves[name] = curve
            few = len(points) < 50  # single points (one gradient call) need a marker to show
            curve.setData(
                points.steps_array(),
                points.values_array(),
                symbol="o" if few else None,
                symbolSize=7,
                symbolBrush=curve.opts["pen"].color(),
            )

    def curve_names(self) -> list[str]:
        return list(self._curves)

    def curve_points(self, name: str) -> int:
        """How many points the curve of `name` shows."""
        x, _ = self._curves[name].getData()
        return 0 if x is None else len(x)
