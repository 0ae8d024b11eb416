"""The acceptance walk-through, asserting what the window DISPLAYS at each step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from ui_helpers import line_of, run_and_wait, save_shot

from visualtape.ui.canvas_items import TensorItem
from visualtape.ui.frame_looks import PENDING
from visualtape.ui.main_window import MainWindow


def press(qtbot, win: MainWindow, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.canvas, key)


def texts(win: MainWindow, label: str) -> list[str]:
    """The texts drawn on the node whose name is `label`."""
    found = [item for item in win.canvas.node_items().values() if item.spec.label == label]
    assert len(found) == 1, f"expected one node named {label!r}, found {len(found)}"
    return found[0].display_texts()


def item_named(win: MainWindow, label: str) -> TensorItem:
    for item in win.canvas.node_items().values():
        if isinstance(item, TensorItem) and item.spec.label == label:
            return item
    raise AssertionError(label)


def op_items(win: MainWindow) -> list:  # type: ignore[type-arg]
    return sorted(
        (i for i in win.canvas.node_items().values() if i.spec.is_op), key=lambda i: int(i.key[2:])
    )


def test_window_opens_with_the_gallery(window: MainWindow, scripts: dict[str, Path]) -> None:
    assert window.docks["gallery"].isVisible()
    shown = dict(window.gallery.entries())
    path = str(scripts["persistent_tape.py"])
    assert path in shown
    assert "Persistent tape: two gradient calls on one graph." in shown[path]
    save_shot(window, "walk_1_gallery")


def test_persistent_tape_walkthrough(qtbot, window: MainWindow, scripts: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    script = scripts["persistent_tape.py"]
    with qtbot.waitSignal(window.runner.run_finished, timeout=60_000):
        window.gallery.sample_chosen.emit(str(script))
    assert "dz/dx 108.0 dy/dx 6.0" in window.console.toPlainText()

    # 2) the canvas shows x -> multiply -> y -> multiply -> z with values
    items = window.canvas.node_items()
    labels = sorted(i.spec.label for i in items.values())
    assert labels == ["multiply", "multiply", "x", "y", "z"]
    first, second = op_items(window)
    x, y, z = (item_named(window, n) for n in "xyz")
    edges = set(window.canvas.edge_items())
    assert {
        (x.key, first.key),
        (first.key, y.key),
        (y.key, second.key),
        (second.key, z.key),
    } <= edges
    assert first.display_texts() == ["×", "multiply"]
    assert x.spec.kind == "watched"
    kept = dict(items)

    # 3) stepping the forward pass: the op lights, its output value appears, the line is marked
    press(qtbot, window, Qt.Key.Key_Home)
    assert window.player.index == 0
    assert first.look.active and not second.look.active
    assert texts(window, "y")[:2] == ["y", "9.0"]
    assert texts(window, "z")[:2] == ["z", "…"] and not z.look.recorded
    assert window.code_view.current_line == line_of(script, "y = x * x")
    assert window.player_bar.caption.text() == "y = x × x = 9.0"
    save_shot(window, "walk_3_forward_step1")
    press(qtbot, window, Qt.Key.Key_Right)
    assert second.look.active and not first.look.active
    assert texts(window, "z")[:2] == ["z", "81.0"] and z.look.recorded
    assert window.code_view.current_line == line_of(script, "z = y * y")

    # 4) gradient(z, x): seed on z, then backward steps; "∂ ?" is not zero
    press(qtbot, window, Qt.Key.Key_Right)
    assert texts(window, "z")[2:] == ["∂z: 1.0"]
    assert texts(window, "x")[2:] == [PENDING] and x.look.grads[0].pending
    assert texts(window, "y")[2:] == [PENDING]
    assert window.code_view.current_line == line_of(script, "dz_dx = t.gradient(z, x)")
    press(qtbot, window, Qt.Key.Key_Right)
    assert second.look.active
    assert texts(window, "y")[2:] == ["∂z: 9.0 + 9.0 = 18.0"]
    assert texts(window, "x")[2:] == [PENDING]
    press(qtbot, window, Qt.Key.Key_Right)
    assert first.look.active and x.look.active
    assert texts(window, "x")[2:] == ["∂z: 54.0 + 54.0 = 108.0"]
    assert "18.0 · 3.0 = 54.0" in window.player_bar.caption.text()
    save_shot(window, "walk_4_backward_fan_in")

    # 7) the inspector explains the selected node at this step
    window.canvas.select_node(x.key)
    text = window.inspector.plain_text()
    assert text.startswith("x (tensor, tape 1)")
    assert "value: 3.0" in text and "dtype: float32" in text
    assert "∂z/∂x (gradient(z, x) #1): 54.0 + 54.0 = 108.0" in text
    assert "upstream ∂z/∂y = 18.0" in text
    assert "= 18.0 · 3.0 = 54.0" in text
    assert window.inspector.value_view.grid_texts() == [["3.0"]]
    assert window.inspector.gradient_view.grid_texts() == [["108.0"]]
    assert not window.inspector.arrays_shown  # scalars: the text says it all, and gets the room
    save_shot(window, "walk_7_inspector")
    window.canvas.select_node(first.key)
    text = window.inspector.plain_text()
    assert "op: multiply (×) · inputs: x → output: y" in text
    assert "backward rule: upstream × the other input" in text
    assert f"source: line {line_of(script, 'y = x * x')}" in text

    press(qtbot, window, Qt.Key.Key_Right)
    assert window.player_bar.caption.text() == "result: ∂z/∂x = 108.0"

    # 5) gradient(y, x) on the same graph, in the second call's colour
    press(qtbot, window, Qt.Key.Key_Right)
    assert [g.call_index for g in x.look.grads] == [0, 1]
    assert texts(window, "x")[2:] == ["∂z: 108.0", PENDING]
    assert texts(window, "y")[2:] == ["∂z: 18.0", "∂y: 1.0"]
    press(qtbot, window, Qt.Key.Key_End)
    assert texts(window, "x")[2:] == ["∂z: 108.0", "∂y: 3.0 + 3.0 = 6.0"]
    assert window.player_bar.caption.text() == "result: ∂y/∂x = 6.0"
    assert window.code_view.current_line == line_of(script, "dy_dx = t.gradient(y, x)")
    rows = window.tapes_panel.rows()
    assert rows[0].startswith("tape 1 · persistent · 2 ops")
    assert rows[1:] == ["  gradient(z, x) #1 = 108.0", "  gradient(y, x) #2 = 6.0"]
    # only the styles on the canvas: x is watched, y and z are intermediates
    assert window.canvas.legend.rows() == [
        "watched",
        "intermediate",
        "op (× + ∑ …)",
        "gradient(z, x) #1",
        "gradient(y, x) #2",
    ]
    save_shot(window, "walk_5_second_call")

    # the scene was built once: stepping only restyled the same items
    assert window.canvas.node_items() == kept


def test_spent_tape_shows_runtime_error_at_its_line(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
) -> None:
    script = scripts["spent_tape.py"]
    run_and_wait(qtbot, window, script)
    error_line = line_of(script, "t.gradient(y, x)  # RuntimeError")
    assert window.code_view.error_line == error_line
    assert "RuntimeError: A non-persistent GradientTape" in window.console.toPlainText()
    rows = window.tapes_panel.rows()
    assert "non-persistent" in rows[0] and rows[0].endswith(
        f"spent · line {line_of(script, 'with')}"
    )
    assert rows[1] == "  gradient(y, x) #1 = 4.0"
    assert "✗ RuntimeError" in rows[2]
    # what was recorded before the error stays explorable
    press(qtbot, window, Qt.Key.Key_End)
    assert window.player_bar.caption.text().startswith("gradient failed: RuntimeError")
    assert window.code_view.current_line == error_line
    press(qtbot, window, Qt.Key.Key_Home)
    assert texts(window, "y")[:2] == ["y", "4.0"]
    save_shot(window, "walk_5_spent_tape_error")


def test_nested_tapes_draw_inner_gradient_ops_distinctly(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
) -> None:
    run_and_wait(qtbot, window, scripts["nested_tapes.py"])
    assert window.presenter.tape is not None and window.presenter.tape.parent_id is None
    items = window.canvas.node_items().values()
    nested_ops = [i for i in items if i.spec.is_op and i.spec.nested]
    forward_ops = [i for i in items if i.spec.is_op and not i.spec.nested]
    assert len(forward_ops) == 2 and len(nested_ops) >= 4
    assert {i.spec.label for i in nested_ops} <= {"multiply", "add"}
    press(qtbot, window, Qt.Key.Key_End)
    assert texts(window, "x")[-1].endswith("= 6.0")
    assert window.player_bar.caption.text() == "result: ∂dy_dx/∂x = 6.0"
    rows = window.tapes_panel.rows()
    assert any("nested in tape 1" in row for row in rows)
    assert "  gradient(y, x) #1 = 3.0" in rows
    save_shot(window, "walk_6_nested_tapes")
    # choosing the inner tape shows it without re-running
    with qtbot.assertNotEmitted(window.runner.run_started):
        window.tapes_panel.tape_chosen.emit(2)
    assert window.canvas.tape_id == 2
    assert not any(i.spec.nested for i in window.canvas.node_items().values())


def test_home_end_space_and_scrubber(qtbot, window: MainWindow, scripts: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    run_and_wait(qtbot, window, scripts["persistent_tape.py"])
    player = window.player
    assert player.count == 9 and player.index == 8
    press(qtbot, window, Qt.Key.Key_Home)
    assert player.index == 0
    player.set_speed(50.0)
    press(qtbot, window, Qt.Key.Key_Space)
    assert player.playing
    qtbot.waitUntil(lambda: not player.playing, timeout=5000)
    assert player.index == 8
    press(qtbot, window, Qt.Key.Key_PageUp)
    assert player.index == 6  # start of gradient(y, x)
    scrubber = window.player_bar.scrubber
    for share, step in ((0.5, 4), (0.97, 8), (0.02, 0)):  # 9 frames over the band
        x = round(scrubber.width() * share)
        qtbot.mouseClick(scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x, scrubber.height() // 2))
        assert player.index == step
    x = round(scrubber.width() * 0.5)
    qtbot.mouseClick(scrubber, Qt.MouseButton.LeftButton, pos=QPoint(x, scrubber.height() // 2))
    assert window.player_bar.position.text() == f"{player.index + 1} / 9"
    press(qtbot, window, Qt.Key.Key_End)
    assert player.index == 8
