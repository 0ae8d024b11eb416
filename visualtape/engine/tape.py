"""GradientTape with TensorFlow's semantics (see tensorflow/python/eager/backprop.py).

>>> from visualtape.engine import constant
>>> x = constant(3.0)
>>> with GradientTape() as tape:
...     tape.watch(x)
...     y = x * x
>>> float(tape.gradient(y, x))
6.0
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from visualtape.engine import dtypes, emitting, nest, trace
from visualtape.engine.backward import backward
from visualtape.engine.dtypes import FLOAT_SCALAR_TYPES
from visualtape.engine.recording import TapeState, recording
from visualtape.engine.tensor import Tensor, constant, wrap
from visualtape.engine.variable import Variable

_next_tape_id = itertools.count(1).__next__
_next_call_id = itertools.count(1).__next__

SPENT_TAPE_MESSAGE = (
    "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"
)


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source with no path to the target."""

    NONE = "none"
    ZERO = "zero"


class GradientTapeWarning(UserWarning):
    """TensorFlow logs these situations as warnings; so do we."""


class GradientTape:
    """Records ops on watched tensors so that `gradient` can run reverse-mode autodiff."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True) -> None:
        self._persistent = bool(persistent)
        self._watch_accessed_variables = bool(watch_accessed_variables)
        self._tape_id = _next_tape_id()
        self._state: TapeState | None = None
        self._recording = False
        self._entered_once = False
        # The variables a non-persistent tape watched, kept after its release.
        self._spent_watched: dict[int, Variable] = {}

    # --- context ---------------------------------------------------------------------------
    def __enter__(self) -> GradientTape:
        if self._recording:
            raise ValueError(
                "Tape is still recording, This can happen if you try to re-enter "
                "an already-active tape."
            )
        if not self._entered_once:
            self._entered_once = True
            if trace.sink is not None:
                parents = recording.get()
                emitting.emit_tape_opened(
                    self._tape_id,
                    self._persistent,
                    self._watch_accessed_variables,
                    parents[-1].tape_id if parents else None,
                )
        # _push, inlined (as is _pop below): entering and leaving a tape is most of the fixed
        # cost of a small program's gradient.
        state = self._state
        if state is None:
            state = self._ensure_state()
        recording.set(recording.get() + (state,))
        self._recording = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._recording:
            stack = recording.get()
            if stack and stack[-1] is self._state:
                recording.set(stack[:-1])
            else:
                self._pop()
            self._recording = False
        if trace.sink is not None:
            emitting.emit_tape_closed(self._tape_id)

    def _ensure_state(self) -> TapeState:
        if self._state is None:
            self._state = TapeState(self._tape_id, self._persistent, self._watch_accessed_variables)
        return self._state

    def _push(self) -> None:
        state = self._state
        if state is None:
            state = self._ensure_state()
        recording.set(recording.get() + (state,))
        self._recording = True

    def _pop(self) -> None:
        state = self._state
        stack = recording.get()
        if stack and stack[-1] is state:  # the usual case: this tape is the innermost
            recording.set(stack[:-1])
        else:
            recording.set(tuple(t for t in stack if t is not state))
        self._recording = False

    # --- watching ----------------------------------------------------------------------------
    def watch(self, tensor: Any) -> None:
        """Track `tensor` (or a nested structure of tensors) so gradients can reach it."""
        state = self._state
        if state is None:
            state = self._ensure_state()
        # (a bare tensor is the common case: nest.flatten would give [tensor])
        for item in (tensor,) if isinstance(tensor, Tensor) else nest.flatten(tensor):
            if not isinstance(item, Tensor):
                raise ValueError(
                    f"Passed in object {item!r} of type {type(item).__name__!r}, "
                    "not tf.Tensor or tf.Variable."
                )
            value = item._value
            if type(value) not in FLOAT_SCALAR_TYPES and not dtypes.is_differentiable(value.dtype):
                warnings.warn(
                    "The dtype of the watched tensor must be floating (e.g. tf.float32), got "
                    f"tf.{value.dtype.name}",
                    GradientTapeWarning,
                    stacklevel=2,
                )
                continue
            state.watch(item, explicit=True)

    @contextlib.contextmanager
    def stop_recording(self) -> Iterator[None]:
        """Temporarily stop recording; ops inside the block are invisible to this tape."""
        if not self._recording:
            raise ValueError("Tape must be recording when stop_recording is called.")
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self) -> None:
        """Forget everything recorded (as if the context were exited and re-entered)."""
        if not self._recording:
            raise ValueError("Tape is not recording.")
        self._pop()
        self._state = None
        if trace.sink is not None:
            emitting.emit_tape_reset(self._tape_id)
        self._push()

    def watched_variables(self) -> tuple[Variable, ...]:
        """Variables this tape watched (explicitly or on access), in creation order."""
        watched = self._spent_watched if self._state is None else self._state.watched_variables
        return tuple(sorted(watched.values(), key=_creation_order))

    # --- gradients ---------------------------------------------------------------------------
    def gradient(
        self,
        target: Any,
        sources: Any,
        output_gradients: Any = None,
        unconnected_gradients: Any = UnconnectedGradients.NONE,
    ) -> Any:
        """d(sum of targets)/d(each source), with the sources' structure (list, dict, ...)."""
        # NOTE: a bare tensor as target or sources (the common call) skips nest and _tensors,
        # whose answer would be [tensor]; the fixed cost of a call matters for small programs.
        call_id = _next_call_id()
        single = isinstance(sources, Tensor)
        try:
            state = self._state
            if state is None or self._recording:
                state = self._begin_gradient()
            targets = (
                [target] if isinstance(target, Tensor) else _tensors(nest.flatten(target), "target")
            )
            if state.watch_accessed:  # reading a trainable Variable target watches it, as in TF
                for item in targets:
                    if type(item) is Variable and item._trainable:
                        state.watch(item, explicit=False)
            flat_sources = [sources] if single else _tensors(nest.flatten(sources), "sources")
            if output_gradients is None and len(targets) == 1:
                seeds = [_ones_like(targets[0])]
            else:
                seeds = _seeds(targets, output_gradients)
            zero = (
                unconnected_gradients is not UnconnectedGradients.NONE
                and _unconnected(unconnected_gradients) is UnconnectedGradients.ZERO
            )
        except Exception as exc:
            _report_failure(call_id, self._tape_id, exc, target, sources)
            raise
        try:  # a VJP can fail too (e.g. output_gradients of the wrong shape)
            results, reasons = self._run(
                call_id, state, targets, flat_sources, seeds, zero, "gradient"
            )
        except Exception as exc:
            _report_failure(call_id, self._tape_id, exc)
            raise
        self._finish(call_id, flat_sources, results, reasons)
        return results[0] if single else nest.pack_sequence_as(sources, results)

    def _begin_gradient(self) -> TapeState:
        if self._state is None:
            raise RuntimeError(SPENT_TAPE_MESSAGE)
        if self._recording:
            if not self._persistent:
                self._pop()
            else:
                warnings.warn(
                    "Calling GradientTape.gradient on a persistent tape inside its context is "
                    "significantly less efficient than calling it outside the context (it "
                    "causes the gradient ops to be recorded on the tape, leading to increased "
                    "CPU and memory usage). Only call GradientTape.gradient inside the context "
                    "if you actually want to trace the gradient in order to compute higher "
                    "order derivatives.",
                    GradientTapeWarning,
                    stacklevel=3,
                )
        return self._state

    def _run(
        self,
        call_id: int,
        state: TapeState,
        targets: list[Tensor],
        sources: list[Tensor],
        seeds: list[Tensor],
        zero: bool,
        kind: str,
        row: tuple[int, ...] = (),
    ) -> tuple[list[Tensor | None], list[str]]:
        if trace.sink is not None:
            emitting.emit_gradient_started(call_id, state, targets, sources, seeds, kind, row)
        grads = backward(state, targets, seeds, call_id, sources)
        results: list[Tensor | None] = []
        reasons: list[str] = []
        for source in sources:
            grad, reason = _result_for(source, grads, state)
            if grad is None and zero and reason != "integer_dtype":
                grad = Tensor(np.zeros_like(source._value))
            results.append(grad)
            reasons.append(reason if grad is None else "")
        return results, reasons

    def _finish(
        self, call_id: int, sources: list[Tensor], results: list[Tensor | None], reasons: list[str]
    ) -> None:
        released = not self._persistent
        if released:
            self._release()
        if trace.sink is not None:
            emitting.emit_gradient_finished(
                call_id, self._tape_id, sources, results, reasons, released
            )

    def _release(self) -> None:
        """A non-persistent tape is spent after one gradient (or jacobian) computation."""
        self._spent_watched = self._state.watched_variables if self._state is not None else {}
        self._state = None

    def jacobian(
        self,
        target: Any,
        sources: Any,
        unconnected_gradients: Any = UnconnectedGradients.NONE,
        parallel_iterations: Any = None,
        experimental_use_pfor: bool = True,
    ) -> Any:
        """d target[i...] / d source[j...] for every element: shape target.shape + source.shape."""
        from visualtape.engine.jacobian import jacobian_rows

        return jacobian_rows(self, target, sources, unconnected_gradients, batch=False)

    def batch_jacobian(
        self,
        target: Any,
        source: Any,
        unconnected_gradients: Any = UnconnectedGradients.NONE,
        parallel_iterations: Any = None,
        experimental_use_pfor: bool = True,
    ) -> Any:
        """Per-example jacobian: target [b, ...] and source [b, ...] -> [b, ...t, ...s]."""
        from visualtape.engine.jacobian import jacobian_rows

        return jacobian_rows(self, target, source, unconnected_gradients, batch=True)


