"""Stop, rerun and open another script at any time; errors never take the window down."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import RUN_TIMEOUT_MS, line_of, run_and_wait

from visualtape.ui.main_window import MainWindow


def test_stop_an_endless_script_keeps_what_was_recorded(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
) -> None:
    window.open_path(str(scripts["loops_forever.py"]))
    qtbot.waitUntil(lambda: "recorded" in window.console.toPlainText(), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.player.count >= 1, timeout=RUN_TIMEOUT_MS)
    assert window.runner.running
    with qtbot.waitSignal(window.runner.run_finished, timeout=RUN_TIMEOUT_MS):
        window.runner.stop()
    assert not window.runner.running
    assert "stopped" in window.console.toPlainText()
    labels = {item.spec.label for item in window.canvas.node_items().values()}
    assert {"x", "y", "multiply"} <= labels
    window.player.home()
    assert window.player_bar.caption.text() == "y = x × x = 4.0"


def test_open_another_script_while_one_runs_then_rerun(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
) -> None:
    window.open_path(str(scripts["loops_forever.py"]))
    qtbot.waitUntil(lambda: window.player.count >= 1, timeout=RUN_TIMEOUT_MS)
    run_and_wait(qtbot, window, scripts["persistent_tape.py"])
    assert window.player.count == 9
    assert "persistent_tape.py" in window.windowTitle()
    with qtbot.waitSignal(window.runner.run_finished, timeout=RUN_TIMEOUT_MS):
        window.runner.rerun()
    assert window.player.count == 9
    assert window.console.toPlainText().count("dz/dx 108.0") == 1  # console restarted


def test_a_syntax_error_is_shown_at_its_line(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "broken.py"
    script.write_text("x = 1\ny = (\n", encoding="utf-8")
    run_and_wait(qtbot, window, script)
    assert "SyntaxError" in window.console.toPlainText()
    assert window.code_view.error_line is not None
    assert "failed" in window.windowTitle()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)  # nothing to step: no crash


def test_a_runtime_error_highlights_its_line(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "fails.py"
    script.write_text(
        "from visualtape import engine as tf\n"
        "x = tf.constant(2.0)\n"
        "with tf.GradientTape() as t:\n"
        "    t.watch(x)\n"
        "    y = x * x\n"
        "raise ValueError('boom')\n",
        encoding="utf-8",
    )
    run_and_wait(qtbot, window, script)
    assert window.code_view.error_line == line_of(script, "raise ValueError")
    assert "ValueError: boom" in window.console.toPlainText()
    assert window.player.count == 1  # the recorded op stays explorable


def test_an_error_before_the_first_op_says_why_the_tape_is_empty(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    script = tmp_path / "mismatch.py"
    script.write_text(
        "import tensorflow as tf\n"
        "x = tf.Variable([[1.0, 2.0]])\n"
        "w = tf.Variable([[1.0], [2.0], [3.0]])\n"
        "with tf.GradientTape() as tape:\n"
        "    y = tf.matmul(x, w)\n",
        encoding="utf-8",
    )
    run_and_wait(qtbot, window, script)
    assert window.player.count == 0
    assert window.canvas.note.splitlines() == [
        "Tape 1 recorded no ops.",
        "The script stopped with an error: see the console.",
    ]
    assert "Matrix size-incompatible: In[0]: [1,2], In[1]: [3,1]" in window.console.toPlainText()
    assert "(at mismatch.py:5)" in window.console.toPlainText()


def test_a_tape_of_an_unwatched_constant_hints_at_watch(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    script = tmp_path / "unwatched.py"
    script.write_text(
        "import tensorflow as tf\n"
        "x = tf.constant(3.0)\n"
        "with tf.GradientTape() as tape:\n"
        "    y = x * x\n",
        encoding="utf-8",
    )
    run_and_wait(qtbot, window, script)
    assert window.canvas.note.splitlines()[0] == "Tape 1 recorded no ops."
    assert "tape.watch(x)" in window.canvas.note
    window.set_language("ja")
    assert window.canvas.note.startswith("テープ 1 は演算を一つも記録しませんでした。")
    window.set_language("en")


def test_presentation_mode_hides_docks_and_restores_them(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    scripts: dict[str, Path],
) -> None:
    run_and_wait(qtbot, window, scripts["persistent_tape.py"])
    window.presentation.enter()
    assert not any(dock.isVisible() for dock in window.docks.values())
    assert window.isFullScreen()
    window.presentation.leave()
    assert window.docks["inspector"].isVisible() and not window.isFullScreen()


def test_training_plots_follow_the_scalar_series(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "train.py"
    script.write_text(
        "from visualtape import engine as tf\n"
        "w = tf.Variable(0.0, name='w')\n"
        "for step in range(5):\n"
        "    with tf.GradientTape() as t:\n"
        "        loss = (w - 3.0) * (w - 3.0)\n"
        "    w.assign_sub(0.1 * t.gradient(loss, w))\n",
        encoding="utf-8",
    )
    run_and_wait(qtbot, window, script)
    names = window.plots.curve_names()
    assert "w" in names
    assert window.plots.curve_points("w") == 6  # the initial value and five updates
    assert len(window.tapes_panel.rows()) == 10  # five tapes, one gradient call each


def test_an_error_in_a_module_beside_the_script_names_its_file(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    (tmp_path / "util.py").write_text(
        "def scale(v):\n    raise ValueError('negative scale')\n", encoding="utf-8"
    )
    script = tmp_path / "train.py"
    script.write_text("import util\n\nutil.scale(-1)\n", encoding="utf-8")
    run_and_wait(qtbot, window, script)
    assert "ValueError: negative scale (util.py, line 2)" in window.console.toPlainText()
    assert window.code_view.error_line == 3  # the script's own call is marked, not its line 2
