"""tf.math: elementwise maths and reductions (all registry ops, recorded on tapes)."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.ops.array_ops import maximum, minimum
from visualtape.engine.ops.compare_ops import (
    argmax,
    argmin,
    ceil,
    equal,
    floor,
    floordiv,
    floormod,
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
    round,  # noqa: A004
    sign,
)
from visualtape.engine.ops.math_ops import (
    abs,  # noqa: A004
    add,
    cos,
    divide,
    exp,
    log,
    multiply,
    negative,
    pow,  # noqa: A004
    reciprocal,
    rsqrt,
    sin,
    sqrt,
    square,
    squared_difference,
    subtract,
    tanh,
)
from visualtape.engine.ops.nn_ops import log_softmax, sigmoid, softmax, softplus
from visualtape.engine.ops.reduce_ops import (
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
)

truediv = divide
floor_div = floordiv
mod = floormod

__all__ = [
    "abs",
    "add",
    "argmax",
    "argmin",
    "ceil",
    "cos",
    "divide",
    "equal",
    "exp",
    "floor",
    "floor_div",
    "floordiv",
    "floormod",
    "greater",
    "greater_equal",
    "is_finite",
    "is_nan",
    "less",
    "less_equal",
    "log",
    "log_softmax",
    "logical_and",
    "logical_not",
    "logical_or",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "negative",
    "not_equal",
    "pow",
    "reciprocal",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_sum",
    "round",
    "rsqrt",
    "sigmoid",
    "sign",
    "sin",
    "softmax",
    "softplus",
    "sqrt",
    "square",
    "squared_difference",
    "subtract",
    "tanh",
    "truediv",
]
__getattr__ = missing_attribute("tf.math", globals())
