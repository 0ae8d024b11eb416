"""Building trace events from engine objects. Only called when a sink is attached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from visualtape.engine import trace
from visualtape.engine.event_values import (
    array_of,
    backward_step_event,
    frozen,
    op_recorded_event,
    tensor_info,
)
from visualtape.engine.events import (
    GradientFailed,
    GradientFinished,
    GradientStarted,
    NamesResolved,
    SourceLocation,
    TapeClosed,
    TapeOpened,
    TapeReset,
    TensorInfo,
    TensorWatched,
    VariableAssigned,
    VariableCreated,
)
from visualtape.engine.location import tensor_names_in_user_frame, user_location
from visualtape.engine.variable import Variable

if TYPE_CHECKING:  # the engine modules that emit import this one
    from visualtape.engine.recording import OpRecord, TapeState
    from visualtape.engine.tensor import Tensor


def _input_kind(tensor: Tensor, tapes: list[TapeState]) -> str:
    tensor_id = tensor._id
    for tape in tapes:
        if tensor_id in tape.output_ids:
            return "intermediate"
    return "constant"


def jsonable(value: Any) -> Any:
    """Op attributes in a JSON-friendly form for the stream (slices and arrays become text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, slice):
        parts = ["" if p is None else str(p) for p in (value.start, value.stop, value.step)]
        return ":".join(parts[:2] if value.step is None else parts)
    if isinstance(value, np.ndarray):
        return value.tolist() if value.size <= 16 else f"array{list(value.shape)}"
    if value is Ellipsis:
        return "..."
    return repr(value)


def emit_op_recorded(rec: OpRecord, tapes: list[TapeState], inputs: tuple[Tensor, ...]) -> None:
    """`inputs` are the op's own arguments (Variables stay Variables, unlike in the record)."""
    sink = trace.sink
    if sink is None:
        return
    # NOTE: runs once per recorded op: plain loops (a comprehension is a function call in
    # Python 3.11) and the sink called directly.
    infos: list[TensorInfo] = []
    if len(tapes) == 1:
        outputs = tapes[0].output_ids
        tape_ids: tuple[int, ...] = (tapes[0].tape_id,)
        for t in inputs:
            infos.append(tensor_info(t, "intermediate" if t._id in outputs else "constant"))
    else:
        tape_ids = tuple([t.tape_id for t in tapes])
        for t in inputs:
            infos.append(tensor_info(t, _input_kind(t, tapes)))
    out_kind = "gradient" if rec.gradient_call_id is not None else "intermediate"
    attrs = {k: jsonable(v) for k, v in rec.attrs.items()} if rec.attrs else {}
    sink(
        op_recorded_event(
            rec.record_id,
            tape_ids,
            rec.op.name,
            tuple(infos),
            tensor_info(rec.output, out_kind),
            attrs,
            rec.location,
            rec.scope,
            rec.gradient_call_id,
        )
    )


def emit_watched(tape: TapeState, tensor: Tensor, explicit: bool) -> None:
    kind = "intermediate" if tensor._id in tape.output_ids else None
    trace.emit(TensorWatched(tape.tape_id, tensor_info(tensor, kind), explicit))


def emit_variable_created(variable: Variable) -> None:
    trace.emit(VariableCreated(tensor_info(variable), user_location()))


def emit_variable_assigned(variable: Variable, method: str) -> None:
    trace.emit(
        VariableAssigned(
            variable._id, variable._name, frozen(variable._value), method, user_location()
        )
    )


def emit_tape_opened(
    tape_id: int, persistent: bool, watch_accessed: bool, parent_tape_id: int | None
) -> None:
    trace.emit(TapeOpened(tape_id, persistent, watch_accessed, parent_tape_id, user_location()))


def emit_tape_closed(tape_id: int) -> None:
    emit_names()
    trace.emit(TapeClosed(tape_id))


def emit_tape_reset(tape_id: int) -> None:
    trace.emit(TapeReset(tape_id))


def emit_names() -> None:
    names = tensor_names_in_user_frame()
    if names:
        trace.emit(NamesResolved(names))


def emit_gradient_started(
    call_id: int,
    tape: TapeState,
    targets: list[Tensor],
    sources: list[Tensor],
    seeds: list[Tensor],
    kind: str,
) -> None:
    names = tensor_names_in_user_frame()
    # The seed tensors (ones, or output_gradients) show up as inputs of the gradient ops an
    # outer tape records; name them so the nested picture reads "seed", not an id.
    names.update({str(seed._id): "seed" for seed in seeds if str(seed._id) not in names})
    trace.emit(NamesResolved(names))
    outputs = [tape]
    trace.emit(
        GradientStarted(
            call_id,
            tape.tape_id,
            tuple(tensor_info(t, _input_kind(t, outputs)) for t in targets),
            tuple(tensor_info(s, _input_kind(s, outputs)) for s in sources),
            tuple(array_of(s) for s in seeds),
            user_location(),
            kind,
        )
    )


def emit_backward_step(
    call_id: int,
    rec: OpRecord,
    upstream: Tensor,
    input_grads: tuple[Tensor | None, ...],
    running_totals: list[Tensor | None],
) -> None:
    """`running_totals[i]`: input i's gradient right after adding contribution i (fan-in)."""
    sink = trace.sink
    if sink is None:
        return
    contributions: list[np.ndarray | None] = []
    totals: list[np.ndarray | None] = []
    for i, total in enumerate(running_totals):
        grad = input_grads[i]
        if total is None or grad is None:
            contributions.append(None)
            totals.append(None)
        else:
            contributions.append(array_of(grad))
            totals.append(contributions[-1] if total is grad else array_of(total))
    sink(
        backward_step_event(
            call_id,
            rec.record_id,
            rec.op.name,
            rec.output._id,
            array_of(upstream),
            tuple([t._id for t in rec.inputs]),
            tuple(contributions),
            tuple(totals),
        )
    )


def emit_gradient_finished(
    call_id: int,
    tape_id: int,
    sources: list[Tensor],
    results: list[Tensor | None],
    reasons: list[str],
    released: bool,
) -> None:
    trace.emit(
        GradientFinished(
            call_id,
            tape_id,
            tuple(s._id for s in sources),
            tuple(None if r is None else array_of(r) for r in results),
            tuple(reasons),
            released,
        )
    )


def emit_gradient_failed(
    call_id: int, tape_id: int, error: Exception, location: SourceLocation | None = None
) -> None:
    trace.emit(
        GradientFailed(
            call_id, tape_id, type(error).__name__, str(error), location or user_location()
        )
    )
