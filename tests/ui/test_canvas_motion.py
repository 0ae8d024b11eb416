"""The canvas's motion between steps: the view eases (pan, refit as chips grow), the highlight
of the step before fades out, and without animation everything lands at once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from ui_helpers import chain_spec

from visualtape.ui import theme
from visualtape.ui.canvas import GraphCanvas
from visualtape.ui.scene_spec import EdgeLook, FrameLooks, GradLine, NodeLook

WIDE = "∂loss: [24×3] μ=-1.7e-10 σ=0.0123"  # a chip wider than its tensor's box


def chips(count: int) -> NodeLook:
    """The last tensor with `count` wide gradient chips below it (the newest arriving)."""
    lines = tuple(GradLine(i, WIDE, active=i == count - 1) for i in range(count))
    return NodeLook(active=True, value_text="1.0", grads=lines)


def frame(**looks: NodeLook) -> FrameLooks:
    return FrameLooks(nodes=looks, active=tuple(key for key, look in looks.items() if look.active))


@pytest.fixture
def canvas(qtbot) -> GraphCanvas:  # type: ignore[no-untyped-def]
    """A short, wide canvas: chips growing below the last tensor change the fitted zoom."""
    view = GraphCanvas()
    qtbot.addWidget(view)
    view.resize(1200, 200)
    view.show()
    qtbot.waitExposed(view)
    view.show_tape(chain_spec(length=4))
    view.apply(frame(t3=NodeLook(active=True)), animate=False)
    view.fit()
    return view


def pose(view: GraphCanvas) -> tuple[float, float, float]:
    centre = view.visible_rect().center()
    return view.zoom_factor(), centre.x(), centre.y()


def plain_fit(view: GraphCanvas) -> tuple[float, float, float]:
    view.fit()
    return pose(view)


def test_a_refit_as_chips_grow_eases_zoom_and_centre(canvas: GraphCanvas) -> None:
    before = pose(canvas)
    canvas.apply(frame(t3=chips(3)))
    assert canvas.view_moving
    canvas.show_animation_at(0.0)
    assert pose(canvas) == pytest.approx(before)  # the step starts where the last one ended
    canvas.show_animation_at(0.5)
    halfway = pose(canvas)
    canvas.show_animation_at(1.0)
    after = pose(canvas)
    assert after[0] < 0.95 * before[0]  # the chips made the graph taller: a real zoom out
    assert after[0] < halfway[0] < before[0]
    assert min(before[2], after[2]) < halfway[2] < max(before[2], after[2])
    canvas.finish_animation()
    assert pose(canvas) == pytest.approx(after) and not canvas.view_moving
    assert plain_fit(canvas) == pytest.approx(after, abs=0.5)


def test_a_step_during_a_refit_starts_where_the_view_is(canvas: GraphCanvas) -> None:
    canvas.apply(frame(t3=chips(2)))
    canvas.show_animation_at(0.5)
    halfway = pose(canvas)
    canvas.apply(frame(t3=chips(4)))  # more chips: a new refit, from the half-way view
    canvas.show_animation_at(0.0)
    assert pose(canvas) == pytest.approx(halfway, abs=0.5)
    canvas.show_animation_at(0.5)
    assert canvas.zoom_factor() < halfway[0]
    canvas.finish_animation()
    assert pose(canvas) == pytest.approx(plain_fit(canvas), abs=0.5)


def test_a_resize_in_the_middle_of_a_step_eases_too(canvas: GraphCanvas) -> None:
    """In the window the caption under the canvas may take more room as a step shows."""
    before = canvas.zoom_factor()
    canvas.apply(frame(op3=NodeLook(active=True)))  # on screen already: the view stays
    assert canvas.animating and not canvas.view_moving
    canvas.resize(1200, 150)  # shorter: the fit zooms out
    canvas.show_animation_at(0.5)
    assert canvas.view_moving and canvas.zoom_factor() < before
    canvas.finish_animation()
    fitted = pose(canvas)
    assert fitted[0] < before
    assert plain_fit(canvas) == pytest.approx(fitted, abs=0.5)
    canvas.resize(1200, 120)  # at rest (the user's resize): the fit follows at once
    assert not canvas.view_moving and canvas.zoom_factor() < fitted[0]


def test_without_animation_nothing_moves_after_the_step(canvas: GraphCanvas) -> None:
    places = {key: item.pos() for key, item in canvas.node_items().items()}
    canvas.apply(frame(t3=chips(3)), animate=False)
    landed = pose(canvas)
    assert not canvas.view_moving and not canvas.animating
    assert landed == pytest.approx(plain_fit(canvas), abs=0.5)
    canvas.show_animation_at(0.5)
    assert pose(canvas) == landed
    assert all(item.anim == 1.0 for item in canvas.node_items().values())
    assert {key: item.pos() for key, item in canvas.node_items().items()} == places


def test_a_step_without_animation_ends_a_move_under_way(canvas: GraphCanvas) -> None:
    canvas.apply(frame(t3=chips(3)))
    canvas.show_animation_at(0.3)
    canvas.apply(frame(t3=chips(3), op1=NodeLook(active=True)), animate=False)
    assert not canvas.view_moving
    landed = pose(canvas)
    assert landed == pytest.approx(plain_fit(canvas), abs=0.5)


def test_the_old_highlight_fades_out_as_the_new_one_fades_in(canvas: GraphCanvas) -> None:
    canvas.apply(frame(op1=NodeLook(active=True, active_call=0)), animate=False)
    old, new = canvas.node_item("op1"), canvas.node_item("op2")
    assert old is not None and new is not None
    assert old.highlight()[1] == 1.0
    canvas.apply(frame(op2=NodeLook(active=True, active_call=0)))
    canvas.show_animation_at(0.0)
    assert not old.look.active and old.highlight()[1] == 1.0  # still fully lit: nothing jumps
    canvas.show_animation_at(0.5)
    colour, fading = old.highlight()
    assert 0.0 < fading < 1.0 and 0.0 < new.highlight()[1] < 1.0
    assert colour == theme.call_colour(0)  # it fades in its call's colour
    border = QColor(theme.OP_BORDER)
    pen = old.highlight_pen(border)
    assert pen is not None and 2.0 < pen.widthF() < 5.0
    canvas.finish_animation()
    assert old.highlight()[1] == 0.0 and old.highlight_pen(border) is None
    assert new.highlight()[1] == 1.0


def test_without_animation_the_old_highlight_goes_at_once(canvas: GraphCanvas) -> None:
    canvas.apply(frame(op1=NodeLook(active=True)), animate=False)
    canvas.apply(frame(op2=NodeLook(active=True)), animate=False)
    old = canvas.node_item("op1")
    assert old is not None and old.highlight()[1] == 0.0


def test_a_faded_highlight_does_not_come_back(canvas: GraphCanvas) -> None:
    """A node that lost its highlight steps ago and now receives a gradient only shows that."""
    canvas.apply(frame(t1=NodeLook(active=True)), animate=False)
    canvas.apply(frame(t2=NodeLook(active=True)))
    canvas.finish_animation()
    arriving = NodeLook(grads=(GradLine(0, "∂z: 1.0", active=True),))
    canvas.apply(frame(t1=arriving, t2=NodeLook(active=True)))
    canvas.show_animation_at(0.5)
    item = canvas.node_item("t1")
    assert item is not None and 0.0 < item.anim < 1.0 and item.highlight()[1] == 0.0


def test_a_node_active_in_both_steps_keeps_its_highlight(canvas: GraphCanvas) -> None:
    """Still active: no flash back to normal; another gradient call's colour blends in."""
    canvas.apply(frame(t2=NodeLook(active=True, active_call=0)), animate=False)
    canvas.apply(frame(t2=NodeLook(active=True, active_call=0, value_text="2.0")))
    item = canvas.node_item("t2")
    assert item is not None
    canvas.show_animation_at(0.0)
    assert item.highlight() == (theme.call_colour(0), 1.0)
    canvas.apply(frame(t2=NodeLook(active=True, active_call=1, value_text="2.0")))
    canvas.show_animation_at(0.0)
    assert item.highlight() == (theme.call_colour(0), 1.0)
    canvas.show_animation_at(0.5)
    colour, level = item.highlight()
    assert level == 1.0 and colour not in (theme.call_colour(0), theme.call_colour(1))
    canvas.finish_animation()
    assert item.highlight() == (theme.call_colour(1), 1.0)


