"""Trace events: what the engine tells a visualizer while a script runs.

Every event is a frozen dataclass whose fields are JSON-friendly scalars (int, float, str, bool,
None), tuples, dicts of str -> scalar, read-only numpy arrays, or nested event-value dataclasses
(`TensorInfo`, `SourceLocation`). The stream codec in `visualtape.session.stream` serialises them
generically by field, so adding a field here is all a new piece of information needs.

Identity: every tensor has a process-unique integer `id`; every tape, op record and gradient call
has its own integer id. Later events refer to earlier ones by id.

>>> TapeClosed(tape_id=1)
TapeClosed(tape_id=1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SourceLocation:
    """Where in the user's script something happened."""

    file: str
    line: int
    function: str


@dataclass(frozen=True)
class TensorInfo:
    """A tensor as the visualizer sees it: identity, kind, name and (a snapshot of) its value.

    kind is one of "variable", "constant" (made by the user, e.g. tf.constant / tf.ones),
    "intermediate" (output of a recorded op) or "gradient" (made while computing a gradient).
    """

    id: int
    kind: str
    dtype: str
    shape: tuple[int, ...]
    value: np.ndarray
    name: str | None = None
    trainable: bool = False


@dataclass(frozen=True)
class ArraySummary:
    """Stands in for a large array kept out of a session under the value budget.

    The stream codec replaces any array field above the budget by one of these; consumers must
    accept `np.ndarray | ArraySummary` wherever an event carries a value.
    """

    shape: tuple[int, ...]
    dtype: str
    min: float
    max: float
    mean: float
    std: float
    thumbnail: np.ndarray  # a small strided sample of the array (at most 64x64), same dtype


# --- tapes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TapeOpened:
    tape_id: int
    persistent: bool
    watch_accessed_variables: bool
    # The innermost tape that was already recording when this one opened (None at top level).
    parent_tape_id: int | None
    location: SourceLocation | None


@dataclass(frozen=True)
class TapeClosed:
    tape_id: int


@dataclass(frozen=True)
class TapeReset:
    """`tape.reset()`: everything recorded so far is dropped; recording continues afresh."""

    tape_id: int


@dataclass(frozen=True)
class TensorWatched:
    """A tensor or variable was watched, explicitly (`tape.watch`) or automatically."""

    tape_id: int
    tensor: TensorInfo
    explicit: bool


@dataclass(frozen=True)
class OpRecorded:
    """One op appended to one or more tapes (record order = topological order).

    `gradient_call_id` is set when the op ran inside a backward pass (a VJP computation): that is
    how an outer tape shows the inner tape's gradient ops.
    """

    record_id: int
    tape_ids: tuple[int, ...]
    op: str
    inputs: tuple[TensorInfo, ...]
    output: TensorInfo
    attrs: dict[str, object]
    location: SourceLocation | None
    scope: str | None
    gradient_call_id: int | None


# --- gradient calls ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GradientStarted:
    """`tape.gradient(...)` (or one row of `jacobian`) began a backward pass."""

    call_id: int
    tape_id: int
    targets: tuple[TensorInfo, ...]
    sources: tuple[TensorInfo, ...]
    seeds: tuple[np.ndarray, ...]  # one per target: ones, or the user's output_gradients
    location: SourceLocation | None
    kind: str = "gradient"  # "gradient", "jacobian" or "batch_jacobian"
    # A jacobian row: the index of the target element it differentiates (within one example
    # for batch_jacobian), e.g. (1,) for ∂y[1]/∂x; () for a gradient call.
    row: tuple[int, ...] = ()


@dataclass(frozen=True)
class BackwardStep:
    """The chain rule applied to one record: upstream gradient in, one contribution per input out.

    `input_grads[i]` is the contribution to `input_ids[i]` (None when that input needs no
    gradient); `accumulated[i]` is that input's running total after adding it (the fan-in sum).
    """

    call_id: int
    record_id: int
    op: str
    output_id: int
    upstream: np.ndarray
    input_ids: tuple[int, ...]
    input_grads: tuple[np.ndarray | None, ...]
    accumulated: tuple[np.ndarray | None, ...]


