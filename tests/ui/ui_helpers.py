"""Helpers and fixtures of the UI tests: a main window with a small sample gallery, and scripts.

Scripts run in a real child process (visualtape.runner); tests wait on `run_finished`.
Set VISUALTAPE_SHOTS=/some/dir to save window screenshots at the walk-through's steps.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from visualtape.ui.main_window import MainWindow
from visualtape.ui.scene_spec import EdgeSpec, NodeSpec, SceneSpec

RUN_TIMEOUT_MS = 60_000

SCRIPTS = {
    "persistent_tape.py": '''
        """Persistent tape: two gradient calls on one graph."""
        from visualtape import engine as tf

        x = tf.constant(3.0)
        with tf.GradientTape(persistent=True) as t:
            t.watch(x)
            y = x * x
            z = y * y
        dz_dx = t.gradient(z, x)  # 108.0
        dy_dx = t.gradient(y, x)  # 6.0
        print("dz/dx", float(dz_dx), "dy/dx", float(dy_dx))
    ''',
    "spent_tape.py": '''
        """A non-persistent tape is spent after one gradient call."""
        from visualtape import engine as tf

        x = tf.constant(2.0)
        with tf.GradientTape() as t:
            t.watch(x)
            y = x * x
        print(float(t.gradient(y, x)))
        t.gradient(y, x)  # RuntimeError: the tape is spent
    ''',
    "nested_tapes.py": '''
        """Nested tapes give the second derivative."""
        from visualtape import engine as tf

        x = tf.Variable(1.0, name="x")
        with tf.GradientTape() as outer:
            with tf.GradientTape() as inner:
                y = x * x * x
            dy_dx = inner.gradient(y, x)  # 3.0
        d2y_dx2 = outer.gradient(dy_dx, x)  # 6.0
        print(float(dy_dx), float(d2y_dx2))
    ''',
    "loops_forever.py": '''
        """Records one op, then never ends (the GUI must stay responsive)."""
        from visualtape import engine as tf

        x = tf.constant(2.0)
        with tf.GradientTape() as t:
            t.watch(x)
            y = x * x
        print("recorded", flush=True)
        while True:
            pass
    ''',
}


def write_scripts(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, text in SCRIPTS.items():
        path = directory / name
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        paths[name] = path
    return paths


@pytest.fixture
def scripts(tmp_path: Path) -> dict[str, Path]:
    return write_scripts(tmp_path / "samples")


@pytest.fixture
def window(qtbot, scripts: dict[str, Path]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(samples_dir=next(iter(scripts.values())).parent)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.shutdown()


def run_and_wait(qtbot, win: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Open a script and wait (on the signal) until its run finished."""
    with qtbot.waitSignal(win.runner.run_finished, timeout=RUN_TIMEOUT_MS):
        win.open_path(str(path))


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def save_shot(win: MainWindow, name: str) -> None:
    """Save a screenshot when VISUALTAPE_SHOTS names a directory."""
    directory = os.environ.get("VISUALTAPE_SHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        win.canvas.finish_animation()
        win.grab().save(str(Path(directory) / f"{name}.png"))


def chain_spec(tape_id: int = 1, length: int = 3) -> SceneSpec:
    """t0 -op1-> t1 -op2-> ... laid out left to right on one row (canvas tests)."""
    nodes, edges = [], []
    for i in range(length):
        nodes.append(NodeSpec(f"t{i}", False, f"v{i}", "intermediate", 300.0 * i, 0.0))
        if i:
            nodes.append(NodeSpec(f"op{i}", True, "multiply", "op", 300.0 * i - 150, 0.0))
            edges += [EdgeSpec(f"t{i - 1}", f"op{i}"), EdgeSpec(f"op{i}", f"t{i}")]
    return SceneSpec(tape_id, tuple(nodes), tuple(edges))
