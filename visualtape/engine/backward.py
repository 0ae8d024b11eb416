"""The backward pass: a reversed loop over a tape's records (never recursion).

Record order is a topological order, so walking it backwards visits every op after all the ops
that consume its output. Contributions to a tensor used several times are summed with the engine
`add` op, which an outer tape records (that is what makes nested tapes work).
"""

from __future__ import annotations

from visualtape.engine import trace
from visualtape.engine.ops.math_ops import add
from visualtape.engine.recording import TapeState, active_gradient_call
from visualtape.engine.tensor import Tensor


def backward(tape: TapeState, targets: list[Tensor], seeds: list[Tensor],
             call_id: int) -> dict[int, Tensor]:
    """Gradients of sum(seed · target) for every tensor the tape tracks, keyed by tensor id."""
    grads: dict[int, Tensor] = {}
    for target, seed in zip(targets, seeds, strict=True):
        previous = grads.get(target._id)
        grads[target._id] = seed if previous is None else add(previous, seed)
    tracked = tape.tensor_ids
    emitting = trace.sink is not None
    token = active_gradient_call.set(call_id)
    try:
        # reversed() over the live list: a persistent tape recording its own gradient ops
        # appends behind the iterator, which never reaches them.
        for rec in reversed(tape.records):
            upstream = grads.get(rec.output._id)
            if upstream is None:
                continue
            inputs = rec.inputs
            if len(inputs) == 1:
                needs: tuple[bool, ...] = (inputs[0]._id in tracked,)
            elif len(inputs) == 2:
                needs = (inputs[0]._id in tracked, inputs[1]._id in tracked)
            else:
                needs = tuple(t._id in tracked for t in inputs)
            if True not in needs:
                continue
            input_grads = rec.op.vjp(upstream, inputs, rec.output, rec.attrs, needs)
            totals: list[Tensor | None] = []
            for tensor, need, grad in zip(inputs, needs, input_grads, strict=True):
                if need and grad is not None:
                    previous = grads.get(tensor._id)
                    total = grads[tensor._id] = grad if previous is None else add(previous, grad)
                    if emitting:
                        totals.append(total)
                elif emitting:
                    totals.append(None)
            if emitting:
                from visualtape.engine.emitting import emit_backward_step

                emit_backward_step(call_id, rec, upstream, input_grads, totals)
    finally:
        active_gradient_call.reset(token)
    return grads
