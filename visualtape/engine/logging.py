"""Scalars and loss surfaces for the live training plots (numpy only; free without a visualizer).

Scripts log what the engine cannot see on its own, such as a metric's value after an epoch:

    from visualtape.engine.logging import log_scalar
    log_scalar("accuracy", acc, step=epoch)    # or tf.summary.scalar("accuracy", acc, epoch)

and may give the parameter-space view a loss surface for two scalar Variables:

    loss_surface(fn, w, b, x_range=(-2, 5), y_range=(-2, 3))   # fn(w_grid, b_grid) -> losses

or simply define a module-level `def loss_surface(w_grid, b_grid)` in the script: the runner
evaluates it when the script ends, on a grid around the path the two Variables took
(`surface_from_namespace`, fed by `VariableRanges`). With no sink attached every call here is a
no-op (no user function is called), so the same script runs unchanged outside visualtape.

>>> from visualtape.engine import trace
>>> with trace.collecting() as events:
...     log_scalar("accuracy", 0.5, step=3); log_scalar("accuracy", 0.75)
>>> [(e.name, e.step, e.value) for e in events]
[('accuracy', 3, 0.5), ('accuracy', 4, 0.75)]
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from visualtape.engine import trace
from visualtape.engine.events import (
    Event,
    PrintOutput,
    ScalarLogged,
    VariableAssigned,
    VariableCreated,
)
from visualtape.engine.variable import Variable

if TYPE_CHECKING:
    from visualtape.engine.events import LossSurface

MAX_RESOLUTION = 64  # 64 x 64 grid values fit the stream's default value budget (4096)
DEFAULT_RESOLUTION = 61
SurfaceFunction = Callable[[np.ndarray, np.ndarray], Any]

_next_steps: dict[str, int] = {}


def log_scalar(name: str, value: Any, step: Any = None) -> None:
    """Plot `value` (a number or one-element tensor) as point `step` of the series `name`.

    `step` may be an int, a Variable or a tensor (e.g. `optimizer.iterations`); without one the
    step is one more than this name's previous step (0 first).

    >>> log_scalar("loss", 1.0)  # no visualizer listening: nothing happens
    """
    if trace.sink is None:
        return
    number = _scalar_value(value, f"log_scalar({name!r}): value")
    previous = _next_steps.get(name, 0)
    step_number = previous if step is None else int(_scalar_value(step, "step"))
    _next_steps[name] = step_number + 1
    trace.emit(ScalarLogged(name=str(name), step=step_number, value=number))


def summary_scalar(name: str, data: Any, step: Any = None, description: str | None = None) -> bool:
    """`tf.summary.scalar`: logs like `log_scalar` (no file writer needed); True when sent.

    >>> summary_scalar("accuracy", 0.9, step=1)
    False
    """
    del description  # TensorBoard metadata; nothing to show here
    if trace.sink is None:
        return False
    log_scalar(name, data, step)
    return True


def loss_surface(
    fn: SurfaceFunction,
    x: Variable,
    y: Variable,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    resolution: int = DEFAULT_RESOLUTION,
) -> None:
    """Evaluate `fn(x_grid, y_grid)` on a grid over two scalar Variables and send it to the plot.

    Ranges default to the Variable's current value +- max(1, 1.5 * |value|); `resolution` points
    per axis (at most 64). `fn` gets float64 arrays from `np.meshgrid` and returns the losses, same
    shape. Does nothing (and never calls `fn`) when no visualizer listens.

    >>> loss_surface(lambda w, b: w * w + b * b, Variable(1.0, name="w"), Variable(0.0, name="b"))
    """
    if trace.sink is None:
        return
    xs = _axis(x_range or _default_range(float(x)), resolution)
    ys = _axis(y_range or _default_range(float(y)), resolution)
    trace.emit(_evaluate(fn, (_variable_name(x), x.id), (_variable_name(y), y.id), xs, ys))


class VariableRanges:
    """The least and greatest value each scalar Variable took (the runner feeds it every event).

    >>> ranges = VariableRanges()
    >>> forward = ranges.wrap(lambda event: None)
    >>> forward(VariableAssigned(7, "w", np.array(2.0), "assign", None)); ranges.bounds[7]
    (2.0, 2.0)
    """

    def __init__(self) -> None:
        self.bounds: dict[int, tuple[float, float]] = {}

    def observe(self, event: Event) -> None:
        if isinstance(event, VariableAssigned):
            self._see(event.variable_id, event.value)
        elif isinstance(event, VariableCreated):
            self._see(event.tensor.id, event.tensor.value)

    def wrap(self, sink: trace.Sink) -> trace.Sink:
        """A sink that observes each event, then passes it on to `sink`."""

        def observing(event: Event) -> None:
            self.observe(event)
            sink(event)

        return observing

    def _see(self, variable_id: int, value: Any) -> None:
        if not isinstance(value, np.ndarray) or value.size != 1 or value.dtype.kind != "f":
            return
        number = float(value.reshape(()))
        if not math.isfinite(number):
            return
        low, high = self.bounds.get(variable_id, (number, number))
        self.bounds[variable_id] = (min(low, number), max(high, number))


def surface_from_namespace(
    namespace: Mapping[str, Any], ranges: VariableRanges
) -> LossSurface | PrintOutput | None:
    """The runner's end-of-script hook: evaluate the script's `loss_surface(a_grid, b_grid)`.

    The two axes are the scalar Variables named like the parameters (`w_grid` -> `w`), else the
    first two float scalar trainable Variables among the script's globals. The grid spans the
    path seen by `ranges` plus a margin. Returns the event to emit: a `LossSurface`, a
    `PrintOutput` on stderr when the function failed, or None when there is nothing to do.
    """
    fn = namespace.get("loss_surface")
    if not callable(fn) or isinstance(fn, type):
        return None
    pair = _surface_variables(fn, namespace)
    if pair is None:
        return None
    axes = [(_variable_name(v), v.id, _padded(ranges.bounds.get(v.id), float(v))) for v in pair]
    xs, ys = (_axis(bounds, DEFAULT_RESOLUTION) for _, _, bounds in axes)
    try:
        return _evaluate(fn, axes[0][:2], axes[1][:2], xs, ys)
    except Exception as error:  # noqa: BLE001 - a failing hook is reported, never fatal
        message = f"loss_surface could not be drawn: {type(error).__name__}: {error}\n"
        return PrintOutput(text=message, stream="stderr")


# --- helpers ----------------------------------------------------------------------------------


def _scalar_value(value: Any, what: str) -> float:
    array = np.asarray(value)
    if array.size != 1 or array.dtype.kind not in "biuf":
        raise ValueError(f"{what} must be a single number, got shape {array.shape} {array.dtype}")
    return float(array.reshape(()))


def _variable_name(variable: Variable) -> str:
    name = variable.name or "Variable"
    return name.rsplit(":", 1)[0] if name.rsplit(":", 1)[-1].isdigit() else name


def _is_scalar_parameter(value: object) -> bool:
    return (
        isinstance(value, Variable)
        and value.trainable
        and int(np.size(value.numpy())) == 1
        and value.dtype.is_floating
    )


def _surface_variables(
    fn: Callable[..., Any], namespace: Mapping[str, Any]
) -> tuple[Variable, Variable] | None:
    try:
        parameters = list(inspect.signature(fn).parameters)[:2]
    except (TypeError, ValueError):
        parameters = []
    named = [namespace.get(_base_name(p)) for p in parameters]
    first, second = (named + [None, None])[:2]
    if _is_scalar_parameter(first) and _is_scalar_parameter(second) and first is not second:
        assert isinstance(first, Variable) and isinstance(second, Variable)
        return first, second
    found = [v for v in namespace.values() if _is_scalar_parameter(v)]
    unique = list({id(v): v for v in found}.values())
    return (unique[0], unique[1]) if len(unique) >= 2 else None


def _base_name(parameter: str) -> str:
    for suffix in ("_grid", "_values", "_mesh", "s"):
        if parameter.endswith(suffix) and len(parameter) > len(suffix):
            return parameter[: -len(suffix)]
    return parameter


def _default_range(centre: float) -> tuple[float, float]:
    half = max(1.0, 1.5 * abs(centre))
    return centre - half, centre + half


def _padded(bounds: tuple[float, float] | None, current: float) -> tuple[float, float]:
    low, high = bounds if bounds is not None else (current, current)
    margin = max(0.5, 0.3 * (high - low))
    return low - margin, high + margin


def _axis(bounds: tuple[float, float], resolution: int) -> np.ndarray:
    low, high = float(bounds[0]), float(bounds[1])
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        raise ValueError(f"a loss-surface range needs finite low < high, got {bounds}")
    count = max(2, min(int(resolution), MAX_RESOLUTION))
    return np.linspace(low, high, count)


def _evaluate(
    fn: SurfaceFunction,
    x: tuple[str, int],
    y: tuple[str, int],
    xs: np.ndarray,
    ys: np.ndarray,
) -> LossSurface:
    from visualtape.engine.events import LossSurface  # noqa: PLC0415 - see the lead's note

    x_grid, y_grid = np.meshgrid(xs, ys)  # rows follow y, columns follow x
    values = np.asarray(fn(x_grid, y_grid), dtype=np.float64)
    if values.shape != x_grid.shape:
        raise ValueError(f"loss_surface returned shape {values.shape}, expected {x_grid.shape}")
    return LossSurface(
        x_name=x[0],
        y_name=y[0],
        x_variable_id=x[1],
        y_variable_id=y[1],
        xs=_frozen(xs),
        ys=_frozen(ys),
        values=_frozen(values),
    )


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array, dtype=np.float64, copy=True)
    array.flags.writeable = False
    return array