@dataclass(frozen=True)
class GradientFinished:
    """The backward pass ended. `results[i]` belongs to `source_ids[i]`; None has a `reasons[i]`.

    Reasons: "not_watched", "unconnected", "integer_dtype", "" when a value exists.
    """

    call_id: int
    tape_id: int
    source_ids: tuple[int, ...]
    results: tuple[np.ndarray | None, ...]
    reasons: tuple[str, ...]
    tape_released: bool


@dataclass(frozen=True)
class GradientFailed:
    """A gradient call raised (e.g. second call on a spent non-persistent tape)."""

    call_id: int
    tape_id: int
    error_type: str
    message: str
    location: SourceLocation | None
    # The tensors the call was asked about, so a call that failed before it started (a spent
    # tape) is still named "gradient(y, x)" (ids of the tensor arguments only).
    target_ids: tuple[int, ...] = ()
    source_ids: tuple[int, ...] = ()


# --- variables, names, output -----------------------------------------------------------------


@dataclass(frozen=True)
class VariableCreated:
    tensor: TensorInfo
    location: SourceLocation | None


@dataclass(frozen=True)
class VariableAssigned:
    variable_id: int
    name: str | None
    value: np.ndarray
    method: str  # "assign", "assign_add" or "assign_sub"
    location: SourceLocation | None


@dataclass(frozen=True)
class NamesResolved:
    """Python variable names found for tensor ids in the user's frame (e.g. {12: "y"})."""

    names: dict[str, str]  # str(tensor id) -> name (str keys keep it JSON-friendly)


@dataclass(frozen=True)
class ScalarLogged:
    """A scalar for the live plots: a Variable's value after an update, a loss, a metric."""

    name: str
    step: int
    value: float


@dataclass(frozen=True)
class LossSurface:
    """The loss on a grid over two scalar Variables, for the parameter-space view's contours.

    `values[i, j]` is the loss at x = `xs[j]`, y = `ys[i]` (rows follow y, as `np.meshgrid`).
    """

    x_name: str
    y_name: str
    x_variable_id: int
    y_variable_id: int
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class PrintOutput:
    text: str
    stream: str = "stdout"  # "stdout", "stderr" or "tf.print"


@dataclass(frozen=True)
class FunctionTraced:
    """`tf.function` traced (or retraced) a Python function for a new input signature."""

    function: str
    trace_count: int  # 1 for the first trace, 2 for the first retrace, ...
    signature: str  # e.g. "(x: float32[2,2], n=3)"
    reason: str  # "first call" or "new input signature"
    op_count: int  # ops in the traced graph
    ops: tuple[str, ...]  # the traced graph's op names, in order
    location: SourceLocation | None


@dataclass(frozen=True)
class ScriptStarted:
    path: str
    source: str
    argv: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScriptFinished:
    exit_code: int
    seconds: float


@dataclass(frozen=True)
class ScriptError:
    """The script failed: `error_type: message`, at file:line (the innermost user frame)."""

    error_type: str
    message: str
    traceback: str
    file: str | None
    line: int | None
    column: int | None = None
    frames: tuple[SourceLocation, ...] = field(default_factory=tuple)


EVENT_TYPES: tuple[type, ...] = (
    TapeOpened,
    TapeClosed,
    TapeReset,
    TensorWatched,
    OpRecorded,
    GradientStarted,
    BackwardStep,
    GradientFinished,
    GradientFailed,
    VariableCreated,
    VariableAssigned,
    NamesResolved,
    ScalarLogged,
    LossSurface,
    PrintOutput,
    FunctionTraced,
    ScriptStarted,
    ScriptFinished,
    ScriptError,
)

VALUE_TYPES: tuple[type, ...] = (SourceLocation, TensorInfo, ArraySummary)

Event = (
    TapeOpened
    | TapeClosed
    | TapeReset
    | TensorWatched
    | OpRecorded
    | GradientStarted
    | BackwardStep
    | GradientFinished
    | GradientFailed
    | VariableCreated
    | VariableAssigned
    | NamesResolved
    | ScalarLogged
    | LossSurface
    | PrintOutput
    | FunctionTraced
    | ScriptStarted
    | ScriptFinished
    | ScriptError
)
