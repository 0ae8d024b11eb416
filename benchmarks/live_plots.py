"""Live training plots: plot updates per second and event-loop stalls while a script trains.

    QT_QPA_PLATFORM=offscreen python benchmarks/live_plots.py [--runs 5]
        [--mode frames plots window] [--workload linear heavy] [--steps 800]

`plots` and `window` start the script in a real child process, as the app does, and wait on the
event loop until `run_finished`:
- `plots`: the run controller and the training views alone (the parameter-space view hidden, as
  when its dock tab is behind the plots'): the live-plot pipeline without the rest of the window;
- `window`: the whole `MainWindow` (canvas, tapes panel, code view...), 1600×1000.
Workloads: `linear` is samples/08_linear_regression.py (301 steps); `heavy` fits a cubic with
four scalar Variables on 2,000 points for `--steps` steps and logs a metric.
Measured per run: plot updates per second (`TrainingViews.redrawn` while the script runs, which
happens only when the plotted data changed, between the first and the last such redraw: not
while the child starts, nor while it computes its loss surface after training);
the gaps between the ticks of a 5 ms heartbeat timer (a stall shows as a long gap): p50 / p95 /
p99 / max; and the GUI thread's CPU time as a share of the run. Printed: medians over the runs.
Targets: >= 20 updates/s; stalls under 50 ms.

`frames` needs no child: it grows linear-regression-like series in a shown plots panel and
times each redraw and its paint in GUI-thread CPU time (not disturbed by other processes),
following the data as a live run does and re-fitting every frame as pyqtgraph would.

Wall-clock figures depend on the machine's load: the load average and the stalls of an idle
event loop are printed first.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LINEAR = ROOT / "samples" / "08_linear_regression.py"
HEAVY_SCRIPT = '''
"""A cubic fitted by gradient descent: four scalar Variables, 2,000 points, a logged metric."""
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = tf.constant(rng.uniform(-1.0, 1.0, 2000).astype("float32"))
y = 0.5 * x * x * x - 1.0 * x * x + 2.0 * x + 0.5
a, b, c, d = (tf.Variable(0.0, name=n) for n in "abcd")
for step in range({steps}):
    with tf.GradientTape() as tape:
        prediction = a * x * x * x + b * x * x + c * x + d
        loss = tf.reduce_mean(tf.square(prediction - y))
    da, db, dc, dd = tape.gradient(loss, [a, b, c, d])
    a.assign_sub(0.3 * da)
    b.assign_sub(0.3 * db)
    c.assign_sub(0.3 * dc)
    d.assign_sub(0.3 * dd)
    tf.summary.scalar("abs error", tf.reduce_mean(tf.abs(prediction - y)), step=step)
'''
HEARTBEAT_MS = 5
IDLE_SECONDS = 3.0


class Heartbeat(QObject):
    """A precise 5 ms timer; the gaps between its ticks are the event loop's stalls."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks: list[float] = []
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def gaps_ms(self) -> list[float]:
        gaps = sorted(1000 * (b - a) for a, b in zip(self.ticks, self.ticks[1:], strict=False))
        return gaps or [0.0]


def stall_figures(gaps: list[float]) -> dict[str, float]:
    return {
        "p50_ms": _percentile(gaps, 50),
        "p95_ms": _percentile(gaps, 95),
        "p99_ms": _percentile(gaps, 99),
        "max_ms": gaps[-1],
        "over_50ms": float(sum(g > 50 for g in gaps)),
    }


def build(mode: str) -> tuple[Any, Any, Callable[[str], None], Callable[[], None]]:
    """(runner, training views, open a script, clean up) for the `window` or `plots` set-up."""
    if mode == "window":
        from visualtape.ui.main_window import MainWindow

        window = MainWindow(ROOT / "samples")
        window.resize(1600, 1000)
        window.show()
        window.docks["plots"].raise_()

        def close_window() -> None:
            window.runner.shutdown()
            window.close()
            window.deleteLater()

        return window.runner, window.training_views, window.open_path, close_window
    from visualtape.ui.param_space import ParameterSpaceView
    from visualtape.ui.plots import PlotsPanel
    from visualtape.ui.run_controller import RunController
    from visualtape.ui.training_docks import TrainingViews

    runner, plots, space = RunController(), PlotsPanel(), ParameterSpaceView()
    plots.resize(1000, 300)
    plots.show()
    views = TrainingViews(runner, plots, space, runner)  # owned by the runner

    def close_plots() -> None:
        runner.shutdown()
        for widget in (plots, space):
            widget.close()
            widget.deleteLater()

    return runner, views, runner.run_script, close_plots


