"""Scalar series for the training plots: compact, append-only, cheap to hand to pyqtgraph.

>>> s = ScalarSeries("loss", kind="logged")
>>> s.append(0, 1.5); s.append(1, 0.75)
>>> s.steps_array().tolist(), s.values_array().tolist()
([0, 1], [1.5, 0.75])
"""

from __future__ import annotations

from array import array

import numpy as np


class ScalarSeries:
    """A named series of (step, value) points.

    kind: "variable" (a scalar Variable: step = assignment count, 0 = its initial value),
    "logged" (`ScalarLogged`) or "gradient_target" (the scalar target of each gradient call, e.g.
    the loss; step = how many such calls came before). `revision` bumps on every append.
    """

    def __init__(self, name: str, kind: str = "logged") -> None:
        self.name = name
        self.kind = kind
        self.steps: array[int] = array("q")
        self.values: array[float] = array("d")
        self.revision = 0

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return f"ScalarSeries({self.name!r}, kind={self.kind!r}, points={len(self)})"

    def append(self, step: int, value: float) -> None:
        """Add one point."""
        self.steps.append(int(step))
        self.values.append(float(value))
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


def scalar_of(value: object) -> float | None:
    """The float in a one-element numeric array (or number), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()).item())
    return None
