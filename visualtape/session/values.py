"""The value budget: which arrays a session keeps whole and which it keeps as a summary.

Small arrays are stored exactly. An array with more elements than the budget allows is replaced
(at encode time, by the stream codec) by an `ArraySummary`: shape, dtype, nan-safe statistics and
a strided thumbnail. `full_values=True` switches summarising off.

>>> import numpy as np
>>> budget = ValueBudget(max_elements=4)
>>> budget.admits(np.zeros(4)), budget.admits(np.zeros(5))
(True, False)
>>> summarize(np.arange(10.0)).max
9.0
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np

from visualtape.engine.events import ArraySummary

# NOTE: sized for long trainings: a 10,000-step linear regression on 1,000 points streamed
# 911 MB with whole 1,000-element arrays; the inspector's heatmap needs no more than this.
THUMBNAIL_SIDE = 32  # a thumbnail of an array with two or more dimensions is at most 32 x 32
THUMBNAIL_LENGTH = 256  # a thumbnail of a 1-D array has at most this many elements


@dataclass(frozen=True)
class ValueBudget:
    """How much of each array a session stores.

    >>> ValueBudget().max_elements
    256
    """

    max_elements: int = 256
    full_values: bool = False

    def __post_init__(self) -> None:
        if self.max_elements < 0:
            raise ValueError(f"max_elements must be >= 0, got {self.max_elements}")

    def admits(self, array: np.ndarray) -> bool:
        """True when `array` is stored whole (small enough, or full values were asked for)."""
        return self.full_values or array.size <= self.max_elements

    def apply(self, array: np.ndarray) -> np.ndarray | ArraySummary:
        """`array` itself when the budget admits it, otherwise its summary."""
        return array if self.admits(array) else summary_of(array)


DEFAULT_BUDGET = ValueBudget()


def summarize(array: np.ndarray) -> ArraySummary:
    """Shape, dtype, nan-safe min/max/mean/std and a strided thumbnail of `array`.

    NaNs are ignored by the statistics; an array with no non-NaN element (or a non-numeric one)
    gets NaN for every statistic. Complex arrays are summarised by their magnitudes.

    >>> s = summarize(np.array([1.0, np.nan, 3.0]))
    >>> (s.min, s.max, s.mean)
    (1.0, 3.0, 2.0)
    """
    array = np.asarray(array)
    low, high, mean, std = _statistics(array)
    return ArraySummary(
        shape=tuple(int(n) for n in array.shape),
        dtype=array.dtype.name,
        min=low,
        max=high,
        mean=mean,
        std=std,
        thumbnail=thumbnail(array),
    )


# Array identity -> (a weak reference to the array, its summary). One tensor's value appears in
# several events (its op's output, each consumer's input, a backward step's gradient): a
# tiny GAN's stream summarised each array 3.3 times. Only arrays that cannot change are
# memoised (read-only, and so is every array they view); the weak reference tells a live
# array from a new one that reuses a dead one's id, and keeps nothing alive.
_recent_summaries: dict[int, tuple[weakref.ref[np.ndarray], ArraySummary]] = {}
_MAX_RECENT_SUMMARIES = 1024


def summary_of(array: np.ndarray) -> ArraySummary:
    """`summarize(array)`, computed once per unchangeable array while it is alive.

    >>> a = np.arange(300.0); a.setflags(write=False)
    >>> summary_of(a) is summary_of(a)
    True
    """
    key = id(array)
    known = _recent_summaries.get(key)
    if known is not None and known[0]() is array and _unchangeable(array):
        return known[1]
    summary = summarize(array)
    if type(array) is np.ndarray and _unchangeable(array):
        if len(_recent_summaries) >= _MAX_RECENT_SUMMARIES:
            _recent_summaries.clear()
        _recent_summaries[key] = (weakref.ref(array), summary)
    return summary


def _unchangeable(array: np.ndarray) -> bool:
    """Read-only all the way down: a read-only view of a writable array still changes with it
    (and an array that owns its memory may be made writable again, hence asked each time)."""
    node: object = array
    while isinstance(node, np.ndarray):
        if node.flags.writeable:
            return False
        node = node.base
    return node is None or isinstance(node, bytes)  # (decoded arrays view immutable bytes)


def thumbnail(array: np.ndarray) -> np.ndarray:
    """A read-only strided sample of `array`, same dtype.

    1-D: every k-th element, at most 256. Two or more dimensions: the array viewed as
    (rows = product of the leading axes, columns = last axis), every k-th row and column,
    at most 32 x 32. A 0-d array is its own thumbnail.

    >>> thumbnail(np.zeros((64, 784))).shape
    (32, 32)
    """
    if array.ndim == 0:
        sample = array.copy()
    elif array.ndim == 1:
        sample = array[:: _stride(array.shape[0], THUMBNAIL_LENGTH)]
    else:
        grid = array.reshape(-1, array.shape[-1])
        rows, cols = grid.shape
        sample = grid[:: _stride(rows, THUMBNAIL_SIDE), :: _stride(cols, THUMBNAIL_SIDE)]
    sample = np.array(sample, order="C", copy=True)  # never a view of the caller's array
    sample.setflags(write=False)
    return sample


def _stride(length: int, limit: int) -> int:
    return max(1, math.ceil(length / limit))


def _statistics(array: np.ndarray) -> tuple[float, float, float, float]:
    """(min, max, mean, std) over the non-NaN elements, as Python floats; NaN when undefined."""
    nan = float("nan")
    if array.dtype.kind not in "biufc" or array.size == 0:
        return nan, nan, nan, nan
    values = (np.abs(array) if array.dtype.kind == "c" else array).reshape(-1)
    # NOTE: inf - inf inside std is NaN by definition; silence numpy's floating-point warning.
    with np.errstate(all="ignore"):
        low, high = values.min(), values.max()  # exact in the array's own dtype
        if values.dtype.kind == "f" and (math.isnan(low) or math.isnan(high)):
            values = values[~np.isnan(values)]  # (min and max are NaN when any element is)
            if values.size == 0:
                return nan, nan, nan, nan
            low, high = values.min(), values.max()
        # (Large arrays only get here, once per event that carries them: the NaN scan above is
        # skipped unless min/max saw one, and one dot product sums the squares.)
        centred = values.astype(np.float64)
        mean = float(centred.mean())
        centred -= mean
        std = math.sqrt(float(np.dot(centred, centred)) / centred.size)
    low, high = float(low), float(high)
    return low, high, mean, std
