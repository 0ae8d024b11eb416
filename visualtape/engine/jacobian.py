"""Jacobians: one backward pass per target element, seeded with a one-hot output gradient."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine import emitting, nest, trace
from visualtape.engine.ops.shape_ops import reshape, stack
from visualtape.engine.tensor import Tensor


def jacobian_rows(tape: Any, target: Any, sources: Any, unconnected: Any, batch: bool) -> Any:
    """Shared body of `GradientTape.jacobian` and `batch_jacobian`."""
    from visualtape.engine.tape import (
        UnconnectedGradients,
        _next_call_id,
        _report_failure,
        _unconnected,
    )

    call_id = _next_call_id()
    try:
        state = tape._begin_gradient()
        if not isinstance(target, Tensor):
            raise ValueError("jacobian: target must be a single tensor")
        flat_sources = nest.flatten(sources)
        zero = _unconnected(unconnected) is UnconnectedGradients.ZERO
        if batch and target._value.ndim == 0:
            raise ValueError("batch_jacobian: target must be at least rank 1 (a batch)")
    except Exception as exc:
        _report_failure(call_id, tape._tape_id, exc, target, sources)
        raise
    rows: list[list[Tensor | None]] = []
    kind = "batch_jacobian" if batch else "jacobian"
    seeds = _seeds(target, batch)
    for number, (row_index, seed) in enumerate(seeds, start=1):
        row_id = _next_call_id()
        try:
            results, reasons = tape._run(
                row_id, state, [target], flat_sources, [seed], False, kind, row_index
            )
        except Exception as exc:
            _report_failure(row_id, tape._tape_id, exc)
            raise
        rows.append(results)
        # Each row is a gradient call of its own: it finishes with its results (the last row
        # releases a non-persistent tape).
        if trace.sink is not None:
            released = number == len(seeds) and not tape._persistent
            emitting.emit_gradient_finished(
                row_id, tape._tape_id, flat_sources, results, reasons, released
            )
    if not tape._persistent:
        tape._release()
    shaped = [
        _assemble(target, source, [row[i] for row in rows], zero, batch)
        for i, source in enumerate(flat_sources)
    ]
    return nest.pack_sequence_as(sources, shaped)


def _seeds(target: Tensor, batch: bool) -> list[tuple[tuple[int, ...], Tensor]]:
    """Per row: the target element it differentiates (per example for a batch) and its
    one-hot seed."""
    value = target._value
    if batch:
        per_example = value.shape[1:]
        count = int(np.prod(per_example, dtype=np.int64))
        seeds = []
        for j in range(count):
            flat = np.zeros((value.shape[0], count), dtype=value.dtype)
            flat[:, j] = 1
            seeds.append((_index(j, per_example), Tensor(flat.reshape(value.shape))))
        return seeds
    seeds = []
    for i in range(value.size):
        flat = np.zeros(value.size, dtype=value.dtype)
        flat[i] = 1
        seeds.append((_index(i, value.shape), Tensor(flat.reshape(value.shape))))
    return seeds


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape))


def _assemble(
    target: Tensor, source: Tensor, rows: list[Tensor | None], zero: bool, batch: bool
) -> Tensor | None:
    if all(r is None for r in rows) and not zero:
        return None
    filled = [Tensor(np.zeros_like(source._value)) if r is None else r for r in rows]
    tshape = target._value.shape
    sshape = source._value.shape
    if not filled:
        empty_shape = tshape + sshape if not batch else tshape + sshape[1:]
        return Tensor(np.zeros(empty_shape, dtype=source._value.dtype))
    if batch:
        # rows[j] has shape [b, ...s]; stack on axis 1 -> [b, m, ...s] -> [b, ...t, ...s]
        return reshape(stack(filled, axis=1), tshape + sshape[1:])
    return reshape(stack(filled, axis=0), tshape + sshape)
