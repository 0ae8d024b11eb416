"""Picking a plotted point with the mouse: the nearest data point within a few pixels.

Shared by the training plots and the parameter-space view; distances are measured in screen
pixels (so a steep curve and a flat one pick alike), without touching the curve items.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF

PICK_RADIUS_PX = 12.0


def nearest_point(
    view_box: pg.ViewBox,
    scene_pos: QPointF,
    xs: np.ndarray,
    ys: np.ndarray,
    radius_px: float = PICK_RADIUS_PX,
) -> tuple[int, float] | None:
    """(index, distance in pixels) of the point of (xs, ys) nearest `scene_pos`, or None when
    none lies within `radius_px` (or the click is outside the view box)."""
    if len(xs) == 0 or not view_box.sceneBoundingRect().contains(scene_pos):
        return None
    width, height = view_box.viewPixelSize()
    if width <= 0 or height <= 0:
        return None
    at = view_box.mapSceneToView(scene_pos)
    log_x, log_y = _log_mode(view_box)
    px = np.log10(np.clip(xs, 1e-300, None)) if log_x else np.asarray(xs, dtype=np.float64)
    py = np.log10(np.clip(ys, 1e-300, None)) if log_y else np.asarray(ys, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        distance = np.hypot((px - at.x()) / width, (py - at.y()) / height)
    distance = np.where(np.isfinite(distance), distance, np.inf)
    index = int(distance.argmin())
    best = float(distance[index])
    return (index, best) if best <= radius_px else None


def scene_point(view_box: pg.ViewBox, x: float, y: float) -> QPointF:
    """Where the data point (x, y) is drawn, in scene coordinates (tests click there)."""
    log_x, log_y = _log_mode(view_box)
    vx = float(np.log10(x)) if log_x else x
    vy = float(np.log10(y)) if log_y else y
    return view_box.mapViewToScene(QPointF(vx, vy))


def _log_mode(view_box: pg.ViewBox) -> tuple[bool, bool]:
    plot = view_box.parentItem()
    if not isinstance(plot, pg.PlotItem):
        return False, False
    return bool(plot.getAxis("bottom").logMode), bool(plot.getAxis("left").logMode)
