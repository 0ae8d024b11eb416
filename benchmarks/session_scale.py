"""How the session model scales: graph, layout and timeline build time, and frame_state time.

Synthetic tapes of N ops (hand-made events, so the engine's speed is not measured): a random DAG
of binary and unary ops over a few leaves, then one gradient call with a BackwardStep per record.
Prints a table of medians over repeats.

    .venv/bin/python benchmarks/session_scale.py            # 500, 5,000, 50,000 ops
    .venv/bin/python benchmarks/session_scale.py 500 2000   # chosen sizes
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from visualtape.engine.events import (
    BackwardStep,
    GradientFinished,
    GradientStarted,
    OpRecorded,
    SourceLocation,
    TapeClosed,
    TapeOpened,
    TensorInfo,
    TensorWatched,
)
from visualtape.session.frame_state import frame_state
from visualtape.session.graph import build_graph
from visualtape.session.layout import compute_layout
from visualtape.session.model import Session
from visualtape.session.tapes import TapeModel
from visualtape.session.timeline import build_timeline

BINARY = ("add", "multiply", "subtract")
UNARY = ("sin", "tanh", "exp")


def _info(tensor_id: int, kind: str, value: float) -> TensorInfo:
    array = np.array(value)
    array.setflags(write=False)
    return TensorInfo(tensor_id, kind, "float64", (), array)


def synthetic_events(ops: int, seed: int = 0) -> list[object]:
    """Events of one tape with `ops` records and a full gradient call (values are arbitrary)."""
    rng = random.Random(seed)
    loc = SourceLocation("synthetic.py", 1, "<module>")
    leaves = [_info(i, "constant", 0.5) for i in range(1, 5)]
    events: list[object] = [TapeOpened(1, False, True, None, loc)]
    events += [TensorWatched(1, leaf, True) for leaf in leaves]
    tensors = list(leaves)
    records = []
    for r in range(1, ops + 1):
        recent = tensors[-40:]  # mostly local wiring, like real programs
        op = rng.choice(BINARY + UNARY)
        inputs = (rng.choice(recent),) if op in UNARY else (rng.choice(recent), rng.choice(recent))
        out = _info(len(tensors) + 1, "intermediate", rng.random())
        record = OpRecorded(r, (1,), op, inputs, out, {}, loc, None, None)
        events.append(record)
        records.append(record)
        tensors.append(out)
    events.append(TapeClosed(1))
    target = tensors[-1]
    one = np.array(1.0)
    events.append(GradientStarted(1, 1, (target,), tuple(leaves), (one,), loc))
    for record in reversed(records):
        grads = tuple(np.array(0.5) for _ in record.inputs)
        ids = tuple(t.id for t in record.inputs)
        events.append(BackwardStep(1, record.record_id, record.op, record.output.id, one, ids,
                                   grads, grads))  # fmt: skip
    results = tuple(np.array(1.0) for _ in leaves)
    events.append(GradientFinished(1, 1, tuple(t.id for t in leaves), results,
                                   tuple("" for _ in leaves), True))  # fmt: skip
    return events


def _median_seconds(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _frame_state_seconds(tape: TapeModel, samples: int = 200) -> float:
    timeline = tape.timeline()
    rng = random.Random(1)
    indices = [rng.randrange(len(timeline)) for _ in range(samples)]

    def one(index: int) -> None:
        state = frame_state(tape, timeline, index)
        state.visible_values, state.done_ops, state.gradients  # noqa: B018

    times = []
    for index in indices:
        start = time.perf_counter()
        one(index)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(ops: int) -> dict[str, float]:
    """Median seconds for each stage on a synthetic tape of `ops` records."""
    repeats = 5 if ops <= 5000 else 1
    events = synthetic_events(ops)
    session = Session.from_events(events)
    tape = session.tapes[1]
    graph = build_graph(tape)
    tape.graph(), tape.timeline()  # warm the caches used by frame_state
    return {
        "nodes": graph.number_of_nodes(),
        "events": _median_seconds(lambda: Session.from_events(events), repeats),
        "graph": _median_seconds(lambda: build_graph(tape), repeats),
        "layout": _median_seconds(lambda: compute_layout(graph), repeats),
        "timeline": _median_seconds(lambda: build_timeline(tape), repeats),
        "frame_state": _frame_state_seconds(tape),
    }


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [500, 5_000, 50_000]
    header = ("ops", "nodes", "events s", "graph s", "layout s", "timeline s", "frame_state ms")
    print(" | ".join(f"{h:>14}" for h in header))
    for ops in sizes:
        m = measure(ops)
        row = (ops, int(m["nodes"]), m["events"], m["graph"], m["layout"], m["timeline"],
               m["frame_state"] * 1000)  # fmt: skip
        print(" | ".join(f"{v:>14,}" if isinstance(v, int) else f"{v:>14.4f}" for v in row))


if __name__ == "__main__":
    main(sys.argv[1:])
