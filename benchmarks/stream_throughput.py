"""Trace stream throughput: encode and decode cost per event for realistic event mixes.

Run: `.venv/bin/python benchmarks/stream_throughput.py [--repeats 7]`. Prints, for each workload,
the best of the repeats (the least disturbed run: the machine is shared) in microseconds per
event. Encoding goes through `StreamWriter` into memory; decoding feeds the bytes to a
`StreamDecoder` in 64 KiB chunks, as the GUI reads the pipe. The first two workloads are the
events a recorded scalar op costs: one `OpRecorded` and, in the backward pass, one `BackwardStep`.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from visualtape.engine import events as ev
from visualtape.session.stream import StreamDecoder, StreamWriter
from visualtape.session.values import ValueBudget

CHUNK = 1 << 16
LOC = ev.SourceLocation(file="train.py", line=42, function="train_step")


def _tensor(tensor_id: int, value: np.ndarray, kind: str = "intermediate") -> ev.TensorInfo:
    return ev.TensorInfo(
        id=tensor_id, kind=kind, dtype=value.dtype.name, shape=value.shape, value=value
    )


def op_event(record_id: int, shape: tuple[int, ...]) -> ev.OpRecorded:
    """A binary op on two arrays of `shape` (0-d: a scalar op)."""
    rng = np.random.default_rng(record_id)
    a, b = (rng.normal(size=shape).astype(np.float32) for _ in range(2))
    return ev.OpRecorded(
        record_id=record_id,
        tape_ids=(1,),
        op="multiply",
        inputs=(_tensor(2 * record_id, a, "variable"), _tensor(2 * record_id + 1, b)),
        output=_tensor(10**6 + record_id, np.asarray(a * b)),
        attrs={},
        location=LOC,
        scope="Dense_1",
        gradient_call_id=None,
    )


def backward_event(record_id: int, shape: tuple[int, ...]) -> ev.BackwardStep:
    """The backward step of a binary op on arrays of `shape`; the second input needs no gradient."""
    rng = np.random.default_rng(record_id)
    upstream, grad = (rng.normal(size=shape).astype(np.float32) for _ in range(2))
    return ev.BackwardStep(
        call_id=1,
        record_id=record_id,
        op="multiply",
        output_id=10**6 + record_id,
        upstream=np.asarray(upstream),
        input_ids=(2 * record_id, 2 * record_id + 1),
        input_grads=(np.asarray(grad), None),
        accumulated=(np.asarray(grad), None),
    )


def scalar_event(step: int) -> ev.ScalarLogged:
    return ev.ScalarLogged(name="loss", step=step, value=1.0 / (step + 1))


@dataclass(frozen=True)
class Workload:
    name: str
    events: list[Any]
    budget: ValueBudget | None


def workloads() -> list[Workload]:
    mix = [
        op_event(i, (64, 784))
        if i % 100 == 0
        else op_event(i, (2, 2))
        if i % 10 == 0
        else op_event(i, ())
        for i in range(5000)
    ]
    return [
        Workload("OpRecorded scalar", [op_event(i, ()) for i in range(10000)], None),
        Workload("BackwardStep scalar", [backward_event(i, ()) for i in range(10000)], None),
        Workload("ScalarLogged", [scalar_event(i) for i in range(20000)], None),
        Workload("OpRecorded 2x2", [op_event(i, (2, 2)) for i in range(10000)], None),
        Workload("OpRecorded 64x784 (summary)", [op_event(i, (64, 784)) for i in range(200)], None),
        Workload(
            "OpRecorded 64x784 (full)",
            [op_event(i, (64, 784)) for i in range(200)],
            ValueBudget(full_values=True),
        ),
        Workload("mix 89% scalar/10% 2x2/1% 64x784", mix, None),
    ]


def encode(workload: Workload) -> bytes:
    sink = io.BytesIO()
    writer = StreamWriter(sink, budget=workload.budget)
    for event in workload.events:
        writer.write(event)
    writer.flush()
    return sink.getvalue()


def decode(data: bytes) -> int:
    decoder = StreamDecoder()
    count = 0
    for start in range(0, len(data), CHUNK):
        count += len(decoder.feed(data[start : start + CHUNK]))
    if decoder.finish() is not None:
        raise RuntimeError(f"benchmark stream did not decode: {decoder.error}")
    return count


def best_seconds(action: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    print(f"best of {repeats} repeats; us = microseconds per event")
    header = f"{'workload':34} {'events':>7} {'bytes/event':>12} {'encode us':>10} "
    print(header + f"{'decode us':>10} {'decode MB/s':>12}")
    for workload in workloads():
        data = encode(workload)
        count = len(workload.events)
        assert decode(data) == count
        encode_s = best_seconds(lambda w=workload: encode(w), repeats)
        decode_s = best_seconds(lambda d=data: decode(d), repeats)
        print(
            f"{workload.name:34} {count:7d} {len(data) / count:12.0f} "
            f"{encode_s / count * 1e6:10.2f} {decode_s / count * 1e6:10.2f} "
            f"{len(data) / decode_s / 1e6:12.1f}"
        )


if __name__ == "__main__":
    main()
