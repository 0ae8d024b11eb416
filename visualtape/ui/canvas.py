"""GraphCanvas: the tape drawn as a graph. Built once per tape, restyled per frame."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QRect,
    QRectF,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from visualtape.ui import theme
from visualtape.ui.canvas_edges import EdgeItem
from visualtape.ui.canvas_items import FoldItem, NodeItem
from visualtape.ui.canvas_scenes import SceneCache, TapeScene
from visualtape.ui.canvas_view import PAN_MS, ZOOM_STEP, FittedView
from visualtape.ui.legend import LegendWidget
from visualtape.ui.scene_spec import EdgeLook, FrameLooks, NodeLook, SceneSpec

ANIMATION_MS = 250
MAX_ANIMATED_ITEMS = 300  # bigger jumps (End, scrubbing far) restyle without animating


def _moves(item: NodeItem | EdgeItem) -> bool:
    """Whether a restyled item animates: highlights, gradients and arrows arriving or leaving."""
    if isinstance(item, EdgeItem):
        return True
    return item.look.active or item.fading_out or any(g.active for g in item.look.grads)


class GraphCanvas(FittedView):
    """The items of the shown tape, restyled per frame (zoom, pan and fit: `FittedView`);
    `node_selected` on click."""

    node_selected = Signal(str)  # node key, "" when the selection was cleared
    fold_toggled = Signal(str)  # a fold's key: double-clicked to expand (or fold back)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor(theme.BACKGROUND))
        self.setObjectName("graphCanvas")
        self._empty = QGraphicsScene(self)
        self.setScene(self._empty)
        self._scenes = SceneCache(self)
        self._current: TapeScene | None = None
        self._active: list[NodeItem] = []  # the nodes the current frame is about
        self._busy = ""  # e.g. "laying out…" while a worker builds the next scene
        self._note = ""  # shown instead of the placeholder, e.g. "This run recorded no tape"
        self.placeholder = (
            "Double-click a sample, or use File ▸ Open script… (Ctrl+O).\n"
            "Then step with ← →, play with Space, jump with Home / End."
        )
        self._animated: list[NodeItem | EdgeItem] = []
        self._fading: list[EdgeItem] = []  # arrows fading out, in the scene until they end
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(ANIMATION_MS)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._on_animation_value)
        self._animation.finished.connect(self._drop_faded_arrows)
        self.legend = LegendWidget()  # the window places it above the canvas

    # --- building ----------------------------------------------------------------------------
    @property
    def tape_id(self) -> int | None:
        return self._current.spec.tape_id if self._current else None

    def has_tape(self, tape_id: int, spec: SceneSpec | None = None) -> bool:
        """Whether a scene for `tape_id` exists (and, if `spec` is given, was built from it)."""
        built = self._scenes.get(tape_id)
        return built is not None and (spec is None or built.spec == spec)

    def show_tape(self, spec: SceneSpec) -> None:
        """Show a tape, building its items only if this exact spec was not built before."""
        built, fresh = self._scenes.scene_for(spec, self._current)
        if fresh:
            built.scene.selectionChanged.connect(self._on_selection_changed)
        switched = self._current is not built
        if switched:
            self._forget_frame()  # its items belong to another (maybe deleted) scene
        self._current = built
        self.setScene(built.scene)
        if switched:
            self.fit()

    def _forget_frame(self) -> None:
        """Drop the shown frame's animations and active nodes (the scene is going away). Its
        step ends settled: a scene kept for the tape must not come back half faded, nor with an
        arrow that faded out still in it (nothing would restyle it again)."""
        self._animation.stop()
        self._move.stop()
        for item in self._animated:
            item.anim = 1.0
        self._drop_faded_arrows()
        self._animated = []
        self._active = []

    def clear(self) -> None:
        """Forget every tape (a new run starts)."""
        self._forget_frame()
        self._current = None
        self.setScene(self._empty)
        self._scenes.clear()

    # --- per-frame restyling -----------------------------------------------------------------
    def apply(self, looks: FrameLooks, animate: bool = True) -> int:
        """Restyle every item for one frame; returns how many items changed."""
        built = self._current
        if built is None:
            return 0
        default_node, default_edge = NodeLook(), EdgeLook()
        changed: list[NodeItem | EdgeItem] = []
        if looks.changed is not None and looks.base == built.looks_serial:
            keys: Iterable[str] = looks.changed  # derived from what we show: only these differ
        else:
            keys = built.nodes
        nodes = built.nodes
        for key in keys:
            item = nodes.get(key)
            if item is not None and item.set_look(looks.nodes.get(key, default_node)):
                changed.append(item)
        built.looks_serial = looks.serial
        self._active = [built.nodes[k] for k in looks.active if k in built.nodes]
        self._drop_faded_arrows()  # the step before's fade-outs end now
        nodes_changed = len(changed)
        for edge in built.active_edges | set(looks.edges):  # only active edges differ
            arrow = built.edges.get(edge)
            if arrow is None:
                continue
            look = looks.edges.get(edge, default_edge)
            if look.active and arrow.scene() is None:
                built.scene.addItem(arrow)
            if arrow.set_look(look):
                changed.append(arrow)
                if not look.active:
                    self._fading.append(arrow)  # leaves the scene when its fade ends
        built.active_edges = {key for key, look in looks.edges.items() if look.active}
        self._start_animation(changed if animate else [])
        if not self._step_animating():
            self._drop_faded_arrows()
        grown = [
            item for item in changed[:nodes_changed] if isinstance(item, NodeItem) and item.resized
        ]
        if self.auto_fit and any(not self._fitted.contains(self._padded(i)) for i in grown):
            self._fit(animate)  # gradient chips grew beyond the fitted area
        else:
            self.follow_active(animate)
        return len(changed)

    def _graph_rect(self) -> QRectF:
        return self._current.scene.itemsBoundingRect() if self._current else QRectF()

    def _step_animating(self) -> bool:
        return self._animation.state() != QVariantAnimation.State.Stopped

    def _active_rect(self) -> QRectF:
        rect = QRectF()
        for item in self._active:
            rect = rect.united(item.sceneBoundingRect())
        return rect

    @staticmethod
    def _padded(item: NodeItem) -> QRectF:
        return item.sceneBoundingRect().adjusted(-20, -20, 20, 20)

    def _start_animation(self, changed: list[NodeItem | EdgeItem]) -> None:
        self._animation.stop()
        for item in self._animated:
            item.anim = 1.0
            item.update()
        # highlights, gradients and arrows arriving, and those of the step before leaving
        moving = [item for item in changed if _moves(item)]
        if not moving or len(moving) > MAX_ANIMATED_ITEMS:
            for item in changed:
                item.anim = 1.0  # shown at once: faded-out arrows are dropped by the caller
            self._animated = []
            return
        self._animated = moving
        for item in moving:
            item.anim = 0.0
        self._animation.start()

    def _on_animation_value(self, value: object) -> None:
        for item in self._animated:
            item.anim = float(value)  # type: ignore[arg-type]
            item.update()

    def finish_animation(self) -> None:
        """Jump every running animation to its end (rendering, tests)."""
        self._finish_move()
        self._animation.stop()
        for item in self._animated:
            item.anim = 1.0
            item.update()
        self._animated = []
        self._drop_faded_arrows()

    def _drop_faded_arrows(self) -> None:
        """Take the arrows that faded out (or are fading: a new step ends their fade) out of
        the scene: hidden items would still cost every region query."""
        built = self._current
        if built is None:
            return
        for arrow in self._fading:
            if not arrow.look.active and arrow.scene() is built.scene:
                built.scene.removeItem(arrow)
        self._fading = []

    def show_animation_at(self, progress: float) -> None:
        """Draw the step animation (and the view's pan or refit) paused at `progress` in [0, 1].

        Exports use it for eased in-between frames; the running timers are stopped, so the
        picture stays where it is put until `finish_animation`. Call it right after the step
        (before events run for PAN_MS), or the view's move has already ended.
        """
        progress = min(max(progress, 0.0), 1.0)
        if self._animation.state() == QVariantAnimation.State.Running:
            self._animation.pause()
        eased = self._animation.easingCurve().valueForProgress(progress)
        for item in self._animated:
            item.anim = eased
            item.update()
        # the view's move is shorter than the step animation: it ends at PAN_MS, as in the app
        self._show_move_at(progress * ANIMATION_MS / PAN_MS)

    @property
    def animating(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    # --- lookup (inspector, tests) -----------------------------------------------------------
    def node_item(self, key: str) -> NodeItem | None:
        return self._current.nodes.get(key) if self._current else None

    def node_items(self) -> dict[str, NodeItem]:
        return dict(self._current.nodes) if self._current else {}

    def edge_items(self) -> dict[tuple[str, str], EdgeItem]:
        return dict(self._current.edges) if self._current else {}

    def select_node(self, key: str) -> None:
        """Select one node, as a click would."""
        item = self.node_item(key)
        if item is None or self._current is None:
            return
        self._current.scene.clearSelection()
        item.setSelected(True)

    def selected_key(self) -> str:
        if self._current is None:
            return ""
        items = [i for i in self._current.scene.selectedItems() if isinstance(i, NodeItem)]
        return items[0].key if items else ""

    def clear_selection(self) -> None:
        if self._current is not None:
            self._current.scene.clearSelection()

    def event(self, event: QEvent) -> bool:
        # Esc clears a selection before any window shortcut (presentation mode) sees it.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.selected_key()
        ):
            event.accept()
            return True
        return super().event(event)

    def _on_selection_changed(self) -> None:
        self.node_selected.emit(self.selected_key())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, FoldItem):
            self.fold_toggled.emit(item.key)
        elif isinstance(item, NodeItem) and item.spec.fold_key:
            self.fold_toggled.emit(item.spec.fold_key)
        else:
            super().mouseDoubleClickEvent(event)

    def set_busy(self, text: str) -> None:
        """Show (or, with "", hide) a note over the canvas such as "laying out…"."""
        if text != self._busy:
            self._busy = text
            self.viewport().update()

    @property
    def busy_text(self) -> str:
        return self._busy

    @property
    def note(self) -> str:
        """Replaces the placeholder while no tape is shown (after a run without any)."""
        return self._note

    @note.setter
    def note(self, text: str) -> None:
        if text != self._note:
            self._note = text
            self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802 (Qt API)
        if self._busy:
            self._draw_note(painter, self._busy)
        if self._busy or (self._current is not None and self._current.nodes):
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(QColor(theme.TEXT if self._note else theme.MUTED_TEXT))
        painter.setFont(theme.ui_font(15))
        text = self._note or self.placeholder
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24), flags, text)
        painter.restore()

    def _draw_note(self, painter: QPainter, text: str) -> None:
        painter.save()
        painter.resetTransform()
        painter.setFont(theme.ui_font(15, bold=True))
        box = QRectF(self.viewport().width() / 2 - 130, 16, 260, 44)
        painter.setPen(QColor("#90a4ae"))
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(box, 10, 10)
        painter.setPen(QColor("#37474f"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_F and not ctrl:
            self.fit()
        elif ctrl and key in (Qt.Key.Key_Equal, Qt.Key.Key_Plus):
            self.zoom(ZOOM_STEP)
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Escape and self.selected_key():
            self.clear_selection()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()  # the player owns the arrow keys
        else:
            super().keyPressEvent(event)
