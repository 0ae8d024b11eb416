"""FittedView: how the graph canvas looks at its scene: zoom (wheel, Ctrl+=/-), pan (drag),
fit (readable zoom limits, the user's text zoom), following the active nodes, and one eased
move of zoom and centre together (following, refits and resizes during a step).

`GraphCanvas` (canvas.py) adds the items; it tells this view where the graph and the active
nodes are (`_graph_rect`, `_active_rect`) and whether a step is animating (`_step_animating`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QMouseEvent, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from visualtape.ui import theme

ZOOM_STEP = 1.2
NORMAL_FIT_ZOOM = 1.5  # "fit" never magnifies a small graph beyond this
PRESENTATION_FIT_ZOOM = 2.5
# "Fit" never shrinks below this: 13 pt canvas text stays >= 12 px on screen. A graph too big
# for the view is shown at this zoom around the active node; the view follows each step.
MIN_FIT_ZOOM = 0.7
PAN_MS = 220  # the view's eased moves: following the active node, refitting as chips grow
_STOPPED = QVariantAnimation.State.Stopped


@dataclass(frozen=True)
class ViewPose:
    """Where the view looks: its zoom factor and the scene point at its centre."""

    zoom: float
    centre: QPointF

    def towards(self, end: ViewPose, t: float) -> ViewPose:
        """The pose a fraction `t` of the way to `end`."""
        if t >= 1.0:
            return end
        # NOTE: the edges of the shown scene area move linearly (centre and 1/zoom do), so the
        # point that both poses show at the same place on screen stays there: a zoom reads as
        # a zoom about that point, not as a sideways drift.
        zoom = end.zoom
        if zoom != self.zoom:
            zoom = 1.0 / (1.0 / self.zoom + (1.0 / end.zoom - 1.0 / self.zoom) * t)
        return ViewPose(zoom, self.centre + (end.centre - self.centre) * t)


class FittedView(QGraphicsView):
    """A QGraphicsView that fits, follows and eases (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.auto_fit = True  # refit on resize until the user zooms or pans
        self.max_fit_zoom = NORMAL_FIT_ZOOM
        self.min_fit_zoom = MIN_FIT_ZOOM
        # One eased move of zoom and centre together, 0 -> 1 from `_move_from` to `_move_to`.
        self._move = QVariantAnimation(self)
        self._move.setDuration(PAN_MS)
        self._move.setStartValue(0.0)
        self._move.setEndValue(1.0)
        self._move.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._move.valueChanged.connect(self._on_move_value)
        self._move_from = self._move_to = ViewPose(1.0, QPointF())
        self._fitted = QRectF()  # the scene area the last fit showed
        # Ctrl+= / Ctrl+- (the user's text zoom) magnify the graph: canvas text lives in scene
        # units, so the view's zoom carries the factor (presentation mode has its own fit).
        self._text_zoom = theme.user_font_scale()
        theme.notifier().font_scale_changed.connect(self._on_font_scale_changed)

    # --- what the subclass tells ------------------------------------------------------------------
    def _graph_rect(self) -> QRectF:
        """The scene area of everything drawn (empty: nothing to fit)."""
        return QRectF()

    def _active_rect(self) -> QRectF:
        """The scene area of the nodes the current step is about."""
        return QRectF()

    def _step_animating(self) -> bool:
        return False

    # --- following and the eased moves -----------------------------------------------------------
    def visible_rect(self) -> QRectF:
        """The scene area the viewport shows."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def follow_active(self, animate: bool = True) -> bool:
        """Pan (keeping the zoom) so the active nodes are on screen; True when it panned.
        A move under way is judged by where it ends, and kept if that shows them."""
        if not animate:
            self._finish_move()
        active = self._active_rect()
        heading = self._move_to if self._moving() else self._pose()
        shown = self._shown_rect(heading)
        if active.isEmpty() or shown.contains(active):
            return False
        target = clamped_centre(active.center(), self._fitted, shown.width(), shown.height())
        self._move_view(ViewPose(heading.zoom, target), animate)
        return True

    def _pose(self) -> ViewPose:
        return ViewPose(self.zoom_factor(), self.visible_rect().center())

    def _shown_rect(self, pose: ViewPose) -> QRectF:
        """The scene area the viewport shows at `pose`."""
        view = self.viewport().rect()
        width, height = view.width() / pose.zoom, view.height() / pose.zoom
        centre = pose.centre
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)

    def _moving(self) -> bool:
        return self._move.state() != _STOPPED  # running or paused

    def _put_view(self, pose: ViewPose) -> None:
        if pose.zoom != self.zoom_factor():
            self.setTransform(QTransform.fromScale(pose.zoom, pose.zoom))
        self.centerOn(pose.centre)

    def _move_view(self, pose: ViewPose, animate: bool) -> None:
        """Show `pose`: at once, or eased from wherever the view is now (even mid-move)."""
        self._move.stop()
        if not animate:
            self._put_view(pose)
            return
        self._move_from, self._move_to = self._pose(), pose
        self._move.start()

    def _on_move_value(self, value: object) -> None:
        self._put_view(self._move_from.towards(self._move_to, float(value)))  # type: ignore[arg-type]

    def _finish_move(self) -> None:
        if self._moving():
            self._move.stop()
            self._put_view(self._move_to)

    def _show_move_at(self, progress: float) -> None:
        """Hold a move under way at `progress` of its eased course (export in-betweens)."""
        if self._moving():
            self._move.pause()
            move = self._move.easingCurve().valueForProgress(min(1.0, max(0.0, progress)))
            self._put_view(self._move_from.towards(self._move_to, move))

    @property
    def view_moving(self) -> bool:
        """Whether an eased pan or refit of the view is under way (or held by an export)."""
        return self._moving()

    # --- zoom, fit ------------------------------------------------------------------------------
    def zoom(self, factor: float) -> None:
        self.auto_fit = False
        self._move.stop()  # the user takes the view over from where it is
        current = self.transform().m11()
        factor = min(max(factor, 0.02 / current), 6.0 / current)
        self.scale(factor, factor)

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """Fit the whole graph in view, zoomed between `min_fit_zoom` and `max_fit_zoom`;
        a graph too big for that shows its active nodes (else its inputs). Refits on resize."""
        self._fit(animate=False)

    def _fit(self, animate: bool) -> None:
        """`fit`, at once or as an eased zoom and pan (a refit in the middle of a step)."""
        self.auto_fit = True
        # (Chips that later grow past this area trigger a refit, see GraphCanvas.apply.)
        rect = self._graph_rect()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-30, -30, 30, 30)
        self._fitted = rect
        view = self.viewport().rect()
        zoom = min(view.width() / rect.width(), view.height() / rect.height())
        zoom = max(self.min_fit_zoom, min(self.max_fit_zoom, zoom)) * self._text_zoom
        self._move_view(ViewPose(zoom, self._fit_centre(rect, zoom)), animate)

    def _on_font_scale_changed(self, _scale: float) -> None:
        ratio = theme.user_font_scale() / self._text_zoom
        if abs(ratio - 1.0) < 1e-9:
            return  # a presentation-only change: presentation refits itself
        self._text_zoom = theme.user_font_scale()
        if self.auto_fit:
            self.fit()
        else:  # the user zoomed by hand: keep their view, magnified around its centre
            self._finish_move()
            centre = self.visible_rect().center()
            self.scale(ratio, ratio)
            self.centerOn(centre)

    def fit_whole(self) -> None:
        """Show the whole graph however small (the overview), whatever the text zoom."""
        kept = self.min_fit_zoom, self._text_zoom
        self.min_fit_zoom, self._text_zoom = 0.0, 1.0
        self.fit()
        self.min_fit_zoom, self._text_zoom = kept
        self.auto_fit = False

    def _fit_centre(self, rect: QRectF, zoom: float) -> QPointF:
        """Where to centre a fitted view: the graph's centre if it fits, else the active nodes
        or, before any step, the graph's left (inputs) end."""
        view = self.viewport().rect()
        width, height = view.width() / zoom, view.height() / zoom
        if width >= rect.width() and height >= rect.height():
            return rect.center()
        active = self._active_rect()
        focus = active.center() if not active.isEmpty() else rect.topLeft()
        return clamped_centre(focus, rect, width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.auto_fit:
            # In the middle of a step (its caption took more room, say) the refit eases along
            # with the step; a resize at rest (the user's) follows at once.
            self._fit(animate=self._moving() or self._step_animating())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.itemAt(event.position().toPoint()) is None
        ):
            self.auto_fit = False  # panning by drag
            self._move.stop()
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        delta = event.angleDelta().y()
        if delta:
            self.zoom(ZOOM_STEP ** (delta / 120))
        event.accept()


def clamped_centre(focus: QPointF, rect: QRectF, width: float, height: float) -> QPointF:
    """A view centre near `focus` whose `width` × `height` view stays inside `rect` where it
    can (a graph never slides half off screen to show its first node)."""

    def clamp(value: float, low: float, high: float, size: float, span: float) -> float:
        if size >= span:
            return (low + high) / 2
        return min(max(value, low + size / 2), high - size / 2)

    return QPointF(
        clamp(focus.x(), rect.left(), rect.right(), width, rect.width()),
        clamp(focus.y(), rect.top(), rect.bottom(), height, rect.height()),
    )
