"""visualtape's numpy autodiff engine with TensorFlow's GradientTape API (numpy only, no Qt).

>>> from visualtape import engine as ve
>>> x = ve.constant(3.0)
>>> with ve.GradientTape() as tape:
...     tape.watch(x)
...     y = x * x
>>> float(tape.gradient(y, x))
6.0
"""

from visualtape.engine import random, trace
from visualtape.engine.creation import (
    eye,
    fill,
    linspace,
    ones,
    ones_like,
    range,
    rank,
    shape,
    size,
    zeros,
    zeros_like,
)
from visualtape.engine.dtypes import DType, as_dtype
from visualtape.engine.errors import InvalidArgumentError, OpError
from visualtape.engine.ops.array_ops import (
    cast,
    clip_by_value,
    gather,
    getitem,
    identity,
    maximum,
    minimum,
    one_hot,
    stop_gradient,
    where,
)
from visualtape.engine.ops.compare_ops import (
    argmax,
    argmin,
    ceil,
    equal,
    floor,
    greater,
    greater_equal,
    is_finite,
    is_nan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    not_equal,
    round,
    sign,
)
from visualtape.engine.ops.linalg_ops import matmul
from visualtape.engine.ops.math_ops import (
    abs,
    add,
    cos,
    divide,
    exp,
    log,
    multiply,
    negative,
    pow,
    reciprocal,
    rsqrt,
    sin,
    sqrt,
    square,
    squared_difference,
    subtract,
    tanh,
)
from visualtape.engine.ops.nn_ops import log_softmax, relu, sigmoid, softmax, softplus
from visualtape.engine.ops.reduce_ops import (
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
)
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
from visualtape.engine.registry import OPS, OpDef
from visualtape.engine.scope import name_scope
from visualtape.engine.tape import GradientTape, GradientTapeWarning, UnconnectedGradients
from visualtape.engine.tensor import Tensor, TensorShape, constant, convert_to_tensor
from visualtape.engine.variable import Variable

__all__ = [name for name in dir() if not name.startswith("_")]