def test_arrows_fade_in_and_out_with_the_step(canvas: GraphCanvas) -> None:
    """The arrow the step starts using fades in as the node lights up; the one the step before
    used fades out in its call's colour and then leaves the scene."""
    first, second = ("t0", "op1"), ("op1", "t1")
    canvas.apply(FrameLooks(edges={first: EdgeLook(active=True, call_index=0)}), animate=False)
    canvas.apply(FrameLooks(edges={second: EdgeLook(active=True, call_index=0)}))
    old, new = canvas.edge_items()[first], canvas.edge_items()[second]
    canvas.show_animation_at(0.0)
    assert old.drawn()[1] == 1.0 and new.drawn()[1] == 0.0  # nothing jumps at the start
    canvas.show_animation_at(0.5)
    (old_look, fading), (_, arriving) = old.drawn(), new.drawn()
    assert 0.0 < fading < 1.0 and 0.0 < arriving < 1.0 and old_look.call_index == 0
    assert old.scene() is canvas.scene()
    canvas.finish_animation()
    assert new.drawn()[1] == 1.0 and old.drawn()[1] == 0.0 and old.scene() is None


def test_switching_tapes_mid_fade_leaves_no_arrow_behind(canvas: GraphCanvas) -> None:
    """Another tape shown while an arrow fades out, then this one again: the arrow is gone
    (nothing would ever restyle it), and the kept scene shows its step settled."""
    canvas.apply(FrameLooks(edges={("t0", "op1"): EdgeLook(active=True)}), animate=False)
    arrow = canvas.edge_items()[("t0", "op1")]
    canvas.apply(frame(op2=NodeLook(active=True)))  # the arrow starts fading out
    lit = canvas.node_item("op2")
    assert canvas.animating and arrow.scene() is canvas.scene()
    canvas.show_tape(chain_spec(2, length=6))  # another shape: its own scene
    assert arrow.scene() is None
    canvas.show_tape(chain_spec(1, length=4))  # back to the kept scene
    assert canvas.node_item("op2") is lit and lit is not None and lit.anim == 1.0
    assert arrow.scene() is None
