"""tf.dtypes."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.dtypes import (
    DType,
    as_dtype,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
)
from visualtape.engine.dtypes import bool_ as bool  # noqa: A001
from visualtape.engine.ops.array_ops import cast

double = float64
half = float16

__all__ = [
    "DType",
    "as_dtype",
    "bool",
    "cast",
    "double",
    "float16",
    "float32",
    "float64",
    "half",
    "int16",
    "int32",
    "int64",
    "int8",
    "uint8",
]
__getattr__ = missing_attribute("tf.dtypes", globals())
