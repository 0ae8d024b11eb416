"""Scalar series for the training plots: compact, append-only, cheap to hand to pyqtgraph.

Each point remembers the tape it belongs to (the newest top-level tape when it arrived), so a
click on a plotted point can show that step's graph. `plot_pane` sorts series into the panes of
the training plots and drops counters (an optimizer's int64 `iterations`).

>>> s = ScalarSeries("loss", kind="logged")
>>> s.append(0, 1.5, tape_id=4); s.append(1, 0.75)
>>> s.steps_array().tolist(), s.values_array().tolist(), s.tape_at(0), s.tape_at(1)
([0, 1], [1.5, 0.75], 4, None)
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from typing import Protocol

import numpy as np

NO_TAPE = -1
TRAINING_MIN_POINTS = 2  # a Variable updated at least once, or a metric logged twice
TARGET_MIN_POINTS = 5  # gradient targets alone: a loop, not a few hand-made calls

TARGET_SUFFIX = " (gradient target)"  # series key of a gradient call's scalar target
PARAMETERS, LOSSES, METRICS = "parameters", "losses", "metrics"
PANES = (PARAMETERS, LOSSES, METRICS)


class ScalarSeries:
    """A named series of (step, value) points, each with the id of its tape (or `NO_TAPE`).

    kind: "variable" (a scalar Variable: step = assignment count, 0 = its initial value),
    "logged" (`ScalarLogged`) or "gradient_target" (the scalar target of each gradient call, e.g.
    the loss; step = how many such calls came before). `revision` bumps on every append.
    """

    def __init__(self, name: str, kind: str = "logged") -> None:
        self.name = name
        self.kind = kind
        self.steps: array[int] = array("q")
        self.values: array[float] = array("d")
        self.tapes: array[int] = array("q")
        self.revision = 0

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return f"ScalarSeries({self.name!r}, kind={self.kind!r}, points={len(self)})"

    def append(self, step: int, value: float, tape_id: int | None = None) -> None:
        """Add one point (of the tape `tape_id`, when known)."""
        self.steps.append(int(step))
        self.values.append(float(value))
        self.tapes.append(NO_TAPE if tape_id is None else int(tape_id))
        self.revision += 1

    @property
    def last(self) -> float | None:
        """The latest value, or None when empty."""
        return self.values[-1] if self.values else None

    def steps_array(self) -> np.ndarray:
        """The steps as an int64 array (a copy, safe to keep while the series grows)."""
        return np.array(self.steps, dtype=np.int64)

    def values_array(self) -> np.ndarray:
        """The values as a float64 array (a copy)."""
        return np.array(self.values, dtype=np.float64)

    def tape_at(self, index: int) -> int | None:
        """The tape of point `index`; for a point with none (a Variable's initial value), the
        tape of the next point that has one. None when no later point knows its tape."""
        for tape_id in self.tapes[index:]:
            if tape_id != NO_TAPE:
                return tape_id
        return None


class VariableLike(Protocol):
    """What `plot_pane` needs to know about the Variable behind a series."""

    dtype: str
    trainable: bool
    series_key: str | None


def plot_pane(series: ScalarSeries, variable: VariableLike | None = None) -> str | None:
    """The pane a series belongs in: PARAMETERS, LOSSES, METRICS, or None (not plotted).

    Integer Variables (step counters such as an optimizer's `iterations`) are not plotted;
    logged scalars whose name mentions "loss" share the losses pane.

    >>> plot_pane(ScalarSeries("test_loss", "logged")), plot_pane(ScalarSeries("acc", "logged"))
    ('losses', 'metrics')
    """
    if series.kind == "variable":
        if variable is not None and not variable.dtype.startswith(("float", "half", "double")):
            return None
        return PARAMETERS
    if series.kind == "gradient_target" or "loss" in series.name.lower():
        return LOSSES
    return METRICS


def display_name(series: ScalarSeries) -> str:
    """The name a plot shows: "loss" rather than "loss (gradient target)".

    >>> display_name(ScalarSeries("loss" + TARGET_SUFFIX, "gradient_target"))
    'loss'
    """
    return series.name.removesuffix(TARGET_SUFFIX)


def panes_of(
    series: Mapping[str, ScalarSeries], variables: Iterable[VariableLike] = ()
) -> dict[str, list[ScalarSeries]]:
    """Every plotted series, by pane (in the series' arrival order). A gradient target the
    script also logs under its name (`tf.summary.scalar("loss", loss)`) is plotted once: as
    the script logs it."""
    by_key = {v.series_key: v for v in variables if v.series_key is not None}
    logged = {key for key, points in series.items() if points.kind == "logged"}
    panes: dict[str, list[ScalarSeries]] = {pane: [] for pane in PANES}
    for key, points in series.items():
        if points.kind == "gradient_target" and display_name(points) in logged:
            continue
        pane = plot_pane(points, by_key.get(key))
        if pane is not None:
            panes[pane].append(points)
    return panes


def is_training(panes: Mapping[str, list[ScalarSeries]]) -> bool:
    """True when the plots have a story to tell: a parameter changed, a metric was logged
    twice, or gradients were taken in a loop (not a single hand-made call or three)."""
    for pane, members in panes.items():
        least = TARGET_MIN_POINTS if pane == LOSSES else TRAINING_MIN_POINTS
        for points in members:
            if len(points) >= (TRAINING_MIN_POINTS if points.kind == "logged" else least):
                return True
    return False


def scalar_of(value: object) -> float | None:
    """The float in a one-element numeric array (or number), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()).item())
    return None
