"""Text for values shown on the canvas and in the inspector (pure, no Qt).

>>> format_value(np.float64(108.0))
'108.0'
>>> format_value(np.array([1.0, 2.5]))
'[1, 2.5]'
"""

from __future__ import annotations

import numpy as np

from visualtape.engine.events import ArraySummary
from visualtape.i18n import tr

Value = np.ndarray | ArraySummary

# Arrays up to this many elements are written out on a canvas node; bigger ones show their shape.
INLINE_ELEMENTS = 4


def format_scalar(value: float | int | np.generic) -> str:
    """A number with sensible precision: 3.0, 108.0, 0.3333, 1.235e-05."""
    if isinstance(value, np.bool_ | bool):
        return str(bool(value))
    if isinstance(value, np.integer | int):
        return str(int(value))
    number = float(value)
    if not np.isfinite(number):
        return str(number)
    if number == int(number) and abs(number) < 1e6:
        return f"{number:.1f}"
    if 1e-3 <= abs(number) < 1e6:
        return f"{number:.4g}"
    return f"{number:.3e}"


def _compact(value: np.generic) -> str:
    """An array element, short: 1, 2.5, 0.3333 (the dtype is in the inspector)."""
    if isinstance(value, np.floating) and np.isfinite(value):
        return f"{float(value):.4g}"
    return format_scalar(value)


def short_number(number: float, digits: int = 2) -> str:
    """A mean on a canvas chip: few significant digits, exponents without padding.

    >>> short_number(-0.014812), short_number(1.4812e-05), short_number(2500000.0, 3)
    ('-0.015', '1.5e-5', '2.5e6')
    """
    if not np.isfinite(number):
        return str(number)
    text = f"{number:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def format_shape(shape: tuple[int, ...]) -> str:
    """`(2, 3)` -> '2×3'; a scalar is 'scalar' (in the UI language)."""
    return "×".join(str(n) for n in shape) if shape else tr("scalar")


def format_value(value: Value | None) -> str:
    """Compact text for a canvas node: the number, a short list, or the shape."""
    if value is None:
        return "?"
    if isinstance(value, ArraySummary):
        return f"[{format_shape(value.shape)}] μ={short_number(value.mean)}"
    array = np.asarray(value)
    if array.ndim == 0:
        return format_scalar(array.item())
    if array.size <= INLINE_ELEMENTS and array.ndim == 1:
        return "[" + ", ".join(_compact(v) for v in array) + "]"
    if array.size <= INLINE_ELEMENTS:
        rows = (
            "[" + ", ".join(_compact(v) for v in row) + "]"
            for row in array.reshape(array.shape[0], -1)
        )
        return "[" + ", ".join(rows) + "]"
    if array.dtype.kind in "biuf":
        return f"[{format_shape(array.shape)}] μ={short_number(float(np.mean(array)))}"
    return f"[{format_shape(array.shape)}] {array.dtype}"


def format_full(value: Value | None, max_chars: int = 2000) -> str:
    """Longer text for the inspector (numpy's printer, truncated)."""
    if value is None:
        return "None"
    if isinstance(value, ArraySummary):
        return tr(
            "{shape} {dtype} (summary only)\nmin {min}  max {max}  mean {mean}  std {std}",
            shape=format_shape(value.shape),
            dtype=value.dtype,
            min=format_scalar(value.min),
            max=format_scalar(value.max),
            mean=format_scalar(value.mean),
            std=format_scalar(value.std),
        )
    array = np.asarray(value)
    if array.ndim == 0:
        return format_scalar(array.item())
    with np.printoptions(precision=4, suppress=True, threshold=200, linewidth=80):
        text = np.array2string(array)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def value_array(value: Value | None) -> np.ndarray | None:
    """The numbers to draw: the array itself, or a summary's thumbnail."""
    if value is None:
        return None
    if isinstance(value, ArraySummary):
        return np.asarray(value.thumbnail)
    return np.asarray(value)
