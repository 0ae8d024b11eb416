"""Building trace events from engine objects. Only called when a sink is attached."""

from __future__ import annotations

from typing import Any

import numpy as np

from visualtape.engine import trace
from visualtape.engine.events import (
    BackwardStep,
    GradientFailed,
    GradientFinished,
    GradientStarted,
    NamesResolved,
    OpRecorded,
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
from visualtape.engine.recording import OpRecord, TapeState
from visualtape.engine.tensor import Tensor
from visualtape.engine.variable import Variable

_dtype_names: dict[np.dtype, str] = {}


def _dtype_name(dtype: np.dtype) -> str:
    """numpy computes `dtype.name` in Python on every access; cache it."""
    name = _dtype_names.get(dtype)
    if name is None:
        name = _dtype_names[dtype] = dtype.name
    return name


def tensor_info(tensor: Tensor, kind: str | None = None) -> TensorInfo:
    """A TensorInfo snapshot (arrays are read-only and never mutated, so no copy)."""
    value = np.asarray(tensor._value)  # numpy scalars (0-d results) become 0-d arrays
    dtype = _dtype_name(value.dtype)
    if isinstance(tensor, Variable):
        return TensorInfo(tensor._id, "variable", dtype, value.shape, value, tensor._name,
                          tensor._trainable)
    return TensorInfo(tensor._id, kind or "constant", dtype, value.shape, value)


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
    out_kind = "gradient" if rec.gradient_call_id is not None else "intermediate"
    trace.emit(OpRecorded(
        record_id=rec.record_id,
        tape_ids=tuple(t.tape_id for t in tapes),
        op=rec.op.name,
        inputs=tuple(tensor_info(t, _input_kind(t, tapes)) for t in inputs),
        output=tensor_info(rec.output, out_kind),
        attrs={k: jsonable(v) for k, v in rec.attrs.items()} if rec.attrs else {},
        location=rec.location,
        scope=rec.scope,
        gradient_call_id=rec.gradient_call_id,
    ))


def emit_watched(tape: TapeState, tensor: Tensor, explicit: bool) -> None:
    kind = "intermediate" if tensor._id in tape.output_ids else None
    trace.emit(TensorWatched(tape.tape_id, tensor_info(tensor, kind), explicit))


def emit_variable_created(variable: Variable) -> None:
    trace.emit(VariableCreated(tensor_info(variable), user_location()))


def emit_variable_assigned(variable: Variable, method: str) -> None:
    trace.emit(VariableAssigned(variable._id, variable._name, np.asarray(variable._value), method,
                                user_location()))


def emit_tape_opened(tape_id: int, persistent: bool, watch_accessed: bool,
                     parent_tape_id: int | None) -> None:
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


def emit_gradient_started(call_id: int, tape: TapeState, targets: list[Tensor],
                          sources: list[Tensor], seeds: list[Tensor], kind: str) -> None:
    names = tensor_names_in_user_frame()
    # The seed tensors (ones, or output_gradients) show up as inputs of the gradient ops an
    # outer tape records; name them so the nested picture reads "seed", not an id.
    names.update({str(seed._id): "seed" for seed in seeds if str(seed._id) not in names})
    trace.emit(NamesResolved(names))
    outputs = [tape]
    trace.emit(GradientStarted(
        call_id, tape.tape_id,
        tuple(tensor_info(t, _input_kind(t, outputs)) for t in targets),
        tuple(tensor_info(s, _input_kind(s, outputs)) for s in sources),
        tuple(np.asarray(s._value) for s in seeds), user_location(), kind))


def emit_backward_step(call_id: int, rec: OpRecord, upstream: Tensor,
                       input_grads: tuple[Tensor | None, ...],
                       running_totals: list[Tensor | None]) -> None:
    """`running_totals[i]`: input i's gradient right after adding contribution i (fan-in)."""
    contributions = tuple(None if total is None or g is None else np.asarray(g._value)
                          for g, total in zip(input_grads, running_totals, strict=True))
    totals = tuple(None if t is None else np.asarray(t._value) for t in running_totals)
    trace.emit(BackwardStep(call_id, rec.record_id, rec.op.name, rec.output._id,
                            np.asarray(upstream._value), tuple(t._id for t in rec.inputs),
                            contributions,
                            totals))


def emit_gradient_finished(call_id: int, tape_id: int, sources: list[Tensor],
                           results: list[Tensor | None], reasons: list[str],
                           released: bool) -> None:
    trace.emit(GradientFinished(
        call_id, tape_id, tuple(s._id for s in sources),
        tuple(None if r is None else np.asarray(r._value) for r in results), tuple(reasons),
        released))


def emit_gradient_failed(call_id: int, tape_id: int, error: Exception,
                         location: SourceLocation | None = None) -> None:
    trace.emit(GradientFailed(call_id, tape_id, type(error).__name__, str(error),
                              location or user_location()))
