"""How the canvas scales: build time for 2,000- and 10,000-node tapes, and per-frame step time.

    QT_QPA_PLATFORM=offscreen python benchmarks/ui_scale.py [--nodes 2000 10000] [--steps 60]

A synthetic tape (a random DAG of element-wise ops recorded by the engine, then one gradient
call) is folded into a Session; we time the session's layout, building the canvas scene from it,
the first paint, and per-frame times. "step" is a single Right-arrow step (frame_state -> looks
-> restyle, then Qt repaints the changed region); "jump" is a far seek with a forced full
repaint. Targets: 2,000 nodes open < 1 s, a step < 16 ms; 10,000 nodes a step < 30 ms. Each
time is given as wall clock and as this thread's CPU time (steadier when the machine is busy).

The tape is measured unfolded (the worst case: the app folds repeated bodies of big tapes) at
the default fitted zoom (which never shrinks text below readable size, so only part of the graph
is on screen) and, with `--whole`, zoomed out to show every node.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from visualtape import engine as ve  # noqa: E402
from visualtape.engine import trace  # noqa: E402
from visualtape.session.frame_state import frame_state  # noqa: E402
from visualtape.session.model import Session  # noqa: E402


def synthetic_events(nodes: int, seed: int = 0) -> list[object]:
    """Events of a tape with about `nodes` graph nodes (each op adds an op and a tensor)."""
    rng = random.Random(seed)
    ops = max(1, (nodes - 20) // 2)
    with trace.collecting() as events:
        leaves = [ve.constant(0.5 + 0.01 * i) for i in range(20)]
        with ve.GradientTape() as tape:
            for leaf in leaves:
                tape.watch(leaf)
            pool = list(leaves)
            for i in range(ops):
                a = pool[-1 - rng.randrange(min(len(pool), 12))]
                b = pool[rng.randrange(len(pool))]
                op = (ve.add, ve.multiply, lambda u, _: ve.sin(u))[i % 3]
                pool.append(op(a, b))
        tape.gradient(pool[-1], leaves[:4])
    return list(events)


def measure(nodes: int, steps: int, whole: bool = False) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from visualtape.ui.app import application
    from visualtape.ui.canvas import GraphCanvas
    from visualtape.ui.frame_looks import LookBuilder
    from visualtape.ui.scene_adapter import build_scene_spec

    application()
    session = Session.from_events(synthetic_events(nodes))
    tape = next(iter(session.tapes.values()))
    start = time.perf_counter()
    tape.layout()
    timeline = tape.timeline()
    layout_s = time.perf_counter() - start

    canvas = GraphCanvas()
    canvas.resize(1280, 800)
    start = time.perf_counter()
    spec = build_scene_spec(tape, threshold=None)
    canvas.show_tape(spec)
    if whole:
        canvas.fit_whole()
    looks = LookBuilder(tape)
    canvas.apply(looks.looks(frame_state(tape, timeline, 0)), animate=False)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    canvas.show()
    QApplication.processEvents()
    canvas.viewport().repaint()
    paint_s = time.perf_counter() - start

    indices = [round(i * (len(timeline) - 1) / max(1, steps - 1)) for i in range(steps)]
    indices = sorted(set(indices) | {1, 2, 3, len(timeline) - 2, len(timeline) - 1})
    jumps: dict[str, list[float]] = {"wall": [], "cpu": []}
    for index in indices:
        with _timed(jumps):
            canvas.apply(looks.looks(frame_state(tape, timeline, index)), animate=False)
            canvas.viewport().repaint()
    # single steps (the common case: Right arrow): Qt repaints only what changed
    single: dict[str, list[float]] = {"wall": [], "cpu": []}
    full: dict[str, list[float]] = {"wall": [], "cpu": []}
    for index in range(len(timeline) // 2, min(len(timeline), len(timeline) // 2 + steps)):
        with _timed(single):
            canvas.apply(looks.looks(frame_state(tape, timeline, index)), animate=False)
            QApplication.processEvents()
        with _timed(full):
            canvas.viewport().repaint()
    canvas.close()
    return {
        "nodes": float(len(spec.nodes)),
        "frames": float(len(timeline)),
        "layout_s": layout_s,
        "build_s": build_s,
        "first_paint_s": paint_s,
        "open_s": layout_s + build_s + paint_s,
        **_medians("jump", jumps),
        **_medians("step", single),
        **_medians("full_repaint", full),
    }


@contextmanager
def _timed(into: dict[str, list[float]]) -> Iterator[None]:
    """Append the block's wall time and this thread's CPU time (ms): on a loaded 2-core
    machine the CPU time is the steadier measure of our own work (painting is on this thread)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    yield
    into["cpu"].append(1000 * (time.thread_time() - cpu))
    into["wall"].append(1000 * (time.perf_counter() - wall))


def _medians(name: str, times: dict[str, list[float]]) -> dict[str, float]:
    return {f"{name}_{kind}_ms": statistics.median(values) for kind, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--whole", action="store_true", help="zoomed out to the whole graph")
    options = parser.parse_args()
    for nodes in options.nodes:
        result = measure(nodes, options.steps, options.whole)
        print(
            f"{'whole graph' if options.whole else 'fitted'}: "
            f"{int(result['nodes']):>6} nodes, {int(result['frames'])} frames: "
            f"layout {result['layout_s']:.3f} s, scene {result['build_s']:.3f} s, "
            f"first paint {result['first_paint_s']:.3f} s, open {result['open_s']:.3f} s; "
            f"step median {result['step_wall_ms']:.1f} ms (cpu {result['step_cpu_ms']:.1f}), "
            f"jump (restyle + full repaint) median {result['jump_wall_ms']:.1f} ms "
            f"(cpu {result['jump_cpu_ms']:.1f}), "
            f"full repaint alone {result['full_repaint_wall_ms']:.1f} ms "
            f"(cpu {result['full_repaint_cpu_ms']:.1f})"
        )


if __name__ == "__main__":
    main()
