"""The backward pass: a reversed loop over a tape's records (never recursion).

Record order is a topological order, so walking it backwards visits every op after all the ops
that consume its output. Contributions to a tensor used several times are summed with the engine
`add` op, which an outer tape records (that is what makes nested tapes work).
"""

from __future__ import annotations

import operator

from visualtape.engine import emitting, trace
from visualtape.engine.location import user_location
from visualtape.engine.ops.math_ops import add
from visualtape.engine.recording import (
    OpRecord,
    TapeState,
    active_gradient_call,
    backward_location,
)
from visualtape.engine.tensor import Tensor

_tensor_id = operator.attrgetter("_id")


def backward(
    tape: TapeState,
    targets: list[Tensor],
    seeds: list[Tensor],
    call_id: int,
    sources: list[Tensor],
) -> dict[int, Tensor]:
    """Gradients of sum(seed · target) for the `sources` the tape tracks, keyed by tensor id."""
    grads: dict[int, Tensor] = {}
    # NOTE: the gradient of a record's output is read once, by that record's step (record order
    # is topological); it is dropped there unless it is a result. Keeping every intermediate
    # gradient alive until the end held a deep tape's worth of tensors and made the cyclic
    # garbage collector walk them again and again.
    keep = set(map(_tensor_id, sources))
    for target, seed in zip(targets, seeds, strict=True):
        previous = grads.get(target._id)
        grads[target._id] = seed if previous is None else add(previous, seed)
    tracked = tape.tensor_ids
    sink_on = trace.sink is not None
    grads_get = grads.get
    token = active_gradient_call.set(call_id)
    # Only read while a sink is attached (and none can be attached during the pass).
    where = backward_location.set(user_location()) if sink_on else None
    try:
        # reversed() over the live list: a persistent tape recording its own gradient ops
        # appends behind the iterator, which never reaches them.
        for rec in reversed(tape.records):
            out_id = rec.output._id
            upstream = grads_get(out_id)
            if upstream is None:
                continue
            if out_id not in keep:
                del grads[out_id]
            inputs = rec.inputs
            if len(inputs) == 2:
                needs: tuple[bool, ...] = (inputs[0]._id in tracked, inputs[1]._id in tracked)
            elif len(inputs) == 1:
                needs = (inputs[0]._id in tracked,)
            else:
                needs = tuple(t._id in tracked for t in inputs)
            if True not in needs:
                continue
            input_grads = rec.op.vjp(upstream, inputs, rec.output, rec.attrs, needs)
            if len(input_grads) != len(inputs):  # (cheaper here than zip(..., strict=True))
                raise _arity_error(rec, input_grads)
            if sink_on:
                _accumulate_and_emit(grads, call_id, rec, upstream, needs, input_grads)
                continue
            if len(inputs) == 1:  # (its one input needs a gradient, or the step was skipped)
                grad = input_grads[0]
                if grad is not None:
                    tensor_id = inputs[0]._id
                    previous = grads_get(tensor_id)
                    grads[tensor_id] = grad if previous is None else add(previous, grad)
                continue
            for i, grad in enumerate(input_grads):
                if grad is not None and needs[i]:
                    tensor_id = inputs[i]._id
                    previous = grads_get(tensor_id)
                    grads[tensor_id] = grad if previous is None else add(previous, grad)
    finally:
        if where is not None:
            backward_location.reset(where)
        active_gradient_call.reset(token)
    return grads


def _arity_error(rec: OpRecord, input_grads: tuple[Tensor | None, ...]) -> RuntimeError:
    """A VJP must return one gradient (or None) per input."""
    return RuntimeError(
        f"the VJP of {rec.op.name!r} returned {len(input_grads)} gradients for "
        f"{len(rec.inputs)} inputs"
    )


def _accumulate_and_emit(
    grads: dict[int, Tensor],
    call_id: int,
    rec: OpRecord,
    upstream: Tensor,
    needs: tuple[bool, ...],
    input_grads: tuple[Tensor | None, ...],
) -> None:
    """The accumulation of the loop above, also telling the sink each input's running total."""
    totals: list[Tensor | None] = []
    for i, grad in enumerate(input_grads):
        if grad is not None and needs[i]:
            tensor_id = rec.inputs[i]._id
            previous = grads.get(tensor_id)
            total = grads[tensor_id] = grad if previous is None else add(previous, grad)
            totals.append(total)
        else:
            totals.append(None)
    emitting.emit_backward_step(call_id, rec, upstream, input_grads, totals)
