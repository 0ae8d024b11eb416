"""Building trace events from engine objects. Only called when a sink is attached."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from visualtape.engine import nest, trace
from visualtape.engine.event_values import (
    array_of,
    backward_step_event,
    event,
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
from visualtape.engine.tensor import Tensor
from visualtape.engine.variable import Variable

if TYPE_CHECKING:  # the engine modules that emit import this one
    from visualtape.engine.recording import OpRecord, TapeState


def _input_kind(tensor: Tensor, tapes: Sequence[TapeState]) -> str:
    tensor_id = tensor._id
    for tape in tapes:
        if tensor_id in tape.output_ids:
            return "intermediate"
    return "constant"


# Tuples of types: a `bool | int` union in isinstance is built afresh on every call.
_JSON_SCALARS = (bool, int, float, str)
_JSON_LISTS = (tuple, list)


def jsonable(value: Any) -> Any:
    """Op attributes in a JSON-friendly form for the stream (slices and arrays become text)."""
    if value is None or isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, _JSON_LISTS):
        return [jsonable(v) for v in value]
    if isinstance(value, slice):
        parts = ["" if p is None else str(p) for p in (value.start, value.stop, value.step)]
        return ":".join(parts[:2] if value.step is None else parts)
    if isinstance(value, np.ndarray):
        return value.tolist() if value.size <= 16 else f"array{list(value.shape)}"
    if value is Ellipsis:
        return "..."
    return repr(value)


def emit_op_recorded(rec: OpRecord, tapes: Sequence[TapeState], inputs: tuple[Tensor, ...]) -> None:
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
            kind = "intermediate" if t._id in outputs else "constant"
            info = t._info  # (tensor_info's reuse of a plain tensor's info, inlined)
            if info is None or info.kind != kind or type(t) is not Tensor:
                info = tensor_info(t, kind)
            infos.append(info)
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


# NOTE: the events below are built by `event` (no frozen-dataclass __init__, which costs about
# 0.25 us a field); a gradient call and a tape emit several, which is felt on small programs.


def emit_watched(tape: TapeState, tensor: Tensor, explicit: bool) -> None:
    kind = "intermediate" if tensor._id in tape.output_ids else None
    trace.emit(event(TensorWatched, tape.tape_id, tensor_info(tensor, kind), explicit))


def emit_variable_created(variable: Variable) -> None:
    trace.emit(event(VariableCreated, tensor_info(variable), user_location()))


def emit_variable_assigned(variable: Variable, method: str) -> None:
    trace.emit(
        event(
            VariableAssigned,
            variable._id,
            variable._name,
            frozen(variable._value),
            method,
            user_location(),
        )
    )


def emit_tape_opened(
    tape_id: int, persistent: bool, watch_accessed: bool, parent_tape_id: int | None
) -> None:
    trace.emit(
        event(TapeOpened, tape_id, persistent, watch_accessed, parent_tape_id, user_location())
    )


def emit_tape_closed(tape_id: int) -> None:
    emit_names()
    trace.emit(event(TapeClosed, tape_id))


def emit_tape_reset(tape_id: int) -> None:
    trace.emit(event(TapeReset, tape_id))


def emit_names() -> None:
    names = tensor_names_in_user_frame()
    if names:
        trace.emit(event(NamesResolved, names))


def emit_gradient_started(
    call_id: int,
    tape: TapeState,
    targets: list[Tensor],
    sources: list[Tensor],
    seeds: list[Tensor],
    kind: str,
    row: tuple[int, ...] = (),
) -> None:
    names = tensor_names_in_user_frame()
    # The seed tensors (ones, or output_gradients) show up as inputs of the gradient ops an
    # outer tape records; name them so the nested picture reads "seed", not an id.
    seed_arrays: list[np.ndarray] = []
    for seed in seeds:
        key = str(seed._id)
        if key not in names:
            names[key] = "seed"
        seed_arrays.append(array_of(seed))
    trace.emit(event(NamesResolved, names))
    outputs = tape.output_ids
    target_infos: list[TensorInfo] = []
    for t in targets:
        target_infos.append(tensor_info(t, "intermediate" if t._id in outputs else "constant"))
    source_infos: list[TensorInfo] = []
    for t in sources:
        source_infos.append(tensor_info(t, "intermediate" if t._id in outputs else "constant"))
    trace.emit(
        event(
            GradientStarted,
            call_id,
            tape.tape_id,
            tuple(target_infos),
            tuple(source_infos),
            tuple(seed_arrays),
            user_location(),
            kind,
            row,
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
    source_ids: list[int] = []
    arrays: list[np.ndarray | None] = []
    for source, result in zip(sources, results, strict=True):
        source_ids.append(source._id)
        arrays.append(None if result is None else array_of(result))
    trace.emit(
        event(
            GradientFinished,
            call_id,
            tape_id,
            tuple(source_ids),
            tuple(arrays),
            tuple(reasons),
            released,
        )
    )


def emit_gradient_failed(
    call_id: int,
    tape_id: int,
    error: Exception,
    location: SourceLocation | None = None,
    target: Any = None,
    sources: Any = None,
) -> None:
    trace.emit(
        event(
            GradientFailed,
            call_id,
            tape_id,
            type(error).__name__,
            str(error),
            location or user_location(),
            _tensor_ids(target),
            _tensor_ids(sources),
        )
    )


def _tensor_ids(value: Any) -> tuple[int, ...]:
    """Ids of the tensors in a gradient argument (a tensor, list, dict...; others skipped)."""
    if value is None:
        return ()
    try:
        return tuple(t._id for t in nest.flatten(value) if isinstance(t, Tensor))
    except Exception:  # noqa: BLE001 (the call failed already: its name is best effort)
        return ()
