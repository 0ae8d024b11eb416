"""The parameter-space view's model: loss-surface grids and the path two parameters took.

Pure Python + numpy. A `SurfaceGrid` holds one `LossSurface` event (losses on a grid over two
scalar Variables, computed in the script's process); `parameter_path` zips two scalar-Variable
series into the (x, y) points of the path with each point's tape; `contour_levels` picks levels
that space the contour lines well for bowls (dense near the minimum, sparse on the walls).

>>> xs, ys = np.linspace(-1, 1, 3), np.linspace(0, 2, 3)
>>> grid = SurfaceGrid("w", "b", 1, 2, xs, ys, np.add.outer(ys, xs))
>>> grid.axes, grid.value_at(1.0, 0.0)
(('w', 'b'), 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from visualtape.session.series import ScalarSeries


@dataclass(frozen=True)
class SurfaceGrid:
    """Losses `values[i, j]` at x = `xs[j]`, y = `ys[i]` for the Variables `x_name`, `y_name`."""

    x_name: str
    y_name: str
    x_variable_id: int
    y_variable_id: int
    xs: np.ndarray
    ys: np.ndarray
    values: np.ndarray

    @classmethod
    def from_event(cls, event: Any) -> SurfaceGrid:
        """From a `LossSurface` event (arrays copied to float64 and made read-only)."""
        return cls(
            event.x_name,
            event.y_name,
            int(event.x_variable_id),
            int(event.y_variable_id),
            _frozen(event.xs),
            _frozen(event.ys),
            _frozen(event.values),
        )

    def __post_init__(self) -> None:
        expected = (len(self.ys), len(self.xs))
        if np.shape(self.values) != expected:
            raise ValueError(f"surface values have shape {np.shape(self.values)}, not {expected}")

    @property
    def axes(self) -> tuple[str, str]:
        return self.x_name, self.y_name

    @property
    def variable_ids(self) -> tuple[int, int]:
        return self.x_variable_id, self.y_variable_id

    def value_at(self, x: float, y: float) -> float:
        """The loss at the grid point nearest (x, y)."""
        column = int(np.abs(np.asarray(self.xs) - x).argmin())
        row = int(np.abs(np.asarray(self.ys) - y).argmin())
        return float(self.values[row, column])


@dataclass(frozen=True)
class ParameterPath:
    """The points (x[k], y[k]) two parameters took, and the tape of each point (-1: none)."""

    x: np.ndarray
    y: np.ndarray
    tapes: np.ndarray

    def __len__(self) -> int:
        return len(self.x)

    def tape_at(self, index: int) -> int | None:
        """The tape of point `index`, or of the first later point that has one."""
        later = self.tapes[index:]
        known = later[later >= 0]
        return int(known[0]) if len(known) else None


def parameter_path(x: ScalarSeries, y: ScalarSeries) -> ParameterPath:
    """Pair the two series point by point (they grow in step; the shorter one bounds the path).

    >>> a, b = ScalarSeries("w", "variable"), ScalarSeries("b", "variable")
    >>> for k in range(3): a.append(k, float(k), tape_id=k - 1)
    >>> for k in range(2): b.append(k, 10.0 * k, tape_id=k - 1)
    >>> path = parameter_path(a, b); path.x.tolist(), path.y.tolist(), path.tape_at(0)
    ([0.0, 1.0], [0.0, 10.0], 0)
    """
    count = min(len(x), len(y))
    tapes = np.array(x.tapes[:count], dtype=np.int64)
    return ParameterPath(
        np.array(x.values[:count], dtype=np.float64),
        np.array(y.values[:count], dtype=np.float64),
        tapes,
    )


class ParameterVariable(Protocol):
    """What choosing parameters needs to know about a Variable of the session."""

    id: int
    dtype: str
    trainable: bool
    series_key: str | None


def scalar_parameters(variables: Iterable[ParameterVariable]) -> list[str]:
    """Series keys of the float scalar trainable Variables, in creation order."""
    return [
        v.series_key
        for v in variables
        if v.series_key is not None and v.trainable and v.dtype.startswith(("float", "half"))
    ]


def surface_for(
    surfaces: Sequence[SurfaceGrid], x_variable_id: int, y_variable_id: int
) -> tuple[SurfaceGrid, bool] | None:
    """The newest surface over these two Variables, and whether its axes are swapped."""
    for grid in reversed(surfaces):
        if grid.variable_ids == (x_variable_id, y_variable_id):
            return grid, False
        if grid.variable_ids == (y_variable_id, x_variable_id):
            return grid, True
    return None


def contour_levels(values: np.ndarray, count: int = 12) -> np.ndarray:
    """`count` increasing levels between the finite minimum and maximum, spaced geometrically
    above the minimum so a bowl's floor gets as many lines as its walls.

    >>> contour_levels(np.array([[0.0, 1.0], [10.0, 100.0]]), 3).round(2).tolist()
    [0.1, 3.16, 100.0]
    """
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0 or count < 1:
        return np.zeros(0)
    low, high = float(finite.min()), float(finite.max())
    if high <= low:
        return np.zeros(0)
    span = high - low
    fractions = np.geomspace(1e-3, 1.0, count) if count > 1 else np.ones(1)
    levels = low + span * fractions
    return np.unique(levels)


def _frozen(array: Any) -> np.ndarray:
    result = np.array(array, dtype=np.float64, copy=True)
    result.flags.writeable = False
    return result
