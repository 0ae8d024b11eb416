"""What a tape holds while it records: ordered op records and the set of tensors it tracks.

`OpRecord` is immutable. A record is shared by every tape that recorded it (nested tapes record
the same forward op). The recording stack lives in a ContextVar, never a bare global.
"""

from __future__ import annotations

import itertools
from contextvars import ContextVar
from typing import Any, NamedTuple

from visualtape.engine import trace
from visualtape.engine.events import SourceLocation
from visualtape.engine.location import user_location
from visualtape.engine.tensor import Tensor
from visualtape.engine.variable import Variable

_next_record_id = itertools.count(1).__next__


class OpRecord(NamedTuple):
    """One recorded op application: op, input tensors, output tensor, attrs and provenance."""

    record_id: int
    op: Any  # registry.OpDef (Any avoids an import cycle)
    inputs: tuple[Tensor, ...]
    output: Tensor
    attrs: dict[str, Any]
    location: SourceLocation | None
    scope: str | None
    gradient_call_id: int | None


class TapeState:
    """The mutable recording behind one GradientTape (a fresh one after `reset`)."""

    __slots__ = (
        "tape_id",
        "persistent",
        "watch_accessed",
        "records",
        "tensor_ids",
        "output_ids",
        "watched_variables",
    )

    def __init__(self, tape_id: int, persistent: bool, watch_accessed: bool) -> None:
        self.tape_id = tape_id
        self.persistent = persistent
        self.watch_accessed = watch_accessed
        self.records: list[OpRecord] = []
        self.tensor_ids: set[int] = set()  # watched tensors and every recorded output
        self.output_ids: set[int] = set()
        self.watched_variables: dict[int, Variable] = {}

    def watch(self, tensor: Tensor, explicit: bool) -> None:
        first_time = tensor._id not in self.tensor_ids
        self.tensor_ids.add(tensor._id)
        if isinstance(tensor, Variable):
            self.watched_variables.setdefault(tensor._id, tensor)
        if first_time and trace.sink is not None:
            _emitting.emit_watched(self, tensor, explicit)


# Tapes currently recording, innermost last.
recording: ContextVar[tuple[TapeState, ...]] = ContextVar("visualtape_recording", default=())
# Name scopes (e.g. "dense_1") for folding in the graph.
scopes: ContextVar[tuple[str, ...]] = ContextVar("visualtape_scopes", default=())
# The gradient call whose backward pass is running (ops made there are "gradient" ops).
active_gradient_call: ContextVar[int | None] = ContextVar("visualtape_gradient_call", default=None)
# While a backward pass runs with a sink attached: the user's line that called `gradient`. No
# user code runs inside a backward pass (VJPs are engine ops), so that is where every op it
# records is made; looked up once instead of walking the deep stack for each op.
backward_location: ContextVar[SourceLocation | None] = ContextVar(
    "visualtape_backward_location", default=None
)


_new_record = tuple.__new__


def record(
    op: Any,
    inputs: tuple[Tensor, ...],
    output: Tensor,
    attrs: dict[str, Any],
    tapes: tuple[TapeState, ...],
) -> None:
    """Append `op(inputs) -> output` to every recording tape that tracks one of the inputs."""
    has_variable = False
    hit: tuple[TapeState, ...] | list[TapeState]
    # NOTE: the two branches apply one rule (a tape takes the op if it tracks an input, and a
    # tape that watches accessed variables starts tracking a trainable Variable input); the
    # one-tape case, nearly every recorded op, is written out without the list of hits.
    if len(tapes) == 1:
        tape = tapes[0]
        ids = tape.tensor_ids
        tracked = False
        for tensor in inputs:
            if type(tensor) is Variable:
                has_variable = True
                if tensor._id in ids:
                    tracked = True
                elif tape.watch_accessed and tensor._trainable:
                    tape.watch(tensor, explicit=False)
                    tracked = True
            elif tensor._id in ids:
                tracked = True
        if not tracked:
            return
        hit = tapes
    else:
        hit = []
        for tape in tapes:
            ids = tape.tensor_ids
            tracked = False
            for tensor in inputs:
                if type(tensor) is Variable:
                    has_variable = True
                    if tensor._id in ids:
                        tracked = True
                    elif tape.watch_accessed and tensor._trainable:
                        tape.watch(tensor, explicit=False)
                        tracked = True
                elif tensor._id in ids:
                    tracked = True
            if tracked:
                hit.append(tape)
        if not hit:
            return
    sink_on = trace.sink is not None
    location = None
    if sink_on:
        # (from 3 frames up: this function and `registry.apply` are never the user's code)
        location = backward_location.get() or user_location(3)
    scope = scopes.get()
    # NOTE: tuple.__new__ builds the NamedTuple without its Python-level __new__ (a third of
    # the cost); the fields are in declaration order.
    rec = _new_record(
        OpRecord,
        (
            _next_record_id(),
            op,
            _snapshot_variables(inputs) if has_variable else inputs,
            output,
            attrs,
            location,
            "/".join(scope) if scope else None,
            active_gradient_call.get(),
        ),
    )
    out_id = output._id
    for tape in hit:
        tape.records.append(rec)
        tape.tensor_ids.add(out_id)
        tape.output_ids.add(out_id)
    if sink_on:
        _emitting.emit_op_recorded(rec, hit, inputs)


def _snapshot_variables(inputs: tuple[Tensor, ...]) -> tuple[Tensor, ...]:
    """Variables become plain tensors with the same id and the value they had when recorded.

    A later `assign` swaps the Variable's array, so the VJP must not read the Variable itself
    (TensorFlow reads variables through a recorded read op for the same reason).
    """
    snapshots = []
    for tensor in inputs:
        if type(tensor) is Variable:
            snapshot = object.__new__(Tensor)
            snapshot._value = tensor._value
            snapshot._id = tensor._id
            snapshot._info = None
            tensor = snapshot
        snapshots.append(tensor)
    return tuple(snapshots)


# Event building (only with a sink attached) imports this module, hence imported last.
from visualtape.engine import emitting as _emitting  # noqa: E402
