"""tf.linalg (a subset)."""

from visualtape.compat.unsupported import missing_attribute
from visualtape.engine.creation import eye
from visualtape.engine.ops.linalg_ops import matmul
from visualtape.engine.ops.shape_ops import transpose

matrix_transpose = transpose

__all__ = ["eye", "matmul", "matrix_transpose", "transpose"]
__getattr__ = missing_attribute("tf.linalg", globals())