def _creation_order(variable: Variable) -> int:
    return variable._creation


def _tensors(items: list[Any], role: str) -> list[Tensor]:
    for item in items:
        if not isinstance(item, Tensor):
            raise ValueError(
                f"GradientTape.gradient: {role} must be tensors or variables, "
                f"got {type(item).__name__} {item!r:.60}"
            )
    return items


def _seeds(targets: list[Tensor], output_gradients: Any) -> list[Tensor]:
    if output_gradients is None:
        return [_ones_like(t) for t in targets]
    given = nest.flatten(output_gradients)
    if len(given) != len(targets):
        raise ValueError(f"output_gradients has {len(given)} entries for {len(targets)} targets")
    return [
        _ones_like(t)
        if g is None
        else constant(g, dtype=t._value.dtype)
        if not isinstance(g, Tensor)
        else g
        for t, g in zip(targets, given, strict=True)
    ]


def _ones_like(tensor: Tensor) -> Tensor:
    value = tensor._value
    if type(value) is not np.ndarray:
        return wrap(type(value)(1))  # a numpy scalar (0-d value): the cheap scalar seed
    ones = np.empty(value.shape, dtype=value.dtype)  # (np.ones is empty + copyto, in Python)
    ones.fill(1)
    return wrap(ones)


def _unconnected(value: Any) -> UnconnectedGradients:
    if value is UnconnectedGradients.NONE or value is UnconnectedGradients.ZERO:
        return value
    try:
        return UnconnectedGradients(getattr(value, "value", value))
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None


def _result_for(
    source: Tensor, grads: dict[int, Tensor], state: TapeState
) -> tuple[Tensor | None, str]:
    value = source._value
    if type(value) not in FLOAT_SCALAR_TYPES and not dtypes.is_differentiable(value.dtype):
        return None, "integer_dtype"
    if source._id not in state.tensor_ids:
        return None, "not_watched"
    grad = grads.get(source._id)
    return (grad, "") if grad is not None else (None, "unconnected")


def _report_failure(
    call_id: int, tape_id: int, exc: Exception, target: Any = None, sources: Any = None
) -> None:
    if trace.sink is not None:
        emitting.emit_gradient_failed(call_id, tape_id, exc, None, target, sources)
