"""The view range of a live plot: it grows in steps with headroom instead of re-fitting each frame.

Re-fitting data that grows every frame changes the axes every frame: pyqtgraph regenerates the
tick text and paints the plot twice, three to four times the cost of a frame whose axes stay put
(and the tick labels jitter 30 times a second). While a script runs, a step axis extends to the
next nice number (1, 2, 2.5, 5 × 10^k) past the last step and a value axis to the data plus
headroom on the side it outgrew. Plotted series keep their history, so their bounds only grow:
this shows everything auto-range would. When the run ends, auto-range fits the data tightly
again; a pan or zoom by the user ends the following.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg

HEADROOM = 0.15  # share of the span added on the side a value axis outgrew
MIN_STEPS = 10  # a step axis shows at least this many steps (fewer moves in a run's first steps)
Bounds = tuple[float, float, float, float]  # x_min, x_max, y_min, y_max (view coordinates)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at least `value` (> 0).

    >>> nice_ceiling(7), nice_ceiling(20), nice_ceiling(301), nice_ceiling(0.3)
    (10.0, 20.0, 500.0, 0.5)
    """
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= value * (1 - 1e-12):
            return factor * power
    return 10.0 * power


def data_bounds(
    points: Iterable[tuple[np.ndarray, np.ndarray]], log_y: bool = False
) -> Bounds | None:
    """The bounds of the finite points of every (xs, ys) pair; y as log10 when `log_y` (only
    positive values count). None when there is no such point."""
    found: list[Bounds] = []
    for xs, ys in points:
        x, y = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log10(np.where(y > 0, y, np.nan)) if log_y else y
        keep = np.isfinite(x) & np.isfinite(y)
        if keep.any():
            x, y = x[keep], y[keep]
            found.append((float(x.min()), float(x.max()), float(y.min()), float(y.max())))
    if not found:
        return None
    x0, x1, y0, y1 = zip(*found, strict=True)
    return min(x0), max(x1), min(y0), max(y1)


def grown(low: float, high: float, shown: tuple[float, float] | None) -> tuple[float, float]:
    """A value axis showing [low, high]: `shown` itself when it already does, else widened with
    HEADROOM on the side(s) the data outgrew."""
    if shown is not None and shown[0] <= low and high <= shown[1]:
        return shown
    new_low = low if shown is None else min(low, shown[0])
    new_high = high if shown is None else max(high, shown[1])
    pad = HEADROOM * ((new_high - new_low) or max(abs(new_high), 1.0))
    if shown is None or low < shown[0]:
        new_low -= pad
    if shown is None or high > shown[1]:
        new_high += pad
    return new_low, new_high


def steps_axis(low: float, high: float) -> tuple[float, float]:
    """A step axis from `low` to the next nice number of steps past `high` (MIN_STEPS at least)."""
    return low, low + nice_ceiling(max(high - low, MIN_STEPS))


class LiveRange:
    """Drives one view box's range while a run is live (see the module docstring).

    `steps_x`: the x axis counts steps (grows to nice numbers); otherwise x grows like y.
    """

    def __init__(self, view_box: pg.ViewBox, steps_x: bool = True) -> None:
        self.view_box = view_box
        self.steps_x = steps_x
        self.following = False
        self.changes = 0  # how many times the range moved (tests)
        self._shown: tuple[tuple[float, float], tuple[float, float]] | None = None
        view_box.sigRangeChangedManually.connect(self._on_user_range)

    def start(self) -> None:
        """A run started: follow its data from now on."""
        self.following, self._shown = True, None
        self.view_box.disableAutoRange()

    def stop(self) -> None:
        """The run ended: fit the data tightly (auto-range), unless the user took over."""
        if self.following:
            self.following = False
            self.view_box.enableAutoRange()

    def follow(self, bounds: Bounds | None) -> None:
        """Make sure the data within `bounds` is in view, moving the range only when it is not."""
        if not self.following or bounds is None:
            return
        x0, x1, y0, y1 = bounds
        old_x, old_y = self._shown if self._shown is not None else (None, None)
        if self.steps_x:
            fits = old_x is not None and old_x[0] <= x0 and x1 <= old_x[1]
            x_range = old_x if fits and old_x is not None else steps_axis(x0, x1)
        else:
            x_range = grown(x0, x1, old_x)
        y_range = grown(y0, y1, old_y)
        if (x_range, y_range) == self._shown:
            return
        self._shown = (x_range, y_range)
        self.changes += 1
        self.view_box.setRange(xRange=x_range, yRange=y_range, padding=0.02)

    def forget_shown(self) -> None:
        """The axes changed scale: the next `follow` sets the range afresh."""
        self._shown = None

    def _on_user_range(self, *_args: object) -> None:
        self.following = False  # pyqtgraph has turned auto-range off; the user's range stays
