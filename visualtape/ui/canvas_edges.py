"""Arrows of the tape canvas.

The grey arrows are drawn by a few `EdgeLayer` items (one per tile of the scene, each a single
drawLines and a single path of arrow heads, built once), so a 10,000-node graph costs a few dozen
Python paint calls for its edges. The few edges the current step is about get an `EdgeItem`
overlay in the call's colour, shown only while active.

Level of detail: antialiased lines cost ~4x aliased ones per pixel in Qt's raster engine, and a
big tape's full repaint (each step that pans the view) is dominated by them, so tapes with more
than `SMOOTH_EDGES_MAX` arrows draw their grey arrows aliased, one device pixel wide, with open
heads drawn as lines in the same call (filled heads mean a path fill clipped per repaint).
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
SMOOTH_EDGES_MAX = 400  # arrows up to which grey edges are antialiased (every lecture sample)


def edge_line(source: NodeItem, target: NodeItem) -> QLineF:
    """From the source's border to the target's border."""
    return QLineF(source.boundary_point(target.pos()), target.boundary_point(source.pos()))


def head_strokes(line: QLineF, size: float = ARROW) -> tuple[QLineF, QLineF]:
    """The two barbs of an open arrow head at the end of `line` (cheap: drawn as lines)."""
    angle = math.atan2(-line.dy(), line.dx())
    tip = line.p2()
    left, right = angle - math.pi / 7, angle + math.pi / 7
    return (
        QLineF(tip, tip - QPointF(math.cos(left) * size, -math.sin(left) * size)),
        QLineF(tip, tip - QPointF(math.cos(right) * size, -math.sin(right) * size)),
    )


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

    def __init__(self, pairs: list[tuple[NodeItem, NodeItem]], smooth: bool = True) -> None:
        super().__init__()
        self.smooth = smooth  # antialiased (small tapes) or aliased hairlines (big ones)
        self.setZValue(0.0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self._pairs = pairs
        self._lines: list[QLineF] = []
        self._heads = QPainterPath()  # filled heads (smooth) ...
        self._barbs: list[tuple[QLineF, QLineF]] = []  # ... or two barbs per line (aliased)
        self._boxes = np.zeros((0, 4))  # per line: left, top, right, bottom (with its head)
        self._bounds = QRectF()
        self.adjust()

    def adjust(self) -> None:
        """Recompute every line (node geometry changed, e.g. presentation fonts)."""
        self.prepareGeometryChange()
        self._lines = [edge_line(s, t) for s, t in self._pairs]
        self._lines = [line for line in self._lines if line.length() >= 1]
        heads = QPainterPath()
        if self.smooth:
            for line in self._lines:
                heads.addPath(arrow_head(line))
        self._heads = heads
        self._barbs = [] if self.smooth else [head_strokes(line) for line in self._lines]
        ends = np.array([(ln.x1(), ln.y1(), ln.x2(), ln.y2()) for ln in self._lines])
        ends = ends.reshape(-1, 4)
        pad = ARROW + 4
        self._boxes = np.column_stack(
            (
                np.minimum(ends[:, 0], ends[:, 2]) - pad,
                np.minimum(ends[:, 1], ends[:, 3]) - pad,
                np.maximum(ends[:, 0], ends[:, 2]) + pad,
                np.maximum(ends[:, 1], ends[:, 3]) + pad,
            )
        )
        if len(self._boxes):
            left, top = self._boxes[:, :2].min(axis=0)
            right, bottom = self._boxes[:, 2:].max(axis=0)
            self._bounds = QRectF(left, top, right - left, bottom - top)
        else:
            self._bounds = QRectF()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        colour = QColor(theme.EDGE)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        smooth = self.smooth and lod >= TEXT_LOD  # zoomed far out: hairlines, AA buys nothing
        was_smooth = bool(painter.renderHints() & QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        width = max(1.0, 1.6 * lod) if smooth else 1.0
        pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        pen.setCosmetic(True)  # device pixels: Qt's line rasteriser, not the path stroker
        painter.setPen(pen)
        heads = lod >= TEXT_LOD / 2  # hidden when zoomed far out
        shown = self._shown(option.exposedRect)
        if self.smooth:
            painter.drawLines(self._lines if shown is None else [self._lines[i] for i in shown])
            if heads:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(colour))
                painter.drawPath(self._heads)
        else:
            picked = range(len(self._lines)) if shown is None else shown
            strokes = [self._lines[i] for i in picked]
            if heads:
                strokes += [barb for i in picked for barb in self._barbs[i]]
            painter.drawLines(strokes)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, was_smooth)  # nodes stay smooth

    def _shown(self, exposed: QRectF) -> list[int] | None:
        """Lines whose box meets the exposed area (None: all of them). Qt's cosmetic
        rasteriser clips lines itself; this only saves handing it thousands of QLineF."""
        boxes = self._boxes
        inside = (
            (boxes[:, 2] >= exposed.left())
            & (boxes[:, 0] <= exposed.right())
            & (boxes[:, 3] >= exposed.top())
            & (boxes[:, 1] <= exposed.bottom())
        )
        return None if inside.all() else np.flatnonzero(inside).tolist()


def edge_layers(pairs: list[tuple[NodeItem, NodeItem]], cell: float = TILE) -> list[EdgeLayer]:
    """Arrows grouped into tiles by their midpoint, so repainting one region repaints only
    the arrows near it; antialiased only when there are few (see the module's docstring)."""
    smooth = len(pairs) <= SMOOTH_EDGES_MAX
    tiles: dict[tuple[int, int], list[tuple[NodeItem, NodeItem]]] = {}
    for source, target in pairs:
        middle = (source.pos() + target.pos()) / 2
        tiles.setdefault((int(middle.x() // cell), int(middle.y() // cell)), []).append(
            (source, target)
        )
    return [EdgeLayer(group, smooth) for group in tiles.values()]


class EdgeItem(QGraphicsItem):
    """One arrow highlighted in the colour of the step that uses it; hidden when inactive.

    Like the nodes, it eases with the step animation (`anim` 0 -> 1): an arrow the step starts
    using fades in, the one it stops using fades out (and is then taken out of the scene).
    """

    def __init__(self, source: NodeItem, target: NodeItem) -> None:
        super().__init__()
        self.source = source
        self.target = target
        self.look = EdgeLook()
        self._before = EdgeLook()  # the look of the frame before (drawn while fading out)
        self.anim = 1.0
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
        self._before = self.look
        self.look = look
        self.setVisible(look.active or self._before.active)  # the canvas drops it once faded
        self.update()
        return True

    def drawn(self) -> tuple[EdgeLook, float]:
        """The look to draw and its opacity at this point of the step animation."""
        if self.look.active:
            return self.look, (1.0 if self._before.active else self.anim)
        return self._before, (1.0 - self.anim if self._before.active else 0.0)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        look, level = self.drawn()
        if self._line.length() < 1 or level <= 0.0:
            return
        call = look.call_index
        colour = QColor(theme.ACTIVE) if call is None else theme.call_colour(call)
        colour.setAlphaF(level)
        painter.setPen(QPen(colour, 3.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(self._line)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawPath(self._head)