def measure(mode: str, script: Path) -> dict[str, float]:
    """One run of `script` in the `mode` set-up: updates/s, stalls, GUI CPU share. The cyclic
    GC is paced as in the app (`GcPacer`)."""
    from visualtape.ui.gc_pacer import GcPacer

    runner, views, open_script, clean_up = build(mode)
    pacer = GcPacer(runner)
    QApplication.processEvents()
    stamps: list[float] = []  # when the plots were redrawn while the script ran
    views.redrawn.connect(lambda: stamps.append(time.perf_counter()) if runner.running else None)
    heartbeat = Heartbeat()
    loop = QEventLoop()
    runner.run_finished.connect(loop.quit)
    heartbeat.timer.start()
    started, cpu = time.perf_counter(), time.thread_time()
    open_script(str(script))
    loop.exec()
    ended, cpu = time.perf_counter(), time.thread_time() - cpu
    heartbeat.timer.stop()
    pacer.stop()
    clean_up()
    QApplication.processEvents()
    gc.collect()
    span = stamps[-1] - stamps[0] if stamps else 0.0  # while the plotted data changed
    return {
        "run_s": ended - started,
        "updates": float(len(stamps)),
        "updates_per_s": (len(stamps) - 1) / span if span > 0 else 0.0,
        "gui_cpu": cpu / (ended - started),
        **stall_figures(heartbeat.gaps_ms()),
    }


def idle_stalls() -> dict[str, float]:
    """The heartbeat's gaps with nothing else running: the machine's own noise."""
    heartbeat = Heartbeat()
    loop = QEventLoop()
    QTimer.singleShot(int(IDLE_SECONDS * 1000), loop.quit)
    heartbeat.timer.start()
    loop.exec()
    heartbeat.timer.stop()
    return stall_figures(heartbeat.gaps_ms())


def frame_costs(follow: bool, steps: int = 300, every: int = 4) -> list[float]:
    """CPU seconds of each redraw + paint of a plots panel whose w, b and loss grow."""
    from visualtape.session.series import ScalarSeries
    from visualtape.ui.plots import PlotsPanel

    plots = PlotsPanel()
    plots.resize(1000, 300)
    plots.show()
    QApplication.processEvents()
    plots.set_live(follow)
    w, b = ScalarSeries("w", "variable"), ScalarSeries("b", "variable")
    loss = ScalarSeries("loss (gradient target)", "gradient_target")
    costs = []
    for step in range(steps):
        decay = np.exp(-step / 80)
        w.append(step, 3 - 4 * decay)
        b.append(step, 1 - 2 * decay)
        loss.append(step, 18 * decay * decay + 0.01)
        if step % every == 0:
            started = time.thread_time()
            plots.update_series({"w": w, "b": b, loss.name: loss})
            QApplication.processEvents()  # the paint
            costs.append(time.thread_time() - started)
    plots.close()
    plots.deleteLater()
    return costs


def _percentile(sorted_values: list[float], percent: float) -> float:
    index = min(len(sorted_values) - 1, round(percent / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mode", nargs="+", default=["frames", "plots", "window"])
    parser.add_argument("--workload", nargs="+", default=["linear", "heavy"])
    parser.add_argument("--steps", type=int, default=800, help="steps of the heavy workload")
    options = parser.parse_args()

    from visualtape.ui.app import application

    application()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} CPUs; idle loop: {_stalls(idle_stalls())}")
    if "frames" in options.mode:
        for follow in (True, False):
            costs = [1000 * cost for _ in range(options.runs) for cost in frame_costs(follow)]
            how = "following the data (live)" if follow else "re-fitting every frame"
            p95 = _percentile(sorted(costs), 95)
            print(
                f"frames, {how}: CPU per redraw + paint median {statistics.median(costs):.1f} "
                f"ms, mean {statistics.mean(costs):.1f} ms, p95 {p95:.1f} ms",
                flush=True,
            )
    with tempfile.TemporaryDirectory() as directory:
        heavy = Path(directory) / "heavy_cubic.py"
        heavy.write_text(HEAVY_SCRIPT.format(steps=options.steps), encoding="utf-8")
        scripts = {"linear": LINEAR, "heavy": heavy}
        for workload in options.workload:
            for mode in [m for m in options.mode if m != "frames"]:
                runs = [measure(mode, scripts[workload]) for _ in range(options.runs)]
                _report(workload, mode, runs)


def _stalls(figures: dict[str, float]) -> str:
    return (
        f"stalls p50 {figures['p50_ms']:.1f} p95 {figures['p95_ms']:.1f} "
        f"p99 {figures['p99_ms']:.1f} max {figures['max_ms']:.1f} ms, "
        f"{figures['over_50ms']:.0f} gaps > 50 ms"
    )


def _report(workload: str, mode: str, runs: list[dict[str, float]]) -> None:
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    rates = ", ".join(f"{run['updates_per_s']:.1f}" for run in runs)
    print(
        f"{workload:>6} / {mode:<6} median of {len(runs)}: run {medians['run_s']:.2f} s, "
        f"{medians['updates']:.0f} plot updates, {medians['updates_per_s']:.1f} updates/s "
        f"[{rates}]; GUI thread CPU {100 * medians['gui_cpu']:.0f}% of the run; "
        f"{_stalls(medians)}",
        flush=True,
    )


if __name__ == "__main__":
    main()
