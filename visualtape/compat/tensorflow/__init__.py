"""The `tf` namespace over visualtape's engine (what `import tensorflow as tf` gives a script).

Everything here is the engine's own implementation with TensorFlow's names. A name that is not
here raises `UnsupportedAPIError` (an AttributeError) naming the TF API and the script line, with
a "did you mean" hint for typos such as `tf.GradientTap`.
"""

from __future__ import annotations

import builtins
from typing import Any

from visualtape.compat.tensorflow import (
    config,
    data,
    dtypes,
    errors,
    keras,
    linalg,
    math,
    nn,
    random,
    summary,
)
from visualtape.compat.tensorflow._effects import (
    eye,
    fill,
    linspace,
    ones,
    ones_like,
    rank,
    shape,
    size,
    zeros,
    zeros_like,
)
from visualtape.compat.tensorflow._effects import print_ as print  # noqa: A004
from visualtape.compat.tensorflow._effects import range_ as range  # noqa: A004
from visualtape.compat.tensorflow.dtypes import (
    DType,
    as_dtype,
    bool,  # noqa: A004
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    uint8,
)
from visualtape.compat.tensorflow.math import (
    abs,  # noqa: A004
    add,
    argmax,
    argmin,
    cos,
    divide,
    equal,
    exp,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    maximum,
    minimum,
    multiply,
    negative,
    not_equal,
    pow,  # noqa: A004
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    round,  # noqa: A004
    sigmoid,
    sign,
    sin,
    sqrt,
    square,
    squared_difference,
    subtract,
    tanh,
    truediv,
)
from visualtape.compat.unsupported import UnsupportedAPIError, missing_attribute
from visualtape.engine.function import function
from visualtape.engine.function_signature import TensorSpec
from visualtape.engine.function_trace import active as _active_tracer
from visualtape.engine.nn.layers import Module
from visualtape.engine.ops.array_ops import (
    cast,
    clip_by_value,
    gather,
    identity,
    one_hot,
    stop_gradient,
    where,
)
from visualtape.engine.ops.linalg_ops import matmul
from visualtape.engine.ops.shape_ops import (
    broadcast_to,
    concat,
    expand_dims,
    reshape,
    squeeze,
    stack,
    tile,
    transpose,
    unstack,
)
from visualtape.engine.scope import name_scope
from visualtape.engine.tape import GradientTape, UnconnectedGradients
from visualtape.engine.tensor import Tensor, TensorShape, constant, convert_to_tensor
from visualtape.engine.variable import Variable

__version__ = "2.x-visualtape"
newaxis = None


def is_tensor(x: Any) -> builtins.bool:
    return isinstance(x, Tensor)


def executing_eagerly() -> builtins.bool:
    """False while a `tf.function` is being traced, True otherwise."""
    return _active_tracer.get() is None


__all__ = [
    name
    for name in dir()
    if not name.startswith("_")
    and name not in ("annotations", "Any", "builtins", "missing_attribute")
]
__getattr__ = missing_attribute("tf", globals())
