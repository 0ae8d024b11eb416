"""Folded boxes on the canvas, the inspector following the step, readable fitted zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.model import Session
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.canvas_items import FoldItem
from visualtape.ui.code_view import CodeView
from visualtape.ui.inspector import FOLLOWING, PINNED, Inspector
from visualtape.ui.player import Player
from visualtape.ui.player_bar import PlayerBar
from visualtape.ui.presenter import TapePresenter
from visualtape.ui.tapes_panel import TapesPanel


class Views:
    def __init__(self, qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
        self.root = QWidget()
        self.root.resize(1000, 700)
        self.player, self.canvas, self.inspector = Player(), GraphCanvas(), Inspector()
        self.presenter = TapePresenter(
            self.player, self.canvas, PlayerBar(self.player), CodeView(), self.inspector,
            TapesPanel(),
        )  # fmt: skip
        layout = QHBoxLayout(self.root)
        layout.addWidget(self.canvas, 1)
        self.inspector.setFixedWidth(300)
        layout.addWidget(self.inspector)
        qtbot.addWidget(self.root)
        self.root.show()
        qtbot.waitExposed(self.root)
        self.presenter.reset(session, None)


def _session(body) -> Session:  # type: ignore[no-untyped-def]
    with trace.collecting() as events:
        body()
    return Session.from_events(list(events))


def _loop() -> None:
    w = ve.Variable(0.5, name="w")
    x = ve.constant(1.0)
    with ve.GradientTape() as tape:
        for _ in range(40):
            x = x * w + 1.0
    tape.gradient(x, w)


def _regression() -> None:
    w = ve.Variable(2.0, name="w")
    b = ve.Variable(1.0, name="b")
    x_data = ve.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    y_data = ve.constant([3.0, 5.0, 7.0, 9.0, 11.0, 13.0])
    with ve.GradientTape() as tape:
        prediction = w * x_data + b
        loss = ve.reduce_mean(ve.square(prediction - y_data))
    tape.gradient(loss, [w, b])
    del prediction


def test_a_repeated_loop_body_is_one_box_that_lights_up_per_op(qtbot) -> None:  # type: ignore[no-untyped-def]
    views = Views(qtbot, _session(_loop))
    folds = [i for i in views.canvas.node_items().values() if isinstance(i, FoldItem)]
    assert len(folds) == 1 and len(views.canvas.node_items()) < 10
    box = folds[0]
    assert box.display_texts() == ["×40 multiply → add", "80 ops folded"]
    views.player.seek(4)
    assert box.look.active and box.display_texts()[1] == "▶ multiply"
    views.player.seek(5)
    assert box.display_texts()[1] == "▶ add"
    views.canvas.select_node(box.key)
    assert "loop body repeated 40×" in views.inspector.plain_text()
    # double-click expands the box (all ops drawn), again on an op folds it back
    with qtbot.waitSignal(views.presenter.scene_ready):
        views.canvas.fold_toggled.emit(box.key)
    items = views.canvas.node_items()
    assert len(items) > 100 and not any(isinstance(i, FoldItem) for i in items.values())
    op = next(i for i in items.values() if i.spec.is_op)
    assert op.spec.fold_key == box.key
    with qtbot.waitSignal(views.presenter.scene_ready):
        views.canvas.fold_toggled.emit(op.spec.fold_key)
    assert len(views.canvas.node_items()) < 10


def test_the_inspector_follows_the_step_until_a_node_is_picked(qtbot) -> None:  # type: ignore[no-untyped-def]
    views = Views(qtbot, _session(_regression))
    views.player.seek(0)  # forward: w × x_data
    assert views.inspector.plain_text().startswith("w × x_data (tensor")
    assert views.inspector.mode_text() == FOLLOWING
    views.player.seek(len(views.presenter.timeline) - 2)  # backward: the mul step feeds w
    assert views.inspector.plain_text().splitlines()[0].startswith("w (tensor")
    views.canvas.select_node(next(k for k, i in views.canvas.node_items().items()
                                  if i.spec.label == "b"))  # fmt: skip
    assert views.inspector.plain_text().startswith("b (tensor")
    assert views.inspector.mode_text() == PINNED
    late = views.inspector.plain_text()
    views.player.seek(1)
    early = views.inspector.plain_text()
    assert early.startswith("b (tensor")
    # pinned, b's text still follows the step: its gradient is not known yet at step 1
    assert "∂loss/∂b" in late and "∂loss/∂b" not in early
    views.canvas.setFocus()
    qtbot.keyClick(views.canvas, Qt.Key.Key_Escape)
    assert views.canvas.selected_key() == "" and views.inspector.following
    assert not views.inspector.plain_text().startswith("b (tensor")


def test_unnamed_intermediates_are_named_by_their_expression(qtbot) -> None:  # type: ignore[no-untyped-def]
    views = Views(qtbot, _session(_regression))
    labels = {i.spec.label for i in views.canvas.node_items().values() if not i.spec.is_op}
    assert {"w × x_data", "prediction", "sub", "sub²", "loss"} <= labels
    assert not any(label.startswith("t") and label[1:].isdigit() for label in labels)


@pytest.mark.parametrize("width", [900, 1300])
def test_fit_never_shrinks_text_below_readable_and_follows_the_step(qtbot, width) -> None:  # type: ignore[no-untyped-def]
    views = Views(qtbot, _session(_regression))
    views.root.resize(width, 600)
    qtbot.waitUntil(lambda: views.root.width() == width)
    views.canvas.fit()
    canvas = views.canvas
    assert canvas.zoom_factor() >= canvas.min_fit_zoom - 1e-9
    for index in range(len(views.presenter.timeline)):
        views.player.seek(index)
        canvas.finish_animation()
        visible = canvas.visible_rect()
        for key in views.presenter.state.active_nodes:
            item = canvas.node_item(key)
            assert item is not None and visible.intersects(item.sceneBoundingRect()), key
