"""Deep tapes: 100,000 recorded ops backpropagate with a loop (no recursion), in bounded memory."""

from __future__ import annotations

import inspect
import sys
import tracemalloc
from collections.abc import Iterator

import numpy as np
import pytest

from visualtape import engine as ve

CHAIN = 100_000
FACTOR = 1.00001  # FACTOR ** CHAIN ≈ e


@pytest.fixture
def shallow_recursion_limit() -> Iterator[None]:
    """Only ~150 frames above the test's own: any recursive backward pass would fail."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 150)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _chain(x: ve.Tensor, length: int) -> ve.Tensor:
    factor = ve.constant(FACTOR, dtype="float64")
    y = x
    for _ in range(length):
        y = y * factor
    return y


def test_hundred_thousand_op_chain(shallow_recursion_limit: None) -> None:
    """Right gradient, no RecursionError, bounded peak memory, records released afterwards."""
    x = ve.constant(1.0, dtype="float64")
    tracemalloc.start()
    try:
        with ve.GradientTape() as tape:
            tape.watch(x)
            y = _chain(x, CHAIN)
        grad = tape.gradient(y, x)
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert float(grad) == pytest.approx(FACTOR**CHAIN, rel=1e-9)
    assert peak < 400e6, f"peak {peak / 1e6:.0f} MB for {CHAIN} records"
    # The non-persistent tape is spent: its records are gone although y and grad live on.
    assert current < 5e6, f"{current / 1e6:.1f} MB still held after the gradient"


def test_deep_chain_with_fan_in_accumulates_every_contribution() -> None:
    # y = x + x + ... (20,000 uses of x): the gradient is the count of contributions.
    x = ve.constant([1.0, 2.0], dtype="float64")
    with ve.GradientTape() as tape:
        tape.watch(x)
        y = x
        for _ in range(20_000):
            y = y + x
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [20_001.0, 20_001.0])


def test_deep_second_order_through_nested_tapes(shallow_recursion_limit: None) -> None:
    # y = x^(n+1) built as n multiplications: d2y/dx2 = (n+1) n x^(n-1) at x = 1.
    n = 3_000
    x = ve.constant(1.0, dtype="float64")
    with ve.GradientTape() as outer:
        outer.watch(x)
        with ve.GradientTape() as inner:
            inner.watch(x)
            y = x
            for _ in range(n):
                y = y * x
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x)
    assert (float(dy), float(d2y)) == pytest.approx((n + 1, (n + 1) * n))
