"""A 10,000-step training run seen from the GUI side: stream throughput and session memory.

Run: .venv/bin/python benchmarks/session_training.py [--steps 10000]
1. Record a linear-regression SGD loop (one tape + one gradient call per step) with the real
   engine and the runner's sink (events encoded with StreamWriter, as the child does).
2. Decode those bytes with StreamDecoder and fold them into a Session, as the GUI does:
   events/s parent-side, compared with the engine's recording rate (events/s produced).
3. Peak traced memory of decoding + the Session (target: under 300 MB for 10,000 steps).
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc

import numpy as np

from visualtape import engine as ve
from visualtape.engine import trace
from visualtape.session.model import Session
from visualtape.session.stream import StreamDecoder, StreamWriter


def record(steps: int) -> tuple[bytes, int, float]:
    """Encoded stream of a `steps`-step SGD loop, its event count and the seconds it took."""
    rng = np.random.default_rng(0)
    x = ve.constant(rng.normal(size=1000).astype(np.float32))
    y = 3.0 * x + 1.0
    buffer = io.BytesIO()
    writer = StreamWriter(buffer)
    count = 0

    def sink(event: object) -> None:
        nonlocal count
        count += 1
        writer.write(event)

    start = time.perf_counter()
    trace.attach_sink(sink)
    try:
        w, b = ve.Variable(-1.0, name="w"), ve.Variable(-1.0, name="b")
        for _ in range(steps):
            with ve.GradientTape() as tape:
                loss = ve.reduce_mean(ve.square(w * x + b - y))
            dw, db = tape.gradient(loss, [w, b])
            w.assign_sub(0.01 * dw)
            b.assign_sub(0.01 * db)
    finally:
        trace.detach_sink()
    return buffer.getvalue(), count, time.perf_counter() - start


def fold(data: bytes, chunk: int = 65536) -> tuple[Session, int]:
    """Decode in pipe-sized chunks and fold into a Session, as the GUI's poll loop does."""
    decoder = StreamDecoder()
    session = Session()
    events = 0
    for start in range(0, len(data), chunk):
        batch = decoder.feed(data[start : start + chunk])
        events += len(batch)
        session.extend(batch)
    decoder.finish()
    assert decoder.error is None, decoder.error
    return session, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=10_000)
    steps = parser.parse_args().steps
    data, produced, record_s = record(steps)
    start = time.perf_counter()
    session, decoded = fold(data)
    fold_s = time.perf_counter() - start
    assert decoded == produced
    tracemalloc.start()
    session, _ = fold(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    w = session.series.get("w")
    print(f"steps {steps:,}   events {produced:,}   stream {len(data) / 1e6:.1f} MB")
    print(f"engine + encode (child)   {produced / record_s:10,.0f} events/s  ({record_s:.1f} s)")
    print(f"decode + fold (GUI side)  {decoded / fold_s:10,.0f} events/s  ({fold_s:.1f} s)")
    print(f"GUI keeps up with the child: {'yes' if fold_s <= record_s else 'NO'}")
    print(f"peak memory, decode + session: {peak / 1e6:.0f} MB (target < 300 MB)")
    print(
        f"tapes kept {len(session.tapes):,}; w series points "
        f"{len(w.values) if w is not None else 0:,}; last w "
        f"{w.values[-1] if w is not None and w.values else 'n/a'}"
    )


if __name__ == "__main__":
    main()
