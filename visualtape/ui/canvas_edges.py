"""Arrows of the tape canvas.

All arrows are drawn by ONE `EdgeLayer` item (a single drawLines and a single path of arrow
heads, built once), so a 10,000-node graph costs one Python paint call for its edges. The few
edges the current step is about get an `EdgeItem` overlay in the call's colour, shown only
while active.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from visualtape.ui import theme
from visualtape.ui.canvas_items import TEXT_LOD, NodeItem
from visualtape.ui.scene_spec import EdgeLook

ARROW = 11.0
TILE = 1200.0  # scene pixels per edge tile


def edge_line(source: NodeItem, target: NodeItem) -> QLineF:
    """From the source's border to the target's border."""
    return QLineF(source.boundary_point(target.pos()), target.boundary_point(source.pos()))


def arrow_head(line: QLineF, size: float = ARROW) -> QPainterPath:
    """A filled triangle at the end of `line`."""
    angle = math.atan2(-line.dy(), line.dx())
    tip = line.p2()
    path = QPainterPath(tip)
    for turn in (angle - math.pi / 7, angle + math.pi / 7):
        path.lineTo(tip - QPointF(math.cos(turn) * size, -math.sin(turn) * size))
    path.closeSubpath()
    return path


class EdgeLayer(QGraphicsItem):
    """Every arrow of one tape in grey, painted in one go (heads hidden when zoomed out)."""

    def __init__(self, pairs: list[tuple[NodeItem, NodeItem]]) -> None:
        super().__init__()
        self.setZValue(0.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._pairs = pairs
        self._ends = np.zeros((0, 4))
        self._lines: list[QLineF] = []
        self._heads = QPainterPath()
        self._bounds = QRectF()
        self.adjust()

    def adjust(self) -> None:
        """Recompute every line (node geometry changed, e.g. presentation fonts)."""
        self.prepareGeometryChange()
        self._lines = [edge_line(s, t) for s, t in self._pairs]
        self._lines = [line for line in self._lines if line.length() >= 1]
        heads = QPainterPath()
        for line in self._lines:
            heads.addPath(arrow_head(line))
        self._heads = heads
        self._ends = np.array(
            [(ln.x1(), ln.y1(), ln.x2(), ln.y2()) for ln in self._lines], dtype=np.float64
        ).reshape(-1, 4)
        bounds = heads.boundingRect()
        for line in self._lines:
            bounds = bounds.united(QRectF(line.p1(), line.p2()).normalized())
        self._bounds = bounds.adjusted(-4, -4, 4, 4)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        colour = QColor(theme.EDGE)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < TEXT_LOD:  # zoomed far out: thousands of hairlines, antialiasing buys nothing
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(colour, max(1.0, 1.6 * lod), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        pen.setCosmetic(True)  # device pixels: Qt's fast line rasteriser, not the stroker
        painter.setPen(pen)
        # Only the visible pieces: antialiased stroking of lines thousands of pixels long (a
        # wide graph at a readable zoom) costs milliseconds each even when clipped away.
        painter.drawLines(clip_lines(self._ends, option.exposedRect.adjusted(-8, -8, 8, 8)))
        if lod >= TEXT_LOD / 2:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            painter.drawPath(self._heads)


def clip_lines(ends: np.ndarray, rect: QRectF) -> list[QLineF]:
    """The parts of segments (rows x1, y1, x2, y2) inside `rect` (Liang-Barsky, vectorised).

    >>> clip_lines(np.array([[0.0, 0.0, 100.0, 0.0]]), QRectF(10, -5, 20, 10))
    [PySide6.QtCore.QLineF(10.000000, 0.000000, 30.000000, 0.000000)]
    """
    if len(ends) == 0:
        return []
    x1, y1, x2, y2 = ends.T
    dx, dy = x2 - x1, y2 - y1
    low, high = np.zeros(len(ends)), np.ones(len(ends))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in (
            (-dx, x1 - rect.left()),
            (dx, rect.right() - x1),
            (-dy, y1 - rect.top()),
            (dy, rect.bottom() - y1),
        ):
            t = q / p
            low = np.where(p < 0, np.maximum(low, t), low)
            high = np.where(p > 0, np.minimum(high, t), high)
            low = np.where((p == 0) & (q < 0), 2.0, low)  # parallel and outside
    keep = np.nonzero(low <= high)[0]
    a, b = low[keep], high[keep]
    xs, ys, ddx, ddy = x1[keep], y1[keep], dx[keep], dy[keep]
    return [
        QLineF(xa, ya, xb, yb)
        for xa, ya, xb, yb in zip(
            (xs + a * ddx).tolist(), (ys + a * ddy).tolist(),
            (xs + b * ddx).tolist(), (ys + b * ddy).tolist(), strict=True,
        )
    ]  # fmt: skip


def edge_layers(pairs: list[tuple[NodeItem, NodeItem]], cell: float = TILE) -> list[EdgeLayer]:
    """Arrows grouped into tiles by their midpoint, so repainting one region repaints only
    the arrows near it."""
    tiles: dict[tuple[int, int], list[tuple[NodeItem, NodeItem]]] = {}
    for source, target in pairs:
        middle = (source.pos() + target.pos()) / 2
        tiles.setdefault((int(middle.x() // cell), int(middle.y() // cell)), []).append(
            (source, target)
        )
    return [EdgeLayer(group) for group in tiles.values()]


class EdgeItem(QGraphicsItem):
    """One arrow highlighted in the colour of the step that uses it; hidden when inactive."""

    def __init__(self, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.source = source
        self.target = target
        self.look = EdgeLook()
        self.setZValue(0.5)
        self.setVisible(False)
        self._line = QLineF()
        self._head = QPainterPath()
        self._bounds = QRectF()
        self.adjust()

    def adjust(self) -> None:
        """Recompute the end points from the node positions."""
        self.prepareGeometryChange()
        self._line = edge_line(self.source, self.target)
        self._head = arrow_head(self._line, ARROW + 3)
        pad = ARROW + 6
        self._bounds = (
            QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-pad, -pad, pad, pad)
        )

    def set_look(self, look: EdgeLook) -> bool:
        if look == self.look:
            return False
        self.look = look
        self.setVisible(look.active)
        self.update()
        return True

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._line.length() < 1:
            return
        call = self.look.call_index
        colour = QColor(theme.ACTIVE) if call is None else theme.call_colour(call)
        painter.setPen(QPen(colour, 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(self._line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawPath(self._head)
